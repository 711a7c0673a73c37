//! The typed record store: the one place a record is written into the index and read back.
//!
//! In: a [`Record`] (a passage, document, failure, outline, link, copy, the near-duplicate
//! groups, the vocabulary), whose type names its [`RecordKind`]. Out, writing: the tantivy
//! document carrying it (kind, document id and JSON payload set; the caller adds the fields it
//! is searched by). Out, reading ([`Store`]): the typed record at an address, every record of a
//! kind, or those of a kind with a given term, in index order.
//!
//! A record may be read as a lighter *view* of itself (a type naming the same kind and fewer
//! fields), so a caller needing a document's path does not decode its text.

use serde::de::DeserializeOwned;
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, IndexWriter, Searcher, TantivyDocument, Term};

use super::schema::Fields;
use super::IndexError;

/// What a record is, stored in [`Fields::kind`]. Every record but the archive-wide ones (a
/// link, a copy, the near-duplicate groups, the vocabulary) carries its document's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// A searchable passage ([`super::record::PassageRecord`]).
    Passage,
    /// A document's metadata, items and text ([`super::record::DocumentRecord`]).
    Document,
    /// A file that could not be indexed ([`super::record::FailureRecord`]).
    Failure,
    /// What resolving references needs of a document ([`super::resolve::Outline`]).
    Outline,
    /// One reference of one passage, resolved against the archive ([`super::resolve::Link`]).
    Link,
    /// A copy of a meeting's minutes and its original ([`super::copies::CopyLink`]).
    Copy,
    /// The archive's groups of near-identical passages ([`super::near::NearRecord`]): one
    /// record.
    Near,
    /// The archive's acronyms and the fingerprint of the documents the links were computed
    /// from ([`super::links::VocabularyRecord`]): one record.
    Vocabulary,
}

impl RecordKind {
    /// The value stored in the `kind` field.
    pub const fn name(self) -> &'static str {
        match self {
            RecordKind::Passage => "passage",
            RecordKind::Document => "document",
            RecordKind::Failure => "failure",
            RecordKind::Outline => "outline",
            RecordKind::Link => "link",
            RecordKind::Copy => "copy",
            RecordKind::Near => "near",
            RecordKind::Vocabulary => "vocabulary",
        }
    }

    /// The term every record of this kind carries.
    pub fn term(self, fields: &Fields) -> Term {
        Term::from_field_text(fields.kind, self.name())
    }

    /// A query matching every record of this kind.
    pub fn query(self, fields: &Fields) -> Box<dyn Query> {
        term_query(fields.kind, self.name())
    }
}

/// A value stored as one record's payload, or a view reading part of one.
pub trait Record: DeserializeOwned {
    /// The kind of record it is stored as.
    const KIND: RecordKind;
}

/// The tantivy document for `record`: its kind, its document's id when it belongs to one, and
/// its payload. The caller adds the fields it is searched and filtered by.
pub fn new_document<R: Record + Serialize>(
    fields: &Fields,
    doc_id: Option<&str>,
    record: &R,
) -> Result<TantivyDocument, IndexError> {
    let payload = serde_json::to_string(record).map_err(|e| IndexError::Record(e.to_string()))?;
    let mut d = TantivyDocument::new();
    d.add_text(fields.kind, R::KIND.name());
    if let Some(id) = doc_id {
        d.add_text(fields.doc_id, id);
    }
    d.add_text(fields.payload, payload);
    Ok(d)
}

/// Delete every record of `kind` when the writer next commits.
pub fn delete_all(writer: &IndexWriter, fields: &Fields, kind: RecordKind) {
    writer.delete_term(kind.term(fields));
}

/// A query matching the records whose `field` holds `value` exactly.
pub fn term_query(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// Reads typed records from one searcher (one commit).
#[derive(Clone, Copy)]
pub struct Store<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
}

impl<'a> Store<'a> {
    /// The records `searcher` sees.
    pub fn new(searcher: &'a Searcher, fields: &'a Fields) -> Self {
        Store { searcher, fields }
    }

    /// The record at `address`, which must be one of `R`'s kind.
    pub fn read<R: Record>(&self, address: DocAddress) -> Result<R, IndexError> {
        let doc: TantivyDocument = self.searcher.doc(address)?;
        let payload = doc
            .get_first(self.fields.payload)
            .and_then(|v| v.as_str())
            .ok_or_else(|| {
                IndexError::Record(format!("a {} record without payload", R::KIND.name()))
            })?;
        serde_json::from_str(payload)
            .map_err(|e| IndexError::Record(format!("a {} record: {e}", R::KIND.name())))
    }

