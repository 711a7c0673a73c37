//! Stage 5: answer a query with ranked, highlighted, faceted passages.
//!
//! In: a [`SearchRequest`] (query text, filters, sort, paging, grouping) and an open index.
//! Out: a [`SearchResponse`], the JSON contract shared by `quorum search --json` and the HTTP
//! API (see the README).
//! Next: [`crate::serve`] puts the same [`Engine`] behind HTTP.
//!
//! Facet counts follow the sidebar convention: each dimension's counts apply every active filter
//! except that dimension's own, so ticking a second committee is always possible.
//!
//! Near-identical passages (a minute reprinted in the next agenda pack, a motion printed when
//! moved and when carried) come back as one hit listing its `copies`, the groups being the
//! archive's, found at indexing ([`crate::index::near`]); asked to diversify, a
//! relevance-ranked first page holds at most two passages of one item (`collapse.rs`). `total`
//! counts every passage and `distinct_total` the distinct ones; facets count every passage
//! unless the request asks for distinct counts (`facet_counts` says which).

pub mod build;
pub mod cache;
mod collapse;
pub mod connect;
pub mod facets;
pub mod filters;
pub mod lookup;
pub mod plan;
pub mod query;
pub mod snippet;
pub mod suggest;
pub mod synonyms;
pub mod thread;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::Query as TQuery;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, DocAddress, Order, Searcher};

use crate::index::record::{DocumentSummary, PassageRecord};
use crate::index::store::Store;
use crate::index::{IndexError, IndexHandle};
use crate::limits::{
    CACHED_ANSWER_HITS, DEFAULT_LIMIT, MAX_FACET_VALUES, MAX_LIMIT, MAX_OFFSET_PLUS_LIMIT,
};
use crate::model::{DocType, ItemRef, Meeting, Role};

pub use filters::{DateRange, Dimension, Filters, FILTERS};
pub use plan::{Matching, QueryPlan};
pub use suggest::Suggestion;

use crate::index::near::{NearCache, NearGroups};
use cache::GenerationCache;
use facets::{CountCache, DimensionCounts, DistinctCount, FacetCounter, FacetValueCache};
use snippet::{snippet_html, SNIPPET_CHARS};

/// Most passages scanned to form item groups (`group=item`): groups come from the best
/// passages, and scanning deeper would cost more than a results page is worth.
const MAX_GROUP_SCAN: usize = 2_000;

/// With collapsing, the matches scanned for copies and for an item's held-back passages: this
/// many times the passages shown, plus [`COLLAPSE_SCAN_EXTRA`]. Copies score alike, so they
/// rank close together; each passage scanned is read from the store (measured at 20,000
/// passages: four times plus 40 made the median search 3.4 times slower than without
/// collapsing, twice plus 10 makes it 1.5 times).
const COLLAPSE_SCAN_FACTOR: usize = 2;
/// See [`COLLAPSE_SCAN_FACTOR`].
const COLLAPSE_SCAN_EXTRA: usize = 10;

/// Why a search could not run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query text is malformed or over a limit: the user's to fix.
    #[error("bad query: {0}")]
    BadQuery(String),
    /// A parameter (limit, offset, sort, a filter value) is out of range: the user's to fix.
    #[error("bad parameter: {0}")]
    BadParameter(String),
    /// The index could not be read: ours.
    #[error(transparent)]
    Index(#[from] IndexError),
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Index(IndexError::Tantivy(e))
    }
}

impl SearchError {
    /// True when the request was at fault rather than quorum.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            SearchError::BadQuery(_) | SearchError::BadParameter(_)
        )
    }

    /// A stable machine-readable code for the error (`bad_query`, `bad_parameter`, `internal`).
    pub fn code(&self) -> &'static str {
        match self {
            SearchError::BadQuery(_) => "bad_query",
            SearchError::BadParameter(_) => "bad_parameter",
            SearchError::Index(_) => "internal",
        }
    }
}

/// Order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first (BM25).
    #[default]
    Relevance,
    /// Oldest meeting first.
    Date,
    /// Newest meeting first.
    #[serde(rename = "-date")]
    DateDesc,
}

