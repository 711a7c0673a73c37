//! Numbered items of business: minutes, agenda items, a report's top-level sections.
//!
//! In: the lines of a stretch of text (noise lines already marked). Out: [`ItemHeading`]s in
//! order, each with its number, title and where its heading starts and its body begins.
//!
//! Forms recognised, read on the plain line (markup removed, see [`super::lines::plain`]):
//! - `34. TITLE`, `53 TITLE`, `5. Title`, `56A TITLE`: a number (up to three digits, an
//!   optional capital letter), an optional full stop, the title;
//! - a number alone on a line (`61.`) with the title on the next non-blank line (ModernGov
//!   pages, PDF text where number and title sit in different columns);
//! - lettered sub-items under the current item: `A TITLE` / `A. TITLE` in capitals become
//!   `56A`, `56B`; `(a) Title` / `5(a) Title` become `5(a)`, `5(b)`. Letters must run in
//!   order from A (or a) under each item.
//!
//! Not items: numbered paragraphs (`2.1`, `7.3`: the number is followed by another number);
//! page ranges (`1 - 48`: no title); group headings such as `A. PROCEDURAL ITEMS` or
//! `B. OVERVIEW AND SCRUTINY ACTIVITIES` (a letter heading not under an item, or a number
//! whose title is itself such a heading); list lines with bullets; table rows (tabs);
//! sentences (a title must read as a heading: capitals, or at most [`MAX_MIXED_TITLE_WORDS`]
//! words not ending in `.`, `,`, `;` or `:`). Numbers must rise: an item's number is greater
//! than the one before and at most [`MAX_NUMBER_GAP`] above it, so numbered lists inside an
//! item ("1. To note ...") and appendices that restart at 1 are not items.
//!
//! Kent's minutes print "84. Apologies (Item 1)": minute 84, agenda item 1. The item's number is
//! the minute number ("84") and its title keeps the agenda reference ("Apologies (Item 1)"),
//! because the minute number is what the paper's own cross-references use ("see Minute 84").
//! A "(Pages 1 - 10)" reference after an agenda title is dropped from the title.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::lines::{has_bullet, is_capitals, plain, Line};
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
}

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("item pattern {p}: {e}"))
}

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{1,3})([A-Z])?\.?\s+(\S.*)$"));
static NUMBER_ALONE: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{1,3})([A-Z])?\.?$"));
static LETTERED: LazyLock<Regex> = LazyLock::new(|| re(r"^([A-Z])\.?\s+(\S.*)$"));
static PAREN_LETTER: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{1,3})?\s*\(([a-z])\)\s+(\S.*)$"));
static GROUP_HEADING: LazyLock<Regex> = LazyLock::new(|| re(r"^[A-Z]\.\s+\S"));
static ITEM_REFERENCE: LazyLock<Regex> = LazyLock::new(|| re(r"^\(Item\s+\d+[A-Za-z]?\)$"));
static PAGES_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\s*\(Pages?(?:\s+\d+(?:\s*[-–]\s*\d+)?\))?\s*$"));
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
    // A title opening with a figure must carry a reference (24/00108 - ...), not a quantity.
    if first.is_some_and(|c| c.is_ascii_digit())
        && !title
            .split_whitespace()
            .next()
            .is_some_and(|w| w.contains('/'))
    {
        return false;
    }
    if STARTS_WITH_MONTH.is_match(title) {
        return false;
    }
    if is_capitals(title) {
        return title.split_whitespace().count() <= 40;
    }
    let first_letter = title.chars().find(|c| c.is_alphabetic());
    let last_word = title.split_whitespace().last().unwrap_or("").to_lowercase();
    first_letter.is_some_and(char::is_uppercase)
        && title.split_whitespace().count() <= max_words
        && !title.trim_end().ends_with(['.', ',', ';', ':'])
        && !COMMA_THEN_LOWER.is_match(title)
        && !DANGLING.contains(&last_word.as_str())
}

/// True when `next` carries on a sentence (starts in lower case): the line before it was
/// wrapped text, not a heading.
fn continues_sentence(next: Option<&String>) -> bool {
    next.and_then(|n| n.chars().next())
        .is_some_and(char::is_lowercase)
}

