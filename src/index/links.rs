//! The archive-wide records: each document's `outline`, the `link` of every reference, and the
//! archive's `vocabulary`.
//!
//! Why separate records rather than rewriting passages: a reference's target depends on every
//! other document (a new set of minutes can resolve an old agenda's "Minute 46 (2018/19)", and
//! makes an old item `cited_by` it). Rewriting every affected passage would turn one new file
//! into a rewrite of much of the archive. Instead:
//!
//! - each document writes an `outline` record ([`Outline`]: items, references as read,
//!   speakers, attendance, acronyms; no text) with its other records, sharing its `doc_id`, so
//!   it is added and deleted with the document in the same commit;
//! - at the end of an indexing run, once its documents are committed, [`write_links`] reads
//!   every outline from the index and resolves every reference ([`super::resolve`]), then
//!   replaces *all* `link` records and the one `vocabulary` record in the run's final commit.
//!
//! Invariant: a search sees the links and vocabulary computed from exactly the documents of the
//! last completed run (they are replaced as one set, never patched). While a run is under way,
//! its commits show the new documents with the previous run's links (which may name passages
//! since replaced) until the final commit. The vocabulary record carries a fingerprint of the
//! documents it was computed from, so an interrupted run is completed by the next one even
//! when no file changed.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use tantivy::query::{BooleanQuery, Occur};
use tantivy::schema::Facet;
use tantivy::{DocAddress, IndexWriter, Searcher, TantivyDocument};

use super::copies::{self, CopyLink};
use super::resolve::{Card, Directory, Link, Outline, Papers};
use super::schema::Fields;
use super::store::{self, term_query, Record, RecordKind, Store};
use super::IndexError;
use crate::model::{Acronym, Passage, RefKind, Reference};
use crate::understand::{acronyms, people};

/// Bumped when resolution rules change, so the next run recomputes every link. 2: copies of
/// minutes ([`super::copies`]).
const RESOLVER_VERSION: u32 = 2;

/// Most citations listed on one hit (an item cited from hundreds of places lists the first).
pub const MAX_CITED_BY: usize = 100;

/// The key of an item: `DOCID:NUMBER`. Also the id `quorum refs` and the thread accept.
pub fn item_key(document: &str, number: &str) -> String {
    format!("{document}:{number}")
}

/// The archive's vocabulary and the fingerprint of what links were computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VocabularyRecord {
    /// Fingerprint of the documents (ids and hashes) and the resolver version.
    pub fingerprint: String,
    /// Every acronym defined in the archive, with how many documents define it so.
    pub acronyms: Vec<DefinedAcronym>,
}

impl Record for VocabularyRecord {
    const KIND: RecordKind = RecordKind::Vocabulary;
}

/// An acronym and the number of documents defining it that way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefinedAcronym {
    /// The acronym and its expansion.
    #[serde(flatten)]
    pub acronym: Acronym,
    /// Documents defining it.
    pub documents: usize,
}

/// Write `doc`'s outline record, which shares its `doc_id` (added and deleted with it).
pub fn write_outline(
    writer: &IndexWriter,
    fields: &Fields,
    doc: &crate::model::Document,
) -> Result<(), IndexError> {
    let outline = Outline::of(doc);
    let mut d = store::new_document(fields, Some(&doc.id), &outline)?;
    d.add_text(fields.path, &doc.path);
    for key in outline.people() {
        d.add_text(fields.outline_person, key);
    }
    writer.add_document(d)?;
    Ok(())
}

