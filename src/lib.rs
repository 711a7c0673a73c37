//! quorum: full-text search over local-government committee archives.
//!
//! A committee paper travels through six stages, one module each, in this order (after an
//! optional stage 0, [`harvest`]: a council's publishing site in, a corpus folder with a
//! sidecar of metadata beside each paper out):
//!
//! 1. [`discover`]: a corpus folder in, the [`discover::SourceFile`]s worth reading out.
//! 2. [`extract`]: a file's bytes in, normalised text (with page boundaries) out; scanned PDF
//!    pages are read by OCR ([`extract::ocr`]).
//! 3. [`understand`]: text in, a [`model::Document`] out: its meeting, items and passages.
//! 4. [`index`]: documents in, a committed tantivy index out (incrementally, by content hash).
//! 5. [`search`]: a query in, ranked, highlighted, faceted hits out.
//! 6. [`serve`]: HTTP requests in, the same answers as JSON and a web page out.
//!
//! [`model`] holds the types they share, [`limits`] every hard limit, [`error`] the error type
//! the edges report. `ARCHITECTURE.md` walks the same path with the invariant each stage keeps.

pub mod cli;
pub mod discover;
pub mod error;
pub mod extract;
pub mod harvest;
pub mod index;
pub mod limits;
pub mod model;
pub mod search;
pub mod serve;
pub mod synth;
pub mod understand;

pub use error::Error;
pub use model::{DocType, Document, Item, Meeting, Passage, Role};
