//! HTML extraction: any bytes become normalised text or "no text", never a panic or a
//! quadratic blow-up (deep nesting is flattened before parsing).
#![no_main]

use libfuzzer_sys::fuzz_target;
use quorum::extract::{extract, Format};
use quorum_fuzz::assert_normalized;

fuzz_target!(|data: &[u8]| {
    if let Ok(extracted) = extract(data, Format::Html) {
        assert!(extracted.page_starts.is_empty());
        assert_normalized(&extracted.text);
    }
});
