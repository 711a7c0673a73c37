//! Stage 3: read a paper the way a clerk does.
//!
//! In: an [`Extracted`] text and where it came from ([`Source`]).
//! Out: a [`Document`]: its type, [`crate::model::Meeting`], numbered items and passages, each
//! passage knowing its item, section, page, type and role.
//! Next: [`crate::index`] writes the document's passages, all or none.
//!
//! Understanding never fails: text it cannot make sense of becomes a document of type `other`
//! whose facts are `None` and whose passages still carry the text, so nothing is lost.

pub mod passages;

use crate::extract::Extracted;
use crate::model::{short_id, DocType, Document, Meeting};

use passages::Segment;

/// Where a text came from.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Path relative to the corpus root: the document's identity.
    pub rel: &'a str,
    /// Content hash of the file's bytes.
    pub hash: &'a str,
}

/// Understand one extracted text.
pub fn understand(extracted: &Extracted, source: Source<'_>) -> Document {
    let text = extracted.text.clone();
    let segments = vec![Segment {
        range: 0..text.len(),
        item: None,
        section: None,
        doc_type: DocType::Other,
    }];
    let passages = passages::split(&text, &segments, extracted, source.rel);
    Document {
        id: document_id(source.rel),
        path: source.rel.to_string(),
        hash: source.hash.to_string(),
        doc_type: DocType::Other,
        title: extracted
            .title
            .clone()
            .unwrap_or_else(|| source.rel.to_string()),
        meeting: Meeting::default(),
        url: None,
        items: Vec::new(),
        passages,
        text,
    }
}

/// The stable id of the document at `rel`.
pub fn document_id(rel: &str) -> String {
    short_id(rel)
}
