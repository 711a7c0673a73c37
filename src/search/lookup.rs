//! Lookups by id and over the whole archive: what the document view and the archive overview
//! need beyond ranked search.
//!
//! In: a passage or document id (never a path), or nothing at all for [`Engine::stats`].
//! Out: a [`PassageView`] (a passage with its neighbours and a citation), a
//! [`DocumentRecord`] (metadata, items, full text, passage spans), [`Stats`] (what the archive
//! holds and what failed to index), or an [`ExportPlan`] that yields every matching passage.
//! Ids are looked up as exact terms of the `passage_id` / `doc_id` fields, so an id that is not
//! in the index is simply not found: nothing here touches the file system except
//! [`Engine::stats`], which sums the sizes of the index folder's own files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur as TOccur, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, DocAddress, Order, Searcher, Term};

use super::{Engine, Matching, SearchError, SearchRequest, Sort};
use crate::index::copies::CopyLink;
use crate::index::record::{DocumentRecord, DocumentSummary, FailureRecord, PassageRecord};
use crate::index::schema::Fields;
use crate::index::store::{term_query, Record, RecordKind, Store};
use crate::model::{Meeting, Passage, Scanned};

/// One passage in context: what `/api/passages/{id}` returns.
#[derive(Debug, Clone, Serialize)]
pub struct PassageView {
    /// The passage (text, type, role, item, section, page, offsets).
    pub passage: Passage,
    /// Its position in the document (0-based).
    pub ordinal: usize,
    /// Its document's meeting.
    pub meeting: Meeting,
    /// Its document.
    pub document: DocumentSummary,
    /// The passage just before it in the document, if any.
    pub previous: Option<Passage>,
    /// The passage just after it in the document, if any.
    pub next: Option<Passage>,
    /// A "cite as" line: committee, council, meeting date, item, page, passage id.
    pub citation: String,
    /// What the passage cites, resolved against the archive (also in `passage.references`).
    pub references: Vec<crate::model::Reference>,
    /// Passages elsewhere that cite this passage or its item.
    pub cited_by: Vec<crate::index::links::Citation>,
}

/// A document as `/api/documents/{id}` returns it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// The stored record: metadata, items, text, passage boundaries.
    #[serde(flatten)]
    pub record: DocumentRecord,
    /// Where this paper, or minutes reprinted inside it, copies minutes the archive holds
    /// elsewhere: each copy with its original.
    pub copy_of: Vec<CopyLink>,
    /// Other papers that copy this one's minutes.
    pub copies: Vec<CopyLink>,
}

/// What the archive holds: what `/api/stats` returns.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Documents indexed.
    pub documents: usize,
    /// Passages indexed.
    pub passages: usize,
    /// Distinct meetings (council, committee and date) among the documents that state them.
    pub meetings: usize,
    /// Per committee: documents and meetings, overall and per year.
    pub committees: Vec<CommitteeStats>,
    /// Per council: documents.
    pub councils: Vec<CouncilStats>,
    /// The earliest and latest meeting dates.
    pub date_range: DateSpan,
    /// Bytes the index folder takes on disk.
    pub index_bytes: u64,
    /// When the last indexing run committed (RFC 3339), if known.
    pub last_indexed: Option<String>,
    /// Files that could not be indexed, and why.
    pub failed: Vec<FailureRecord>,
    /// Scanned pages among the indexed papers: how many OCR read, and the papers with scanned
    /// pages it could not read.
    pub scanned: ScanStats,
    /// The searches this process has answered: how many found nothing, how many were
    /// answered by relaxed matching.
    pub queries: QueryStats,
}

/// Scanned pages among the indexed papers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ScanStats {
    /// Pages read by OCR.
    pub pages_read: usize,
    /// Papers with pages read by OCR.
    pub documents_read: usize,
    /// Indexed papers with scanned pages that could not be read, by path.
    pub unread: Vec<UnreadScan>,
}

