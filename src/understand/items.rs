//! Numbered items of business: minutes, agenda items, a report's top-level sections.
//!
//! In: the content lines of a stretch of text (blank and noise lines dropped, each read plain,
//! see [`super::lines::plain`]). Out: [`ItemHeading`]s in order, each with its number, title and
//! where its heading starts, and where the paper's business begins ([`read_items`]).
//!
//! Top-level headings, each a candidate scored by its shape:
//! - `34. TITLE`, `7) Title`, `53 TITLE`, `56A TITLE`: a number (up to three digits, an
//!   optional capital letter), an optional `.` or `)`, runs of spaces or a tab, the title;
//! - `Item 7 Title`, `Item No. 7:`, `Agenda Item 7 - Title`: said outright, so scored highest;
//! - a number alone on a line (`61.`) with the title on the next line (ModernGov pages, PDF
//!   text where number and title sit in different columns);
//! - roman numerals (`IV. NEW BUSINESS`) and letters (`B. Invocation`), each a numbering of its
//!   own; legislation numbers in council proceedings (`File No. 1212-18.`, `Res. No. 1225-18 —
//!   ...`), which run in the order business came rather than rising;
//! - a title wrapped onto the next line (cut at a small word, a comma, or carrying on in lower
//!   case), or closed by its page reference ("(Pages 85 - 276)").
//!
//! The items are the best rising sequence of candidates over the whole paper, for each
//! numbering (numbers rise by at most [`MAX_NUMBER_GAP`], gaps cost a little), the strongest
//! numbering winning; an outline of three or more roman numerals from I is the top level.
//! Choosing over the whole paper, not line by line, means a stray "42 Harbour Street" cannot
//! block items 5, 6 and 7, and numbered lists inside an item ("1. To note ...") or appendices
//! that restart at 1 do not join the sequence.
//!
//! Under each item: `7.1 Title` sub-items (running 1, 2, 3; a paragraph "7.1 Text." is not one,
//! and a report's `2.1` headings are dropped by [`super::understand`]); `A TITLE` / `A. TITLE`
//! in capitals become `56A`, `56B`; `(a) Title` / `5(a) Title` become `5(a)`, `5(b)`.
//!
//! Not items: page ranges (`1 - 48`: no title); group headings such as `A. PROCEDURAL ITEMS`
//! (a number whose title is itself such a heading); list lines with bullets; table rows (a
//! third column that is not a page reference); a street address after a bare number; sentences
//! (a title must read as a heading: capitals, or at most [`MAX_MIXED_TITLE_WORDS`] words not
//! ending in `,`, `;` or, past a dozen words, `.` or `:`).
//!
//! Kent's minutes print "84. Apologies (Item 1)": minute 84, agenda item 1. The item's number is
//! the minute number ("84") and its title keeps the agenda reference ("Apologies (Item 1)"),
//! because the minute number is what the paper's own cross-references use ("see Minute 84").
//! A "(Pages 1 - 10)" reference after an agenda title is dropped from the title.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{has_bullet, is_capitals, Line, Plain};
use super::noise::strip_site_clutter;

/// Largest step from one item number to the next.
pub const MAX_NUMBER_GAP: u32 = 25;
/// Most words in a heading that is not in capitals.
pub const MAX_MIXED_TITLE_WORDS: usize = 20;

