//! The tantivy schema: which fields a passage has, how each is analysed, and what is stored.
//!
//! One index holds several kinds of record ([`super::store::RecordKind`]), told apart by the
//! `kind` field: a `passage` (what searches match), a `document` (a document's metadata and
//! full text, for the document view and for incremental indexing), a `failure` (a file that
//! could not be indexed, so that an unchanged bad file is not retried on every run), an
//! `outline` (what resolving references needs of a document), and the archive-wide `link` and
//! `vocabulary` records derived from all outlines ([`super::links`]), with the `copy` records
//! and the `near` record ([`super::copies`], [`super::near`]). Every record of a document
//! carries its id, so deleting that one term removes a document completely. Records are
//! written and read through [`super::store`].

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, STORED, STRING,
};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer};

use super::analysis::{EnglishTerms, NumberAwareTokenizer};
use tantivy::Index;

/// Bumped whenever the schema or the meaning of a stored field changes; an index written with
/// another version must be rebuilt (see [`super::IndexError::SchemaVersion`]).
///
/// 2: numbers kept whole ("134,000"), British/American spellings mapped to one form, `person`,
/// `person_key`, `act`, `link_source` and `link_target` fields, `outline`, `link` and `vocabulary` records.
/// 3: `group_key`, a fast field grouping passages by item.
/// 4: `fingerprint`, a fast field of each passage's SimHash, for collapsing near-duplicates.
/// 5: `bands`, a fast field of each passage's band keys, and the `near` record.
/// 6: `outline_person`, the people an outline names, so a person's papers are found by term.
pub const SCHEMA_VERSION: u32 = 6;

/// The analyser for English prose: split on non-alphanumerics (keeping numbers such as
/// "134,000" and "17.8" whole), drop absurd tokens, lowercase, fold accents (so "café" finds
/// "cafe"), map British and American spellings to one form (so "focused" finds "focussed"),
/// stem (so "carers" finds "carer"). See [`super::analysis`].
pub const TEXT_ANALYZER: &str = "quorum_en";

/// Handles to every field, resolved once.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Record kind ([`super::store::RecordKind`]).
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
    /// Facet: the people who speak in a passage, by normalised name.
    pub person: Field,
    /// The same people as lowercase keys, for the `person` filter.
    pub person_key: Field,
    /// Facet: the legislation a passage cites ("Education Act 1996").
    pub act: Field,
    /// Link records: the citing passage's id and its item's key (`DOCID:ITEM`).
    pub link_source: Field,
    /// Passages: a fast 64-bit key shared by the passages of one item (a hash of
    /// document id and item number), so grouping by item reads a column, not stored records.
    pub group_key: Field,
    /// Link records: what a link points at (a passage id, and `DOCID:ITEM`).
    pub link_target: Field,
    /// Passages: the fast 64-bit SimHash of the text ([`super::fingerprint`]), so that
    /// near-duplicates are found by reading a column.
    pub fingerprint: Field,
    /// Outlines: the [`crate::understand::people::person_key`] of everyone the paper lists as
    /// attending, chairing or sending apologies, and of every named speaker.
    pub outline_person: Field,
    /// Passages: the fast band keys of the text's MinHash signature
    /// ([`super::fingerprint::Print::bands`]), read when grouping near-duplicates.
    pub bands: Field,
}

/// The name of [`Fields::group_key`], for reading its column.
pub const GROUP_KEY: &str = "group_key";

/// The name of [`Fields::fingerprint`], for reading its column.
pub const FINGERPRINT: &str = "fingerprint";

/// The name of [`Fields::bands`], for reading its column.
pub const BANDS_FIELD: &str = "bands";

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
        person: b.add_facet_field("person", facet()),
        person_key: b.add_text_field("person_key", STRING),
        act: b.add_facet_field("act", facet()),
        link_source: b.add_text_field("link_source", STRING),
        link_target: b.add_text_field("link_target", STRING),
        group_key: b.add_u64_field(GROUP_KEY, NumericOptions::default().set_fast()),
        fingerprint: b.add_u64_field(FINGERPRINT, NumericOptions::default().set_fast()),
        bands: b.add_u64_field(BANDS_FIELD, NumericOptions::default().set_fast()),
        outline_person: b.add_text_field("outline_person", STRING),
    };
    (b.build(), fields)
}

/// Register quorum's analysers on an index (they are not persisted with it).
pub fn register_analyzers(index: &Index) {
    index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
}

/// The analyser named [`TEXT_ANALYZER`], also used to analyse query words.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(NumberAwareTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(EnglishTerms)
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
