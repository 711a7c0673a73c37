//! Groups of near-identical passages across the whole archive, found once per indexing run.
//!
//! In: the committed passages' prints ([`super::fingerprint`]: the SimHash column and the
//! [`BANDS`] band keys of each), and their stored texts for the exact comparison. Out: one
//! `near` record listing each group of two or more near-identical passages by its members'
//! SimHashes ([`write_groups`]); and, for a search, [`NearGroups`]: the group of any passage
//! by its place in a segment, worked out once per searcher generation.
//!
//! How groups are found, in memory that holds a few numbers per passage, not their texts:
//! for each band in turn, every passage's key for that band is read from the column and the
//! keys sorted; passages sharing a key are candidates. A candidate pair whose SimHashes are
//! within [`PREFILTER_BITS`] of each other is compared word by word ([`sets_near`]). Each
//! passage is compared with at most the first [`MAX_COMPARED`] passages sharing a key with
//! it, so a paragraph printed a thousand times costs thousands of comparisons, not half a
//! million. "First" is by SimHash, which the text decides, so the groups do not depend on how
//! the indexing threads happened to lay the passages out in segments. A group is every passage joined by a chain of near pairs, so that two passages
//! judged near are never shown as two hits; the thresholds ([`super::fingerprint`]) keep
//! clauses of one legal form that differ in their particulars from being judged near.
//!
//! Why records rather than a field of each passage: a passage's group depends on every other
//! passage (a new agenda pack makes an old minute a copy), and passages are not rewritten when
//! another document arrives. Like links ([`super::links`]), the `near` record is replaced at the
//! end of each run that changed a document.
//!
//! A passage's group is named by its SimHash: passages with equal SimHashes are one group
//! (their texts are, in all but a 2^-40 chance, the same words), and a group's id is the least
//! SimHash among its members.

use std::rc::Rc;
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, IndexWriter, Searcher, SegmentOrdinal};

use super::fingerprint::{sets_near, shingle_set, BANDS, BAND_BITS, PREFILTER_BITS};
use super::schema::{Fields, BANDS_FIELD, FINGERPRINT};
use super::store::{self, Record, RecordKind, Store};
use super::IndexError;

/// Most groups one passage is compared with among the passages sharing one band key.
pub const MAX_COMPARED: usize = 8;

/// Band keys two passages must share to be compared word by word. Texts with a Jaccard
/// similarity J share each band with probability J², so two of 20 bands are shared by 0.95 of
/// pairs at 0.47 (the least a containment pair can have) and 0.998 at 0.6, and by few unrelated
/// pairs that share one band by chance (a common phrase). On a generated archive of 116,507
/// passages, 106,377 pairs within [`PREFILTER_BITS`] shared a band and 20,671 shared two, and
/// grouping took 0.26 s instead of 1.23 s; over the seeds and `../shared/realworld/` the
/// groups were the same (350 groups of 1,291 passages).
pub const MIN_SHARED_BANDS: usize = 2;

/// Most shingle sets kept while grouping; past it, the cache starts again empty.
const MAX_CACHED_SETS: usize = 8_192;

/// The archive's groups of near-identical passages, as stored: one record, so that the
/// groups add one document to the index's count, not one per group (a count every score's
/// inverse document frequency reads).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearRecord {
    /// Each group's members' SimHashes, ascending and distinct; the first is the group's id.
    pub groups: Vec<Vec<u64>>,
}

impl Record for NearRecord {
    const KIND: RecordKind = RecordKind::Near;
}

/// What grouping found, for the run's log and its tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Grouping {
    /// Passages with a print.
    pub passages: usize,
    /// Groups of two or more.
    pub groups: usize,
    /// Passages in those groups.
    pub grouped: usize,
    /// Pairs compared word by word.
    pub compared: usize,
}

/// Replace the `near` record with the groups of the passages `searcher` sees (none when no
/// passage has a copy). The caller
/// commits.
pub fn write_groups(
    searcher: &Searcher,
    writer: &IndexWriter,
    fields: &Fields,
) -> Result<Grouping, IndexError> {
    let (groups, grouping) = find_groups(searcher, fields)?;
    store::delete_all(writer, fields, RecordKind::Near);
    if groups.is_empty() {
        return Ok(grouping);
    }
    writer.add_document(store::new_document(fields, None, &NearRecord { groups })?)?;
    Ok(grouping)
}