/// An item heading found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemHeading {
    /// As printed, without trailing punctuation: "37", "56A", "5(a)".
    pub number: String,
    /// The heading, markup and site clutter removed.
    pub title: String,
    /// Byte offset where the heading starts.
    pub start: usize,
    /// A decimal sub-item ("7.1"): in a report, a paragraph heading rather than an item.
    pub decimal: bool,
}

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("item pattern {p}: {e}"))
}

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{1,3})([A-Z])?([.)])?\s+(\S.*)$"));
static NUMBER_ALONE: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{1,3})([A-Z])?[.)]?$"));
/// "Item 7 Title", "Item No. 7:", "Agenda Item 7 - Title", the title perhaps on the next line.
static ITEM_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?i:agenda\s+)?(?i:item)\s+(?i:no\.?\s*)?(\d{1,3})([A-Z])?\s*[.:)\-–]?(?:\s+(\S.*))?$")
});
/// "IV. Title", "II) Title", "III NEW BUSINESS".
static ROMAN: LazyLock<Regex> = LazyLock::new(|| re(r"^([IVX]{1,6})([.)])?\s+(\S.*)$"));
/// "7.1 Title": a numbered sub-item.
static DECIMAL: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{1,3})\.(\d{1,2})\.?\s+(\S.*)$"));
static LEGISLATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?:Council\s+)?File|Res|Ord|Resolution|Ordinance|Bill|Motion)\.?\s+No\.?\s*(\d{1,5}(?:-\d{2,4})?)\.?(?:\s*[-–—:]\s*(\S.*))?$",
    )
});
static LETTERED_TOP: LazyLock<Regex> = LazyLock::new(|| re(r"^([A-Z])([.)])?\s+(\S.*)$"));
static LETTERED: LazyLock<Regex> = LazyLock::new(|| re(r"^([A-Z])\.?\s+(\S.*)$"));
static PAREN_LETTER: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{1,3})?\s*\(([a-z])\)\s+(\S.*)$"));
static GROUP_HEADING: LazyLock<Regex> = LazyLock::new(|| re(r"^[A-Z]\.\s+\S"));
static ITEM_REFERENCE: LazyLock<Regex> = LazyLock::new(|| re(r"^\(Item\s+\d+[A-Za-z]?\)$"));
static PAGES_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\s*(?:\(Pages?(?:\s+\d+(?:\s*[-–]\s*\d+)?\))?|Pages?\s+\d+(?:\s*[-–]\s*\d+)?)\s*$")
});
static STARTS_WITH_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:January|February|March|April|May|June|July|August|September|October|November|December)(?-u:\b)",
    )
});
static COMMA_THEN_LOWER: LazyLock<Regex> = LazyLock::new(|| re(r",\s+[a-z]"));
/// Words a heading does not end on; a line ending on one was wrapped mid-sentence.
const DANGLING: [&str; 13] = [
    "to", "the", "of", "and", "for", "with", "a", "an", "on", "in", "by", "at", "or",
];

/// Whether `title` reads as a heading rather than a sentence.
pub fn reads_as_heading(title: &str) -> bool {
    reads_as_heading_within(title, MAX_MIXED_TITLE_WORDS)
}

/// [`reads_as_heading`], allowing a mixed-case title up to `max_words` words.
fn reads_as_heading_within(title: &str, max_words: usize) -> bool {
    let letters = title.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || title.len() > 250 || title.contains('\t') {
        return false;
    }
    let first = title.chars().next();
    if !first.is_some_and(|c| c.is_alphanumeric() || matches!(c, '"' | '\'' | '“' | '‘' | '('))
    {
        return false;
    }
    // A title opening with a figure must carry a reference (24/00108 - ...) or a year ("2025
    // Provisional Budget"), not a quantity.
    let first_word = title.split_whitespace().next().unwrap_or("");
    let year = first_word.len() == 4
        && first_word.chars().all(|c| c.is_ascii_digit())
        && (first_word.starts_with("19") || first_word.starts_with("20"));
    if first.is_some_and(|c| c.is_ascii_digit()) && !first_word.contains('/') && !year {
        return false;
    }
    if STARTS_WITH_MONTH.is_match(title) {
        return false;
    }
    if is_capitals(title) {
        return title.split_whitespace().count() <= 40;
    }
    let first_letter = title.chars().find(|c| c.is_alphabetic());
    // "Call to order.", "Approval of Resolutions/Motions:": a heading of a dozen words may close
    // with a full stop or a colon; a sentence does not read as one ("To note the report.",
    // "That the minutes be approved.", "The committee resolved:").
    let words = title.split_whitespace().count();
    let title = match title.trim_end().strip_suffix(['.', ':']) {
        Some(t)
            if words <= 12
                && !t.contains(". ")
                && !t.ends_with(['.', ':'])
                && !matches!(first_word.to_lowercase().as_str(), "to" | "that" | "the") =>
        {
            t
        }
        _ => title,
    };
    let last_word = title.split_whitespace().last().unwrap_or("").to_lowercase();
    first_letter.is_some_and(char::is_uppercase)
        && words <= max_words
        && !title.trim_end().ends_with(['.', ',', ';', ':'])
        && !COMMA_THEN_LOWER.is_match(title)
        && !DANGLING.contains(&last_word.as_str())
}

/// True when `next` carries on a sentence (starts in lower case): the line before it was
/// wrapped text, not a heading.
fn continues_sentence(next: Option<&Plain<'_>>) -> bool {
    next.and_then(|n| n.chars().next())
        .is_some_and(char::is_lowercase)
}

