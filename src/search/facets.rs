//! Facet counts for the sidebar: how many matching passages carry each value of a dimension.
//!
//! In: a query's matches, segment by segment, the [`Dimension`]s to count, and, for distinct
//! counts, the archive's groups of near-identical passages ([`NearGroups`]). Out: for each
//! dimension, its values with their counts ([`DimensionCounts`]): matching passages, or
//! distinct matching passages (the copies of one group with a value count once for it); and
//! [`DistinctCount`], how many distinct passages match in all.
//!
//! Matches are counted by the facet's term ordinal in each segment, and ordinals become values
//! through a table read once per segment from its facet dictionary and kept
//! ([`FacetValueCache`]): segments never change, and looking values up for every query was a
//! fifth of query time at a million passages (each lookup decompresses a dictionary block).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::cache::GenerationCache;
use super::filters::Dimension;
use crate::index::near::NearGroups;

/// Most facet counts [`CountCache`] keeps (a query's counts of one dimension each).
pub const MAX_CACHED_COUNTS: usize = 4096;

/// Facet counts already computed, by query (its `Debug` form names it) and dimension, for one
/// searcher generation: the same search asked again, or another page of it, reuses them.
pub type CountCache = GenerationCache<(String, Dimension), Vec<super::FacetCount>>;

/// One dimension's counts: value → matching passages.
pub type DimensionCounts = HashMap<Arc<str>, u64>;

/// A segment's facet values by ordinal; `None` for an entry that names no value (the root).
type ValueTable = Arc<[Option<Arc<str>>]>;

/// The ordinal → value tables and the profiles (documents numbered by their single values) of
/// the segments in use, shared by every search of an engine.
#[derive(Default)]
pub struct FacetValueCache {
    tables: Mutex<HashMap<(SegmentId, Dimension), ValueTable>>,
    profiles: Mutex<HashMap<SegmentId, Arc<Profiles>>>,
}