/// Every passage of the index, numbered densely across segments.
struct Nodes {
    /// Where each segment's documents start.
    starts: Vec<u32>,
    /// Each document's SimHash; 0 for a deleted document, a record of another kind, or a
    /// passage too short to print.
    prints: Vec<u64>,
}

impl Nodes {
    fn read(searcher: &Searcher) -> Result<Nodes, IndexError> {
        let mut starts = Vec::new();
        let mut prints = Vec::new();
        for segment in searcher.segment_readers() {
            starts.push(prints.len() as u32);
            let column = segment.fast_fields().u64(FINGERPRINT)?;
            let alive = segment.alive_bitset();
            for doc in 0..segment.max_doc() {
                let live = alive.is_none_or(|a| a.is_alive(doc));
                prints.push(if live {
                    column.first(doc).unwrap_or(0)
                } else {
                    0
                });
            }
        }
        Ok(Nodes { starts, prints })
    }

    fn address(&self, node: u32) -> DocAddress {
        let segment = self
            .starts
            .partition_point(|&s| s <= node)
            .saturating_sub(1);
        let start = self.starts.get(segment).copied().unwrap_or(0);
        DocAddress::new(segment as u32, node - start)
    }
}

/// The one part of a stored [`super::record::PassageRecord`] that grouping reads: the rest of
/// the record is skipped, not built.
#[derive(Deserialize)]
struct TextOf {
    passage: PassageText,
}

impl Record for TextOf {
    const KIND: RecordKind = RecordKind::Passage;
}

#[derive(Deserialize)]
struct PassageText {
    text: String,
}

/// Passages' shingle sets, read from the store when first compared.
struct Texts<'a> {
    store: Store<'a>,
    sets: FxHashMap<u32, Option<Rc<FxHashSet<u64>>>>,
}

impl Texts<'_> {
    fn set(&mut self, nodes: &Nodes, node: u32) -> Result<Option<Rc<FxHashSet<u64>>>, IndexError> {
        if let Some(set) = self.sets.get(&node) {
            return Ok(set.clone());
        }
        let record: TextOf = self.store.read(nodes.address(node))?;
        let set = shingle_set(&record.passage.text).map(Rc::new);
        if self.sets.len() >= MAX_CACHED_SETS {
            self.sets.clear();
        }
        self.sets.insert(node, set.clone());
        Ok(set)
    }

    fn near(&mut self, nodes: &Nodes, a: u32, b: u32) -> Result<bool, IndexError> {
        Ok(match (self.set(nodes, a)?, self.set(nodes, b)?) {
            (Some(a), Some(b)) => sets_near(&a, &b),
            _ => false,
        })
    }
}