/// An agenda title wrapped over the next one or two lines and closed by its page reference
/// ("6. Draft Revenue Budget ...\nand Treasury Management Strategy (Pages 85 - 276)"): the
/// reference marks it as a heading even though the wrapped line starts in lower case. Returns
/// the joined title and how many lines it took after the first.
fn paged_title(
    title: &str,
    content: &[(Line<'_>, Plain<'_>)],
    next: usize,
) -> Option<(String, usize)> {
    let mut joined = title.to_string();
    for extra in 1..=2 {
        let (_, part) = content.get(next + extra - 1)?;
        joined = format!("{joined} {part}");
        if PAGES_REFERENCE.is_match(&joined) && joined.contains("Page") {
            // The page reference vouches for it: allow a title twice as long.
            let long_title = MAX_MIXED_TITLE_WORDS * 2;
            return reads_as_heading_within(&tidy_title(&joined), long_title)
                .then_some((joined, extra));
        }
    }
    None
}

/// A heading title, tidied: site clutter and page references dropped.
fn tidy_title(title: &str) -> String {
    let t = strip_site_clutter(title);
    PAGES_REFERENCE.replace(&t, "").trim().to_string()
}

/// A top-level heading the lines could hold, before the sequence is chosen.
#[derive(Debug, Clone)]
struct Candidate {
    /// Index of its first line in the content lines.
    line: usize,
    /// Lines it takes after the first (a title on the next line, a wrapped title).
    consumed: usize,
    /// The number's value, and its letter suffix ("56A").
    n: u32,
    suffix: Option<String>,
    /// As printed: "7", "56A", "IV".
    label: String,
    title: String,
    /// How much the line's shape says "heading".
    score: f32,
    kind: Numbering,
}

/// How a paper numbers its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numbering {
    /// 1, 2, 3 (and 56A).
    Arabic,
    /// I, II, III.
    Roman,
    /// A, B, C.
    Letter,
    /// "File No. 1212-18.", "Res. No. 1225-18 — Title", "Ordinance No. 946": legislation
    /// numbers, which a council's proceedings print in the order business came, not rising.
    Legislation,
}

/// A line in columns (a table row): number, title and another cell apart by runs of spaces
/// or tabs. Infocouncil's "1.<spaces>Title" has one gap, after the number; a row has more.
fn is_table_row(raw: &str) -> bool {
    static GAP: LazyLock<Regex> = LazyLock::new(|| re(r"\t+|\s{3,}"));
    let mut cells = GAP.split(raw.trim()).filter(|c| !c.trim().is_empty());
    // At least three cells, one past the second holding words (not a page reference).
    cells.next().is_some()
        && cells.next().is_some()
        && cells.any(|c| !is_page_cell(c) && c.chars().any(char::is_alphabetic))
}

/// A column holding a page reference ("Page 41", "(Pages 1 - 8)", "11 - 84").
fn is_page_cell(cell: &str) -> bool {
    static PAGE_CELL: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)^\(?(?:pages?\s+)?\d+(?:\s*[-–]\s*\d+)?\)?$"));
    PAGE_CELL.is_match(cell.trim())
}

/// "42 Harbour Street": a short title ending in a street word after a bare number.
fn is_address(title: &str) -> bool {
    const STREET: [&str; 22] = [
        "street",
        "st",
        "road",
        "rd",
        "avenue",
        "ave",
        "lane",
        "drive",
        "dr",
        "way",
        "place",
        "crescent",
        "close",
        "court",
        "terrace",
        "boulevard",
        "blvd",
        "parade",
        "quay",
        "row",
        "highway",
        "hwy",
    ];
    let words: Vec<&str> = title.split_whitespace().collect();
    words.len() <= 5
        && words.last().is_some_and(|w| {
            STREET.contains(&w.trim_end_matches(['.', ',']).to_lowercase().as_str())
        })
}

fn roman_value(s: &str) -> Option<u32> {
    const NUMERALS: [&str; 30] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI",
        "XXVII", "XXVIII", "XXIX", "XXX",
    ];
    NUMERALS.iter().position(|r| *r == s).map(|i| i as u32 + 1)
}

/// The title of a heading whose first line is `title`, taking wrapped lines after it when they
/// belong: a page reference that closes it, a line that carries on a title cut at a small word
/// or in mid-phrase. Returns the title and the extra lines taken, or `None` for a sentence.
fn full_title(
    title: &str,
    content: &[(Line<'_>, Plain<'_>)],
    next: usize,
) -> Option<(String, usize)> {
    let after = content.get(next).map(|(_, p)| p);
    let wrapped = !is_capitals(title) && continues_sentence(after);
    if wrapped {
        if let Some(paged) = paged_title(title, content, next) {
            return Some(paged);
        }
    }
    if reads_as_heading(title) && !wrapped {
        return Some((title.to_string(), 0));
    }
    // "7.1 Report on the Proposed Changes to the" / "District Plan": one more short line.
    let (_, part) = content.get(next)?;
    let last = title.split_whitespace().last().unwrap_or("").to_lowercase();
    let cut = wrapped
        || DANGLING.contains(&last.as_str())
        || title.trim_end().ends_with([',', '-', '–', '&']);
    if cut && part.split_whitespace().count() <= 10 {
        let joined = format!("{title} {part}");
        let following = content.get(next + 1).map(|(_, p)| p);
        // A heading wrapped over two lines does not close like a sentence.
        let closes = joined.trim_end().ends_with(['.', ':']);
        if reads_as_heading(&joined) && !closes && !continues_sentence(following) {
            return Some((joined, 1));
        }
    }
    None
}

