//! Agenda packs: an agenda followed by the reports it lists, and the sections inside reports.
//!
//! In: the plain lines of an agenda's text and the agenda items found before the reports.
//! Out: the [`EmbeddedReport`]s (where each starts, its letter, subject, author and contact,
//! and the agenda item it belongs to) and, for any report text, its section headings
//! ([`report_sections`]).
//!
//! A report starts at a line "Report of|by THE AUTHOR to the meeting of ... / to be held on
//! ..." or at a "From: ... To: ... Subject:" cover sheet. Its letter is a line of one to three
//! capitals near its start ("AX"); its title the value of "Subject:"; its contact the value of
//! "Report Contact:". It belongs to the agenda item whose text names its letter (`Document
//! "AX"`), or failing that the item whose title is its subject. It runs to the next report, so
//! its appendices stay with it.
//!
//! Section headings inside a report are numbered top-level or second-level headings in
//! capitals ("2. BACKGROUND", "7.1 SUSTAINABILITY IMPLICATIONS") and the standard report
//! headings in capitals without a number ("SUMMARY"); an unnumbered one followed by a
//! paragraph numbered "2.1" takes the number 2 (Markdown conversion drops list numbers).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::header::is_document_letter;
use super::lines::{is_capitals, plain_unbulleted, Line, Plain};

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("pack pattern {p}: {e}"))
}

static REPORT_START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^report\s+(?:of|by)\s+(?:the\s+)?(?P<author>.+?)\s+(?:to\s+(?:the\s+)?meeting(?-u:\b)|to\s+be\s+held(?-u:\b)|to\s+(?:the\s+)?[A-Z][^\n]*?\s+(?:to\s+be\s+)?held(?-u:\b))",
    )
});
static FROM_LABEL: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^from\s*:\s*$"));
static TO_LABEL: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^to\s*:"));
static SUBJECT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^subject\s*:\s*(?P<s>.*)$"));
static CONTACT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^report\s+contact\s*:\s*(?P<c>.*)$"));
static DOCUMENT_LETTER: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u:\b)Document\s*["“”']?\s*([A-Z]{1,3})\s*["“”']?(?:\W|$)"#));
static NUMBERED_SECTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(\d{1,2}(?:\.\d{1,2})?)\.?\s+(\S.*)$"));
static PARAGRAPH_NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{1,2})\.1\.?\s"));

/// Words that make an unnumbered line in capitals a report section heading.
const SECTION_WORDS: [&str; 14] = [
    "SUMMARY",
    "BACKGROUND",
    "RECOMMENDATION",
    "CONSIDERATIONS",
    "IMPLICATIONS",
    "APPRAISAL",
    "APPENDICES",
    "OPTIONS",
    "INTRODUCTION",
    "PURPOSE",
    "CONCLUSION",
    "RISK",
    "PROPOSALS",
    "DOCUMENTS",
];

/// A report inside an agenda pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedReport {
    /// Byte range of the report and its appendices.
    pub range: Range<usize>,
    /// Its document letter ("AX").
    pub letter: Option<String>,
    /// Its subject.
    pub title: String,
    /// "Strategic Director Children's Services".
    pub author: Option<String>,
    /// "Irfan Alam".
    pub contact: Option<String>,
    /// Index of the agenda item it belongs to, when one names it.
    pub item: Option<usize>,
}

/// How many lines after a report's start its letter, subject and contact are looked for.
const COVER_LINES: usize = 30;

/// Find the reports embedded after `agenda_end` in `lines` (non-blank, with plain text).
/// `items` are the agenda items as (title, byte range of their text).
pub fn find_reports(
    content: &[(Line<'_>, Plain<'_>)],
    text_len: usize,
    agenda_end: usize,
    items: &[(String, Range<usize>)],
    whole: &str,
) -> Vec<EmbeddedReport> {
    let mut starts: Vec<(usize, usize, Option<String>)> = Vec::new();
    for (index, (line, p)) in content.iter().enumerate() {
        if line.start < agenda_end {
            continue;
        }
        if let Some(c) = REPORT_START.captures(p) {
            let author = c.name("author").map(|a| a.as_str().trim().to_string());
            starts.push((index, line.start, author));
        } else if FROM_LABEL.is_match(p) {
            let window = content.iter().skip(index + 1).take(20);
            let (mut to, mut subject) = (false, false);
            for (_, l) in window {
                to |= TO_LABEL.is_match(l);
                subject |= SUBJECT.is_match(l);
            }
            if to && subject {
                starts.push((index, line.start, None));
            }
        }
    }
    let mut reports = Vec::new();
    for (n, (index, start, author)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(text_len, |s| s.1);
        let cover: Vec<&Plain<'_>> = content
            .iter()
            .skip(index + 1)
            .take(COVER_LINES)
            .take_while(|(l, _)| l.start < end)
            .map(|(_, p)| p)
            .collect();
        let letter = cover
            .iter()
            .take(12)
            .find(|p| is_document_letter(p))
            .map(|p| p.trim().to_string());
        let title = labelled(&cover, &SUBJECT, "s").unwrap_or_default();
        let contact = labelled(&cover, &CONTACT, "c");
        let item = letter
            .as_deref()
            .and_then(|l| item_naming(l, items, whole))
            .or_else(|| {
                items
                    .iter()
                    .position(|(t, _)| !title.is_empty() && t.eq_ignore_ascii_case(&title))
            });
        reports.push(EmbeddedReport {
            range: *start..end,
            letter,
            title,
            author: author.clone(),
            contact,
            item,
        });
    }
    reports
}