impl FacetValueCache {
    /// Forget the segments `searcher` no longer has (merged away or deleted).
    pub fn keep_only(&self, searcher: &Searcher) {
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        self.lock().retain(|(segment, _), _| live.contains(segment));
        self.profiles
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|segment, _| live.contains(segment));
    }

    /// Read, for every segment `searcher` has, what counting facets reads on its first search
    /// of a segment: the profiles and the value tables of the dimensions a passage has one
    /// value of (committee, council, type, role, year, municipal year). At a
    /// million passages this is a quarter of a second, better spent before the first
    /// question than during it.
    pub fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        self.keep_only(searcher);
        for segment in searcher.segment_readers() {
            self.profiles(segment)?;
            for dimension in PROFILED {
                if let Ok(reader) = segment.facet_reader(dimension.name()) {
                    self.table(segment.segment_id(), dimension, &reader)?;
                }
            }
        }
        Ok(())
    }

    /// The segment's [`Profiles`], read once and kept while the segment lives.
    fn profiles(&self, segment: &SegmentReader) -> tantivy::Result<Arc<Profiles>> {
        let id = segment.segment_id();
        let lock = || self.profiles.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(profiles) = lock().get(&id) {
            return Ok(Arc::clone(profiles));
        }
        // Read outside the lock, as the value tables are.
        let profiles = Arc::new(Profiles::read(segment)?);
        lock().insert(id, Arc::clone(&profiles));
        Ok(profiles)
    }

    fn table(
        &self,
        segment: SegmentId,
        dimension: Dimension,
        reader: &FacetReader,
    ) -> tantivy::Result<ValueTable> {
        if let Some(table) = self.lock().get(&(segment, dimension)) {
            return Ok(Arc::clone(table));
        }
        // Read outside the lock: two searches may both read a new segment's table; the
        // tables are equal, and neither waits on the other.
        let table = read_values(reader)?;
        self.lock().insert((segment, dimension), Arc::clone(&table));
        Ok(table)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(SegmentId, Dimension), ValueTable>> {
        // The map holds no invariant a panicking holder could break.
        self.tables.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Every value of a segment's facet dictionary, in ordinal order.
fn read_values(reader: &FacetReader) -> tantivy::Result<ValueTable> {
    let mut values = Vec::with_capacity(reader.num_facets());
    let mut stream = reader.facet_dict().stream()?;
    while stream.advance() {
        let value = Facet::from_encoded(stream.key().to_vec())
            .ok()
            .and_then(|facet| facet.to_path().last().map(|v| Arc::<str>::from(*v)));
        values.push(value);
    }
    Ok(values.into())
}

/// The dimensions every passage has at most one value of, read for a segment in one go.
const PROFILED: [Dimension; 6] = [
    Dimension::Committee,
    Dimension::Council,
    Dimension::Type,
    Dimension::Role,
    Dimension::Year,
    Dimension::MunicipalYear,
];

/// A passage's ordinals in the [`PROFILED`] dimensions.
type Profile = [Option<u32>; PROFILED.len()];

/// Each document of a segment by its profile (its ordinals in the [`PROFILED`] dimensions),
/// the segment's distinct profiles numbered. A passage's meeting, type and role repeat through
/// its paper, so a segment has few profiles, and a search counts a match with one array
/// look-up where reading its facet columns took one column look-up per dimension (a quarter
/// of a search's time at a million passages); the counts are spread to values once, per
/// profile, at the end.
struct Profiles {
    /// Each document's profile number.
    of_doc: Vec<u32>,
    profiles: Vec<Profile>,
    /// Whether each [`PROFILED`] dimension has at most one value on every document here; one
    /// that has more is counted the slow way.
    single: [bool; PROFILED.len()],
}

impl Profiles {
    fn read(segment: &SegmentReader) -> tantivy::Result<Profiles> {
        // A dimension the schema lacks is left to the slow way, which says so if it is asked.
        let readers: Vec<Option<FacetReader>> = PROFILED
            .iter()
            .map(|d| segment.facet_reader(d.name()).ok())
            .collect();
        let mut single = [true; PROFILED.len()];
        for (one, reader) in single.iter_mut().zip(&readers) {
            *one = reader.is_some();
        }
        let mut numbers: HashMap<Profile, u32> = HashMap::new();
        let mut profiles: Vec<Profile> = Vec::new();
        let mut of_doc = Vec::with_capacity(segment.max_doc() as usize);
        for doc in 0..segment.max_doc() {
            let mut profile: Profile = [None; PROFILED.len()];
            for (i, reader) in readers.iter().enumerate() {
                let Some(reader) = reader else { continue };
                let mut ords = reader.facet_ords(doc);
                let first = ords.next();
                if ords.any(|other| Some(other) != first) {
                    if let Some(one) = single.get_mut(i) {
                        *one = false;
                    }
                }
                if let Some(slot) = profile.get_mut(i) {
                    *slot = first.and_then(|o| u32::try_from(o).ok());
                }
            }
            let number = *numbers.entry(profile).or_insert_with(|| {
                profiles.push(profile);
                (profiles.len() - 1) as u32
            });
            of_doc.push(number);
        }
        Ok(Profiles {
            of_doc,
            profiles,
            single,
        })
    }
}

/// Counts the values of some dimensions over a query's matches.
pub struct FacetCounter<'a> {
    dimensions: &'a [Dimension],
    cache: &'a FacetValueCache,
    distinct: Option<Arc<NearGroups>>,
}

impl<'a> FacetCounter<'a> {
    /// A counter of `dimensions`, reading value tables through `cache`, counting every
    /// matching passage.
    pub fn new(dimensions: &'a [Dimension], cache: &'a FacetValueCache) -> Self {
        FacetCounter {
            dimensions,
            cache,
            distinct: None,
        }
    }

    /// The same, counting distinct passages when `distinct` holds the archive's groups: the
    /// matching passages of one group that share a value count once for it.
    pub fn distinct(self, distinct: Option<Arc<NearGroups>>) -> Self {
        FacetCounter { distinct, ..self }
    }
}

/// One value's matches in a segment: passages without copies, and the groups of the others.
#[derive(Default)]
pub struct Tally {
    alone: u64,
    groups: HashSet<u64>,
}

impl Collector for FacetCounter<'_> {
    type Fruit = Vec<DimensionCounts>;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        // Counting distinct passages needs each match's group with each value: the slow way.
        let wanted = self.dimensions.iter().any(|d| PROFILED.contains(d));
        let profiles = match self.distinct {
            None if wanted => Some(self.cache.profiles(segment)?),
            _ => None,
        };
        let mut columns = Vec::new();
        let mut dimensions = Vec::with_capacity(self.dimensions.len());
        for (at, &dimension) in self.dimensions.iter().enumerate() {
            let reader = segment.facet_reader(dimension.name())?;
            let values = self.cache.table(segment.segment_id(), dimension, &reader)?;
            let column = profiles.as_ref().and_then(|p| {
                let i = PROFILED.iter().position(|d| *d == dimension)?;
                p.single.get(i).copied().unwrap_or(false).then_some(i)
            });
            if let Some(i) = column {
                columns.push((at, i));
            }
            dimensions.push(DimensionCounter {
                counts: vec![0; values.len()],
                grouped: HashSet::new(),
                reader,
                values,
                profiled: column.is_some(),
            });
        }
        let profiled = match profiles {
            Some(table) if !columns.is_empty() => Some(Profiled {
                counts: vec![0; table.profiles.len()],
                table,
                columns,
            }),
            _ => None,
        };
        let distinct = self
            .distinct
            .as_ref()
            .map(|groups| (ordinal, Arc::clone(groups)));
        Ok(SegmentFacetCounter {
            dimensions,
            profiled,
            distinct,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segments: Vec<Vec<HashMap<Arc<str>, Tally>>>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut merged: Vec<HashMap<Arc<str>, Tally>> =
            (0..self.dimensions.len()).map(|_| HashMap::new()).collect();
        for segment in segments {
            for (total, tallies) in merged.iter_mut().zip(segment) {
                for (value, tally) in tallies {
                    let sum = total.entry(value).or_default();
                    sum.alone += tally.alone;
                    sum.groups.extend(tally.groups);
                }
            }
        }
        Ok(merged
            .into_iter()
            .map(|tallies| {
                tallies
                    .into_iter()
                    .map(|(value, t)| (value, t.alone + t.groups.len() as u64))
                    .collect()
            })
            .collect())
    }
}

/// [`FacetCounter`]'s work in one segment.
pub struct SegmentFacetCounter {
    dimensions: Vec<DimensionCounter>,
    /// The dimensions counted by profile, when any are.
    profiled: Option<Profiled>,
    /// For distinct counts: the segment's ordinal and the archive's groups.
    distinct: Option<(SegmentOrdinal, Arc<NearGroups>)>,
}

struct DimensionCounter {
    reader: FacetReader,
    values: ValueTable,
    /// Matches without copies, by ordinal.
    counts: Vec<u64>,
    /// Matches with copies: (ordinal, group).
    grouped: HashSet<(u64, u64)>,
    /// Counted by profile ([`Profiled`]), not here.
    profiled: bool,
}

/// Matches counted by profile in one segment.
struct Profiled {
    table: Arc<Profiles>,
    /// Matches by profile number.
    counts: Vec<u64>,
    /// (the counter's place in the dimensions, the dimension's place in [`PROFILED`]).
    columns: Vec<(usize, usize)>,
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = Vec<HashMap<Arc<str>, Tally>>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let group = self
            .distinct
            .as_ref()
            .and_then(|(segment, groups)| groups.group_of(*segment, doc));
        if let Some(profiled) = &mut self.profiled {
            let number = profiled.table.of_doc.get(doc as usize).copied();
            if let Some(count) = number.and_then(|n| profiled.counts.get_mut(n as usize)) {
                *count += 1;
            }
        }
        for dimension in self.dimensions.iter_mut().filter(|d| !d.profiled) {
            // A passage counts once per value: the writer adds each value once, and an
            // equal neighbour is skipped anyway.
            let mut previous = None;
            for ord in dimension.reader.facet_ords(doc) {
                if previous != Some(ord) {
                    match group {
                        Some(group) => {
                            dimension.grouped.insert((ord, group));
                        }
                        None => {
                            if let Some(count) = dimension.counts.get_mut(ord as usize) {
                                *count += 1;
                            }
                        }
                    }
                }
                previous = Some(ord);
            }
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        if let Some(profiled) = &self.profiled {
            for (number, &count) in profiled.counts.iter().enumerate() {
                let Some(profile) = profiled.table.profiles.get(number).filter(|_| count > 0)
                else {
                    continue;
                };
                for &(at, i) in &profiled.columns {
                    let ord = profile.get(i).copied().flatten();
                    let counter = self.dimensions.get_mut(at);
                    if let Some(slot) = ord
                        .zip(counter)
                        .and_then(|(ord, counter)| counter.counts.get_mut(ord as usize))
                    {
                        *slot += count;
                    }
                }
            }
        }
        self.dimensions
            .into_iter()
            .map(|dimension| {
                let value = |ord: usize| dimension.values.get(ord).cloned().flatten();
                let mut tallies: HashMap<Arc<str>, Tally> = dimension
                    .counts
                    .iter()
                    .enumerate()
                    .filter(|(_, count)| **count > 0)
                    .filter_map(|(ord, count)| {
                        let tally = Tally {
                            alone: *count,
                            groups: HashSet::new(),
                        };
                        Some((value(ord)?, tally))
                    })
                    .collect();
                for (ord, group) in dimension.grouped {
                    if let Some(value) = value(ord as usize) {
                        tallies.entry(value).or_default().groups.insert(group);
                    }
                }
                tallies
            })
            .collect()
    }
}

/// How many distinct passages match: passages without copies, plus one for each group of
/// near-identical passages with a match.
pub struct DistinctCount {
    groups: Arc<NearGroups>,
}

impl DistinctCount {
    /// A count over the archive's `groups`.
    pub fn new(groups: Arc<NearGroups>) -> Self {
        DistinctCount { groups }
    }
}

impl Collector for DistinctCount {
    type Fruit = usize;
    type Child = SegmentDistinctCount;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        _segment: &SegmentReader,
    ) -> tantivy::Result<SegmentDistinctCount> {
        Ok(SegmentDistinctCount {
            segment: ordinal,
            groups: Arc::clone(&self.groups),
            tally: Tally::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Tally>) -> tantivy::Result<usize> {
        let mut total = Tally::default();
        for tally in segments {
            total.alone += tally.alone;
            total.groups.extend(tally.groups);
        }
        Ok(total.alone as usize + total.groups.len())
    }
}

/// [`DistinctCount`]'s work in one segment.
pub struct SegmentDistinctCount {
    segment: SegmentOrdinal,
    groups: Arc<NearGroups>,
    tally: Tally,
}

impl SegmentCollector for SegmentDistinctCount {
    type Fruit = Tally;

    fn collect(&mut self, doc: DocId, _score: Score) {
        match self.groups.group_of(self.segment, doc) {
            Some(group) => {
                self.tally.groups.insert(group);
            }
            None => self.tally.alone += 1,
        }
    }

    fn harvest(self) -> Tally {
        self.tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::AllQuery;
    use tantivy::schema::{FacetOptions, Schema};
    use tantivy::{doc, Index, IndexWriter, ReloadPolicy};

    fn counts_of(counts: &DimensionCounts) -> Vec<(String, u64)> {
        let mut out: Vec<(String, u64)> = counts.iter().map(|(v, c)| (v.to_string(), *c)).collect();
        out.sort();
        out
    }

    #[test]
    fn counts_values_across_segments_and_forgets_merged_segments() -> tantivy::Result<()> {
        let mut builder = Schema::builder();
        let committee = builder.add_facet_field("committee", FacetOptions::default());
        let person = builder.add_facet_field("person", FacetOptions::default());
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
        let facet = |v: &str| Facet::from_path([v]);
        // Two commits: two segments, whose ordinals for the same value differ.
        writer.add_document(doc!(committee => facet("Executive"), person => facet("Ann Lee"), person => facet("Bo Chan")))?;
        writer.add_document(doc!(committee => facet("Scrutiny")))?;
        writer.commit()?;
        writer.add_document(doc!(committee => facet("Executive"), person => facet("Bo Chan")))?;
        writer.add_document(doc!(person => facet("Cy Dow")))?;
        writer.commit()?;

        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let cache = FacetValueCache::default();
        let dimensions = [Dimension::Committee, Dimension::Person];
        let counts = searcher.search(&AllQuery, &FacetCounter::new(&dimensions, &cache))?;
        assert_eq!(
            counts_of(&counts[0]),
            [("Executive".to_string(), 2), ("Scrutiny".to_string(), 1)]
        );
        assert_eq!(
            counts_of(&counts[1]),
            [
                ("Ann Lee".to_string(), 1),
                ("Bo Chan".to_string(), 2),
                ("Cy Dow".to_string(), 1)
            ]
        );
        assert_eq!(cache.lock().len(), 4, "one table per segment and dimension");

        let segments = index.searchable_segment_ids()?;
        writer.merge(&segments).wait()?;
        reader.reload()?;
        let merged = reader.searcher();
        cache.keep_only(&merged);
        assert!(
            cache.lock().is_empty(),
            "the merged-away segments are forgotten"
        );
        let again = merged.search(&AllQuery, &FacetCounter::new(&dimensions, &cache))?;
        assert_eq!(again, counts);
        assert_eq!(cache.lock().len(), 2);
        Ok(())
    }
}

#[cfg(test)]
mod counting {
    use crate::index::{update_index, IndexOptions};
    use crate::search::filters::Dimension;
    use crate::search::testing::sample_engine;
    use crate::search::{Engine, SearchRequest};

    fn counts(engine: &Engine, request: &SearchRequest) -> serde_json::Value {
        let response = engine.search(request).unwrap();
        serde_json::to_value(&response.facets).unwrap()
    }

    /// The query a search for `words` runs, as the engine plans it.
    fn query_for(engine: &Engine, words: &str) -> Box<dyn tantivy::query::Query> {
        let request = SearchRequest::new(words);
        let plan = engine.plan(&request).unwrap();
        let (matching, _) = plan.decide(request.limit).unwrap();
        plan.query_with(matching, &plan.filters)
    }

    #[test]
    fn counting_by_profile_gives_what_reading_each_column_gives() {
        use super::{FacetCounter, FacetValueCache};
        use crate::index::near::NearGroups;
        use std::sync::Arc;
        let engine = sample_engine();
        let searcher = engine.handle().reader.searcher();
        let dimensions = Dimension::default_facets();
        let cache = FacetValueCache::default();
        for words in ["care", "foster carers", "budget OR Ofsted", "the"] {
            let query = query_for(engine, words);
            let fast = searcher
                .search(&*query, &FacetCounter::new(&dimensions, &cache))
                .unwrap();
            // With no groups, distinct counting counts every passage, reading each column.
            let slow_counter = FacetCounter::new(&dimensions, &cache)
                .distinct(Some(Arc::new(NearGroups::default())));
            let slow = searcher.search(&*query, &slow_counter).unwrap();
            assert_eq!(fast, slow, "{words}");
            assert!(fast.iter().any(|d| !d.is_empty()), "{words}");
        }
    }

    #[test]
    fn a_warmed_cache_holds_every_segment_and_counts_the_same() {
        use super::{FacetCounter, FacetValueCache, PROFILED};
        let engine = sample_engine();
        let searcher = engine.handle().reader.searcher();
        let dimensions = Dimension::default_facets();
        let warmed = FacetValueCache::default();
        warmed.warm(&searcher).unwrap();
        let segments = searcher.segment_readers().len();
        assert!(segments > 0);
        assert_eq!(warmed.profiles.lock().unwrap().len(), segments);
        assert_eq!(warmed.lock().len(), segments * PROFILED.len());
        let query = query_for(engine, "care");
        let cold = FacetValueCache::default();
        assert_eq!(
            searcher
                .search(&*query, &FacetCounter::new(&dimensions, &warmed))
                .unwrap(),
            searcher
                .search(&*query, &FacetCounter::new(&dimensions, &cold))
                .unwrap()
        );
        engine.warm().unwrap();
    }

    #[test]
    fn an_answer_counts_the_facets_it_names() {
        let engine = sample_engine();
        let default = counts(engine, &SearchRequest::new("care"));
        let keys: Vec<&String> = default.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "committee",
                "council",
                "municipal_year",
                "role",
                "type",
                "year"
            ]
        );
        let none = SearchRequest {
            facets: Vec::new(),
            ..SearchRequest::new("care")
        };
        assert_eq!(counts(engine, &none), serde_json::json!({}));
        let all = SearchRequest {
            facets: Dimension::facets().collect(),
            ..SearchRequest::new("care")
        };
        let every = counts(engine, &all);
        assert_eq!(every.as_object().unwrap().len(), 8);
        // Counted once or asked again (from the cache), the counts are the same.
        assert_eq!(every["committee"], default["committee"]);
        assert_eq!(counts(engine, &all), every);
        let filtered = SearchRequest {
            filters: crate::search::Filters::default()
                .with("type", "minutes")
                .unwrap(),
            ..SearchRequest::new("care")
        };
        let narrowed = counts(engine, &filtered);
        assert_eq!(narrowed["type"], default["type"], "a facet's own filter");
        assert_ne!(narrowed["committee"], default["committee"]);
    }

    #[test]
    fn a_commit_is_counted_afresh() {
        let corpus = tempfile::tempdir().unwrap();
        let index = tempfile::tempdir().unwrap();
        let write = |name: &str, committee: &str| {
            let text = format!(
                "{committee}\nMinutes of the meeting held on 3 March 2021\n\n\
                 1. Budget\nThe budget for libraries was agreed.\n"
            );
            std::fs::write(corpus.path().join(name), text).unwrap();
        };
        write("a.txt", "Finance Committee");
        let options = IndexOptions::default();
        update_index(corpus.path(), index.path(), &options).unwrap();
        let engine = Engine::open(index.path()).unwrap();
        let request = SearchRequest::new("budget libraries");
        let first = engine.search(&request).unwrap();
        write("b.txt", "Libraries Committee");
        update_index(corpus.path(), index.path(), &options).unwrap();
        engine.handle().reader.reload().unwrap();
        let second = engine.search(&request).unwrap();
        let sum = |r: &crate::search::SearchResponse| -> u64 {
            r.facets.get(Dimension::Type).iter().map(|f| f.count).sum()
        };
        assert_eq!(sum(&first), first.total as u64);
        assert_eq!(sum(&second), second.total as u64);
        assert!(
            second.total > first.total,
            "{} then {}",
            first.total,
            second.total
        );
    }
}