    /// The addresses of every record of `kind` that also matches `query` (every one when
    /// `None`), in index order.
    pub fn addresses(
        &self,
        kind: RecordKind,
        query: Option<Box<dyn Query>>,
    ) -> Result<Vec<DocAddress>, IndexError> {
        let of_kind = kind.query(self.fields);
        let query = match query {
            Some(q) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, of_kind),
                (Occur::Must, q),
            ])),
            None => of_kind,
        };
        let mut addresses: Vec<DocAddress> = self
            .searcher
            .search(&*query, &DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort_unstable();
        Ok(addresses)
    }

    /// Every record of `R`'s kind, in index order.
    pub fn all<R: Record>(&self) -> Result<Vec<R>, IndexError> {
        self.read_each(self.addresses(R::KIND, None)?)
    }

    /// Every record of `R`'s kind that also matches `query`, in index order.
    pub fn matching<R: Record>(&self, query: Box<dyn Query>) -> Result<Vec<R>, IndexError> {
        self.read_each(self.addresses(R::KIND, Some(query))?)
    }

    /// Every record of `R`'s kind whose `field` holds `value`, in index order.
    pub fn with<R: Record>(&self, field: Field, value: &str) -> Result<Vec<R>, IndexError> {
        self.matching(term_query(field, value))
    }

    /// The first record of `R`'s kind that also matches `query`, in index order.
    pub fn first<R: Record>(&self, query: Box<dyn Query>) -> Result<Option<R>, IndexError> {
        let addresses = self.addresses(R::KIND, Some(query))?;
        addresses.first().map(|&a| self.read(a)).transpose()
    }

    /// The first record of `R`'s kind whose `field` holds `value`, in index order.
    pub fn first_with<R: Record>(
        &self,
        field: Field,
        value: &str,
    ) -> Result<Option<R>, IndexError> {
        self.first(term_query(field, value))
    }

    /// The first record of `R`'s kind: the one record of an archive-wide kind (the
    /// vocabulary, the near-duplicate groups), if a run has written it.
    pub fn single<R: Record>(&self) -> Result<Option<R>, IndexError> {
        let addresses = self.addresses(R::KIND, None)?;
        addresses.first().map(|&a| self.read(a)).transpose()
    }

    fn read_each<R: Record>(&self, addresses: Vec<DocAddress>) -> Result<Vec<R>, IndexError> {
        addresses.into_iter().map(|a| self.read(a)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::record::FailureRecord;
    use crate::index::schema;
    use crate::model::FailureKind;
    use serde::Deserialize;
    use tantivy::Index;

    /// A view of a failure record: its path only.
    #[derive(Deserialize)]
    struct FailurePath {
        path: String,
    }

    impl Record for FailurePath {
        const KIND: RecordKind = RecordKind::Failure;
    }

    fn failure(path: &str) -> FailureRecord {
        FailureRecord {
            path: path.into(),
            hash: "h".into(),
            kind: FailureKind::Parse,
            reason: "unreadable".into(),
        }
    }

    #[test]
    fn records_are_read_back_by_kind_term_and_view() {
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (id, path) in [("b", "b.pdf"), ("a", "a.pdf")] {
            let mut d = new_document(&fields, Some(id), &failure(path)).unwrap();
            d.add_text(fields.path, path);
            writer.add_document(d).unwrap();
        }
        let near = crate::index::near::NearRecord {
            groups: vec![vec![1, 2]],
        };
        writer
            .add_document(new_document(&fields, None, &near).unwrap())
            .unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let store = Store::new(&searcher, &fields);

        let all: Vec<FailureRecord> = store.all().unwrap();
        assert_eq!(all, [failure("b.pdf"), failure("a.pdf")], "index order");
        let paths: Vec<FailurePath> = store.with(fields.doc_id, "a").unwrap();
        assert_eq!(paths.len(), 1);
        assert_eq!(paths[0].path, "a.pdf");
        let none: Option<FailureRecord> = store.first_with(fields.doc_id, "c").unwrap();
        assert!(none.is_none());
        assert_eq!(store.single().unwrap(), Some(near));
        assert_eq!(store.addresses(RecordKind::Passage, None).unwrap().len(), 0);

        // Reading a record as a kind it is not is a damaged-record error, not a panic.
        let address = store.addresses(RecordKind::Near, None).unwrap()[0];
        let err = store.read::<FailureRecord>(address).unwrap_err();
        assert!(matches!(err, IndexError::Record(_)), "{err}");

        delete_all(&writer, &fields, RecordKind::Failure);
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let store = Store::new(&searcher, &fields);
        assert!(store.all::<FailureRecord>().unwrap().is_empty());
        assert!(store
            .single::<crate::index::near::NearRecord>()
            .unwrap()
            .is_some());
    }
}
