//! A first page of distinct answers: near-duplicate passages collapsed into one hit, and no
//! item allowed to fill the page.
//!
//! In: the ranked matches (best first), the index's fingerprint and item-key columns, and the
//! stored passages. Out: [`Candidate`]s, each the best passage of a group of near-identical
//! texts ([`crate::index::fingerprint::Grouper`]) with the others as its copies, in rank
//! order, a group's original shown before a republication of it ([`crate::index::copies`]);
//! then, for a relevance-ranked page, at most [`PER_ITEM_ON_FIRST_PAGE`] candidates of one
//! item on the first page, the rest following it, with how many were held back.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use tantivy::columnar::Column;
use tantivy::schema::Field;
use tantivy::{Searcher, SegmentOrdinal};

use super::{load_passage, Ranked, SearchError};
use crate::index::copies::filed_later;
use crate::index::fingerprint::Grouper;
use crate::index::record::PassageRecord;
use crate::index::schema::{FINGERPRINT, GROUP_KEY};

/// Most passages of one item among the first page of a relevance-ranked search.
pub const PER_ITEM_ON_FIRST_PAGE: usize = 2;

/// The best passage of a group of near-identical matches, and the others.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The best-ranked passage of the group.
    pub best: Ranked,
    /// Its stored record, when collapsing read it.
    pub record: Option<PassageRecord>,
    /// The other passages of the group, in rank order, with their records.
    pub copies: Vec<(Ranked, PassageRecord)>,
    /// The best passage's item key ([`GROUP_KEY`]).
    pub item: Option<u64>,
}

/// The columns read per segment.
struct Columns {
    fingerprint: Column<u64>,
    item: Column<u64>,
}

/// Collapse `ranked` (best first) into groups of near-identical passages, reading each
/// passage's text from `payload`; with `collapse` false, each passage stays alone and nothing
/// is read from the store.
pub fn collapse(
    searcher: &Searcher,
    payload: Field,
    ranked: Vec<Ranked>,
    collapse: bool,
) -> Result<Vec<Candidate>, SearchError> {
    let mut columns: HashMap<SegmentOrdinal, Columns> = HashMap::new();
    let mut grouper = Grouper::new();
    let mut out: Vec<Candidate> = Vec::with_capacity(ranked.len());
    for r in ranked {
        let segment = r.address.segment_ord;
        let column = match columns.entry(segment) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let fast = searcher.segment_reader(segment).fast_fields();
                e.insert(Columns {
                    fingerprint: fast.u64(FINGERPRINT)?,
                    item: fast.u64(GROUP_KEY)?,
                })
            }
        };
        let item = column.item.first(r.address.doc_id);
        if !collapse {
            out.push(Candidate {
                best: r,
                record: None,
                copies: Vec::new(),
                item,
            });
            continue;
        }
        let print = column.fingerprint.first(r.address.doc_id).unwrap_or(0);
        let record = load_passage(searcher, payload, r.address)?;
        let (group, new) = grouper.assign(print, &record.passage.text);
        if new {
            out.push(Candidate {
                best: r,
                record: Some(record),
                copies: Vec::new(),
                item,
            });
        } else if let Some(candidate) = out.get_mut(group) {
            candidate.copies.push((r, record));
        }
    }
    for candidate in &mut out {
        prefer_original(candidate);
    }
    Ok(out)
}

/// True when `record` is a copy of minutes published first elsewhere: reprinted inside a later
/// paper, or filed under a later meeting's papers.
fn republished(record: &PassageRecord) -> bool {
    record.published_in.is_some() || filed_later(&record.document.path, &record.meeting)
}

/// Show a group's original rather than a republication of it, when the group holds both: the
/// group keeps its place in the ranking, and the republication becomes one of its copies.
fn prefer_original(candidate: &mut Candidate) {
    if !candidate.record.as_ref().is_some_and(republished) {
        return;
    }
    let Some(i) = candidate.copies.iter().position(|(_, r)| !republished(r)) else {
        return;
    };
    let Some(record) = candidate.record.take() else {
        return;
    };
    let (ranked, original) = candidate.copies.remove(i);
    let shown = std::mem::replace(&mut candidate.best, ranked);
    candidate.copies.insert(0, (shown, record));
    candidate.record = Some(original);
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
            record: None,
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