/// An indexed paper with scanned pages that OCR could not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadScan {
    /// Path in the corpus.
    pub path: String,
    /// Scanned pages left unread.
    pub pages: usize,
    /// Why the first of them could not be read.
    pub reason: String,
}

/// What people searched for since the engine opened, for a site owner.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QueryStats {
    /// Searches with query text.
    pub searches: u64,
    /// Of those, how many returned no passage.
    pub zero_hits: u64,
    /// Of those, how many were answered by relaxed matching (most of the words).
    pub relaxed: u64,
    /// `zero_hits / searches` (0 before the first search).
    pub zero_hit_share: f64,
    /// `relaxed / searches` (0 before the first search).
    pub relaxed_share: f64,
    /// The queries that found nothing, most often asked first (at most
    /// [`TOP_ZERO_HIT_QUERIES`]), so the owner sees what the archive cannot answer.
    pub top_zero_hit_queries: Vec<QueryCount>,
}

/// A query and how often it was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryCount {
    /// The query, trimmed, in lower case, spaces collapsed.
    pub query: String,
    /// Times asked.
    pub count: u64,
}

/// How many zero-hit queries the stats list.
pub const TOP_ZERO_HIT_QUERIES: usize = 20;
/// How many distinct zero-hit queries are remembered: memory stays bounded whatever is typed.
const REMEMBERED_ZERO_HIT_QUERIES: usize = 1_000;

/// The engine's running tally of searches (shared by its clones).
#[derive(Debug, Default)]
pub struct QueryCounts {
    tally: std::sync::Mutex<Tallied>,
}

#[derive(Debug, Default)]
struct Tallied {
    searches: u64,
    zero_hits: u64,
    relaxed: u64,
    zero_hit_queries: std::collections::HashMap<String, u64>,
}

impl QueryCounts {
    /// Count one search of `query` that matched `total` passages by `matching`. Searches
    /// without query text (browsing by filters) are not counted.
    pub fn record(&self, query: &str, total: usize, matching: super::Matching) {
        let key = query
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if key.is_empty() {
            return;
        }
        let mut t = self
            .tally
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        t.searches += 1;
        if matching == super::Matching::Most {
            t.relaxed += 1;
        }
        if total == 0 {
            t.zero_hits += 1;
            let known = t.zero_hit_queries.contains_key(&key);
            if known || t.zero_hit_queries.len() < REMEMBERED_ZERO_HIT_QUERIES {
                *t.zero_hit_queries.entry(key).or_insert(0) += 1;
            }
        }
    }

    /// The tally so far.
    pub fn snapshot(&self) -> QueryStats {
        let t = self
            .tally
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let share = |n: u64| {
            if t.searches == 0 {
                0.0
            } else {
                n as f64 / t.searches as f64
            }
        };
        let mut top: Vec<QueryCount> = t
            .zero_hit_queries
            .iter()
            .map(|(query, count)| QueryCount {
                query: query.clone(),
                count: *count,
            })
            .collect();
        top.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.query.cmp(&b.query)));
        top.truncate(TOP_ZERO_HIT_QUERIES);
        QueryStats {
            searches: t.searches,
            zero_hits: t.zero_hits,
            relaxed: t.relaxed,
            zero_hit_share: share(t.zero_hits),
            relaxed_share: share(t.relaxed),
            top_zero_hit_queries: top,
        }
    }
}

/// One committee's share of the archive.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CommitteeStats {
    /// The committee (`null` for documents that name none).
    pub committee: Option<String>,
    /// Its council, when its documents name one (the first seen).
    pub council: Option<String>,
    /// Documents.
    pub documents: usize,
    /// Distinct meeting dates.
    pub meetings: usize,
    /// Per calendar year of the meeting, oldest first (`null` year: undated documents).
    pub years: Vec<YearStats>,
}

