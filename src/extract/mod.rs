//! Stage 2: turn a file's bytes into normalised text.
//!
//! In: the bytes of one [`crate::discover::SourceFile`] and its [`Format`].
//! Out: an [`Extracted`] text: Unicode NFC, markup removed, block structure kept as line breaks,
//! hyphenated line breaks joined, runs of blank lines collapsed, and for paged formats the
//! offset at which each page starts. Or an [`ExtractError`] saying why the file cannot be read.
//! Next: [`crate::understand`] reads meetings, items and passages from the text.
//!
//! One submodule per format ([`text`], [`html`], [`pdf`], [`xml`] for ModernGov's web
//! service); [`normalize`] is shared by all. Scanned PDF pages are read by OCR: [`image`] turns
//! a page's images into files Tesseract reads, [`ocr`] runs it.

pub mod html;
pub mod image;
pub mod normalize;
pub mod ocr;
pub mod pdf;
pub mod text;
pub mod xml;

use serde::{Deserialize, Serialize};

use crate::model::{FailureKind, Scanned};
use ocr::FileOcr;

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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extracted {
    /// The normalised text.
    pub text: String,
    /// For paged formats, the byte offset in `text` at which each page starts (page 1 first,
    /// so `page_starts[0] == 0`); empty for formats without pages.
    pub page_starts: Vec<usize>,
    /// A title the format states outside the text (an HTML `<title>`, PDF metadata).
    pub title: Option<String>,
    /// Scanned pages: read by OCR, or not readable.
    pub scanned: Scanned,
}

impl Extracted {
    /// Byte offsets where text read by OCR meets text from a text layer (a page of one kind
    /// after a page of the other): passages are cut there, so that each is marked as one or
    /// the other.
    pub fn ocr_boundaries(&self) -> Vec<usize> {
        if self.scanned.read.is_empty() {
            return Vec::new();
        }
        let read = |page: usize| self.scanned.confidence(page as u32).is_some();
        (1..self.page_starts.len())
            .filter(|&i| read(i) != read(i + 1))
            .map(|i| self.page_starts[i])
            .collect()
    }

    /// When any of the text in the byte range `range` was read by OCR, Tesseract's mean
    /// confidence over the pages it spans that were.
    pub fn ocr_confidence_in(&self, range: std::ops::Range<usize>) -> Option<f32> {
        if self.scanned.read.is_empty() {
            return None;
        }
        let first = self.page_at(range.start)?;
        let last = self.page_at(range.end.saturating_sub(1).max(range.start))?;
        let read: Vec<f32> = (first..=last)
            .filter_map(|page| self.scanned.confidence(page))
            .collect();
        (!read.is_empty()).then(|| {
            let mean = read.iter().sum::<f32>() / read.len() as f32;
            (mean * 10.0).round() / 10.0
        })
    }

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
    /// The file holds no text (an empty file, a PDF page drawing only lines).
    #[error("no text found")]
    NoText,
    /// The file's only text is on scanned pages that OCR could not read; why.
    #[error("scanned: {0}")]
    Scanned(String),
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
            ExtractError::NoText => FailureKind::Empty,
            ExtractError::Scanned(_) => FailureKind::Scanned,
            ExtractError::Io(_) => FailureKind::Io,
        }
    }
}

/// Extract the text of a file already read into memory, reading no scanned page.
pub fn extract(bytes: &[u8], format: Format) -> Result<Extracted, ExtractError> {
    let off = ocr::OcrSettings::off();
    extract_with(bytes, format, &mut FileOcr::new(&off, &|| {}))
}

/// Extract the text of a file already read into memory, reading scanned pages with `ocr`.
pub fn extract_with(
    bytes: &[u8],
    format: Format,
    ocr: &mut FileOcr<'_>,
) -> Result<Extracted, ExtractError> {
    let extracted = match format {
        Format::Text => text::extract_plain(bytes),
        Format::Markdown => text::extract_markdown(bytes),
        Format::Html => html::extract(bytes),
        Format::Pdf => pdf::extract_with(bytes, ocr),
        Format::Xml => xml::extract(bytes),
    }?;
    if extracted.text.trim().is_empty() {
        return Err(match &extracted.scanned.reason {
            Some(reason) if !extracted.scanned.unread.is_empty() => {
                ExtractError::Scanned(reason.clone())
            }
            _ => ExtractError::NoText,
        });
    }
    Ok(extracted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_at_maps_offsets_to_pages() {
        let e = Extracted {
            text: "one\ntwo\nthree".into(),
            page_starts: vec![0, 4, 8],
            ..Extracted::default()
        };
        assert_eq!(e.page_at(0), Some(1));
        assert_eq!(e.page_at(3), Some(1));
        assert_eq!(e.page_at(4), Some(2));
        assert_eq!(e.page_at(12), Some(3));
        assert_eq!(Extracted::default().page_at(0), None);
    }
}
