//! What a file's name and the folders it sits in say about its meeting.
//!
//! In: the path relative to the corpus root (`2024/03/06-Monthly Meeting of X/Minutes - 7th
//! February 2024.md`, `kent/2025-01-30/Agenda frontsheet 30th-Jan-2025 10.00 Cabinet.pdf`).
//! Out: [`PathClues`]: types, dates, committees and councils the names suggest, for
//! [`super::header`] to weigh beside the text. The rules read the shapes archives and download
//! tools give names, never one council's names:
//! - a date in the file name ("30th-Jan-2025", "2023-06-06", "1.29.18") or in the folders
//!   (`2025-01-30/`, `2024/03/06-...`), kept apart: a file's own date names the meeting its
//!   minutes record, a folder's the meeting the papers were published for;
//! - type words in the file name ("minutes", "agenda", "frontsheet", "report", "decision",
//!   "appendix") and, more weakly, in folder names;
//! - a committee after "Meeting of" in any name, or after the date and time of a file named
//!   "TYPE DATE TIME COMMITTEE";
//! - a known authority's name as a word of a folder name.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::dates::find_dates;
use crate::model::DocType;

/// What a path suggests, each with a score for [`super::evidence::Ballot`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathClues {
    /// Types named by the file name (stronger) and folders.
    pub types: Vec<(DocType, f32)>,
    /// Dates in the file name.
    pub file_dates: Vec<NaiveDate>,
    /// Dates in the folders, the innermost first.
    pub folder_dates: Vec<NaiveDate>,
    /// Committees named.
    pub committees: Vec<String>,
    /// Known authorities named by a folder.
    pub councils: Vec<String>,
}

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("path pattern {p}: {e}"))
}

/// `2024/03/06`, `2025-01-30`, `2023.06.01` (the same separator twice).
static YMD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u:\b)((?:19|20)\d{2})([/\-_.])(\d{1,2})([/\-_.])(\d{1,2})(?-u:\b)"));
/// `21.01.25`, `1.29.18`, `06-12-2018`: day and month in either order, then the year.
static DMY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u:\b)(\d{1,2})[.\-_](\d{1,2})[.\-_](\d{4}|\d{2})(?-u:\b)"));
static TYPE_WORDS: LazyLock<Vec<(Regex, DocType)>> = LazyLock::new(|| {
    [
        (r"(?i)(?-u:\b)minutes?(?-u:\b)", DocType::Minutes),
        (
            r"(?i)(?-u:\b)(?:agenda|frontsheet|summons|notice\s+of\s+meeting)(?-u:\b)",
            DocType::Agenda,
        ),
        (
            r"(?i)(?-u:\b)(?:report|cover\s+sheet)(?-u:\b)",
            DocType::Report,
        ),
        (
            r"(?i)(?-u:\b)(?:decision|record\s+of\s+decision|prod)(?-u:\b)",
            DocType::Decision,
        ),
        (
            r"(?i)(?-u:\b)(?:appendix|annex|annexe|schedule|eqia)(?-u:\b)",
            DocType::Other,
        ),
    ]
    .into_iter()
    .map(|(p, t)| (re(p), t))
    .collect()
});
static MEETING_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)meeting\s+of\s+(?:the\s+)?(?P<c>[A-Za-z][A-Za-z&' ]+?)\s*(?:[-,(]|$)")
});
/// "ANYTHING DATE HH.MM COMMITTEE": the committee after a date and a time.
static AFTER_TIME: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u:\b)\d{1,2}[.:]\d{2}\s+(?P<c>[A-Za-z][A-Za-z&' ]{2,80})$"));

/// Read what `rel` suggests.
pub fn read(rel: &str) -> PathClues {
    let rel = rel.replace('\\', "/");
    let (folders, file) = match rel.rsplit_once('/') {
        Some((dir, file)) => (dir.to_string(), file.to_string()),
        None => (String::new(), rel.clone()),
    };
    let stem = match file.rsplit_once('.') {
        Some((stem, ext)) if ext.len() <= 5 && !ext.contains(' ') => stem.to_string(),
        _ => file.clone(),
    };
    let stem = split_words(&stem.replace('_', " "));
    let mut clues = PathClues {
        file_dates: dates_in(&stem),
        ..PathClues::default()
    };
    // Folder dates: a date may run across folders (2024/03/06), so read the whole folder path,
    // innermost first.
    let mut folder_dates = dates_in(&folders);
    folder_dates.reverse();
    clues.folder_dates = folder_dates;

    // The file's type words; the last folders' more weakly.
    for (pattern, doc_type) in TYPE_WORDS.iter() {
        if pattern.is_match(&stem) {
            clues.types.push((*doc_type, 2.0));
        }
    }
    for folder in folders.rsplit('/').take(2) {
        for (pattern, doc_type) in TYPE_WORDS.iter() {
            if pattern.is_match(&folder.replace(['_', '-'], " ")) {
                clues.types.push((*doc_type, 0.75));
            }
        }
    }

    for name in folders.split('/').chain(std::iter::once(stem.as_str())) {
        let name = name.replace('_', " ");
        if let Some(c) = MEETING_OF.captures(&name).and_then(|c| c.name("c")) {
            clues.committees.push(c.as_str().trim().to_string());
        }
    }
    if !clues.file_dates.is_empty() {
        if let Some(c) = AFTER_TIME.captures(stem.trim()).and_then(|c| c.name("c")) {
            clues.committees.push(c.as_str().trim().to_string());
        }
    }
    for folder in folders.split('/') {
        let words: Vec<String> = folder
            .split(['-', '_', ' ', '.'])
            .filter(|w| w.chars().all(char::is_alphabetic) && w.len() > 2)
            .map(|w| super::lines::title_case(&w.to_uppercase()))
            .collect();
        if let Some(name) = super::council::known_in_words(&words) {
            if !clues.councils.contains(&name) {
                clues.councils.push(name);
            }
        }
    }
    clues
}

/// `MeetingMinutes` read as `Meeting Minutes`: a capital after a small letter starts a word.
fn split_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_uppercase() && previous_lower {
            out.push(' ');
        }
        previous_lower = c.is_lowercase();
        out.push(c);
    }
    out
}