/// A committee's documents and meetings in one year.
#[derive(Debug, Clone, Serialize)]
pub struct YearStats {
    /// Calendar year, `null` for undated documents.
    pub year: Option<i32>,
    /// Documents.
    pub documents: usize,
    /// Distinct meeting dates.
    pub meetings: usize,
}

/// One council's share of the archive.
#[derive(Debug, Clone, Serialize)]
pub struct CouncilStats {
    /// The council.
    pub council: String,
    /// Documents.
    pub documents: usize,
}

/// An inclusive span of meeting dates; both ends `null` when no document is dated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DateSpan {
    /// Earliest meeting date.
    pub from: Option<NaiveDate>,
    /// Latest meeting date.
    pub to: Option<NaiveDate>,
}

/// The parts of a document record the overview needs; the full text is skipped, not kept.
#[derive(Deserialize)]
struct DocumentBrief {
    path: String,
    meeting: Meeting,
    #[serde(default)]
    scanned: Scanned,
}

impl Record for DocumentBrief {
    const KIND: RecordKind = RecordKind::Document;
}

/// Every passage matching a search, in the search's order, ready to be read in batches.
///
/// Holds its own searcher, so the passages it yields all come from one commit even if a new
/// one lands while an export is being streamed.
pub struct ExportPlan {
    searcher: Searcher,
    fields: Fields,
    addresses: Vec<DocAddress>,
    /// Each passage's group of near-identical passages, when it has copies in the archive.
    groups: Vec<Option<u64>>,
    /// Passages matching, which may exceed the number exported.
    pub total: usize,
    /// How the query's words matched, as a search with the same request reports it.
    pub matching: Matching,
}

impl ExportPlan {
    /// Passages that will be exported (at most the cap given to [`Engine::export`]).
    pub fn len(&self) -> usize {
        self.addresses.len()
    }

    /// True when nothing matched.
    pub fn is_empty(&self) -> bool {
        self.addresses.is_empty()
    }

    /// The records from `start` on, at most `count` of them, each with its group of
    /// near-identical passages when it has copies in the archive ([`crate::index::near`]).
    pub fn batch(
        &self,
        start: usize,
        count: usize,
    ) -> Result<Vec<(PassageRecord, Option<u64>)>, SearchError> {
        self.addresses
            .iter()
            .zip(&self.groups)
            .skip(start)
            .take(count)
            .map(|(a, group)| Ok((Store::new(&self.searcher, &self.fields).read(*a)?, *group)))
            .collect()
    }
}

