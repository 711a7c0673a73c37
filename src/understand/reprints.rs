//! Minutes reprinted inside another paper: the previous meeting's minutes carried in the next
//! meeting's agenda pack, "to confirm as a correct record".
//!
//! In: the content lines of a paper that is not itself minutes, its own meeting, its item
//! headings and where its embedded reports start. Out: each [`Reprint`]: the byte range it
//! runs over, the meeting it records (read from its own heading the way any paper's head is
//! read, [`super::header`]) and its own numbered items.
//!
//! A reprint opens at a line that starts with "Minutes" ("MINUTES OF THE MEETING OF ...",
//! "Minutes of a meeting of ...", "Draft minutes", or "Minutes" alone), with the one or two
//! short lines above it that carry its letterhead. It is taken as one only when the evidence
//! agrees: its heading reads as minutes with a date, that date is before the paper's own
//! meeting (a paper cannot reprint minutes not yet held), and numbered items of its own
//! follow. It runs to the paper's next item heading, the next embedded report, or the end.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::header::{read_header, Clues};
use super::items::{find_items_in, ItemHeading};
use super::lines::{Line, Plain};
use super::path::PathClues;
use crate::model::{DocType, Meeting};

/// Lines of a reprint's heading read for its meeting, at most.
const HEAD_LINES: usize = 8;
/// Short lines above the opening line taken as its letterhead, at most.
const LETTERHEAD_LINES: usize = 2;
/// Most words in a letterhead line above the opening.
const LETTERHEAD_WORDS: usize = 8;
/// Most words in the opening line: a heading, not a sentence about minutes.
const OPENING_WORDS: usize = 30;

static OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:draft|unconfirmed|confirmed|approved|signed)\s+)?minutes(?:\s+(?:of|from)(?-u:\b)|\s*$)",
    )
    .unwrap_or_else(|e| panic!("reprint pattern: {e}"))
});

/// The paper that may carry reprints, as [`super::understand`] has read it so far.
#[derive(Debug, Clone, Copy)]
pub struct Paper<'c, 't> {
    /// Its content lines, read plain (blank and noise lines dropped).
    pub content: &'c [(Line<'t>, Plain<'t>)],
    /// Its text.
    pub text: &'t str,
    /// Its type.
    pub doc_type: DocType,
    /// Its own meeting.
    pub meeting: &'c Meeting,
    /// Where its business starts.
    pub head_end: usize,
    /// Where its embedded reports start.
    pub reports: &'c [usize],
}

/// Minutes reprinted inside another paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reprint {
    /// Byte range of the reprint, its heading included.
    pub range: Range<usize>,
    /// The meeting it records.
    pub meeting: Meeting,
    /// Its own numbered items.
    pub headings: Vec<ItemHeading>,
}

/// The minutes reprinted in `paper`, and the paper's own item headings read again without the
/// reprints' (`headings` are the ones first read; `read_items` reads headings from content
/// lines the way they were first read).
///
/// A reprint's items can look like the paper's own: "2. Minutes" then "7. Chapel roof" is a
/// rising sequence. So the reprint's items are read from its opening on, the lines from its
/// opening to its last item heading are set aside, the paper's items are read again from what
/// is left, and the reprint ends at the paper's next item.
pub fn find(
    paper: &Paper<'_, '_>,
    headings: Vec<ItemHeading>,
    read_items: impl Fn(&[(Line<'_>, Plain<'_>)]) -> Vec<ItemHeading>,
) -> (Vec<Reprint>, Vec<ItemHeading>) {
    let Paper {
        content,
        text,
        head_end,
        reports,
        ..
    } = *paper;
    if paper.doc_type == DocType::Minutes {
        return (Vec::new(), headings);
    }
    let mut out: Vec<Reprint> = Vec::new();
    let mut headings = headings;
    for (i, (line, p)) in content.iter().enumerate() {
        if line.start < head_end
            || out.last().is_some_and(|r| line.start < r.range.end)
            || !OPENING.is_match(p)
            || p.split_whitespace().count() > OPENING_WORDS
            || headings.iter().any(|h| h.start == line.start)
        {
            continue;
        }
        let Some(found) = read_one(paper, i, &headings) else {
            continue;
        };
        // Read the paper's items again with this reprint's heading and items set aside.
        let last_own = found.headings.last().map_or(found.range.start, |h| h.start);
        let aside = |l: &Line<'_>| {
            (found.range.start <= l.start && l.start <= last_own)
                || out.iter().any(|r| r.range.contains(&l.start))
        };
        let kept: Vec<(Line<'_>, Plain<'_>)> =
            content.iter().filter(|(l, _)| !aside(l)).cloned().collect();
        let again = read_items(&kept);
        let end = again
            .iter()
            .map(|h| h.start)
            .chain(reports.iter().copied())
            .filter(|&at| at > last_own)
            .min()
            .unwrap_or(text.len());
        let mut reprint = found;
        reprint.range.end = end;
        reprint.headings.retain(|h| h.start < end);
        headings = again;
        out.push(reprint);
    }
    (out, headings)
}