impl std::str::FromStr for Sort {
    type Err = SearchError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "relevance" => Ok(Sort::Relevance),
            "date" => Ok(Sort::Date),
            "-date" => Ok(Sort::DateDesc),
            _ => Err(SearchError::BadParameter(format!(
                "sort {s:?}: expected relevance, date or -date"
            ))),
        }
    }
}

/// One search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// What was typed (may include filters such as `committee:"Executive"`).
    pub query: String,
    /// Filters from flags or parameters (merged with those typed in the query).
    pub filters: Filters,
    /// Order of hits.
    pub sort: Sort,
    /// Hits per page.
    pub limit: usize,
    /// Hits skipped.
    pub offset: usize,
    /// At most one hit per item (the best passage), with a count of the others.
    pub group_by_item: bool,
    /// How plain words must match: `None` (the default) is every word, or most of them when
    /// fewer than a page of passages has every word; `all` never relaxes; `most` always does.
    pub matching: Option<Matching>,
    /// The facet dimensions to count ([`Dimension::default_facets`] unless the request names
    /// them; [`Dimension::parse_facets`] reads a list). Counting is a good share of a search's
    /// time, so an answer counts only what it shows.
    pub facets: Vec<Dimension>,
    /// Show near-identical passages once, with their copies (the default); `false` shows every
    /// passage in rank order.
    pub collapse: bool,
    /// At most two passages of one item on a relevance-ranked first page, the rest after it
    /// (`more_from_item` says how many). Off by default: measured on the judged queries, an
    /// agenda pack's item holds a whole embedded report, and capping it pushed relevant
    /// passages off the first page (success@5 0.944 to 0.917, nDCG@10 0.745 to 0.716;
    /// `docs/RELEVANCE.md`).
    pub diversify: bool,
    /// Facet counts count distinct passages: the near-identical copies of one passage that
    /// share a value count once for it. Off by default (facets count every passage).
    pub distinct: bool,
}

impl SearchRequest {
    /// A relevance-ranked first page for `query`.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            filters: Filters::default(),
            sort: Sort::Relevance,
            limit: DEFAULT_LIMIT,
            offset: 0,
            group_by_item: false,
            matching: None,
            facets: Dimension::default_facets(),
            collapse: true,
            diversify: false,
            distinct: false,
        }
    }

    fn validate(&self) -> Result<(), SearchError> {
        if self.limit == 0 || self.limit > MAX_LIMIT {
            return Err(SearchError::BadParameter(format!(
                "limit {} is out of range 1..={MAX_LIMIT}",
                self.limit
            )));
        }
        if self.offset.saturating_add(self.limit) > MAX_OFFSET_PLUS_LIMIT {
            return Err(SearchError::BadParameter(format!(
                "offset + limit may be at most {MAX_OFFSET_PLUS_LIMIT}"
            )));
        }
        Ok(())
    }
}

/// The answer to a search: the JSON contract of `--json` and `/api/search`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResponse {
    /// The query as typed.
    pub query: String,
    /// How many passages (or, grouped, items) match.
    pub total: usize,
    /// How the query's words matched: `all` of them, or `most` of them because fewer than a
    /// page of passages had them all.
    pub matching: Matching,
    /// How many passages have every word (equal to `total` when `matching` is `all` and the
    /// hits are not grouped).
    pub all_words_total: usize,
    /// How many distinct passages match: near-identical passages anywhere in the archive
    /// ([`crate::index::near`]) count once (grouped by item, it counts items like `total`).
    pub distinct_total: usize,
    /// What the facet counts count: every matching passage, or distinct ones.
    pub facet_counts: FacetCounting,
    /// Words of the query that no passage has, each with the index's nearest word.
    pub suggestions: Vec<Suggestion>,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Counts per facet value.
    pub facets: Facets,
    /// Acronym expansions the query used (`MASH` also searched as its spelled-out form).
    pub expansions: Vec<build::Expansion>,
}