/// Top-level heading candidates on content line `i`: "I." is both a numeral and a letter.
fn candidates_at(content: &[(Line<'_>, Plain<'_>)], i: usize) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = candidate_at(content, i).into_iter().collect();
    if let Some(letter) = letter_at(content, i) {
        out.push(letter);
    }
    if let Some(act) = legislation_at(content, i) {
        out.push(act);
    }
    // Checked last: most lines are no candidate, and a row's columns cost a split to see.
    if !out.is_empty()
        && content
            .get(i)
            .is_some_and(|(line, _)| is_table_row(line.raw))
    {
        out.clear();
    }
    out
}

/// "File No. 1212-18.", "Res. No. 1225-18 — Nancy L. Coleman.": a piece of legislation.
fn legislation_at(content: &[(Line<'_>, Plain<'_>)], i: usize) -> Option<Candidate> {
    let (_, text) = content.get(i)?;
    // Every form [`LEGISLATION`] reads starts with one of these capitals.
    if !text.starts_with(['C', 'F', 'R', 'O', 'B', 'M']) {
        return None;
    }
    let c = LEGISLATION.captures(text)?;
    let number = c.get(1)?.as_str().to_string();
    let title = c
        .get(2)
        .map(|t| t.as_str().trim().trim_end_matches('.').to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| text.trim_end_matches('.').to_string());
    Some(Candidate {
        line: i,
        consumed: 0,
        n: 0,
        suffix: None,
        label: number,
        title,
        score: 0.9,
        kind: Numbering::Legislation,
    })
}

/// "A. CALL TO ORDER", "B) Invocation": a lettered top-level heading.
fn letter_at(content: &[(Line<'_>, Plain<'_>)], i: usize) -> Option<Candidate> {
    let (line, text) = content.get(i)?;
    let raw = line.raw.trim_start();
    // [`LETTERED_TOP`] reads only lines that start with a capital letter.
    if !text.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let c = LETTERED_TOP.captures(text)?;
    let letter = c.get(1)?.as_str();
    let spaced = raw
        .get(1..)
        .is_some_and(|r| r.starts_with("  ") || r.starts_with('\t'));
    if c.get(2).is_none() && !spaced {
        return None;
    }
    let title = c.get(3)?.as_str();
    if has_bullet(text) {
        return None;
    }
    let (title, consumed) = full_title(title, content, i + 1)?;
    let n = u32::from(letter.as_bytes().first()?.checked_sub(b'A')?) + 1;
    Some(Candidate {
        line: i,
        consumed,
        n,
        suffix: None,
        label: letter.to_string(),
        title,
        score: 0.7,
        kind: Numbering::Letter,
    })
}