/// An agenda title wrapped over the next one or two lines and closed by its page reference
/// ("6. Draft Revenue Budget ...\nand Treasury Management Strategy (Pages 85 - 276)"): the
/// reference marks it as a heading even though the wrapped line starts in lower case. Returns
/// the joined title and how many lines it took after the first.
fn paged_title(
    title: &str,
    content: &[(Line<'_>, String)],
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

/// What the finder remembers between lines.
#[derive(Default)]
struct State {
    /// Number of the current top-level item.
    parent: Option<u32>,
    /// Printed form of the current top-level item's number.
    parent_label: String,
    /// The next sub-item letter expected under the parent, for each form.
    next_capital: u8,
    next_small: u8,
}

/// Find item headings among `lines`, skipping lines that lie in `skip` (noise).
pub fn find_items(lines: &[Line<'_>], skip: &[Range<usize>]) -> Vec<ItemHeading> {
    let is_skipped = |l: &Line<'_>| {
        let i = skip.partition_point(|r| r.end <= l.start);
        skip.get(i)
            .is_some_and(|r| r.start <= l.start && l.end <= r.end)
    };
    let content: Vec<(Line<'_>, String)> = lines
        .iter()
        .filter(|l| !l.is_blank() && !is_skipped(l))
        .map(|l| (*l, plain(l.raw)))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    let mut found = Vec::new();
    let mut state = State::default();
    let mut i = 0;
    while let Some((line, text)) = content.get(i) {
        i += 1;
        if has_bullet(text) || line.raw.contains('\t') {
            continue;
        }
        // A number, then the title on the same line or the next.
        let numbered = NUMBERED
            .captures(text)
            .map(|c| {
                (
                    c.get(1).map_or("", |m| m.as_str()).to_string(),
                    c.get(2).map(|m| m.as_str().to_string()),
                    c.get(3).map_or("", |m| m.as_str()).to_string(),
                    false,
                )
            })
            .or_else(|| {
                let c = NUMBER_ALONE.captures(text)?;
                let (_, next) = content.get(i)?;
                Some((
                    c.get(1).map_or("", |m| m.as_str()).to_string(),
                    c.get(2).map(|m| m.as_str().to_string()),
                    next.clone(),
                    true,
                ))
            });
        if let Some((digits, suffix, title, title_on_next_line)) = numbered {
            let Ok(n) = digits.parse::<u32>() else {
                continue;
            };
            let rises = state
                .parent
                .is_none_or(|p| n > p && n <= p + MAX_NUMBER_GAP || (n == p && suffix.is_some()));
            if GROUP_HEADING.is_match(&title) {
                continue;
            }
            let after_title = content
                .get(i + usize::from(title_on_next_line))
                .map(|(_, p)| p);
            let wrapped = !is_capitals(&title) && continues_sentence(after_title);
            let first_line = usize::from(title_on_next_line);
            let paged = wrapped
                .then(|| paged_title(&title, &content, i + first_line))
                .flatten();
            if rises && (paged.is_some() || reads_as_heading(&title) && !wrapped) {
                let (mut title, mut consumed) = match paged {
                    Some((joined, extra)) => (joined, first_line + extra),
                    None => (title, first_line),
                };
                // A title wrapped over up to three lines before its "(Item N)" reference.
                let reference_at = (0..3).find(|k| {
                    content
                        .get(i + consumed + k)
                        .is_some_and(|(_, p)| ITEM_REFERENCE.is_match(p))
                });
                if let Some(k) = reference_at {
                    for (_, part) in content.iter().skip(i + consumed).take(k + 1) {
                        title = format!("{title} {part}");
                    }
                    consumed += k + 1;
                }
                i += consumed;
                let number = format!("{digits}{}", suffix.as_deref().unwrap_or(""));
                if suffix.is_none() {
                    state = State {
                        parent: Some(n),
                        parent_label: digits.clone(),
                        next_capital: b'A',
                        next_small: b'a',
                    };
                }
                found.push(ItemHeading {
                    number,
                    title: tidy_title(&title),
                    start: line.start,
                });
                continue;
            }
        }
        if state.parent.is_none() {
            continue;
        }
        // Sub-items under the current item.
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
                });
            }
            continue;
        }
        if let Some(c) = LETTERED.captures(text) {
            let letter = c
                .get(1)
                .map_or(0, |m| m.as_str().as_bytes().first().copied().unwrap_or(0));
            let title = c.get(2).map_or("", |m| m.as_str());
            if letter == state.next_capital && is_capitals(title) && reads_as_heading(title) {
                state.next_capital += 1;
                found.push(ItemHeading {
                    number: format!("{}{}", state.parent_label, letter as char),
                    title: tidy_title(title),
                    start: line.start,
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::lines::lines;
    use super::*;

    fn items(text: &str) -> Vec<(String, String)> {
        find_items(&lines(text), &[])
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
