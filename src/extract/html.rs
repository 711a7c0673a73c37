//! HTML pages.

use super::{ExtractError, Extracted};

/// HTML.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    super::text::extract_plain(bytes)
}