/// Replace every link, copy and near-duplicate group ([`super::near`]) and the vocabulary,
/// computed from the records `searcher` sees, when those documents changed since they were
/// last computed. Returns whether anything was
/// written (to be committed by the caller).
///
/// The outlines are read one at a time (see [`super::resolve`]): first every one, into the
/// [`Directory`]'s cards and the vocabulary; then each that makes references, resolved
/// against the cards, reading again the items of the few papers a reference may land on, while
/// a second thread groups the near-duplicates. Memory holds a card per document and the last
/// papers read, never the archive's outlines.
pub fn write_links(
    searcher: &Searcher,
    writer: &IndexWriter,
    fields: &Fields,
) -> Result<bool, IndexError> {
    let started = std::time::Instant::now();
    let mut cards = Vec::new();
    let mut acronyms = Vocabulary::default();
    let mut minutes = Vec::new();
    let store = Store::new(searcher, fields);
    for address in store.addresses(RecordKind::Outline, None)? {
        let outline: Outline = store.read(address)?;
        acronyms.add(&outline);
        minutes.extend(copies::recorded(&outline));
        cards.push(Card::of(&outline, address));
    }
    let directory = Directory::new(cards);
    let fingerprint = fingerprint(&directory);
    let stored = store.single::<VocabularyRecord>()?.map(|v| v.fingerprint);
    if stored.as_deref() == Some(fingerprint.as_str()) {
        return Ok(false);
    }
    // Near-duplicate groups depend on the passages alone: they are found on a second thread
    // while the references are resolved on this one (at 1M passages each takes seconds).
    let (resolved, near) = std::thread::scope(|scope| {
        let grouping = scope.spawn(|| {
            let started = std::time::Instant::now();
            super::near::write_groups(searcher, writer, fields)
                .map(|near| (near, started.elapsed().as_secs_f64()))
        });
        let resolved = write_references(searcher, writer, fields, &directory, minutes);
        let near = grouping.join().unwrap_or_else(|panic| {
            Err(IndexError::Record(format!(
                "grouping near-duplicates stopped: {}",
                super::worker::panic_message(&panic)
            )))
        });
        (resolved, near)
    });
    let (links, copies, read_again) = resolved?;
    let (near, near_seconds) = near?;
    tracing::info!(
        documents = directory.len(),
        links,
        copies,
        near_groups = near.groups,
        near_passages = near.grouped,
        near_compared = near.compared,
        near_seconds,
        read_again,
        seconds = started.elapsed().as_secs_f64(),
        "references resolved"
    );
    store::delete_all(writer, fields, RecordKind::Vocabulary);
    let record = VocabularyRecord {
        fingerprint,
        acronyms: acronyms.defined(),
    };
    writer.add_document(store::new_document(fields, None, &record)?)?;
    Ok(true)
}

/// Replace every `link` and `copy` record: resolve the references of each outline that makes
/// some against `directory`, and link copies of the same minutes (`minutes`). Returns how many
/// links and copies were written, and how many papers were read again to resolve them.
fn write_references(
    searcher: &Searcher,
    writer: &IndexWriter,
    fields: &Fields,
    directory: &Directory<DocAddress>,
    minutes: Vec<copies::Recorded>,
) -> Result<(usize, usize, usize), IndexError> {
    store::delete_all(writer, fields, RecordKind::Link);
    store::delete_all(writer, fields, RecordKind::Copy);
    let copies = copies::copies(minutes);
    for copy in &copies {
        let mut d = store::new_document(fields, None, copy)?;
        d.add_text(fields.link_source, &copy.copy.document);
        d.add_text(fields.link_target, &copy.original.document);
        writer.add_document(d)?;
    }
    let store = Store::new(searcher, fields);
    let mut papers = Papers::new(|address| store.read::<Outline>(address));
    let mut links = 0;
    for address in directory.citing() {
        let outline: Outline = store.read(address)?;
        for link in directory.links(&outline, &mut papers)? {
            writer.add_document(link_document(fields, &link)?)?;
            links += 1;
        }
    }
    Ok((links, copies.len(), papers.read_again()))
}

/// Fingerprint of the documents (ids and hashes) and the resolver version.
fn fingerprint<A: Copy>(directory: &Directory<A>) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(&RESOLVER_VERSION.to_le_bytes());
    for (id, hash) in directory.documents() {
        hasher.update(id.as_bytes());
        hasher.update(b"\0");
        hasher.update(hash.as_bytes());
        hasher.update(b"\n");
    }
    hasher.finalize().to_hex().to_string()
}

/// Acronyms defined across the archive, counted by the documents defining each the same way.
/// Each is shown as the document with the smallest id defines it, in whatever order the
/// documents come.
#[derive(Debug, Default)]
struct Vocabulary {
    /// By acronym and expansion key: the form shown, the id of the document it is from, and
    /// the documents defining it.
    counts: BTreeMap<(String, String), (Acronym, String, usize)>,
}