/// The groups of near-identical passages `searcher` sees, each as its members' SimHashes
/// (ascending, distinct), in order of their ids.
fn find_groups(
    searcher: &Searcher,
    fields: &Fields,
) -> Result<(Vec<Vec<u64>>, Grouping), IndexError> {
    let nodes = Nodes::read(searcher)?;
    let mut texts = Texts {
        store: Store::new(searcher, fields),
        sets: FxHashMap::default(),
    };
    let mut grouping = Grouping {
        passages: nodes.prints.iter().filter(|p| **p != 0).count(),
        ..Grouping::default()
    };
    // Every pair compared, and whether it was near.
    let mut pairs: FxHashMap<(u32, u32), bool> = FxHashMap::default();
    let mut keys: Vec<(u32, u32)> = Vec::with_capacity(grouping.passages);
    let mut ordered: Vec<(u64, u32)> = Vec::new();
    let mut candidates: Vec<(u32, u32)> = Vec::new();
    let print = |n: u32| nodes.prints.get(n as usize).copied().unwrap_or(0);
    let columns = searcher
        .segment_readers()
        .iter()
        .map(|reader| reader.fast_fields().u64(BANDS_FIELD))
        .collect::<Result<Vec<Column<u64>>, _>>()?;
    let bands_of = |node: u32| -> Vec<u64> {
        let address = nodes.address(node);
        columns
            .get(address.segment_ord as usize)
            .map(|c| c.values_for_doc(address.doc_id).collect())
            .unwrap_or_default()
    };
    let shared_bands = |a: u32, b: u32| -> usize {
        let (a, b) = (bands_of(a), bands_of(b));
        a.iter().zip(&b).filter(|(x, y)| x == y).count()
    };
    for band in 0..BANDS {
        keys.clear();
        for (segment, reader) in searcher.segment_readers().iter().enumerate() {
            let Some(column) = columns.get(segment) else {
                continue;
            };
            let start = nodes.starts.get(segment).copied().unwrap_or(0);
            for doc in 0..reader.max_doc() {
                let node = start + doc;
                if print(node) == 0 {
                    continue;
                }
                if let Some(key) = column.values_for_doc(doc).nth(band) {
                    if key >> BAND_BITS == band as u64 {
                        keys.push((key as u32, node));
                    }
                }
            }
        }
        keys.sort_unstable();
        for run in keys.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
            run_pairs(
                run.iter().map(|&(_, node)| node),
                print,
                &mut ordered,
                &mut candidates,
            );
            for &pair in &candidates {
                if pairs.contains_key(&pair) || shared_bands(pair.0, pair.1) < MIN_SHARED_BANDS {
                    continue;
                }
                grouping.compared += 1;
                let near = texts.near(&nodes, pair.0, pair.1)?;
                pairs.insert(pair, near);
            }
        }
    }
    // A group is every passage joined to it by near pairs.
    let mut root: FxHashMap<u32, u32> = FxHashMap::default();
    for (&(a, b), _) in pairs.iter().filter(|(_, near)| **near) {
        let (ra, rb) = (find(&mut root, a), find(&mut root, b));
        if ra != rb {
            root.insert(ra.max(rb), ra.min(rb));
        }
    }
    let grouped: Vec<u32> = root.keys().copied().collect();
    let mut members: FxHashMap<u32, Vec<u64>> = FxHashMap::default();
    for node in grouped {
        let head = find(&mut root, node);
        members.entry(head).or_default().push(print(node));
    }
    // A head has no parent, so it is not among the keys.
    for (&head, prints) in &mut members {
        prints.push(print(head));
    }
    // Equal SimHashes in two groups join them.
    let mut by_print: FxHashMap<u64, usize> = FxHashMap::default();
    let mut groups: Vec<Vec<u64>> = Vec::new();
    let mut heads: Vec<u32> = members.keys().copied().collect();
    heads.sort_unstable();
    for head in heads {
        let mut prints = members.remove(&head).unwrap_or_default();
        grouping.grouped += prints.len();
        prints.sort_unstable();
        prints.dedup();
        match prints.iter().find_map(|p| by_print.get(p).copied()) {
            Some(existing) => {
                if let Some(group) = groups.get_mut(existing) {
                    group.extend(prints.iter().copied());
                    group.sort_unstable();
                    group.dedup();
                }
                for p in prints {
                    by_print.insert(p, existing);
                }
            }
            None => {
                for &p in &prints {
                    by_print.insert(p, groups.len());
                }
                groups.push(prints);
            }
        }
    }
    groups.sort_unstable();
    grouping.groups = groups.len();
    Ok((groups, grouping))
}

/// The pairs (lesser node first) of a run of passages sharing one band key that may be near:
/// each passage with the first [`MAX_COMPARED`] before it whose SimHash is within
/// [`PREFILTER_BITS`] of its own. "First" is in order of SimHash, then node among equal texts:
/// an order the texts decide, not the segment layout. `ordered` is scratch space.
fn run_pairs(
    run: impl Iterator<Item = u32>,
    print: impl Fn(u32) -> u64,
    ordered: &mut Vec<(u64, u32)>,
    out: &mut Vec<(u32, u32)>,
) {
    ordered.clear();
    ordered.extend(run.map(|node| (print(node), node)));
    ordered.sort_unstable();
    out.clear();
    for (i, &(own, node)) in ordered.iter().enumerate().skip(1) {
        for &(other, earlier) in ordered.iter().take(i.min(MAX_COMPARED)) {
            if (own ^ other).count_ones() <= PREFILTER_BITS {
                out.push((earlier.min(node), earlier.max(node)));
            }
        }
    }
}

/// The head of `x`'s set in the union-find forest `root` (a node absent from it is its own
/// head), shortening the path on the way.
fn find(root: &mut FxHashMap<u32, u32>, mut x: u32) -> u32 {
    while let Some(&parent) = root.get(&x) {
        if parent == x {
            break;
        }
        let grand = root.get(&parent).copied().unwrap_or(parent);
        root.insert(x, grand);
        x = grand;
    }
    x
}

