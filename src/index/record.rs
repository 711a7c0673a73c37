//! What the index stores for each record, as JSON in the `payload` field.
//!
//! Storing one JSON value per record (rather than one stored field per attribute) keeps the
//! index schema about *searching* and this module about *showing*: a hit is rebuilt from one
//! read, and adding a displayed attribute does not change what is indexed.

use serde::{Deserialize, Serialize};

use super::store::{Record, RecordKind};
use crate::model::{DocType, Document, FailureKind, Item, Meeting, Passage, Scanned};

/// The part of a document every hit shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentSummary {
    /// Document id.
    pub id: String,
    /// Path relative to the corpus root.
    pub path: String,
    /// Human title.
    pub title: String,
    /// Document type as a whole (a passage's own type may differ, e.g. a report in a pack).
    #[serde(rename = "type")]
    pub doc_type: DocType,
    /// Where it was published, from sidecar metadata.
    pub url: Option<String>,
}

impl From<&Document> for DocumentSummary {
    fn from(d: &Document) -> Self {
        DocumentSummary {
            id: d.id.clone(),
            path: d.path.clone(),
            title: d.title.clone(),
            doc_type: d.doc_type,
            url: d.url.clone(),
        }
    }
}

/// A passage record: everything a hit shows except its score and snippet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassageRecord {
    /// The passage.
    pub passage: Passage,
    /// Its position in the document (0-based).
    pub ordinal: usize,
    /// The meeting it belongs to: its document's, or for reprinted minutes the meeting they
    /// record ([`Passage::reprint_of`]).
    pub meeting: Meeting,
    /// For reprinted minutes, the meeting of the paper that carries them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_in: Option<Meeting>,
    /// Its document.
    pub document: DocumentSummary,
}

impl Record for PassageRecord {
    const KIND: RecordKind = RecordKind::Passage;
}

/// Where a passage lies in its document's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageSpan {
    /// Passage id.
    pub id: String,
    /// Character offset of its start.
    pub start: usize,
    /// Character offset one past its end.
    pub end: usize,
}

/// A document record: metadata, items, full text and passage boundaries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Id, path, title, type, url.
    #[serde(flatten)]
    pub summary: DocumentSummary,
    /// Content hash of the file when indexed.
    pub hash: String,
    /// The meeting.
    pub meeting: Meeting,
    /// Numbered items.
    pub items: Vec<Item>,
    /// Passage boundaries in reading order.
    pub passages: Vec<PassageSpan>,
    /// The full extracted text.
    pub text: String,
    /// When it was indexed (RFC 3339).
    pub indexed_at: String,
    /// Its scanned pages: read by OCR, or not readable.
    #[serde(default, skip_serializing_if = "Scanned::is_empty")]
    pub scanned: Scanned,
}

impl DocumentRecord {
    /// The record for `doc`, indexed at `indexed_at`.
    pub fn new(doc: &Document, indexed_at: String) -> Self {
        DocumentRecord {
            summary: DocumentSummary::from(doc),
            hash: doc.hash.clone(),
            meeting: doc.meeting.clone(),
            items: doc.items.clone(),
            passages: doc
                .passages
                .iter()
                .map(|p| PassageSpan {
                    id: p.id.clone(),
                    start: p.start,
                    end: p.end,
                })
                .collect(),
            text: doc.text.clone(),
            indexed_at,
            scanned: doc.scanned.clone(),
        }
    }
}

impl Record for DocumentRecord {
    const KIND: RecordKind = RecordKind::Document;
}

/// A file that could not be indexed, kept so the archive overview can say why and an
/// unchanged bad file is not retried on every run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureRecord {
    /// Path relative to the corpus root.
    pub path: String,
    /// Content hash of the file when tried.
    pub hash: String,
    /// Why.
    pub kind: FailureKind,
    /// One line a person can act on.
    pub reason: String,
}

impl Record for FailureRecord {
    const KIND: RecordKind = RecordKind::Failure;
}