/// A top-level numbered or numeral heading on content line `i`.
fn candidate_at(content: &[(Line<'_>, Plain<'_>)], i: usize) -> Option<Candidate> {
    let (_, text) = content.get(i)?;
    if has_bullet(text) {
        return None;
    }
    // What the patterns below can start with: "Item"/"Agenda", a digit, a roman numeral. Most
    // lines start otherwise and are no candidate.
    let first = text.chars().next()?;
    if !(first.is_numeric() || matches!(first, 'a' | 'A' | 'i' | 'I' | 'V' | 'X')) {
        return None;
    }
    let (digits, suffix, punctuated, rest, prefixed) = if let Some(c) = ITEM_PREFIX.captures(text) {
        (
            c.get(1)?.as_str().to_string(),
            c.get(2).map(|m| m.as_str().to_string()),
            true,
            c.get(3).map(|m| m.as_str().to_string()),
            true,
        )
    } else if let Some(c) = NUMBERED.captures(text) {
        (
            c.get(1)?.as_str().to_string(),
            c.get(2).map(|m| m.as_str().to_string()),
            c.get(3).is_some(),
            c.get(4).map(|m| m.as_str().to_string()),
            false,
        )
    } else if let Some(c) = NUMBER_ALONE.captures(text) {
        (
            c.get(1)?.as_str().to_string(),
            c.get(2).map(|m| m.as_str().to_string()),
            true,
            None,
            false,
        )
    } else if let Some(c) = ROMAN.captures(text) {
        let label = c.get(1)?.as_str();
        let n = roman_value(label)?;
        let punctuated = c.get(2).is_some();
        let title = c.get(3)?.as_str();
        if !punctuated && !is_capitals(title) {
            return None;
        }
        let (title, consumed) = full_title(title, content, i + 1)?;
        return Some(Candidate {
            line: i,
            consumed,
            n,
            suffix: None,
            label: label.to_string(),
            title,
            score: if punctuated { 1.0 } else { 0.8 },
            kind: Numbering::Roman,
        });
    } else {
        return None;
    };
    let n: u32 = digits.parse().ok()?;
    let (title, title_line) = match rest.filter(|r| !r.trim().is_empty()) {
        Some(t) => (
            t.trim_start_matches(['.', ':', '-', '–', ')'])
                .trim()
                .to_string(),
            0,
        ),
        None => (content.get(i + 1)?.1.to_string(), 1),
    };
    if GROUP_HEADING.is_match(&title) || title.is_empty() {
        return None;
    }
    if !punctuated && title_line == 0 && is_address(&title) {
        return None;
    }
    let (mut title, extra) = full_title(&title, content, i + 1 + title_line)?;
    let mut consumed = title_line + extra;
    // A title wrapped over up to three lines before its "(Item N)" reference.
    let reference_at = (0..3).find(|k| {
        content
            .get(i + 1 + consumed + k)
            .is_some_and(|(_, p)| ITEM_REFERENCE.is_match(p))
    });
    if let Some(k) = reference_at {
        for (_, part) in content.iter().skip(i + 1 + consumed).take(k + 1) {
            title = format!("{title} {part}");
        }
        consumed += k + 1;
    }
    // "Item 7" says outright what a bare "7." only suggests.
    let mut score = match (prefixed, punctuated, title_line) {
        (true, _, _) => 3.0,
        (_, _, 1) => 0.9,
        (_, true, _) => 1.0,
        _ => 0.7,
    };
    if is_capitals(&title) {
        score += 0.2;
    }
    Some(Candidate {
        line: i,
        consumed,
        n,
        label: format!("{digits}{}", suffix.as_deref().unwrap_or("")),
        suffix,
        title,
        score,
        kind: Numbering::Arabic,
    })
}

/// The run of candidates that reads as a paper's items: numbers rising in small steps
/// (1, 2, 3 or 34, 35, 36), chosen for the most heading-like evidence over the whole paper
/// rather than line by line, so a stray "42 Harbour Street" cannot block items 5, 6 and 7.
fn best_sequence(candidates: &[Candidate]) -> (Vec<usize>, f32) {
    let mut best: Vec<(f32, Option<usize>)> = Vec::with_capacity(candidates.len());
    for (i, c) in candidates.iter().enumerate() {
        let mut entry = (c.score, None);
        for (j, p) in candidates.iter().enumerate().take(i) {
            let after = c.line > p.line + p.consumed;
            let same_kind = c.kind == p.kind;
            let rises = c.n > p.n || (c.n == p.n && c.suffix > p.suffix && c.suffix.is_some());
            if !(after && same_kind && rises) || c.n > p.n + MAX_NUMBER_GAP {
                continue;
            }
            let gap = c.n.saturating_sub(p.n).saturating_sub(1) as f32;
            let through = best.get(j).map_or(0.0, |b| b.0) + c.score - 0.12 * gap;
            if through > entry.0 {
                entry = (through, Some(j));
            }
        }
        best.push(entry);
    }
    let Some((mut at, (total, _))) = best
        .iter()
        .enumerate()
        .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0).then(b.0.cmp(&a.0)))
        .map(|(i, b)| (i, *b))
    else {
        return (Vec::new(), 0.0);
    };
    if total < 0.9 {
        return (Vec::new(), 0.0);
    }
    let mut chain = vec![at];
    while let Some(previous) = best.get(at).and_then(|b| b.1) {
        chain.push(previous);
        at = previous;
    }
    chain.reverse();
    (chain, total)
}

