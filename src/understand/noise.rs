//! Text that is on the page but is not the paper: page furniture and publishing-site clutter.
//!
//! In: an [`Extracted`] text (its `page_starts` for paged formats). Out: [`Noise`]: sorted,
//! non-overlapping byte ranges that must never become passage text, and the offsets where the
//! source cut text short (ModernGov's "... view the full minutes text for item 65."), so the
//! passage ending there can be marked truncated.
//!
//! What counts as noise:
//! - page numbers on their own line ("Page 5", "Page 5 of 40", "- 5 -", a bare number at the
//!   top or bottom of a PDF page);
//! - running headers and footers: a line (digits ignored) found at the top or bottom of at
//!   least half the pages of a PDF of three or more pages;
//! - "This page is left intentionally blank" and its variants;
//! - ModernGov clutter: "view the full minutes text for item N" (a truncation), "pdf icon PDF
//!   98 KB" after item titles, "View directions", "View the background to item N.".
//!
//! Nothing is removed from the text itself: passages point into the extracted text, and the
//! segments they are cut from skip these ranges ([`subtract`]).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashMap;

use super::lines::{plain, Line, Plain};
use crate::extract::Extracted;

/// What to leave out of passages, and where text was cut short.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Noise {
    /// Byte ranges to leave out, sorted and non-overlapping.
    pub ranges: Vec<Range<usize>>,
    /// Byte offsets at which the source truncated the text (the start of the removed marker).
    pub truncations: Vec<usize>,
}

/// A line that is only a page number, or says the page is blank: one pattern, so each line
/// is read once.
static PAGE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // "Page 3", "Page 3 of 12", "- 3 -", "3/12".
        r"(?i)^(?:page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|-\s*\d{1,4}\s*-|\d{1,4}\s*/\s*\d{1,4}",
        // "This page is intentionally left blank".
        r"|(?:this\s+)?page\s+(?:is\s+|has\s+been\s+)?(?:left\s+)?intentionally\s+(?:left\s+)?blank\.?)$",
    ))
    .unwrap_or_else(|e| panic!("noise pattern: {e}"))
});

/// Whether `line` opens as [`PAGE_LINE`] can ("page", "this page", "- 3 -", "3/12"): most
/// lines do not, and a byte is cheaper to look at than the pattern is to run. A line opening
/// past ASCII is left to the pattern (`\d` is any script's digit).
fn may_be_page_line(line: &str) -> bool {
    line.as_bytes().first().is_some_and(|b| {
        matches!(b, b'p' | b'P' | b't' | b'T' | b'-') || b.is_ascii_digit() || *b >= 0x80
    })
}

/// Longest plain line [`PAGE_LINE`] can match, in bytes: 49 characters of at most 4 bytes.
const PAGE_LINE_BYTES: usize = 200;

/// "  ...  view the full minutes text for item 65." (ModernGov's cut-off summary).
static FULL_TEXT_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:\.\.\.|…)?\s*view the full (?:minutes|decision|agenda) text for item \d+[A-Za-z]?\.?")
        .unwrap_or_else(|e| panic!("noise pattern: {e}"))
});

/// A [`FULL_TEXT_MARKER`] without its optional edges: a text holds one exactly when it holds
/// this, which a literal search finds far faster than the marker's leading `\s*` lets it.
static FULL_TEXT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)view the full (?:minutes|decision|agenda) text for item \d")
        .unwrap_or_else(|e| panic!("noise pattern: {e}"))
});

/// [`SITE_CLUTTER`] without its optional edges (see [`FULL_TEXT_CUE`]).
static SITE_CLUTTER_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)PDF\s+\d+(?:\.\d+)?\s*[KM]B(?-u:\b)|View directions(?-u:\b)|View the (?:background|reasons?|decision) (?:to|for|why) item \d")
        .unwrap_or_else(|e| panic!("noise pattern: {e}"))
});

