//! Plain text and Markdown.

use super::{normalize::normalize, ExtractError, Extracted};

/// Plain text.
pub fn extract_plain(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    Ok(Extracted {
        text: normalize(&String::from_utf8_lossy(bytes)),
        ..Extracted::default()
    })
}

/// Markdown.
pub fn extract_markdown(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    extract_plain(bytes)
}
