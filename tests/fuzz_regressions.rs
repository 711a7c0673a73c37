//! Every input the fuzz targets (`fuzz/`) found to crash quorum, replayed on stable Rust.
//!
//! Each file in `tests/fuzz-regressions/<target>/` goes through the same function its target
//! calls, with the same checks (the fuzz crate's `src/lib.rs` is included below, so the code is
//! shared, not copied): no panic, and the stage's output keeps its promises. Extraction may
//! return an error (the file is bad), never panic; a panic inside lopdf is caught and reported
//! as a parse error by design, but a panic located in quorum's own code is a failure here, as
//! it is in the `extract_pdf` target. No timing is asserted.
//!
//! To add a finding: copy the file libFuzzer wrote (`fuzz/artifacts/<target>/crash-...`) to
//! `tests/fuzz-regressions/<target>/` with a name saying what it was, fix the bug, and run
//! `cargo test --test fuzz_regressions`.

#[path = "../fuzz/src/lib.rs"]
mod fuzz;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use quorum::extract::{extract, Format};
use quorum::search::query::parse;
use quorum::understand::{understand, Source};

/// The saved inputs of one target, sorted by name.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect()
}

/// Panics located in quorum's own source (not in a dependency or the standard library), even
/// those `extract::pdf` catches, recorded as "file:line: message".
static OWN_PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());
static HOOK: Once = Once::new();

fn record_own_panics() {
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !fuzz::in_dependency(info) {
                let place = info
                    .location()
                    .map_or_else(String::new, |l| format!("{}:{}: ", l.file(), l.line()));
                let message = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                if let Ok(mut own) = OWN_PANICS.lock() {
                    own.push(format!("{place}{message}"));
                }
            }
            default(info);
        }));
    });
}

#[test]
fn extract_pdf_regressions() {
    record_own_panics();
    for (path, bytes) in inputs("extract_pdf") {
        let before = OWN_PANICS.lock().map(|p| p.len()).unwrap_or(0);
        match extract(&bytes, Format::Pdf) {
            Ok(extracted) => {
                fuzz::assert_pages(&extracted);
                fuzz::assert_normalized(&extracted.text);
            }
            Err(e) => eprintln!("{}: {} ({e})", path.display(), e.kind()),
        }
        let own = OWN_PANICS
            .lock()
            .map(|p| p[before..].to_vec())
            .unwrap_or_default();
        assert!(
            own.is_empty(),
            "{}: quorum's PDF code panicked: {own:?}",
            path.display()
        );
    }
}

#[test]
fn extract_html_regressions() {
    for (_, bytes) in inputs("extract_html") {
        if let Ok(extracted) = extract(&bytes, Format::Html) {
            assert!(extracted.page_starts.is_empty());
            fuzz::assert_normalized(&extracted.text);
        }
    }
}

#[test]
fn extract_text_regressions() {
    for (_, bytes) in inputs("extract_text") {
        for format in [Format::Text, Format::Markdown] {
            if let Ok(extracted) = extract(&bytes, format) {
                assert!(extracted.page_starts.is_empty());
                fuzz::assert_normalized(&extracted.text);
            }
        }
    }
}

#[test]
fn understand_regressions() {
    for (_, bytes) in inputs("understand") {
        let extracted = fuzz::paged_text(&bytes);
        fuzz::assert_pages(&extracted);
        let source = Source {
            rel: "fuzz/input.txt",
            hash: "0",
            metadata: None,
        };
        let document = understand(&extracted, source);
        fuzz::assert_document(&document, extracted.page_starts.len());
    }
}

#[test]
fn query_regressions() {
    let queries: Vec<String> = inputs("query")
        .into_iter()
        .filter_map(|(_, bytes)| String::from_utf8(bytes).ok())
        .collect();
    if queries.is_empty() {
        return;
    }
    let (engine, _dir) = fuzz::search_engine();
    for query in queries {
        if parse(&query).is_ok() {
            let _ = engine.search(&fuzz::search_request(&query));
        }
    }
}