/// "pdf icon PDF 98 KB", "PDF 1 MB", "View directions", "View the background to item 31.".
static SITE_CLUTTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:(?:pdf icon\s+)?PDF\s+\d+(?:\.\d+)?\s*[KM]B(?-u:\b)|View directions(?-u:\b)\.?|View the (?:background|reasons?|decision) (?:to|for|why) item \d+[A-Za-z]?(?: is restricted)?\.?)")
        .unwrap_or_else(|e| panic!("noise pattern: {e}"))
});

/// `s` without ModernGov clutter ("pdf icon PDF 98 KB"), trimmed: for item titles.
pub fn strip_site_clutter(s: &str) -> String {
    SITE_CLUTTER.replace_all(s, "").trim().to_string()
}

/// Find the noise in an extracted text (reading its lines first; [`find_in`] takes them read).
#[cfg(test)]
fn find(extracted: &Extracted) -> Noise {
    let read: Vec<(Line<'_>, Plain<'_>)> = super::lines::lines(&extracted.text)
        .into_iter()
        .map(|l| (l, plain(l.raw)))
        .collect();
    find_in(extracted, &read)
}

/// Find the noise in an extracted text, given every line of it with its plain reading.
pub fn find_in(extracted: &Extracted, read: &[(Line<'_>, Plain<'_>)]) -> Noise {
    let text = extracted.text.as_str();
    let mut ranges = Vec::new();
    let mut truncations = Vec::new();
    // A match within a line is a match within the text, so a text with none is not searched
    // line by line (most papers hold no publishing-site clutter).
    let markers = FULL_TEXT_CUE.is_match(text);
    let clutter = SITE_CLUTTER_CUE.is_match(text);
    for (line, p) in read {
        if p.len() <= PAGE_LINE_BYTES && may_be_page_line(p) && PAGE_LINE.is_match(p) {
            ranges.push(line.range());
            continue;
        }
        if markers {
            for m in FULL_TEXT_MARKER.find_iter(line.raw) {
                ranges.push(line.start + m.start()..line.start + m.end());
                truncations.push(line.start + m.start());
            }
        }
        if clutter {
            for m in SITE_CLUTTER.find_iter(line.raw) {
                ranges.push(line.start + m.start()..line.start + m.end());
            }
        }
    }
    let all_lines: Vec<Line<'_>> = read.iter().map(|(l, _)| *l).collect();
    ranges.extend(running_furniture(text, &all_lines, &extracted.page_starts));
    Noise {
        ranges: merge(ranges),
        truncations,
    }
}

/// How many non-blank lines at each edge of a page are looked at for furniture.
const EDGE_LINES: usize = 3;