impl Engine {
    /// The passage with id `id`, with its neighbours; `None` when no passage has that id.
    pub fn passage(&self, id: &str) -> Result<Option<PassageView>, SearchError> {
        let searcher = self.handle().reader.searcher();
        let fields = &self.handle().fields;
        let store = Store::new(&searcher, fields);
        let Some(record) = store.first_with::<PassageRecord>(fields.passage_id, id)? else {
            return Ok(None);
        };
        let doc_id = record.document.id.clone();
        let neighbour = |ordinal: Option<usize>| -> Result<Option<Passage>, SearchError> {
            let Some(ordinal) = ordinal else {
                return Ok(None);
            };
            let query = BooleanQuery::new(vec![
                (TOccur::Must, term_query(fields.doc_id, &doc_id)),
                (
                    TOccur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_u64(fields.ordinal, ordinal as u64),
                        IndexRecordOption::Basic,
                    )),
                ),
            ]);
            Ok(store
                .first::<PassageRecord>(Box::new(query))?
                .map(|r| r.passage))
        };
        let previous = neighbour(record.ordinal.checked_sub(1))?;
        let next = neighbour(record.ordinal.checked_add(1))?;
        let mut record = record;
        let p = &record.passage;
        let references =
            crate::index::links::references_of(&searcher, fields, &p.id, &p.references)?;
        let cited_by = crate::index::links::cited_by(
            &searcher,
            fields,
            &p.id,
            &record.document.id,
            p.item.as_ref().map(|i| i.number.as_str()),
        )?;
        record.passage.references = references.clone();
        Ok(Some(PassageView {
            references,
            cited_by,
            citation: citation(&record),
            passage: record.passage,
            ordinal: record.ordinal,
            meeting: record.meeting,
            document: record.document,
            previous,
            next,
        }))
    }

    /// The document record with id `id`, with the copies of minutes it makes or others make
    /// of it; `None` when no document has that id.
    pub fn document(&self, id: &str) -> Result<Option<DocumentView>, SearchError> {
        let searcher = self.handle().reader.searcher();
        let fields = &self.handle().fields;
        let store = Store::new(&searcher, fields);
        let Some(record) = store.first_with::<DocumentRecord>(fields.doc_id, id)? else {
            return Ok(None);
        };
        let (copy_of, copies) = crate::index::links::copy_links(&searcher, fields, id)?;
        Ok(Some(DocumentView {
            record,
            copy_of,
            copies,
        }))
    }

    /// What the archive holds, read from the committed index.
    pub fn stats(&self) -> Result<Stats, SearchError> {
        let searcher = self.handle().reader.searcher();
        let fields = &self.handle().fields;
        let passages = searcher.search(&*RecordKind::Passage.query(fields), &Count)?;
        let store = Store::new(&searcher, fields);
        let mut tally = Tally::default();
        let mut scanned = ScanStats::default();
        for brief in store.all::<DocumentBrief>()? {
            tally.add(brief.meeting);
            if !brief.scanned.read.is_empty() {
                scanned.pages_read += brief.scanned.read.len();
                scanned.documents_read += 1;
            }
            if !brief.scanned.unread.is_empty() {
                scanned.unread.push(UnreadScan {
                    path: brief.path,
                    pages: brief.scanned.unread.len(),
                    reason: brief.scanned.reason.unwrap_or_default(),
                });
            }
        }
        scanned.unread.sort_by(|a, b| a.path.cmp(&b.path));
        let mut failed: Vec<FailureRecord> = store.all()?;
        failed.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(tally.finish(Stats {
            documents: 0,
            passages,
            meetings: 0,
            committees: Vec::new(),
            councils: Vec::new(),
            date_range: DateSpan::default(),
            index_bytes: folder_bytes(&self.handle().path),
            last_indexed: self.handle().commit_info().map(|c| c.indexed_at),
            failed,
            scanned,
            queries: self.query_stats(),
        }))
    }

    /// The searches answered since the engine opened ([`QueryStats`]).
    pub fn query_stats(&self) -> QueryStats {
        self.asked.snapshot()
    }

    /// An identifier of the commit searches currently see: it changes when the reader picks
    /// up a new commit, so anything computed from the index can be cached under it.
    pub fn generation(&self) -> u64 {
        self.handle().reader.searcher().generation().generation_id()
    }

    /// Every passage matching `request` (its query and filters, in its sort order; paging and
    /// grouping are ignored), at most `cap` of them.
    pub fn export(&self, request: &SearchRequest, cap: usize) -> Result<ExportPlan, SearchError> {
        let plan = self.plan(request)?;
        let searcher = &plan.searcher;
        let (matching, _) = plan.decide(request.limit)?;
        let query = plan.query_with(matching, &plan.filters);
        let top = TopDocs::with_limit(cap.max(1));
        let (addresses, total): (Vec<DocAddress>, usize) = match request.sort {
            Sort::Relevance => {
                let (top, total) = searcher.search(&*query, &(top.order_by_score(), Count))?;
                (top.into_iter().map(|(_, a)| a).collect(), total)
            }
            Sort::Date | Sort::DateDesc => {
                let order = if request.sort == Sort::Date {
                    Order::Asc
                } else {
                    Order::Desc
                };
                let by_date = top.order_by_fast_field::<DateTime>("date", order);
                let (top, total) = searcher.search(&*query, &(by_date, Count))?;
                (top.into_iter().map(|(_, a)| a).collect(), total)
            }
        };
        let mut addresses = addresses;
        addresses.truncate(cap);
        let near = self.near.get(searcher, &self.handle().fields)?;
        let groups = addresses
            .iter()
            .map(|a| near.group_of(a.segment_ord, a.doc_id))
            .collect();
        Ok(ExportPlan {
            fields: self.handle().fields.clone(),
            searcher: plan.searcher,
            addresses,
            groups,
            total,
            matching,
        })
    }
}