/// The groups of near-identical passages of one searcher generation: what a search reads to
/// collapse copies and to count distinct passages. Which documents of each segment have
/// copies is worked out once, when the groups are loaded (one read of the SimHash column), so
/// a search asks a bit per match rather than reading the column.
#[derive(Debug, Default)]
pub struct NearGroups {
    /// Each member SimHash's group.
    groups: FxHashMap<u64, u64>,
    /// By segment ordinal, the segment's members.
    segments: Vec<SegmentMembers>,
}

/// The documents of one segment that have near-identical copies, and their groups.
#[derive(Debug, Default)]
struct SegmentMembers {
    /// One bit per document.
    bits: Vec<u64>,
    groups: FxHashMap<DocId, u64>,
}

impl SegmentMembers {
    fn group(&self, doc: DocId) -> Option<u64> {
        let word = self.bits.get((doc / 64) as usize)?;
        if (word >> (doc % 64)) & 1 == 0 {
            return None;
        }
        self.groups.get(&doc).copied()
    }
}

impl NearGroups {
    /// The groups recorded in the index `searcher` sees, with their members in its segments.
    pub fn load(searcher: &Searcher, fields: &Fields) -> Result<NearGroups, IndexError> {
        let mut groups: FxHashMap<u64, u64> = FxHashMap::default();
        for record in Store::new(searcher, fields).all::<NearRecord>()? {
            for prints in record.groups {
                let Some(&id) = prints.first() else {
                    continue;
                };
                for print in prints {
                    groups.insert(print, id);
                }
            }
        }
        let mut segments = Vec::new();
        if !groups.is_empty() {
            for segment in searcher.segment_readers() {
                let column = segment.fast_fields().u64(FINGERPRINT)?;
                let mut members = SegmentMembers {
                    bits: vec![0; (segment.max_doc() as usize).div_ceil(64)],
                    groups: FxHashMap::default(),
                };
                for doc in 0..segment.max_doc() {
                    let print = column.first(doc).unwrap_or(0);
                    if print == 0 {
                        continue;
                    }
                    if let Some(&group) = groups.get(&print) {
                        if let Some(word) = members.bits.get_mut((doc / 64) as usize) {
                            *word |= 1 << (doc % 64);
                        }
                        members.groups.insert(doc, group);
                    }
                }
                segments.push(members);
            }
        }
        Ok(NearGroups { groups, segments })
    }

    /// The group of the passage at `doc` of segment `segment`, when it has near-identical
    /// copies elsewhere in the archive; `None` for a passage with none (or too short to
    /// print).
    pub fn group_of(&self, segment: SegmentOrdinal, doc: DocId) -> Option<u64> {
        self.segments.get(segment as usize)?.group(doc)
    }

    /// The group of the passage with SimHash `print`, as [`NearGroups::group_of`] says.
    #[cfg(test)]
    fn shared(&self, print: u64) -> Option<u64> {
        if print == 0 {
            return None;
        }
        self.groups.get(&print).copied()
    }

