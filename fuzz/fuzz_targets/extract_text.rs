//! Plain text, Markdown and ModernGov XML extraction: any bytes (any encoding, a BOM or none)
//! become normalised text, "no text" or a parse error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quorum::extract::{extract, Format};
use quorum_fuzz::assert_normalized;

fuzz_target!(|data: &[u8]| {
    for format in [Format::Text, Format::Markdown, Format::Xml] {
        if let Ok(extracted) = extract(data, format) {
            assert!(extracted.page_starts.is_empty());
            assert_normalized(&extracted.text);
        }
    }
});