/// Counts gathered over the document records.
#[derive(Default)]
struct Tally {
    documents: usize,
    meetings: BTreeSet<(Option<String>, Option<String>, NaiveDate)>,
    committees: BTreeMap<Option<String>, CommitteeTally>,
    councils: BTreeMap<String, usize>,
    span: DateSpan,
}

#[derive(Default)]
struct CommitteeTally {
    council: Option<String>,
    documents: usize,
    dates: BTreeSet<NaiveDate>,
    years: BTreeMap<Option<i32>, (usize, BTreeSet<NaiveDate>)>,
}

impl Tally {
    fn add(&mut self, meeting: Meeting) {
        use chrono::Datelike;
        self.documents += 1;
        if let Some(council) = &meeting.council {
            *self.councils.entry(council.clone()).or_default() += 1;
        }
        let committee = self
            .committees
            .entry(meeting.committee.clone())
            .or_default();
        committee.documents += 1;
        if committee.council.is_none() {
            committee.council = meeting.council.clone();
        }
        let year = committee
            .years
            .entry(meeting.date.map(|d| d.year()))
            .or_default();
        year.0 += 1;
        if let Some(date) = meeting.date {
            year.1.insert(date);
            committee.dates.insert(date);
            self.meetings
                .insert((meeting.council, meeting.committee, date));
            self.span.from = Some(self.span.from.map_or(date, |f| f.min(date)));
            self.span.to = Some(self.span.to.map_or(date, |t| t.max(date)));
        }
    }

    fn finish(self, mut stats: Stats) -> Stats {
        stats.documents = self.documents;
        stats.meetings = self.meetings.len();
        stats.date_range = self.span;
        stats.committees = self
            .committees
            .into_iter()
            .map(|(committee, t)| CommitteeStats {
                committee,
                council: t.council,
                documents: t.documents,
                meetings: t.dates.len(),
                years: t
                    .years
                    .into_iter()
                    .map(|(year, (documents, dates))| YearStats {
                        year,
                        documents,
                        meetings: dates.len(),
                    })
                    .collect(),
            })
            .collect();
        stats.committees.sort_by(|a, b| {
            b.documents
                .cmp(&a.documents)
                .then(a.committee.cmp(&b.committee))
        });
        stats.councils = self
            .councils
            .into_iter()
            .map(|(council, documents)| CouncilStats { council, documents })
            .collect();
        stats.councils.sort_by(|a, b| {
            b.documents
                .cmp(&a.documents)
                .then(a.council.cmp(&b.council))
        });
        stats
    }
}

/// "Cite as": committee, council, meeting date, item, page and the passage's permanent id.
pub fn citation(record: &PassageRecord) -> String {
    let m = &record.meeting;
    let mut parts: Vec<String> = Vec::new();
    parts.extend(m.committee.clone());
    parts.extend(m.council.clone());
    match m.date {
        Some(date) => parts.push(date.format("%-d %B %Y").to_string()),
        None => parts.push("undated".into()),
    }
    if let Some(item) = &record.passage.item {
        parts.push(format!("item {} ({})", item.number, item.title));
    }
    if let Some(page) = record.passage.page {
        parts.push(format!("p. {page}"));
    }
    if m.committee.is_none() && m.council.is_none() {
        parts.insert(0, record.document.title.clone());
    }
    format!("{}. Passage {}.", parts.join(", "), record.passage.id)
}