/// The items' sequence: the best run of each numbering, then the strongest of them. An
/// outline of three or more roman numerals from I is the top level wherever it appears: the
/// figures beside it number what lies inside its items.
fn choose_sequence(candidates: &[Candidate]) -> Vec<&Candidate> {
    let mut best: Option<(f32, Vec<&Candidate>)> = None;
    for kind in [
        Numbering::Arabic,
        Numbering::Roman,
        Numbering::Letter,
        Numbering::Legislation,
    ] {
        let of_kind: Vec<Candidate> = candidates
            .iter()
            .filter(|c| c.kind == kind)
            .cloned()
            .collect();
        let (chain, total) = if kind == Numbering::Legislation {
            // Each number once, in the order printed; three or more make a record.
            let mut seen: Vec<&str> = Vec::new();
            let chain: Vec<usize> = (0..of_kind.len())
                .filter(|&i| {
                    let label = of_kind.get(i).map_or("", |c| c.label.as_str());
                    let new = !seen.contains(&label);
                    seen.push(label);
                    new
                })
                .collect();
            let total = if chain.len() >= 3 {
                chain.len() as f32 * 0.9
            } else {
                0.0
            };
            (chain, total)
        } else {
            best_sequence(&of_kind)
        };
        let chain: Vec<&Candidate> = chain
            .into_iter()
            .filter_map(|i| of_kind.get(i))
            .filter_map(|c| {
                candidates
                    .iter()
                    .find(|o| o.line == c.line && o.kind == c.kind)
            })
            .collect();
        let outline =
            kind == Numbering::Roman && chain.len() >= 3 && chain.first().is_some_and(|c| c.n == 1);
        let total = if outline { total + 1000.0 } else { total };
        if best.as_ref().is_none_or(|(t, _)| total > *t) {
            best = Some((total, chain));
        }
    }
    best.map(|(_, chain)| chain).unwrap_or_default()
}

/// What the sub-item reader remembers under the current item.
#[derive(Default)]
struct State {
    /// Printed form of the current top-level item's number.
    parent_label: String,
    /// The next sub-item letter expected under the parent, for each form, and the next
    /// decimal ("7.1", "7.2").
    next_capital: u8,
    next_small: u8,
    next_decimal: u32,
}

/// Every top-level heading candidate on the content lines.
fn candidates(content: &[(Line<'_>, Plain<'_>)]) -> Vec<Candidate> {
    (0..content.len())
        .flat_map(|i| candidates_at(content, i))
        .collect()
}

/// Fewest headings in a rising run for it to mark where a paper's business begins.
pub const MIN_RUN: usize = 3;

/// Where the paper's business begins: the first heading of the earliest run of at least
/// [`MIN_RUN`] rising items, of any numbering, as a byte offset. The best run over the whole paper may lie
/// later (an agenda pack's embedded report has more sections than the agenda has items), but
/// the paper's own head ends where its first run begins.
fn business_start(content: &[(Line<'_>, Plain<'_>)], candidates: &[Candidate]) -> Option<usize> {
    // Longest rising run starting at each candidate, computed from the end.
    let mut longest = vec![1usize; candidates.len()];
    for i in (0..candidates.len()).rev() {
        let Some(c) = candidates.get(i) else { continue };
        for j in i + 1..candidates.len() {
            let Some(n) = candidates.get(j) else { continue };
            let follows = n.kind == c.kind
                && n.line > c.line + c.consumed
                && n.n > c.n
                && n.n <= c.n + MAX_NUMBER_GAP;
            if follows {
                let through = 1 + longest.get(j).copied().unwrap_or(1);
                if let Some(l) = longest.get_mut(i) {
                    *l = (*l).max(through);
                }
            }
        }
    }
    candidates
        .iter()
        .zip(&longest)
        .find(|(_, &n)| n >= MIN_RUN)
        .and_then(|(c, _)| content.get(c.line))
        .map(|(line, _)| line.start)
}

/// Find item headings among content lines already read plain (blank and noise lines
/// dropped), as [`super::understand`] holds them.
pub fn find_items_in(content: &[(Line<'_>, Plain<'_>)]) -> Vec<ItemHeading> {
    read_items(content).0
}

/// [`find_items_in`], and where the paper's business begins: the first heading of the
/// earliest run of at least [`MIN_RUN`] rising items (see `business_start`).
pub fn read_items(content: &[(Line<'_>, Plain<'_>)]) -> (Vec<ItemHeading>, Option<usize>) {
    let candidates = candidates(content);
    let start = business_start(content, &candidates);
    (headings(content, &candidates), start)
}

