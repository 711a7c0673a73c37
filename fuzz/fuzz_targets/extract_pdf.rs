//! PDF extraction: any bytes become text with page starts, or an error (`parse`, `encrypted`,
//! `limit`, `empty`), never a crash, a hang or unbounded memory.
//!
//! `quorum::extract::pdf::extract` catches panics and reports them as parse errors, because
//! lopdf panics on some malformed files. A panic inside lopdf is therefore expected here and
//! ignored; a panic located in quorum's own code is a bug (it loses a whole file's text), so
//! the panic hook aborts on it and libFuzzer saves the input. Set
//! `QUORUM_FUZZ_ALL_PANICS=1` to stop on lopdf's panics too.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use quorum::extract::{extract, Format};
use quorum_fuzz::{assert_normalized, assert_pages, in_dependency};

static HOOK: Once = Once::new();

fn install_hook() {
    let all = std::env::var_os("QUORUM_FUZZ_ALL_PANICS").is_some_and(|v| v == "1");
    // libFuzzer's hook: print the panic, then abort.
    let abort_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if all || !in_dependency(info) {
            abort_hook(info);
        }
    }));
}

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(install_hook);
    if let Ok(extracted) = extract(data, Format::Pdf) {
        assert_pages(&extracted);
        assert_normalized(&extracted.text);
    }
});