/// Total size of the files directly in `path` (tantivy keeps its files flat); 0 when unreadable.
fn folder_bytes(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchRequest;

    fn engine() -> &'static Engine {
        crate::search::testing::sample_engine()
    }

    fn some_hit_id(query: &str) -> String {
        let response = engine().search(&SearchRequest::new(query)).unwrap();
        response.hits[0].id.clone()
    }

    #[test]
    fn passage_comes_with_its_neighbours_in_document_order() {
        let view = engine()
            .passage(&some_hit_id("foster carers"))
            .unwrap()
            .unwrap();
        let document = engine()
            .document(&view.document.id)
            .unwrap()
            .unwrap()
            .record;
        let ids: Vec<&str> = document.passages.iter().map(|p| p.id.as_str()).collect();
        let at = ids.iter().position(|id| *id == view.passage.id).unwrap();
        assert_eq!(at, view.ordinal);
        let before = at.checked_sub(1).map(|i| ids[i]);
        assert_eq!(view.previous.as_ref().map(|p| p.id.as_str()), before);
        assert_eq!(
            view.next.as_ref().map(|p| p.id.as_str()),
            ids.get(at + 1).copied()
        );
        assert!(
            view.citation.contains(&view.passage.id),
            "{}",
            view.citation
        );
    }

    #[test]
    fn first_passage_has_no_previous() {
        let view = engine().passage(&some_hit_id("foster")).unwrap().unwrap();
        let document = engine()
            .document(&view.document.id)
            .unwrap()
            .unwrap()
            .record;
        let first = engine().passage(&document.passages[0].id).unwrap().unwrap();
        assert!(first.previous.is_none());
        assert_eq!(first.ordinal, 0);
        let last = document.passages.last().unwrap();
        assert!(engine().passage(&last.id).unwrap().unwrap().next.is_none());
    }

    #[test]
    fn document_has_text_and_spans_within_it() {
        let view = engine().passage(&some_hit_id("foster")).unwrap().unwrap();
        let document = engine()
            .document(&view.document.id)
            .unwrap()
            .unwrap()
            .record;
        let chars = document.text.chars().count();
        assert!(document
            .passages
            .iter()
            .all(|p| p.start <= p.end && p.end <= chars));
        assert_eq!(document.summary.id, view.document.id);
    }

    #[test]
    fn unknown_ids_are_not_found() {
        for id in ["0000000000000000", "", "../../etc/passwd", "x y"] {
            assert!(engine().passage(id).unwrap().is_none(), "{id}");
            assert!(engine().document(id).unwrap().is_none(), "{id}");
        }
    }

    #[test]
    fn stats_count_the_sample_corpus() {
        let stats = engine().stats().unwrap();
        assert_eq!(stats.documents, 5);
        let all = engine().search(&SearchRequest::new("")).unwrap();
        assert_eq!(stats.passages, all.total);
        let per_committee: usize = stats.committees.iter().map(|c| c.documents).sum();
        assert_eq!(per_committee, stats.documents);
        assert!(stats.date_range.from <= stats.date_range.to);
        assert!(stats.index_bytes > 0);
        assert!(stats.last_indexed.is_some());
        assert!(stats.failed.is_empty());
    }

    #[test]
    fn export_yields_every_match_up_to_the_cap() {
        let request = SearchRequest::new("foster");
        let total = engine().search(&request).unwrap().total;
        let plan = engine()
            .export(&request, crate::limits::MAX_EXPORT_ROWS)
            .unwrap();
        assert_eq!((plan.len(), plan.total), (total, total));
        assert_eq!(plan.batch(0, usize::MAX).unwrap().len(), total);
        let capped = engine().export(&request, 3).unwrap();
        assert_eq!((capped.len(), capped.total), (3.min(total), total));
        assert!(engine()
            .export(&SearchRequest::new("\"unclosed"), 10)
            .is_err());
    }
}