/// The value after a label, or on the next line that is neither a letter nor a label.
fn labelled(cover: &[&Plain<'_>], label: &Regex, group: &str) -> Option<String> {
    for (i, line) in cover.iter().enumerate() {
        let Some(value) = label.captures(line).and_then(|c| c.name(group)) else {
            continue;
        };
        let value = value.as_str().trim();
        if !value.is_empty() {
            return Some(value.to_string());
        }
        return cover
            .iter()
            .skip(i + 1)
            .take(3)
            .find(|l| !is_document_letter(l) && !l.trim_end().ends_with(':'))
            .map(|l| l.trim().to_string());
    }
    None
}

/// The agenda item whose text names document `letter`.
fn item_naming(letter: &str, items: &[(String, Range<usize>)], whole: &str) -> Option<usize> {
    items.iter().position(|(_, range)| {
        whole.get(range.clone()).is_some_and(|body| {
            DOCUMENT_LETTER
                .captures_iter(body)
                .any(|c| c.get(1).is_some_and(|m| m.as_str() == letter))
        })
    })
}

/// A section heading inside a report, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionHeading {
    /// Where the heading line starts.
    pub start: usize,
    /// The heading as it should be shown: "2. BACKGROUND", "7.1 SUSTAINABILITY IMPLICATIONS".
    pub heading: String,
}

/// Section headings among `content` lines within `range`.
pub fn report_sections(
    content: &[(Line<'_>, Plain<'_>)],
    range: Range<usize>,
) -> Vec<SectionHeading> {
    let first = content.partition_point(|(l, _)| l.start < range.start);
    let mut out = Vec::new();
    let within: Vec<&(Line<'_>, Plain<'_>)> = content
        .iter()
        .skip(first)
        .take_while(|(l, _)| l.start < range.end)
        .collect();
    for (k, (line, raw_plain)) in within.iter().enumerate() {
        let p = plain_unbulleted(raw_plain);
        if let Some(c) = NUMBERED_SECTION.captures(&p) {
            let number = c.get(1).map_or("", |m| m.as_str());
            let title = c.get(2).map_or("", |m| m.as_str());
            if is_capitals(title) && title.split_whitespace().count() <= 15 && !title.ends_with('.')
            {
                let sep = if number.contains('.') { " " } else { ". " };
                out.push(SectionHeading {
                    start: line.start,
                    heading: format!("{number}{sep}{}", title.trim()),
                });
            }
            continue;
        }
        let words = p.split_whitespace().count();
        if is_capitals(&p)
            && words <= 8
            && !p.ends_with(['.', ':'])
            && SECTION_WORDS.iter().any(|w| p.contains(w))
        {
            let number = within.get(k + 1).and_then(|(_, next)| {
                let next = plain_unbulleted(next);
                PARAGRAPH_NUMBER
                    .captures(&next)
                    .and_then(|c| c.get(1).map(|m| m.as_str().to_string()))
            });
            let heading = match number {
                Some(n) => format!("{n}. {p}"),
                None => p.clone(),
            };
            out.push(SectionHeading {
                start: line.start,
                heading,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::lines::{lines, plain};
    use super::*;

    fn content(text: &str) -> Vec<(Line<'_>, Plain<'_>)> {
        lines(text)
            .into_iter()
            .filter(|l| !l.is_blank())
            .map(|l| (l, plain(l.raw)))
            .collect()
    }

    #[test]
    fn reports_are_found_with_letter_subject_contact_and_item() {
        let text = "7. IMPROVEMENT PROGRAMME\n\nThe report (Document \"AX\") is here.\n\n8. YOUNG CARERS\n\nThe report (Document “AZ”) too.\n\n## **Report of the Strategic Director Children's Services to the meeting of Children's Overview & Scrutiny Committee to be held on 11 March 2021**\n\n**AX**\n\n**Subject:**\n\n**Children's Services Improvement Programme**\n\nReport Contact: Irfan Alam\n\n2. BACKGROUND\n\nText.\n\nReport of the Chair of the Scrutiny Committee to be held on Wednesday 11 March 2021\n\nSubject:\n\nAZ\n\nYoung Carers\n";
        let c = content(text);
        let items = vec![
            ("IMPROVEMENT PROGRAMME".to_string(), 0..60),
            ("YOUNG CARERS".to_string(), 60..110),
        ];
        let reports = find_reports(&c, text.len(), 110, &items, text);
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[0].letter.as_deref(), Some("AX"));
        assert_eq!(
            reports[0].title,
            "Children's Services Improvement Programme"
        );
        assert_eq!(
            reports[0].author.as_deref(),
            Some("Strategic Director Children's Services")
        );
        assert_eq!(reports[0].contact.as_deref(), Some("Irfan Alam"));
        assert_eq!(reports[0].item, Some(0));
        assert_eq!(reports[1].letter.as_deref(), Some("AZ"));
        assert_eq!(reports[1].title, "Young Carers");
        assert_eq!(
            reports[1].author.as_deref(),
            Some("Chair of the Scrutiny Committee")
        );
        assert_eq!(reports[1].item, Some(1));
        assert_eq!(reports[0].range.end, reports[1].range.start);
    }

    #[test]
    fn sections_in_capitals_and_restored_numbers() {
        let text = "SUMMARY\n\n- 1.1 The report.\n\nBACKGROUND\n\n- 2.1 More.\n\n### **3. OTHER CONSIDERATIONS**\n\n7.1 SUSTAINABILITY IMPLICATIONS\n\n2.1 Case file audit\n\n1. To note the outcome\n";
        let c = content(text);
        let s: Vec<String> = report_sections(&c, 0..text.len())
            .into_iter()
            .map(|s| s.heading)
            .collect();
        assert_eq!(
            s,
            [
                "1. SUMMARY",
                "2. BACKGROUND",
                "3. OTHER CONSIDERATIONS",
                "7.1 SUSTAINABILITY IMPLICATIONS"
            ]
        );
    }
}