    /// True when no passage has a copy.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// The [`NearGroups`] of the current searcher generation, loaded once per generation and
/// shared by every search of an engine.
#[derive(Default)]
pub struct NearCache {
    state: Mutex<Option<(u64, Arc<NearGroups>)>>,
}

impl NearCache {
    /// The groups `searcher`'s generation holds.
    pub fn get(&self, searcher: &Searcher, fields: &Fields) -> Result<Arc<NearGroups>, IndexError> {
        let generation = searcher.generation().generation_id();
        if let Some((g, groups)) = &*self.lock() {
            if *g == generation {
                return Ok(Arc::clone(groups));
            }
        }
        // Loaded outside the lock; two searches may both load a new generation's groups.
        let groups = Arc::new(NearGroups::load(searcher, fields)?);
        *self.lock() = Some((generation, Arc::clone(&groups)));
        Ok(groups)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(u64, Arc<NearGroups>)>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::fingerprint::print;
    use crate::index::{update_index, IndexHandle, IndexOptions};

    const MOTION: &str = "Councillor Ames moved that the council ask the highways authority to \
        lower the speed limit on Mill Lane to twenty miles an hour outside the primary school, \
        and to paint new crossing markings before the autumn term begins.";

    const OTHER: &str = "The treasurer reported that the reserves stood at forty thousand \
        pounds at the end of the quarter, and members agreed to keep the precept unchanged.";

    fn paper(committee: &str, date: &str, items: &[&str]) -> String {
        let mut text = format!("{committee}\nMinutes of the meeting held on {date}\n\n");
        for (i, item) in items.iter().enumerate() {
            text.push_str(&format!("{}. Item {}\n{item}\n\n", i + 1, i + 1));
        }
        text
    }

    fn groups(corpus: &std::path::Path, index: &std::path::Path) -> (NearGroups, Grouping) {
        update_index(corpus, index, &IndexOptions::default()).unwrap();
        let handle = IndexHandle::open(index).unwrap();
        handle.reader.reload().unwrap();
        let searcher = handle.reader.searcher();
        let (_, grouping) = find_groups(&searcher, &handle.fields).unwrap();
        (
            NearGroups::load(&searcher, &handle.fields).unwrap(),
            grouping,
        )
    }

    #[test]
    fn copies_across_papers_form_one_group_and_a_lone_text_none() {
        let corpus = tempfile::tempdir().unwrap();
        let index = tempfile::tempdir().unwrap();
        let carried = format!("{MOTION} Councillor Bell seconded and the motion was carried.");
        let reflowed = MOTION.replace(", and", ",\nand");
        let files = [
            (
                "a.txt",
                paper("Parish Council", "3 March 2021", &[MOTION, OTHER]),
            ),
            (
                "b.txt",
                paper("Parish Council", "7 April 2021", &[&carried]),
            ),
            (
                "c.txt",
                paper("Highways Panel", "9 April 2021", &[&reflowed]),
            ),
        ];
        for (name, text) in &files {
            std::fs::write(corpus.path().join(name), text).unwrap();
        }
        let (near, grouping) = groups(corpus.path(), index.path());
        assert_eq!(grouping.groups, 1, "{grouping:?}");
        // A passage is its item's heading and text.
        let print = |n: usize, text: &str| print(&format!("{n}. Item {n}\n{text}")).simhash;
        let motion = near.shared(print(1, MOTION));
        assert!(motion.is_some());
        for copy in [&carried, &reflowed] {
            assert_eq!(near.shared(print(1, copy)), motion, "{copy}");
        }
        assert_eq!(near.shared(print(2, OTHER)), None);
        assert_eq!(near.shared(0), None);

        // Once the other papers are gone, the motion has no copy.
        std::fs::remove_file(corpus.path().join("b.txt")).unwrap();
        std::fs::remove_file(corpus.path().join("c.txt")).unwrap();
        let (near, grouping) = groups(corpus.path(), index.path());
        assert_eq!(grouping.groups, 0, "{grouping:?}");
        assert!(near.is_empty());
    }

    #[test]
    fn the_pairs_of_a_run_depend_on_the_texts_not_the_order_of_indexing() {
        // Twelve passages sharing a key, more than are compared with each: prints 0..12 with
        // a few bits set (all within the prefilter of each other), numbered as one layout of
        // segments would number them and as another would.
        let prints: Vec<u64> = (0..12u64).map(|i| i * 3).collect();
        let pairs_as_prints = |numbering: &dyn Fn(usize) -> u32| {
            let print_of = |node: u32| {
                (0..prints.len())
                    .find(|&i| numbering(i) == node)
                    .map_or(0, |i| prints[i])
            };
            let (mut ordered, mut out) = (Vec::new(), Vec::new());
            let run = (0..prints.len()).map(numbering);
            run_pairs(run, print_of, &mut ordered, &mut out);
            let mut as_prints: Vec<(u64, u64)> = out
                .iter()
                .map(|&(a, b)| {
                    let (x, y) = (print_of(a), print_of(b));
                    (x.min(y), x.max(y))
                })
                .collect();
            as_prints.sort_unstable();
            as_prints
        };
        let forward = pairs_as_prints(&|i| i as u32);
        let backward = pairs_as_prints(&|i| (100 - i) as u32);
        assert_eq!(forward, backward);
        // Each of the twelve after the first is paired with at most MAX_COMPARED others.
        let most: usize = (1..prints.len()).map(|i| i.min(MAX_COMPARED)).sum();
        assert_eq!(forward.len(), most);
    }
}
