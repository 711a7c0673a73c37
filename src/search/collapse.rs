//! A first page of distinct answers: near-duplicate passages collapsed into one hit, and no
//! item allowed to fill the page.
//!
//! In: the ranked matches (best first), the index's item-key column, and the archive's
//! groups of near-identical passages ([`NearGroups`], found at indexing). Out:
//! [`Candidate`]s, each the best-ranked match of a group with the group's other matches as its
//! copies, in rank order; for the page shown, a group's original is shown before a
//! republication of it ([`crate::index::copies`]); then, for a relevance-ranked page, at most
//! [`PER_ITEM_ON_FIRST_PAGE`] candidates of one item on the first page, the rest following
//! it, with how many were held back. Collapsing reads a column and a bit per match; only
//! the passages shown are read from the store.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use tantivy::columnar::Column;
use tantivy::{Searcher, SegmentOrdinal};

use super::{Ranked, SearchError};
use crate::index::copies::filed_later;
use crate::index::near::NearGroups;
use crate::index::record::PassageRecord;
use crate::index::schema::GROUP_KEY;

/// Most passages of one item among the first page of a relevance-ranked search.
pub const PER_ITEM_ON_FIRST_PAGE: usize = 2;

/// The best passage of a group of near-identical matches, and the others.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The best-ranked passage of the group.
    pub best: Ranked,
    /// The other matches of the group, in rank order.
    pub copies: Vec<Ranked>,
    /// The best passage's item key ([`GROUP_KEY`]).
    pub item: Option<u64>,
}

/// Collapse `ranked` (best first) into groups of near-identical passages, as `groups` says;
/// with `collapse` false, each passage stays alone.
pub fn collapse(
    searcher: &Searcher,
    groups: &NearGroups,
    ranked: Vec<Ranked>,
    collapse: bool,
) -> Result<Vec<Candidate>, SearchError> {
    let mut columns: HashMap<SegmentOrdinal, Column<u64>> = HashMap::new();
    let mut placed: HashMap<u64, usize> = HashMap::new();
    let mut out: Vec<Candidate> = Vec::with_capacity(ranked.len());
    for r in ranked {
        let segment = r.address.segment_ord;
        let column = match columns.entry(segment) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(
                searcher
                    .segment_reader(segment)
                    .fast_fields()
                    .u64(GROUP_KEY)?,
            ),
        };
        let item = column.first(r.address.doc_id);
        let group = if collapse {
            groups.group_of(segment, r.address.doc_id)
        } else {
            None
        };
        if let Some(group) = group {
            match placed.entry(group) {
                Entry::Occupied(e) => {
                    if let Some(candidate) = out.get_mut(*e.get()) {
                        candidate.copies.push(r);
                    }
                    continue;
                }
                Entry::Vacant(e) => {
                    e.insert(out.len());
                }
            }
        }
        out.push(Candidate {
            best: r,
            copies: Vec::new(),
            item,
        });
    }
    Ok(out)
}

/// True when `record` is a copy of minutes published first elsewhere: reprinted inside a later
/// paper, or filed under a later meeting's papers.
fn republished(record: &PassageRecord) -> bool {
    record.published_in.is_some() || filed_later(&record.document.path, &record.meeting)
}

/// A group as shown: its passage and the copies listed, with their records.
pub type Shown = ((Ranked, PassageRecord), Vec<(Ranked, PassageRecord)>);

/// Show a group's original rather than a republication of it, when the group holds both: the
/// group keeps its place in the ranking, and the republication becomes one of its copies.
pub fn prefer_original(
    best: (Ranked, PassageRecord),
    mut copies: Vec<(Ranked, PassageRecord)>,
) -> Shown {
    if !republished(&best.1) {
        return (best, copies);
    }
    let Some(i) = copies.iter().position(|(_, r)| !republished(r)) else {
        return (best, copies);
    };
    let original = copies.remove(i);
    copies.insert(0, best);
    (original, copies)
}

/// Order `candidates` so that the first page (`limit` hits) holds at most
/// [`PER_ITEM_ON_FIRST_PAGE`] of any one item; the ones held back follow the page in their
/// order. Each shown candidate of an item with some held back carries how many.
pub fn diversify(candidates: Vec<Candidate>, limit: usize) -> Vec<(Candidate, Option<usize>)> {
    let mut shown: Vec<(Candidate, Option<usize>)> = Vec::new();
    let mut later: Vec<(Candidate, Option<usize>)> = Vec::new();
    let mut per_item: HashMap<u64, usize> = HashMap::new();
    let mut held: HashMap<u64, usize> = HashMap::new();
    for candidate in candidates {
        if shown.len() >= limit {
            later.push((candidate, None));
            continue;
        }
        match candidate.item {
            Some(item) => {
                let count = per_item.entry(item).or_default();
                if *count < PER_ITEM_ON_FIRST_PAGE {
                    *count += 1;
                    shown.push((candidate, None));
                } else {
                    *held.entry(item).or_default() += 1;
                    later.push((candidate, None));
                }
            }
            None => shown.push((candidate, None)),
        }
    }
    // Say it on the last hit of the item shown.
    for (item, count) in held {
        if let Some(last) = shown.iter_mut().rev().find(|(c, _)| c.item == Some(item)) {
            last.1 = Some(count);
        }
    }
    shown.extend(later);
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::DocAddress;

    fn candidate(doc: u32, item: Option<u64>) -> Candidate {
        Candidate {
            best: Ranked {
                score: Some(1.0),
                address: DocAddress::new(0, doc),
            },
            copies: Vec::new(),
            item,
        }
    }

    #[test]
    fn an_item_fills_at_most_two_places_of_the_first_page() {
        let ranked = vec![
            candidate(0, Some(7)),
            candidate(1, Some(7)),
            candidate(2, Some(7)),
            candidate(3, None),
            candidate(4, Some(7)),
            candidate(5, Some(9)),
        ];
        let ordered = diversify(ranked, 4);
        let docs: Vec<u32> = ordered.iter().map(|(c, _)| c.best.address.doc_id).collect();
        assert_eq!(docs, [0, 1, 3, 5, 2, 4]);
        assert_eq!(ordered[1].1, Some(2), "two more from item 7");
        assert_eq!(ordered[0].1, None);
    }
}