/// Lines repeated at the top or bottom of most pages, and bare page numbers at page edges.
fn running_furniture(
    text: &str,
    all_lines: &[Line<'_>],
    page_starts: &[usize],
) -> Vec<Range<usize>> {
    if page_starts.len() < 3 {
        return Vec::new();
    }
    // Edge lines of each page, found by walking the lines once.
    let mut edges: Vec<Vec<Range<usize>>> = vec![Vec::new(); page_starts.len()];
    let mut page_lines: Vec<Vec<Range<usize>>> = vec![Vec::new(); page_starts.len()];
    for line in all_lines.iter().filter(|l| !l.is_blank()) {
        let page = page_starts.partition_point(|&s| s <= line.start).max(1) - 1;
        if let Some(v) = page_lines.get_mut(page) {
            v.push(line.range());
        }
    }
    for (page, ls) in page_lines.iter().enumerate() {
        let head = ls.iter().take(EDGE_LINES);
        let tail = ls
            .iter()
            .rev()
            .take(EDGE_LINES.min(ls.len().saturating_sub(EDGE_LINES)));
        if let Some(e) = edges.get_mut(page) {
            e.extend(head.chain(tail).cloned());
        }
    }
    let key = |r: &Range<usize>| -> String {
        plain(text.get(r.clone()).unwrap_or(""))
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut pages_with: FxHashMap<String, usize> = FxHashMap::default();
    for e in &edges {
        let mut seen: Vec<String> = e.iter().map(key).collect();
        seen.sort();
        seen.dedup();
        for k in seen {
            *pages_with.entry(k).or_default() += 1;
        }
    }
    let threshold = page_starts.len().div_ceil(2).max(3);
    let mut out = Vec::new();
    for e in &edges {
        for r in e {
            let k = key(r);
            let bare_number = !k.is_empty() && k.chars().all(|c| c == '#');
            let repeated = pages_with.get(&k).is_some_and(|&n| n >= threshold);
            if bare_number || (repeated && !k.is_empty()) {
                out.push(r.clone());
            }
        }
    }
    out
}

/// Sort and merge overlapping or touching ranges.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.retain(|r| r.start < r.end);
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// `range` with the noise ranges cut out: the pieces left, in order.
pub fn subtract(range: Range<usize>, noise: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut cursor = range.start;
    let first = noise.partition_point(|n| n.end <= range.start);
    for n in noise.iter().skip(first) {
        if n.start >= range.end {
            break;
        }
        if n.start > cursor {
            out.push(cursor..n.start);
        }
        cursor = cursor.max(n.end);
    }
    if cursor < range.end {
        out.push(cursor..range.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise_text(text: &str) -> Vec<String> {
        let e = Extracted {
            text: text.to_string(),
            ..Extracted::default()
        };
        find(&e)
            .ranges
            .iter()
            .map(|r| text[r.clone()].to_string())
            .collect()
    }

    #[test]
    fn page_numbers_and_blank_pages() {
        let found =
            noise_text("Intro\nPage 5\nBody\nThis page is left intentionally blank\n- 7 -\n");
        assert_eq!(
            found,
            ["Page 5", "This page is left intentionally blank", "- 7 -"]
        );
        assert!(noise_text("Page 5 of the report says").is_empty());
    }

    #[test]
    fn moderngov_truncation_is_cut_and_recorded() {
        let text = "it was acknowledged that much remained to  ...  view the full minutes text for item 65.\n66.";
        let e = Extracted {
            text: text.into(),
            ..Extracted::default()
        };
        let n = find(&e);
        assert_eq!(n.truncations.len(), 1);
        let cut = &text[n.ranges[0].clone()];
        assert!(cut.contains("view the full minutes text"), "{cut}");
        assert!(text[..n.truncations[0]].ends_with("remained to"));
    }

    #[test]
    fn site_clutter_leaves_titles() {
        assert_eq!(
            strip_site_clutter("PROGRESS OF THE FOSTERING SERVICE pdf icon PDF 135 KB"),
            "PROGRESS OF THE FOSTERING SERVICE"
        );
        assert_eq!(strip_site_clutter("Minutes  PDF 99 KB"), "Minutes");
    }

    #[test]
    fn running_headers_repeat_across_pages() {
        let mut text = String::new();
        let mut starts = Vec::new();
        let bodies = ["Apples grow.", "Pears fall.", "Plums ripen.", "Figs dry."];
        for (page, body) in bodies.iter().enumerate() {
            starts.push(text.len());
            text.push_str(&format!("Cabinet 30 January 2025\n{body}\n{}\n", page + 1));
        }
        let e = Extracted {
            text: text.clone(),
            page_starts: starts,
            ..Extracted::default()
        };
        let n = find(&e);
        let cut: Vec<&str> = n.ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            cut.iter()
                .filter(|c| **c == "Cabinet 30 January 2025")
                .count(),
            4
        );
        assert!(cut.contains(&"3"));
        assert!(!cut.contains(&"Pears fall."));
    }

    #[test]
    fn subtract_cuts_holes() {
        assert_eq!(subtract(0..10, &[2..4, 6..7]), vec![0..2, 4..6, 7..10]);
        let everything = vec![0..10, 20..30];
        assert_eq!(subtract(3..5, &everything), Vec::<Range<usize>>::new());
        assert_eq!(subtract(0..5, &[]), vec![0..5]);
    }
}
