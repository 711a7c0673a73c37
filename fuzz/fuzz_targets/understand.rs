//! Understanding: any normalised text, optionally paged and titled (see
//! `quorum_fuzz::paged_text`), becomes a `Document` whose passages point at their own text,
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quorum::understand::{understand, Source};
use quorum_fuzz::{assert_document, assert_pages, paged_text};

fuzz_target!(|data: &[u8]| {
    let extracted = paged_text(data);
    assert_pages(&extracted);
    let source = Source {
        rel: "fuzz/input.txt",
        hash: "0",
        metadata: None,
    };
    let document = understand(&extracted, source);
    assert_document(&document, extracted.page_starts.len());
});