impl Vocabulary {
    fn add(&mut self, outline: &Outline) {
        let mut seen = BTreeSet::new();
        for a in &outline.acronyms {
            let key = (a.acronym.to_lowercase(), expansion_key(&a.expansion));
            if !seen.insert(key.clone()) {
                continue;
            }
            let entry = self
                .counts
                .entry(key)
                .or_insert_with(|| (a.clone(), outline.id.clone(), 0));
            entry.2 += 1;
            if outline.id < entry.1 {
                entry.0 = a.clone();
                entry.1 = outline.id.clone();
            }
        }
    }

    fn defined(self) -> Vec<DefinedAcronym> {
        self.counts
            .into_values()
            .map(|(acronym, _, documents)| DefinedAcronym { acronym, documents })
            .collect()
    }
}

/// An expansion reduced for comparison: lowercase, hyphens and spacing ignored.
pub fn expansion_key(expansion: &str) -> String {
    expansion
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn link_document(fields: &Fields, link: &Link) -> Result<TantivyDocument, IndexError> {
    let mut d = store::new_document(fields, None, link)?;
    d.add_text(fields.link_source, &link.source);
    if let Some(item) = &link.item {
        d.add_text(fields.link_source, item_key(&link.document, item));
    }
    if let Some(target) = &link.reference.target {
        d.add_text(fields.link_target, &target.id);
        if let Some(item) = &target.item {
            d.add_text(fields.link_target, item_key(&target.document, item));
        }
    }
    Ok(d)
}

/// The facets a passage adds for who speaks in it and what legislation it cites.
pub fn add_passage_facets(d: &mut TantivyDocument, fields: &Fields, passage: &Passage) {
    let mut people_seen = BTreeSet::new();
    for name in passage.speakers.iter().filter_map(|s| s.name.as_deref()) {
        let key = people::person_key(name);
        if !key.is_empty() && people_seen.insert(key.clone()) {
            d.add_facet(fields.person, Facet::from_path([name]));
            d.add_text(fields.person_key, &key);
        }
    }
    let acts: BTreeSet<&str> = passage
        .references
        .iter()
        .filter(|r| r.kind == RefKind::Act)
        .map(|r| r.key.as_str())
        .collect();
    for act in acts {
        d.add_facet(fields.act, Facet::from_path([act]));
    }
}

/// The archive's vocabulary record, if a run has written one.
pub fn vocabulary(
    searcher: &Searcher,
    fields: &Fields,
) -> Result<Option<VocabularyRecord>, IndexError> {
    Store::new(searcher, fields).single()
}

/// The acronyms a query may expand with: the archive's own and the built-in list.
pub fn acronyms_for_search(
    searcher: &Searcher,
    fields: &Fields,
) -> Result<Vec<Acronym>, IndexError> {
    let mut out: Vec<Acronym> = vocabulary(searcher, fields)?
        .map(|v| v.acronyms.into_iter().map(|a| a.acronym).collect())
        .unwrap_or_default();
    out.extend(acronyms::built_in());
    Ok(out)
}

/// The references of passage `passage_id`, resolved; `own` (the passage's references as read)
/// when the archive has no links for it yet.
pub fn references_of(
    searcher: &Searcher,
    fields: &Fields,
    passage_id: &str,
    own: &[Reference],
) -> Result<Vec<Reference>, IndexError> {
    let mut links: Vec<Link> = Store::new(searcher, fields).with(fields.link_source, passage_id)?;
    links.retain(|l| l.source == passage_id);
    if links.len() != own.len() {
        return Ok(own.to_vec());
    }
    links.sort_by_key(|l| l.index);
    Ok(links.into_iter().map(|l| l.reference).collect())
}

/// A passage that cites another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The citing passage.
    pub id: String,
    /// Its document.
    pub document: String,
    /// Its item number.
    pub item: Option<String>,
    /// Its meeting date.
    pub date: Option<chrono::NaiveDate>,
    /// Its document's path.
    pub path: String,
    /// What kind of reference it makes.
    pub kind: RefKind,
    /// The reference as printed.
    pub text: String,
}

