//! The tantivy schema: which fields a passage has, how each is analysed, and what is stored.
//!
//! One index holds three kinds of record, told apart by the `kind` field: a `passage` (what
//! searches match), a `document` (a document's metadata and full text, for the document view
//! and for incremental indexing) and a `failure` (a file that could not be indexed, so that an
//! unchanged bad file is not retried on every run). Every record carries its document's id, so
//! deleting that one term removes a document completely.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::Index;

/// Bumped whenever the schema or the meaning of a stored field changes; an index written with
/// another version must be rebuilt (see [`super::IndexError::SchemaVersion`]).
pub const SCHEMA_VERSION: u32 = 1;

/// The analyser for English prose: split on non-alphanumerics, drop absurd tokens, lowercase,
/// fold accents (so "café" finds "cafe"), stem (so "carers" finds "carer").
pub const TEXT_ANALYZER: &str = "quorum_en";

/// The record kinds, stored in [`Fields::kind`].
pub mod kind {
    /// A searchable passage.
    pub const PASSAGE: &str = "passage";
    /// A document's metadata and text.
    pub const DOCUMENT: &str = "document";
    /// A file that failed to index.
    pub const FAILURE: &str = "failure";
}

/// Handles to every field, resolved once.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Record kind ([`kind`]).
    pub kind: Field,
    /// The document id every record of a document shares.
    pub doc_id: Field,
    /// Path relative to the corpus root.
    pub path: Field,
    /// Passage id (passage records only).
    pub passage_id: Field,
    /// The passage's item number, for the `item:` filter.
    pub item_number: Field,
    /// Passage text: the main searched field.
    pub text: Field,
    /// The item's number and title: searched with a boost.
    pub item_title: Field,
    /// The report section heading: searched with a small boost.
    pub section: Field,
    /// Position of the passage in its document, for neighbours.
    pub ordinal: Field,
    /// Meeting date (passages), for ranges and sorting.
    pub date: Field,
    /// Facets: one facet field per dimension.
    pub council: Field,
    /// See [`Fields::council`].
    pub committee: Field,
    /// See [`Fields::council`].
    pub doc_type: Field,
    /// See [`Fields::council`].
    pub role: Field,
    /// See [`Fields::council`].
    pub year: Field,
    /// See [`Fields::council`].
    pub municipal_year: Field,
    /// The JSON the record is rebuilt from ([`super::record`]).
    pub payload: Field,
}

/// Build the schema.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analysed = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TEXT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let facet = FacetOptions::default;
    let fields = Fields {
        kind: b.add_text_field("kind", STRING),
        doc_id: b.add_text_field("doc_id", STRING | STORED),
        path: b.add_text_field("path", STRING),
        passage_id: b.add_text_field("passage_id", STRING),
        item_number: b.add_text_field("item_number", STRING),
        text: b.add_text_field("text", analysed(false)),
        item_title: b.add_text_field("item_title", analysed(false)),
        section: b.add_text_field("section", analysed(false)),
        ordinal: b.add_u64_field("ordinal", NumericOptions::default().set_indexed()),
        date: b.add_date_field(
            "date",
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        council: b.add_facet_field("council", facet()),
        committee: b.add_facet_field("committee", facet()),
        doc_type: b.add_facet_field("type", facet()),
        role: b.add_facet_field("role", facet()),
        year: b.add_facet_field("year", facet()),
        municipal_year: b.add_facet_field("municipal_year", facet()),
        payload: b.add_text_field("payload", STORED),
    };
    (b.build(), fields)
}

/// Register quorum's analysers on an index (they are not persisted with it).
pub fn register_analyzers(index: &Index) {
    index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
}

/// The analyser named [`TEXT_ANALYZER`], also used to analyse query words.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenStream;

    fn tokens(text: &str) -> Vec<String> {
        let mut analyzer = text_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn analyser_stems_folds_and_treats_curly_quotes_like_straight() {
        assert_eq!(tokens("Foster Carers"), ["foster", "carer"]);
        assert_eq!(tokens("café"), ["cafe"]);
        assert_eq!(tokens("children’s"), tokens("children's"));
    }
}