/// One matching passage.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Passage id (a permalink: stable while the file's content is unchanged).
    pub id: String,
    /// BM25 score; `null` when sorted by date.
    pub score: Option<f32>,
    /// The passage's type.
    #[serde(rename = "type")]
    pub doc_type: DocType,
    /// The passage's role.
    pub role: Role,
    /// The passage's text.
    pub text: String,
    /// HTML: the best fragment, escaped, matched words in `<mark>`.
    pub snippet: String,
    /// Page (PDF).
    pub page: Option<u32>,
    /// True when the passage was read from a scanned page by OCR.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ocr: bool,
    /// For a passage read by OCR, Tesseract's mean word confidence on its page (0-100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<f32>,
    /// Report section heading.
    pub section: Option<String>,
    /// The item.
    pub item: Option<ItemRef>,
    /// The meeting: its paper's, or for minutes reprinted in a later paper the meeting they
    /// record.
    pub meeting: Meeting,
    /// For reprinted minutes, the meeting of the paper that carries them (`document`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_in: Option<Meeting>,
    /// When the passage copies minutes the archive holds elsewhere (reprinted in a later pack,
    /// or filed again): where the original is ([`crate::index::copies`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_of: Option<crate::model::Target>,
    /// The document.
    pub document: DocumentSummary,
    /// Character offsets of the passage in the document's text.
    pub start: usize,
    /// See [`Hit::start`].
    pub end: usize,
    /// True when the source cut the text short.
    pub truncated: bool,
    /// With grouping: how many other passages of the same item match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_matches: Option<usize>,
    /// The same text elsewhere: matching passages near-identical to this one, best first (at
    /// most [`MAX_COPIES_LISTED`]; `copies_total` counts them all).
    pub copies: Vec<Copy>,
    /// How many near-identical passages match besides this one.
    pub copies_total: usize,
    /// With `diversify`, on a relevance-ranked first page: how many more passages of this item
    /// match and were held back so that the item does not fill the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more_from_item: Option<usize>,
    /// What the passage cites, resolved against the archive.
    pub references: Vec<crate::model::Reference>,
    /// Passages elsewhere that cite this passage or its item.
    pub cited_by: Vec<crate::index::links::Citation>,
    /// Who speaks in the passage.
    pub speakers: Vec<crate::model::Speaker>,
    /// Which of the query's acronym expansions this hit matched through.
    pub expansions: Vec<build::Expansion>,
}

/// Most copies listed on one hit.
pub const MAX_COPIES_LISTED: usize = 20;

/// Another place the same text appears: a passage near-identical to a hit's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Copy {
    /// Passage id.
    pub id: String,
    /// Its document's id.
    pub document: String,
    /// Its document's path in the corpus.
    pub path: String,
    /// Its document's title.
    pub title: String,
    /// Its meeting's date.
    pub date: Option<chrono::NaiveDate>,
    /// Its page (PDF).
    pub page: Option<u32>,
}

/// What facet counts count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetCounting {
    /// Every matching passage.
    Passages,
    /// Distinct matching passages: the near-identical copies of one passage with a value
    /// count once.
    Distinct,
}

/// Facet counts, one list per counted facet dimension ([`SearchRequest::facets`]), most
/// frequent first. In JSON an object keyed by dimension name, holding the dimensions counted.
#[derive(Debug, Clone, Default)]
pub struct Facets {
    counts: HashMap<Dimension, Vec<FacetCount>>,
}

impl Facets {
    /// The counts of one dimension.
    pub fn get(&self, dimension: Dimension) -> &[FacetCount] {
        self.counts.get(&dimension).map_or(&[], Vec::as_slice)
    }

    fn set(&mut self, dimension: Dimension, counts: Vec<FacetCount>) {
        self.counts.insert(dimension, counts);
    }
}

impl Serialize for Facets {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        for dimension in Dimension::facets().filter(|d| self.counts.contains_key(d)) {
            map.serialize_entry(dimension.name(), self.get(dimension))?;
        }
        map.end()
    }
}

