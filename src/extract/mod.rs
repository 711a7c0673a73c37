//! Stage 2: turn a file's bytes into normalised text.
//!
//! In: the bytes of one [`crate::discover::SourceFile`] and its [`Format`].
//! Out: an [`Extracted`] text: Unicode NFC, markup removed, block structure kept as line breaks,
//! hyphenated line breaks joined, runs of blank lines collapsed, and for paged formats the
//! offset at which each page starts. Or an [`ExtractError`] saying why the file cannot be read.
//! Next: [`crate::understand`] reads meetings, items and passages from the text.
//!
//! One submodule per format ([`text`], [`html`], [`pdf`], [`xml`] for ModernGov's web
//! service); [`normalize`] is shared by all.

pub mod html;
pub mod normalize;
pub mod pdf;
pub mod text;
pub mod xml;

use serde::{Deserialize, Serialize};

use crate::model::FailureKind;

/// The formats quorum reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown, including Markdown conversions of papers saved as `.txt`.
    Markdown,
    /// An HTML page (ModernGov and similar).
    Html,
    /// A PDF.
    Pdf,
    /// A ModernGov web service answer (`GetMeeting` XML).
    Xml,
}

impl Format {
    /// The lowercase name used in messages and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Xml => "xml",
        }
    }
}

/// Text extracted from one file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extracted {
    /// The normalised text.
    pub text: String,
    /// For paged formats, the byte offset in `text` at which each page starts (page 1 first,
    /// so `page_starts[0] == 0`); empty for formats without pages.
    pub page_starts: Vec<usize>,
    /// A title the format states outside the text (an HTML `<title>`, PDF metadata).
    pub title: Option<String>,
}

impl Extracted {
    /// The 1-based page holding byte offset `offset`, or `None` for formats without pages.
    pub fn page_at(&self, offset: usize) -> Option<u32> {
        if self.page_starts.is_empty() {
            return None;
        }
        let index = self.page_starts.partition_point(|&start| start <= offset);
        Some(index.max(1) as u32)
    }
}

/// Why a file could not be turned into text. Every variant is the file's fault, not quorum's.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The PDF asks for a password.
    #[error("encrypted PDF: no text can be read without its password")]
    Encrypted,
    /// The file is not a well-formed document of its format.
    #[error("cannot parse {format}: {message}")]
    Parse {
        /// The format it claimed to be.
        format: &'static str,
        /// What the parser said.
        message: String,
    },
    /// The file exceeds one of the limits in [`crate::limits`].
    #[error("over a limit: {0}")]
    Limit(String),
    /// The file holds no text (a scanned PDF without a text layer, an empty file).
    #[error("no text found{0}")]
    NoText(&'static str),
    /// Reading it failed.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
}

impl ExtractError {
    /// The kind of failure it is, for summaries and the overview.
    pub fn kind(&self) -> FailureKind {
        match self {
            ExtractError::Encrypted => FailureKind::Encrypted,
            ExtractError::Parse { .. } => FailureKind::Parse,
            ExtractError::Limit(_) => FailureKind::Limit,
            ExtractError::NoText(_) => FailureKind::Empty,
            ExtractError::Io(_) => FailureKind::Io,
        }
    }
}

/// Extract the text of a file already read into memory.
pub fn extract(bytes: &[u8], format: Format) -> Result<Extracted, ExtractError> {
    let extracted = match format {
        Format::Text => text::extract_plain(bytes),
        Format::Markdown => text::extract_markdown(bytes),
        Format::Html => html::extract(bytes),
        Format::Pdf => pdf::extract(bytes),
        Format::Xml => xml::extract(bytes),
    }?;
    if extracted.text.trim().is_empty() {
        return Err(ExtractError::NoText(match format {
            Format::Pdf => " (a scan without a text layer?)",
            _ => "",
        }));
    }
    Ok(extracted)
}

/// Read and extract a file from disk.
pub fn extract_file(path: &std::path::Path, format: Format) -> Result<Extracted, ExtractError> {
    let bytes = std::fs::read(path)?;
    extract(&bytes, format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_at_maps_offsets_to_pages() {
        let e = Extracted {
            text: "one\ntwo\nthree".into(),
            page_starts: vec![0, 4, 8],
            title: None,
        };
        assert_eq!(e.page_at(0), Some(1));
        assert_eq!(e.page_at(3), Some(1));
        assert_eq!(e.page_at(4), Some(2));
        assert_eq!(e.page_at(12), Some(3));
        assert_eq!(Extracted::default().page_at(0), None);
    }
}