/// The headings of the chosen sequence, with the sub-items under each.
fn headings(content: &[(Line<'_>, Plain<'_>)], candidates: &[Candidate]) -> Vec<ItemHeading> {
    let chain = choose_sequence(candidates);

    let mut found = Vec::new();
    let mut state = State::default();
    let mut next_item = chain.iter().peekable();
    let mut i = 0;
    while let Some((line, text)) = content.get(i) {
        if let Some(item) = next_item.next_if(|c| c.line == i) {
            if item.suffix.is_none() {
                state = State {
                    parent_label: item.label.clone(),
                    next_capital: b'A',
                    next_small: b'a',
                    next_decimal: 1,
                };
            }
            found.push(ItemHeading {
                number: item.label.clone(),
                title: tidy_title(&item.title),
                start: line.start,
                decimal: false,
            });
            i += 1 + item.consumed;
            continue;
        }
        i += 1;
        if state.parent_label.is_empty() || has_bullet(text) {
            continue;
        }
        let starts_sub_item = text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c.is_ascii_uppercase() || c == '(');
        if !starts_sub_item || is_table_row(line.raw) {
            continue;
        }
        // Sub-items under the current item.
        if let Some(c) = DECIMAL.captures(text) {
            let parent = c.get(1).map_or("", |m| m.as_str());
            let sub: u32 = c.get(2).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
            let title = c.get(3).map_or("", |m| m.as_str());
            // A numbered paragraph ("1.1 Text.") closes like a sentence; a sub-item does not.
            let closes = title.trim_end().ends_with(['.', ':']);
            // Sub-items run 1, 2, 3 under their item; one the reader missed may be skipped.
            let in_order = (state.next_decimal..=state.next_decimal + 1).contains(&sub);
            if parent == state.parent_label && in_order && !closes {
                if let Some((title, consumed)) = full_title(title, content, i) {
                    state.next_decimal = sub + 1;
                    found.push(ItemHeading {
                        number: format!("{parent}.{sub}"),
                        title: tidy_title(&title),
                        start: line.start,
                        decimal: true,
                    });
                    i += consumed;
                }
            }
            continue;
        }
        if let Some(c) = PAREN_LETTER.captures(text) {
            let parent_given = c.get(1).map(|m| m.as_str());
            let letter = c
                .get(2)
                .map_or(0, |m| m.as_str().as_bytes().first().copied().unwrap_or(0));
            let title = c.get(3).map_or("", |m| m.as_str());
            let parent_matches = parent_given.is_none_or(|p| p == state.parent_label);
            let wrapped = continues_sentence(content.get(i).map(|(_, p)| p));
            if parent_matches && letter == state.next_small && reads_as_heading(title) && !wrapped {
                state.next_small += 1;
                found.push(ItemHeading {
                    number: format!("{}({})", state.parent_label, letter as char),
                    title: tidy_title(title),
                    start: line.start,
                    decimal: false,
                });
            }
            continue;
        }
        if let Some(c) = LETTERED.captures(text) {
            let letter = c
                .get(1)
                .map_or(0, |m| m.as_str().as_bytes().first().copied().unwrap_or(0));
            let title = c.get(2).map_or("", |m| m.as_str());
            let numeric_parent = state.parent_label.chars().all(|c| c.is_ascii_digit());
            if numeric_parent
                && letter == state.next_capital
                && is_capitals(title)
                && reads_as_heading(title)
            {
                state.next_capital += 1;
                found.push(ItemHeading {
                    number: format!("{}{}", state.parent_label, letter as char),
                    title: tidy_title(title),
                    start: line.start,
                    decimal: false,
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::lines::{lines, plain};
    use super::*;

    fn items(text: &str) -> Vec<(String, String)> {
        let content: Vec<(Line<'_>, Plain<'_>)> = lines(text)
            .into_iter()
            .filter(|l| !l.is_blank())
            .map(|l| (l, plain(l.raw)))
            .filter(|(_, p)| !p.is_empty())
            .collect();
        find_items_in(&content)
            .into_iter()
            .map(|h| (h.number, h.title))
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn numbered_forms() {
        let text = "34. DISCLOSURES OF INTEREST\n\nText.\n\n35. INSPECTION OF REPORTS\n\n## 36. REFERRALS\n\n**37 UPDATED INFORMATION**\n";
        assert_eq!(
            items(text),
            pairs(&[
                ("34", "DISCLOSURES OF INTEREST"),
                ("35", "INSPECTION OF REPORTS"),
                ("36", "REFERRALS"),
                ("37", "UPDATED INFORMATION")
            ])
        );
    }

    #[test]
    fn number_alone_then_title_and_site_clutter() {
        let text = "Items\nNo. Item\n61.\n\nDISCLOSURES OF INTEREST\n\nMinutes:\n\n65.\n\nPROGRESS UPDATE pdf icon PDF 98 KB\n";
        assert_eq!(
            items(text),
            pairs(&[("61", "DISCLOSURES OF INTEREST"), ("65", "PROGRESS UPDATE")])
        );
    }

    #[test]
    fn kent_minute_with_agenda_item_reference() {
        let text = "UNRESTRICTED ITEMS\n76.\nApologies\n(Item 1)\nNo apologies were received.\n77.\nDeclarations of Interest\n(Item 2)\n";
        assert_eq!(
            items(text),
            pairs(&[
                ("76", "Apologies (Item 1)"),
                ("77", "Declarations of Interest (Item 2)")
            ])
        );
    }

    #[test]
    fn paragraphs_page_ranges_group_headings_and_lists_are_not_items() {
        let text = "1. A. PROCEDURAL ITEMS\n\n2. ALTERNATE MEMBERS (Standing Order 34)\n\n2.1 The report says.\n\n1 - 48\n\n- 3. Bullet point\n\nB. OVERVIEW AND SCRUTINY ACTIVITIES\n\n3. DISCLOSURES OF INTEREST\n\n1. To note the outcome of the inspection\n\n42 school attendance orders were being pursued.\n";
        assert_eq!(
            items(text),
            pairs(&[
                ("2", "ALTERNATE MEMBERS (Standing Order 34)"),
                ("3", "DISCLOSURES OF INTEREST")
            ])
        );
    }

    #[test]
    fn lettered_and_parenthesised_sub_items() {
        let text = "56 HOLDING THE EXECUTIVE TO ACCOUNT\n\nA CHILDREN'S SERVICES UPDATE\n\nReport CS17062\n\nB RECRUITMENT AND RETENTION UPDATE\n\n57 ANY OTHER BUSINESS\n\n(a) Budget Monitoring 2024/25\n\n57(b) Treasury Management Strategy\n\n(a) A sentence in a list, not a heading.\n";
        assert_eq!(
            items(text),
            pairs(&[
                ("56", "HOLDING THE EXECUTIVE TO ACCOUNT"),
                ("56A", "CHILDREN'S SERVICES UPDATE"),
                ("56B", "RECRUITMENT AND RETENTION UPDATE"),
                ("57", "ANY OTHER BUSINESS"),
                ("57(a)", "Budget Monitoring 2024/25"),
                ("57(b)", "Treasury Management Strategy"),
            ])
        );
    }

    #[test]
    fn report_sections_restart_lists_do_not() {
        let text = "1. SUMMARY\n\n1.1 Text.\n\n9. RECOMMENDATIONS\n\n1. To note the outcome\n2. To note the plans\n\n10. APPENDICES\n\nAppendix 1 – Report\n";
        assert_eq!(
            items(text),
            pairs(&[
                ("1", "SUMMARY"),
                ("9", "RECOMMENDATIONS"),
                ("10", "APPENDICES")
            ])
        );
    }

    #[test]
    fn wrapped_sentences_and_dates_are_not_items() {
        let text = "87.\nCabinet Member Updates\n(Item 4)\n(a) At the Scrutiny Committee held on 29th January 2025, Members\ncalled in the decision.\n88.\n24/00108 - Revenue and Capital Budget Monitoring Report – November\n2024-25\n(Item 5)\n90 We will give parents and carers information, advice and support to\n27\nJanuary 2025\n";
        assert_eq!(
            items(text),
            pairs(&[
                ("87", "Cabinet Member Updates (Item 4)"),
                ("88", "24/00108 - Revenue and Capital Budget Monitoring Report – November 2024-25 (Item 5)"),
            ])
        );
    }

    #[test]
    fn a_title_wrapped_onto_a_lower_case_line_is_kept_when_its_page_reference_closes_it() {
        let text = "5. Budget Monitoring Report\n(Pages 11 - 84)\n6. Draft Revenue Budget 2025-26, Draft Capital Programme\nand Treasury Management Strategy (Pages 85 - 276)\n7. Transfer of the Service\nfrom one Directorate to another Directorate across the Council and its\nPartners in Health and Care Services in the County (Pages 277 - 326)\n8. Members noted the report\nand asked questions.\n";
        assert_eq!(
            items(text),
            pairs(&[
                ("5", "Budget Monitoring Report"),
                (
                    "6",
                    "Draft Revenue Budget 2025-26, Draft Capital Programme and Treasury Management Strategy"
                ),
                (
                    "7",
                    "Transfer of the Service from one Directorate to another Directorate across the Council and its Partners in Health and Care Services in the County"
                ),
            ])
        );
    }

    #[test]
    fn agenda_title_drops_page_reference() {
        let text = "3.\nMinutes of the Meeting held on 9th January 2025 (Pages 1 - 10)\n4.\nCabinet Member Updates\n5.\n24/00108 - Revenue and Capital Budget Monitoring Report\n";
        assert_eq!(
            items(text),
            pairs(&[
                ("3", "Minutes of the Meeting held on 9th January 2025"),
                ("4", "Cabinet Member Updates"),
                (
                    "5",
                    "24/00108 - Revenue and Capital Budget Monitoring Report"
                ),
            ])
        );
    }
}