/// One facet value and how many matching passages have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value.
    pub value: String,
    /// Matching passages with it.
    pub count: u64,
}

/// The search engine over one index.
#[derive(Clone)]
pub struct Engine {
    handle: IndexHandle,
    facet_values: Arc<FacetValueCache>,
    facet_counts: Arc<CountCache>,
    answers: Arc<GenerationCache<String, Arc<SearchResponse>>>,
    near: Arc<NearCache>,
    asked: Arc<lookup::QueryCounts>,
}

/// Search answers by request, weighing their hits plus one, `hits` in all.
fn answer_cache(hits: usize) -> GenerationCache<String, Arc<SearchResponse>> {
    GenerationCache::weighted(hits, |answer| answer.hits.len() + 1)
}

/// A hit before it is shown: where it is and how it scored.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    score: Option<f32>,
    address: DocAddress,
}

impl Engine {
    /// Open the index at `path`.
    pub fn open(path: &Path) -> Result<Engine, IndexError> {
        Ok(Engine::new(IndexHandle::open(path)?))
    }

    /// The same engine keeping search answers of at most `hits` hits in all per commit (an
    /// answer weighs its hits plus one; 0 keeps none); a new engine keeps
    /// [`CACHED_ANSWER_HITS`].
    pub fn with_answer_cache(mut self, hits: usize) -> Engine {
        self.answers = Arc::new(answer_cache(hits));
        self
    }

    /// Search over an index already open.
    pub fn new(handle: IndexHandle) -> Engine {
        Engine {
            handle,
            facet_values: Arc::default(),
            facet_counts: Arc::new(CountCache::new(facets::MAX_CACHED_COUNTS)),
            answers: Arc::new(answer_cache(CACHED_ANSWER_HITS)),
            near: Arc::default(),
            asked: Arc::default(),
        }
    }

    /// Read ahead what the first search of the index as it stands would otherwise read: the
    /// near-duplicate groups and each segment's facet profiles and values. `quorum serve`
    /// calls it before it listens; a search works the same without it, only its first answer
    /// is slower.
    pub fn warm(&self) -> Result<(), SearchError> {
        let searcher = self.handle.reader.searcher();
        self.near.get(&searcher, &self.handle.fields)?;
        self.facet_values.warm(&searcher)?;
        Ok(())
    }

    /// The open index.
    pub fn handle(&self) -> &IndexHandle {
        &self.handle
    }

    /// Run one search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, SearchError> {
        let started = Instant::now();
        request.validate()?;
        let key = format!("{request:?}");
        if let Some(kept) = self.answers.get(self.generation(), &key) {
            let mut answer = SearchResponse::clone(&kept);
            self.asked
                .record(&request.query, answer.total, answer.matching);
            answer.took_ms = started.elapsed().as_secs_f64() * 1000.0;
            return Ok(answer);
        }
        let plan = self.plan(request)?;
        let searcher = &plan.searcher;
        let generation = searcher.generation().generation_id();
        self.facet_values.keep_only(searcher);
        let fields = &self.handle.fields;
        let filters = &plan.filters;

