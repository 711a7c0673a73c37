//! PDF.

use super::{ExtractError, Extracted};

/// PDF.
pub fn extract(_bytes: &[u8]) -> Result<Extracted, ExtractError> {
    Err(ExtractError::Parse {
        format: "pdf",
        message: "not yet".into(),
    })
}
