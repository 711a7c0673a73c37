//! One meeting's minutes published more than once: which paper is the original and which are
//! copies of it.
//!
//! Councils republish minutes: the next meeting's agenda pack reprints them "to confirm as a
//! correct record" ([`crate::understand::reprints`]), and a site files them again under the
//! later meeting ("Minutes of Previous Meeting.pdf"). In: every [`Outline`], as
//! [`super::links::write_links`] reads them. Out: one [`CopyLink`] per copy, pointing at the
//! original, replaced with the links at the end of each run.
//!
//! Two records are of the same minutes when they record the same committee's meeting on the
//! same date, and their councils do not disagree. The original is, in order: a paper of its
//! own rather than a reprint inside another; one whose folders and file name do not date it
//! after the meeting it records ([`filed_later`]); the first by path.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::resolve::Outline;
use super::store::{Record, RecordKind};
use crate::model::{DocType, Meeting, Target};
use crate::understand::path;

/// A record of one meeting's minutes: a minutes paper, or minutes reprinted inside a paper.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// Where they are: the document, and their first passage.
    pub at: Target,
    /// The meeting they record.
    pub meeting: Meeting,
    /// True for minutes reprinted inside another paper.
    pub reprint: bool,
}

/// A copy of a meeting's minutes and the original it copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyLink {
    /// The copy (for a reprint, its first passage).
    pub copy: Target,
    /// True when the copy is reprinted inside another paper.
    pub reprint: bool,
    /// The original.
    pub original: Target,
}

impl Record for CopyLink {
    const KIND: RecordKind = RecordKind::Copy;
}

/// Every record of minutes in `outline`: the paper itself when it is minutes, and each
/// stretch of minutes reprinted inside it.
pub fn recorded(outline: &Outline) -> Vec<Recorded> {
    let target = |first: Option<&str>, date: Option<NaiveDate>| Target {
        id: first.unwrap_or(&outline.id).to_string(),
        document: outline.id.clone(),
        item: None,
        title: Some(outline.title.clone()),
        date,
        path: Some(outline.path.clone()),
    };
    let mut out = Vec::new();
    if outline.doc_type == DocType::Minutes && outline.meeting.date.is_some() {
        out.push(Recorded {
            at: target(
                outline.passages.first().map(|p| p.id.as_str()),
                outline.meeting.date,
            ),
            meeting: outline.meeting.clone(),
            reprint: false,
        });
    }
    for reprint in &outline.reprints {
        out.push(Recorded {
            at: target(Some(&reprint.first), reprint.meeting.date),
            meeting: reprint.meeting.clone(),
            reprint: true,
        });
    }
    out
}

/// True when the path of a paper recording `meeting` dates it only after that meeting: it is
/// filed under a later meeting's papers.
pub fn filed_later(rel: &str, meeting: &Meeting) -> bool {
    let Some(date) = meeting.date else {
        return false;
    };
    let clues = path::read(rel);
    let dates: Vec<NaiveDate> = clues
        .file_dates
        .iter()
        .chain(&clues.folder_dates)
        .copied()
        .collect();
    !dates.is_empty() && dates.iter().all(|d| *d > date)
}

/// The copies among `records`, each with its original.
pub fn copies(records: Vec<Recorded>) -> Vec<CopyLink> {
    let mut by_meeting: BTreeMap<(String, NaiveDate), Vec<Recorded>> = BTreeMap::new();
    for r in records {
        let (Some(committee), Some(date)) = (&r.meeting.committee, r.meeting.date) else {
            continue;
        };
        by_meeting
            .entry((committee.to_lowercase(), date))
            .or_default()
            .push(r);
    }
    let mut out = Vec::new();
    for mut group in by_meeting.into_values() {
        if group.len() < 2 {
            continue;
        }
        group.sort_by_cached_key(|r| {
            let path = r.at.path.clone().unwrap_or_default();
            (
                r.reprint,
                filed_later(&path, &r.meeting),
                path,
                r.at.id.clone(),
            )
        });
        let mut members = group.into_iter();
        let Some(original) = members.next() else {
            continue;
        };
        for copy in members {
            let disagree = matches!(
                (&copy.meeting.council, &original.meeting.council),
                (Some(a), Some(b)) if !a.eq_ignore_ascii_case(b)
            );
            if disagree || copy.at.document == original.at.document {
                continue;
            }
            out.push(CopyLink {
                copy: copy.at,
                reprint: copy.reprint,
                original: original.at.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(doc: &str, path: &str, date: &str, reprint: bool) -> Recorded {
        Recorded {
            at: Target {
                id: format!("{doc}-p0"),
                document: doc.into(),
                item: None,
                title: None,
                date: date.parse().ok(),
                path: Some(path.into()),
            },
            meeting: Meeting {
                council: Some("Ashbourne".into()),
                committee: Some("Planning Board".into()),
                date: date.parse().ok(),
                ..Meeting::default()
            },
            reprint,
        }
    }

    #[test]
    fn the_meetings_own_paper_is_the_original_and_the_others_copy_it() {
        let links = copies(vec![
            record("pack", "2024-05-02/agenda-pack.pdf", "2024-04-04", true),
            record(
                "filed",
                "2024-05-02/minutes-previous.pdf",
                "2024-04-04",
                false,
            ),
            record("own", "2024-04-04/minutes.pdf", "2024-04-04", false),
            record("other", "2024-03-07/minutes.pdf", "2024-03-07", false),
        ]);
        let pairs: Vec<(&str, &str, bool)> = links
            .iter()
            .map(|l| {
                (
                    l.copy.document.as_str(),
                    l.original.document.as_str(),
                    l.reprint,
                )
            })
            .collect();
        assert_eq!(pairs, [("filed", "own", false), ("pack", "own", true)]);
    }

    #[test]
    fn without_the_original_a_filed_copy_stands_for_it_and_councils_must_agree() {
        let links = copies(vec![
            record("pack", "2024-05-02/agenda-pack.pdf", "2024-04-04", true),
            record(
                "filed",
                "2024-05-02/minutes-previous.pdf",
                "2024-04-04",
                false,
            ),
        ]);
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].original.document, "filed");

        let mut elsewhere = record("elsewhere", "b/minutes.pdf", "2024-04-04", false);
        elsewhere.meeting.council = Some("Brackley".into());
        let links = copies(vec![
            record("own", "a/minutes.pdf", "2024-04-04", false),
            elsewhere,
        ]);
        assert!(links.is_empty(), "{links:?}");
    }

    #[test]
    fn a_path_dated_after_the_meeting_files_it_later() {
        let meeting = record("x", "", "2025-01-30", false).meeting;
        assert!(filed_later(
            "cabinet/2025-03-04/Minutes of Previous Meeting.pdf",
            &meeting
        ));
        assert!(!filed_later(
            "cabinet/2025-01-30/Printed minutes.pdf",
            &meeting
        ));
        assert!(!filed_later("minutes.pdf", &meeting));
    }
}