        let shown = request.offset + request.limit;
        let depth = if request.group_by_item {
            MAX_GROUP_SCAN
        } else if request.collapse {
            // Copies and held-back passages of an item are found among the next few pages.
            (shown * COLLAPSE_SCAN_FACTOR + COLLAPSE_SCAN_EXTRA).min(MAX_GROUP_SCAN.max(shown))
        } else {
            shown
        };
        let (matching, all_words) = plan.decide(request.limit)?;
        let query = plan.query_with(matching, filters);
        let groups = self.near.get(searcher, fields)?;
        let distinct = request.distinct.then(|| Arc::clone(&groups));
        // Distinct counts are kept apart from counts of every passage.
        let kind = if request.distinct { "distinct " } else { "" };
        let query_key = format!("{kind}{query:?}");
        // Facets no filter narrows are counted over the query's own matches, in the same pass
        // as the top hits, unless this generation of the index has counted them already.
        let mut facets = Facets::default();
        let mut uncounted: Vec<Dimension> = Vec::new();
        for &dimension in request
            .facets
            .iter()
            .filter(|d| filters.values(**d).is_empty())
        {
            match self
                .facet_counts
                .get(generation, &(query_key.clone(), dimension))
            {
                Some(counts) => facets.set(dimension, counts),
                None => uncounted.push(dimension),
            }
        }
        let counting = Counting {
            dimensions: &uncounted,
            distinct: distinct.clone(),
            groups: &groups,
        };
        let Collected {
            ranked,
            total,
            distinct: distinct_matches,
            facets: counted,
        } = self.collect(searcher, &*query, request.sort, depth, &counting)?;
        for (dimension, counts) in counted.counts {
            self.facet_counts
                .put(generation, (query_key.clone(), dimension), counts.clone());
            facets.set(dimension, counts);
        }
        let all_words_total = all_words.unwrap_or(total);
        // A filtered facet counts the matches of the other filters, so its other values show.
        for &dimension in request
            .facets
            .iter()
            .filter(|d| !filters.values(**d).is_empty())
        {
            let own = plan.query_with(matching, &filters.without(dimension));
            let own_key = format!("{kind}{own:?}");
            let counts = match self
                .facet_counts
                .get(generation, &(own_key.clone(), dimension))
            {
                Some(counts) => counts,
                None => {
                    let one = [dimension];
                    let counter =
                        FacetCounter::new(&one, &self.facet_values).distinct(distinct.clone());
                    let counts = searcher
                        .search(&*own, &counter)?
                        .into_iter()
                        .next()
                        .map(top_values)
                        .unwrap_or_default();
                    self.facet_counts
                        .put(generation, (own_key.clone(), dimension), counts.clone());
                    counts
                }
            };
            facets.set(dimension, counts);
        }