impl From<&Link> for Citation {
    fn from(l: &Link) -> Self {
        Citation {
            id: l.source.clone(),
            document: l.document.clone(),
            item: l.item.clone(),
            date: l.date,
            path: l.path.clone(),
            kind: l.reference.kind,
            text: l.reference.text.clone(),
        }
    }
}

/// Links pointing at passage `passage_id` or at its item (`document`, `item`), oldest first.
pub fn links_to(
    searcher: &Searcher,
    fields: &Fields,
    passage_id: &str,
    document: &str,
    item: Option<&str>,
) -> Result<Vec<Link>, IndexError> {
    let mut targets = vec![(Occur::Should, term_query(fields.link_target, passage_id))];
    if let Some(item) = item {
        targets.push((
            Occur::Should,
            term_query(fields.link_target, &item_key(document, item)),
        ));
    }
    let mut links: Vec<Link> =
        Store::new(searcher, fields).matching(Box::new(BooleanQuery::new(targets)))?;
    // The citing passage last, so that citations tied on the rest come in one order whatever
    // the order the link records were written in.
    links.sort_by(|a, b| {
        (a.date, &a.path, a.index, &a.source).cmp(&(b.date, &b.path, b.index, &b.source))
    });
    links.dedup_by(|a, b| a.source == b.source && a.reference.text == b.reference.text);
    Ok(links)
}

/// Links made by passage `source`, or by any passage of item `source` (`DOCID:NUMBER`).
pub fn links_from(
    searcher: &Searcher,
    fields: &Fields,
    source: &str,
) -> Result<Vec<Link>, IndexError> {
    Store::new(searcher, fields).with(fields.link_source, source)
}

/// Who cites passage `passage_id` (or its item).
pub fn cited_by(
    searcher: &Searcher,
    fields: &Fields,
    passage_id: &str,
    document: &str,
    item: Option<&str>,
) -> Result<Vec<Citation>, IndexError> {
    let mut out: Vec<Citation> = links_to(searcher, fields, passage_id, document, item)?
        .iter()
        .filter(|l| l.source != passage_id)
        .map(Citation::from)
        .collect();
    out.truncate(MAX_CITED_BY);
    Ok(out)
}

/// The copies of minutes document `doc_id` is (or holds, for reprints inside it), and the
/// copies others make of it.
pub fn copy_links(
    searcher: &Searcher,
    fields: &Fields,
    doc_id: &str,
) -> Result<(Vec<CopyLink>, Vec<CopyLink>), IndexError> {
    let store = Store::new(searcher, fields);
    let mut copy_of: Vec<CopyLink> = store.with(fields.link_source, doc_id)?;
    let mut copies: Vec<CopyLink> = store.with(fields.link_target, doc_id)?;
    copy_of.sort_by(|a, b| a.copy.id.cmp(&b.copy.id));
    copies.sort_by(|a, b| (&a.copy.path, &a.copy.id).cmp(&(&b.copy.path, &b.copy.id)));
    Ok((copy_of, copies))
}

/// The outline of one document.
pub fn outline(
    searcher: &Searcher,
    fields: &Fields,
    doc_id: &str,
) -> Result<Option<Outline>, IndexError> {
    Store::new(searcher, fields).first_with(fields.doc_id, doc_id)
}

/// The outlines of the papers that name the person whose
/// [`crate::understand::people::person_key`] is `key`: in their attendance or as a speaker.
pub fn outlines_naming(
    searcher: &Searcher,
    fields: &Fields,
    key: &str,
) -> Result<Vec<Outline>, IndexError> {
    Store::new(searcher, fields).with(fields.outline_person, key)
}

/// The document and item of passage `passage_id`, from the passage record.
pub fn locate_passage(
    searcher: &Searcher,
    fields: &Fields,
    passage_id: &str,
) -> Result<Option<super::record::PassageRecord>, IndexError> {
    Store::new(searcher, fields).first_with(fields.passage_id, passage_id)
}