/// The reprint opening at content line `i`, when the evidence agrees that it is one; its
/// items are read from its opening to the next report (or the end), and it runs as far.
fn read_one(paper: &Paper<'_, '_>, i: usize, headings: &[ItemHeading]) -> Option<Reprint> {
    let Paper {
        content,
        text,
        head_end,
        reports,
        ..
    } = *paper;
    let opening = content.get(i)?.0.start;
    let mut first = i;
    while first > 0 && i - first < LETTERHEAD_LINES {
        let (line, p) = content.get(first - 1)?;
        let short = p.split_whitespace().count() <= LETTERHEAD_WORDS;
        let sentence = p.ends_with('.') || p.ends_with(':');
        if line.start < head_end
            || !short
            || sentence
            || headings.iter().any(|h| h.start == line.start)
        {
            break;
        }
        first -= 1;
    }
    let start = content.get(first)?.0.start;
    let limit = reports
        .iter()
        .copied()
        .filter(|&at| at > opening)
        .min()
        .unwrap_or(text.len());
    let last = content.partition_point(|(l, _)| l.start < limit);
    let own = find_items_in(content.get(i..last)?);
    let first_item = own.first()?.start;
    // Items that go on with the paper's own numbering are the paper's ("2. Minutes", a line
    // naming the minutes to approve, then "3. Public questions").
    let carrying = headings.iter().rev().find(|h| h.start < opening);
    let number = |h: &ItemHeading| -> Option<u32> {
        let digits: String = h.number.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    let continues = match (carrying.and_then(number), own.first().and_then(number)) {
        (Some(carrying), Some(first)) => first == carrying + 1,
        _ => false,
    };
    if continues {
        return None;
    }

    let head: Vec<String> = content
        .get(first..last)?
        .iter()
        .take_while(|(l, _)| l.start < first_item)
        .take(HEAD_LINES)
        .map(|(_, p)| p.to_string())
        .collect();
    let window = text.get(start..first_item)?;
    let header = read_header(&Clues {
        head: &head,
        furniture: &[],
        whole: window,
        format_title: None,
        path: &PathClues::default(),
        letterhead: &head
            .iter()
            .take(LETTERHEAD_LINES + 1)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
    });
    let date = header.meeting.date?;
    let earlier = paper.meeting.date.is_none_or(|own_date| date < own_date);
    if header.doc_type != DocType::Minutes || !earlier {
        return None;
    }
    let mut meeting = header.meeting;
    if meeting.council.is_none() {
        meeting.council.clone_from(&paper.meeting.council);
    }
    Some(Reprint {
        range: start..limit,
        meeting,
        headings: own,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::understand::items::read_items;
    use crate::understand::lines::{lines, plain};

    fn reprints(text: &str, paper_date: &str) -> (Vec<Reprint>, Vec<String>) {
        let content: Vec<(Line<'_>, Plain<'_>)> = lines(text)
            .into_iter()
            .map(|l| (l, plain(l.raw)))
            .filter(|(_, p)| !p.is_empty())
            .collect();
        let (headings, _) = read_items(&content);
        let paper = Meeting {
            date: paper_date.parse().ok(),
            ..Meeting::default()
        };
        let head_end = headings.first().map_or(0, |h| h.start);
        let paper = Paper {
            content: &content,
            text,
            doc_type: DocType::Agenda,
            meeting: &paper,
            head_end,
            reports: &[],
        };
        let (found, own) = find(&paper, headings, find_items_in);
        (found, own.into_iter().map(|h| h.number).collect())
    }

    const PACK: &str = "\
Upper Wendle Parish Council

Agenda for the meeting on 9 May 2023

1. Welcome

2. Minutes of the last meeting

Members are asked to approve the minutes below.

Upper Wendle Parish Council
Minutes of the meeting of the Finance Committee held on 4 April 2023

14. Bank reconciliation

The clerk presented the reconciliation for the quarter, which members checked against the statements.

15. Grass cutting contract

Members agreed to seek three quotes for the coming season.

3. Correspondence

A letter from the village hall trustees.
";

    #[test]
    fn minutes_in_a_pack_are_the_earlier_meeting_with_their_own_items() {
        let (found, own) = reprints(PACK, "2023-05-09");
        assert_eq!(own, ["1", "2", "3"], "the paper's own items");
        assert_eq!(found.len(), 1, "{found:?}");
        let r = &found[0];
        assert_eq!(r.meeting.date, "2023-04-04".parse().ok());
        assert_eq!(r.meeting.committee.as_deref(), Some("Finance Committee"));
        let numbers: Vec<&str> = r.headings.iter().map(|h| h.number.as_str()).collect();
        assert_eq!(numbers, ["14", "15"]);
        let body = &PACK[r.range.clone()];
        assert!(
            body.starts_with("Upper Wendle Parish Council\nMinutes of"),
            "{body}"
        );
        assert!(body.contains("three quotes") && !body.contains("Correspondence"));
    }

    #[test]
    fn minutes_not_yet_held_or_without_items_are_not_a_reprint() {
        // A paper cannot carry minutes of a meeting after its own.
        assert!(reprints(PACK, "2023-03-01").0.is_empty());
        let no_items = "\
1. Welcome

2. Minutes

Minutes of the meeting held on 4 April 2023 are to follow.

3. Correspondence
";
        assert!(reprints(no_items, "2023-05-09").0.is_empty());
        // The paper's own next item is not a reprinted minute.
        let named = "\
1. Welcome

2. Minutes

Minutes of the meeting held on 4 April 2023

3. Correspondence

A letter from the village hall trustees.

4. Any other business
";
        assert!(reprints(named, "2023-05-09").0.is_empty());
    }
}