        let generator = match plan.text(matching) {
            Some(q) => {
                let mut g = SnippetGenerator::create(searcher, q, fields.text)?;
                g.set_max_num_chars(SNIPPET_CHARS);
                Some(g)
            }
            None => None,
        };
        // Collapsing and grouping by item read columns; only the page shown is read from the
        // store. Grouped by item, an item's passages are counted as before: no collapsing
        // across items.
        let collapsing = request.collapse && !request.group_by_item;
        let candidates = collapse::collapse(searcher, &groups, ranked, collapsing)?;
        let (page, total) = if request.group_by_item {
            let groups = group_by_item(candidates);
            let total = groups.len();
            (paginate(groups, request), total)
        } else if request.diversify && request.sort == Sort::Relevance {
            let ordered = collapse::diversify(candidates, request.limit)
                .into_iter()
                .map(|(c, more)| (c, None, more))
                .collect();
            (paginate(ordered, request), total)
        } else {
            let page = candidates.into_iter().map(|c| (c, None, None)).collect();
            (paginate(page, request), total)
        };
        let distinct_total = if request.group_by_item {
            total
        } else {
            distinct_matches
        };
        let mut hits: Vec<Hit> = Vec::with_capacity(page.len());
        for (candidate, others, more) in page {
            let read = |r: Ranked| -> Result<(Ranked, PassageRecord), SearchError> {
                Ok((r, Store::new(searcher, fields).read(r.address)?))
            };
            let copies_total = candidate.copies.len();
            // One more than listed, so that an original among them can be shown instead.
            let copies = candidate
                .copies
                .into_iter()
                .take(MAX_COPIES_LISTED + 1)
                .map(read)
                .collect::<Result<Vec<_>, _>>()?;
            let ((best, record), copies) = collapse::prefer_original(read(candidate.best)?, copies);
            let mut hit = to_hit(best.score, record, others, generator.as_ref());
            hit.copies_total = copies_total;
            for (_, record) in copies.into_iter().take(MAX_COPIES_LISTED) {
                hit.copies.push(Copy {
                    id: record.passage.id,
                    document: record.document.id,
                    path: record.document.path,
                    title: record.document.title,
                    date: record.meeting.date,
                    page: record.passage.page,
                });
            }
            hit.more_from_item = more;
            hits.push(hit);
        }
        connect::annotate_hits(searcher, fields, &mut hits, &plan.expansions)?;
        let mut suggestions = Vec::new();
        for word in &plan.unknown {
            if let Some(s) = suggest::suggest(searcher, fields, &request.query, word)? {
                suggestions.push(s);
            }
        }
        self.asked.record(&request.query, total, matching);
        let answer = SearchResponse {
            query: request.query.clone(),
            total,
            matching,
            all_words_total,
            distinct_total,
            facet_counts: if request.distinct {
                FacetCounting::Distinct
            } else {
                FacetCounting::Passages
            },
            suggestions,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            hits,
            facets,
            expansions: plan.expansions,
        };
        self.answers.put(generation, key, Arc::new(answer.clone()));
        Ok(answer)
    }

    /// One pass over the matches: the top `depth` in `sort` order, the count, the distinct
    /// count, and the facet counts `counting` asks for.
    fn collect(
        &self,
        searcher: &Searcher,
        query: &dyn TQuery,
        sort: Sort,
        depth: usize,
        counting: &Counting<'_>,
    ) -> Result<Collected, SearchError> {
        let top = TopDocs::with_limit(depth.max(1));
        match sort {
            Sort::Relevance => {
                self.collect_with(searcher, query, top.order_by_score(), counting, |(s, a)| {
                    Ranked {
                        score: Some(s),
                        address: a,
                    }
                })
            }
            Sort::Date | Sort::DateDesc => {
                let order = if sort == Sort::Date {
                    Order::Asc
                } else {
                    Order::Desc
                };
                let by_date = top.order_by_fast_field::<DateTime>("date", order);
                self.collect_with(searcher, query, by_date, counting, |(_, a)| Ranked {
                    score: None,
                    address: a,
                })
            }
        }
    }

    fn collect_with<C, F>(
        &self,
        searcher: &Searcher,
        query: &dyn TQuery,
        top: C,
        counting: &Counting<'_>,
        rank: F,
    ) -> Result<Collected, SearchError>
    where
        C: Collector,
        C::Fruit: IntoIterator,
        F: Fn(<C::Fruit as IntoIterator>::Item) -> Ranked,
    {
        let counter = FacetCounter::new(counting.dimensions, &self.facet_values)
            .distinct(counting.distinct.clone());
        let distinct = DistinctCount::new(Arc::clone(counting.groups));
        let (top, total, distinct, counts) =
            searcher.search(query, &(top, Count, distinct, counter))?;
        let mut facets = Facets::default();
        for (dimension, counts) in counting.dimensions.iter().zip(counts) {
            facets.set(*dimension, top_values(counts));
        }
        let ranked = top.into_iter().map(rank).collect();
        Ok(Collected {
            ranked,
            total,
            distinct,
            facets,
        })
    }
}

/// What [`Engine::collect`] counts besides the top matches.
struct Counting<'a> {
    /// The facet dimensions to count.
    dimensions: &'a [Dimension],
    /// For distinct facet counts, the archive's groups.
    distinct: Option<Arc<NearGroups>>,
    /// The archive's groups, for the distinct total.
    groups: &'a Arc<NearGroups>,
}