/// Dates in a name, in order: written dates, then numeric ones.
fn dates_in(name: &str) -> Vec<NaiveDate> {
    let mut out: Vec<(usize, NaiveDate)> = find_dates(&name.replace(['_', '-'], " "))
        .into_iter()
        .map(|f| (f.range.start, f.date))
        .collect();
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for caps in YMD.captures_iter(name) {
        let (Some(all), Some(y), Some(m), Some(d)) =
            (caps.get(0), caps.get(1), caps.get(3), caps.get(5))
        else {
            continue;
        };
        if caps.get(2).map(|m| m.as_str()) != caps.get(4).map(|m| m.as_str()) {
            continue;
        }
        let date = (|| {
            NaiveDate::from_ymd_opt(
                y.as_str().parse().ok()?,
                m.as_str().parse().ok()?,
                d.as_str().parse().ok()?,
            )
        })();
        if let Some(date) = date {
            out.push((all.start(), date));
            taken.push(all.range());
        }
    }
    for caps in DMY.captures_iter(name) {
        let (Some(all), Some(a), Some(b), Some(y)) =
            (caps.get(0), caps.get(1), caps.get(2), caps.get(3))
        else {
            continue;
        };
        if taken
            .iter()
            .any(|r| r.start < all.end() && all.start() < r.end)
        {
            continue;
        }
        let date = (|| {
            let a: u32 = a.as_str().parse().ok()?;
            let b: u32 = b.as_str().parse().ok()?;
            let y: i32 = y.as_str().parse().ok()?;
            let y = if y < 100 { 2000 + y } else { y };
            // Day first unless the day cannot be first.
            let (d, m) = if a <= 12 && b > 12 { (b, a) } else { (a, b) };
            NaiveDate::from_ymd_opt(y, m, d)
        })();
        if let Some(date) = date {
            out.push((all.start(), date));
        }
    }
    out.sort_by_key(|(at, _)| *at);
    let mut dates: Vec<NaiveDate> = Vec::new();
    for (_, d) in out {
        if !dates.contains(&d) {
            dates.push(d);
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn archive_folders_and_minutes_file() {
        let c = read("2024/03/06-Monthly Meeting of Glenfarne Municipal District/Minutes - Monthly Meeting - 7th February 2024.md");
        assert_eq!(c.file_dates, [d(2024, 2, 7)]);
        assert_eq!(c.folder_dates, [d(2024, 3, 6)]);
        assert_eq!(c.types, [(DocType::Minutes, 2.0)]);
        assert_eq!(c.committees, ["Glenfarne Municipal District"]);
    }

    #[test]
    fn download_names() {
        let c = read("kent/2025-01-30/originals/Agenda frontsheet 30th-Jan-2025 10.00 Cabinet.pdf");
        assert_eq!(c.file_dates, [d(2025, 1, 30)]);
        assert_eq!(c.folder_dates, [d(2025, 1, 30)]);
        assert_eq!(c.types, [(DocType::Agenda, 2.0)]);
        assert_eq!(c.committees, ["Cabinet"]);
        assert_eq!(c.councils, ["Kent"]);
        assert_eq!(
            read("SSA21_MeetingMinutes_1.29.18.pdf").file_dates,
            [d(2018, 1, 29)]
        );
        assert_eq!(read("Appendix D 21.01.25.pdf").file_dates, [d(2025, 1, 21)]);
        assert_eq!(
            read("Notice-and-Agenda-001-2023-06-06.pdf").file_dates,
            [d(2023, 6, 6)]
        );
        assert!(read("doc-0017.pdf").file_dates.is_empty());
        assert!(read("doc-0017.pdf").types.is_empty());
    }
}