/// The top values of one facet, most frequent first, ties by value.
fn top_values(counts: DimensionCounts) -> Vec<FacetCount> {
    let mut out: Vec<FacetCount> = counts
        .into_iter()
        .map(|(value, count)| FacetCount {
            value: value.to_string(),
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    out.truncate(MAX_FACET_VALUES);
    out
}

/// What [`Engine::collect`] gathers.
struct Collected {
    /// The top matches.
    ranked: Vec<Ranked>,
    /// How many passages match.
    total: usize,
    /// How many distinct passages match.
    distinct: usize,
    /// The facet counts asked for.
    facets: Facets,
}

/// A candidate on its way to the page: with grouping, how many other passages of its item
/// match; on a diverse first page, how many of its item were held back.
type Placed = (collapse::Candidate, Option<usize>, Option<usize>);

/// Keep the best candidate of each item (the first seen, as candidates come best first) with
/// the count of the other passages of that item, copies included, by the passages'
/// [`crate::index::schema::GROUP_KEY`] column.
fn group_by_item(candidates: Vec<collapse::Candidate>) -> Vec<Placed> {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let mut groups: Vec<Placed> = Vec::new();
    for c in candidates {
        let copies = c.copies.len();
        match c.item {
            Some(key) => match seen.get(&key) {
                Some(&i) => {
                    if let Some(others) = groups.get_mut(i).and_then(|g| g.1.as_mut()) {
                        *others += 1 + copies;
                    }
                }
                None => {
                    seen.insert(key, groups.len());
                    groups.push((c, Some(copies), None));
                }
            },
            None => groups.push((c, Some(copies), None)),
        }
    }
    groups
}

fn paginate<T>(items: Vec<T>, request: &SearchRequest) -> Vec<T> {
    items
        .into_iter()
        .skip(request.offset)
        .take(request.limit)
        .collect()
}

fn to_hit(
    score: Option<f32>,
    record: PassageRecord,
    other_matches: Option<usize>,
    generator: Option<&SnippetGenerator>,
) -> Hit {
    let p = record.passage;
    Hit {
        snippet: snippet_html(generator, &p.text),
        id: p.id,
        score,
        doc_type: p.doc_type,
        role: p.role,
        text: p.text,
        page: p.page,
        ocr: p.ocr,
        ocr_confidence: p.ocr_confidence,
        section: p.section,
        item: p.item,
        meeting: record.meeting,
        published_in: record.published_in,
        copy_of: None,
        document: record.document,
        start: p.start,
        end: p.end,
        truncated: p.truncated,
        other_matches,
        copies: Vec::new(),
        copies_total: 0,
        more_from_item: None,
        references: p.references,
        cited_by: Vec::new(),
        speakers: p.speakers,
        expansions: Vec::new(),
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use std::path::Path;
    use std::sync::OnceLock;

    use super::Engine;
    use crate::index::{update_index, IndexOptions};

    /// An engine over the sample corpus, indexed once for the unit tests.
    pub fn sample_engine() -> &'static Engine {
        static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
        &ENGINE
            .get_or_init(|| {
                let dir = tempfile::tempdir().unwrap();
                let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
                update_index(&corpus, dir.path(), &IndexOptions::default()).unwrap();
                let engine = Engine::open(dir.path()).unwrap();
                (dir, engine)
            })
            .1
    }
}

#[cfg(test)]
mod tests {
    use super::testing::sample_engine;
    use super::{SearchRequest, SearchResponse};

    /// An answer as a client sees it, less the time it took.
    fn shown(response: &SearchResponse) -> serde_json::Value {
        let mut value = serde_json::to_value(response).unwrap();
        value["took_ms"] = 0.into();
        value
    }

    #[test]
    fn an_answer_asked_again_is_the_one_computed_and_is_counted_again() {
        let engine = sample_engine();
        let uncached = engine.clone().with_answer_cache(0);
        let request = SearchRequest {
            facets: super::Dimension::facets().collect(),
            ..SearchRequest::new("foster carers support")
        };
        let asked = engine.query_stats().searches;
        let first = engine.search(&request).unwrap();
        let again = engine.search(&request).unwrap();
        let fresh = uncached.search(&request).unwrap();
        assert!(!first.hits.is_empty());
        assert_eq!(shown(&again), shown(&first));
        assert_eq!(shown(&fresh), shown(&first));
        assert!(!engine.answers.is_empty());
        assert!(uncached.answers.is_empty());
        // Every search is in the statistics, answered from the cache or not (other tests
        // share the engine, so at least these three).
        assert!(engine.query_stats().searches >= asked + 3);
        // Another page is another answer.
        let second_page = SearchRequest {
            offset: 10,
            ..request.clone()
        };
        let page = engine.search(&second_page).unwrap();
        assert_ne!(shown(&page)["hits"], shown(&first)["hits"]);
    }
}
