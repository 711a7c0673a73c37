//! What a paper says about itself at the top: its type, its meeting and its title.
//!
//! In: the head of the text (everything before the first numbered item, see
//! [`super::items`]) as plain lines, the whole text (for the council's mention rule) and the
//! title the format gave ([`crate::extract::Extracted::title`]). Out: a [`Header`].
//!
//! The rules, each general to committee papers rather than to one council:
//! - **Type**: the first line that declares it. "Agenda, decisions and minutes" (ModernGov's
//!   page for a meeting that has happened) is `minutes` wherever it appears; otherwise a line
//!   opening "Minutes" / "Printed minutes" is `minutes`, "Agenda" / "Notice of meeting" /
//!   "Summons" is `agenda`, "Report of|by|to" or the "From: ... To: ... Subject:" layout is
//!   `report` (also "By: ... To: ... Subject:"), "Record of decision" / "Decision notice" / "Decision to be taken by" is
//!   `decision`. Nothing declared: `other`.
//! - **Committee**: "meeting of \[the\] X held|to be held|on"; ModernGov's "X - Thursday 15
//!   January 2026 7:30 pm" and "Agenda for X on ..."; a "To:" line ("To: Cabinet – 30 January
//!   2025"); "Decision to be taken by:" followed by the body; otherwise a heading line in
//!   capitals naming a body (COMMITTEE, CABINET, BOARD, PANEL, ...) that is not the council
//!   itself. Names in capitals are put in title case.
//! - **Date**: the date in the sentence that names the meeting ("held on ...", "to be held
//!   on ...", the "To:" line, the ModernGov heading), else a date standing on its own near the
//!   top or after a "Date:" label. Dates elsewhere (minutes *of* an earlier meeting being
//!   approved, report deadlines) are never taken: the head ends at the first item.
//! - **Time**: from the meeting sentence, "Commenced 4.30 pm", a "Time:" label or the date line.
//! - **Venue**: "held [on DATE] in VENUE", "held in VENUE on DATE", a "Venue:" / "Place:" label.
//! - **Council**: [`super::council::find_council`].
//! - **Title**: a report's "Subject:", else the line that names the meeting, else the format's
//!   title, else ModernGov's meeting heading.

use std::sync::LazyLock;

use regex::Regex;

use super::council::find_council;
use super::dates::{find_dates, find_time, first_date};
use super::lines::{is_capitals, title_case};
use crate::model::{DocType, Meeting};

/// What the head of a paper states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// The paper's type.
    pub doc_type: DocType,
    /// Its meeting; unstated facts are `None`.
    pub meeting: Meeting,
    /// A title, when the head gives one.
    pub title: Option<String>,
}

/// Most lines of the head read when no item ends it sooner.
pub const MAX_HEAD_LINES: usize = 80;

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("header pattern {p}: {e}"))
}

static MODERNGOV_MINUTES: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^agenda,?\s+decisions\s+and\s+minutes(?-u:\b)|^decisions\s+and\s+minutes(?-u:\b)")
});
static MINUTES_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:printed\s+|draft\s+|unconfirmed\s+)?minutes(?-u:\b)"));
static DECISION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)record\s+of\s+(?:the\s+)?(?:executive\s+|officer\s+|key\s+|cabinet\s+member\s+)?decision|^decision\s+notice(?-u:\b)|^notice\s+of\s+(?:executive\s+|key\s+|officer\s+)?decision|^decision\s+(?:to\s+be\s+)?taken\s+by(?-u:\b)|^officer\s+decision(?-u:\b)",
    )
});
static AGENDA_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:agenda(?-u:\b)(?:\s+(?:for|and)(?-u:\b)|\s*$|\s+frontsheet)|notice\s+of\s+(?:the\s+)?meeting(?-u:\b)|summons(?-u:\b))",
    )
});
static REPORT_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^report\s+(?:of|by|to|from)(?-u:\b)"));

static MEETING_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)meeting\s+of\s+(?:the\s+)?(?P<c>.+?)\s*(?:,|\s+(?:to\s+be\s+held|held|on|at|which)(?-u:\b)|$)",
    )
});
static MODERNGOV_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?P<c>[A-Z][^\n]{2,150}?)\s+[-–]\s+(?i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+\d{1,2}(?:st|nd|rd|th)?\s",
    )
});
static AGENDA_FOR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:Agenda|Minutes|Decisions)\s+for\s+(?P<c>.+?)\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)",
    )
});
static TO_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:To:\s*)?(?P<c>[A-Z][A-Za-z&' ]{2,80}?)\s*(?:[-–,]\s*|\s+)(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+,?\s+\d{4})",
    )
});
static BODY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:committee|sub-committee|cabinet|board|panel|executive|forum|commission|council|assembly|authority|partnership)(?-u:\b)",
    )
});
static COUNCIL_ITSELF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:the\s+)?(?:(?:royal|london)\s+borough\s+of\s+.+|city\s+of\s+.+|.+\s+(?:county|city|borough|district|metropolitan\s+(?:borough|district))\s+council)$",
    )
});
static HELD_PHRASE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?:held|to\s+be\s+held|will\s+be\s+held)(?-u:\b)"));
static VENUE_AFTER_DATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\d{4}\s*,?\s+(?:in|at)\s+(?:the\s+)?(?P<v>[A-Z][^\n]+?)\s*\.?$"));
static VENUE_BEFORE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)held\s+in\s+(?:the\s+)?(?P<v>.+?)\s*,?\s+on\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?\d",
    )
});
static VENUE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:proposed\s+)?(?:venue|place|location)\s*:\s*(?P<v>.*)$"));
static DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:date(?:\s+of\s+(?:the\s+)?(?:meeting|decision))?|meeting\s+date|decision\s+date)\s*:\s*(?P<d>.*)$",
    )
});
static TIME_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:time|start\s+time|commenced|commencing|starts?)\s*:?\s+(?P<t>.+)$")
});
static SUBJECT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:subject(?:\s+matter\s*/\s*title\s+of\s+decision)?|title\s+of\s+decision|subject\s+matter)\s*:\s*(?P<s>.*)$",
    )
});
static TO_LABEL: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^to\s*:\s*(?P<rest>.*)$"));
static FROM_LABEL: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(?:from|by)\s*:"));
static TAKEN_BY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)decision\s+(?:to\s+be\s+)?taken\s+by\s*:?\s*(?P<rest>.*)$"));

/// Read the head of a paper. `head` holds its plain lines (blank ones dropped) up to the first
/// item; `whole` is the full text; `format_title` the title the format stated.
pub fn read_header(head: &[String], whole: &str, format_title: Option<&str>) -> Header {
    let mut lines: Vec<&str> = Vec::with_capacity(head.len() + 1);
    if let Some(t) = format_title.filter(|t| !t.trim().is_empty()) {
        lines.push(t.trim());
    }
    lines.extend(head.iter().take(MAX_HEAD_LINES).map(String::as_str));
    let head_text = lines.join("\n");

    let doc_type = doc_type(&lines);
    let meeting_line = meeting_sentence(&lines);
    let committee = committee(&lines, meeting_line.as_deref());
    let date = date(&lines, meeting_line.as_deref());
    let time = time(&lines, meeting_line.as_deref());
    let venue = venue(&lines, meeting_line.as_deref());
    let council = find_council(&head_text, whole);
    let title = subject(&lines)
        .or_else(|| meeting_line.clone())
        .or_else(|| format_title.map(|t| t.trim().to_string()))
        .or_else(|| {
            lines
                .iter()
                .find(|l| MODERNGOV_HEADING.is_match(l) || MODERNGOV_MINUTES.is_match(l))
                .map(|l| l.trim().to_string())
        })
        .filter(|t| !t.is_empty());
    Header {
        doc_type,
        meeting: Meeting {
            council,
            committee,
            date,
            time,
            venue,
        },
        title,
    }
}

fn doc_type(lines: &[&str]) -> DocType {
    if lines.iter().any(|l| MODERNGOV_MINUTES.is_match(l)) {
        return DocType::Minutes;
    }
    for (i, line) in lines.iter().enumerate() {
        if MINUTES_LINE.is_match(line) {
            return DocType::Minutes;
        }
        if DECISION_LINE.is_match(line) {
            return DocType::Decision;
        }
        if AGENDA_LINE.is_match(line) {
            return DocType::Agenda;
        }
        if REPORT_LINE.is_match(line) {
            return DocType::Report;
        }
        // "From: ... To: ... Subject:" cover sheet of a report.
        if FROM_LABEL.is_match(line) {
            let window = lines.iter().skip(i).take(20);
            let (mut to, mut subject) = (false, false);
            for l in window {
                to |= TO_LABEL.is_match(l);
                subject |= SUBJECT_LABEL.is_match(l);
            }
            if to && subject {
                return DocType::Report;
            }
        }
    }
    DocType::Other
}

/// The sentence that names the meeting: a declaring line that mentions a meeting or its
/// holding, joined with the next two lines (PDF text wraps mid-sentence).
fn meeting_sentence(lines: &[&str]) -> Option<String> {
    for (i, line) in lines.iter().enumerate() {
        let declares = MINUTES_LINE.is_match(line)
            || AGENDA_LINE.is_match(line)
            || REPORT_LINE.is_match(line)
            || line.to_lowercase().starts_with("notice");
        let lower = line.to_lowercase();
        if declares && (lower.contains("meeting") || HELD_PHRASE.is_match(line)) {
            let mut sentence = line.to_string();
            for next in lines.iter().skip(i + 1).take(2) {
                if first_date(&sentence).is_some() {
                    break;
                }
                sentence.push(' ');
                sentence.push_str(next);
            }
            return Some(sentence);
        }
    }
    None
}

fn clean_committee(raw: &str) -> Option<String> {
    let c = raw
        .trim()
        .trim_end_matches(['.', ',', ':', ';', '-', '–'])
        .trim();
    let c = c.strip_prefix("the ").unwrap_or(c);
    if c.len() < 3 || c.len() > 120 || c.chars().next().is_some_and(|ch| !ch.is_alphabetic()) {
        return None;
    }
    Some(title_case(c))
}

fn committee(lines: &[&str], meeting_line: Option<&str>) -> Option<String> {
    if let Some(sentence) = meeting_line {
        if let Some(c) = MEETING_OF
            .captures(sentence)
            .and_then(|c| c.name("c"))
            .and_then(|m| clean_committee(m.as_str()))
        {
            return Some(c);
        }
    }
    for line in lines {
        for pattern in [&*AGENDA_FOR, &*MODERNGOV_HEADING] {
            if let Some(c) = pattern
                .captures(line)
                .and_then(|c| c.name("c"))
                .and_then(|m| clean_committee(m.as_str()))
            {
                return Some(c);
            }
        }
    }
    // "To:" then the body and the date, on the same line or the next.
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = TO_LABEL.captures(line).and_then(|c| c.name("rest")) else {
            continue;
        };
        let candidate = if rest.as_str().trim().is_empty() {
            lines.get(i + 1).copied().unwrap_or("")
        } else {
            rest.as_str()
        };
        if let Some(c) = TO_LINE
            .captures(candidate)
            .and_then(|c| c.name("c"))
            .and_then(|m| clean_committee(m.as_str()))
        {
            return Some(c);
        }
    }
    // "Decision to be taken by:" and the first line after it that is not another label.
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = TAKEN_BY.captures(line).and_then(|c| c.name("rest")) else {
            continue;
        };
        let mut candidates = vec![rest.as_str()];
        candidates.extend(lines.iter().skip(i + 1).take(4).copied());
        for c in candidates {
            let c = c.trim();
            if c.is_empty() || c.ends_with(':') {
                continue;
            }
            if c.split_whitespace().count() <= 8 && c.chars().any(char::is_alphabetic) {
                return clean_committee(c);
            }
            break;
        }
    }
    // A heading naming a body, other than the council itself: in capitals near the top, or a
    // short line among the first few.
    lines
        .iter()
        .take(15)
        .enumerate()
        .find(|(i, l)| {
            let short_heading = *i < 6
                && l.split_whitespace().count() <= 8
                && l.chars().next().is_some_and(char::is_uppercase)
                && !l.ends_with(['.', ':']);
            (is_capitals(l) || short_heading)
                && BODY_WORD.is_match(l)
                && !COUNCIL_ITSELF.is_match(l)
                && l.split_whitespace().count() <= 12
                && !MINUTES_LINE.is_match(l)
                && !AGENDA_LINE.is_match(l)
                && !DECISION_LINE.is_match(l)
                && !l.contains(':')
        })
        .and_then(|(_, l)| clean_committee(l))
}

fn date(lines: &[&str], meeting_line: Option<&str>) -> Option<chrono::NaiveDate> {
    if let Some(d) = meeting_line.and_then(first_date) {
        return Some(d);
    }
    for line in lines {
        if AGENDA_FOR.is_match(line) || MODERNGOV_HEADING.is_match(line) {
            if let Some(d) = first_date(line) {
                return Some(d);
            }
        }
    }
    for (i, line) in lines.iter().enumerate() {
        if let Some(rest) = TO_LABEL.captures(line).and_then(|c| c.name("rest")) {
            let candidate = if rest.as_str().trim().is_empty() {
                lines.get(i + 1).copied().unwrap_or("")
            } else {
                rest.as_str()
            };
            if TO_LINE.is_match(candidate) {
                return first_date(candidate);
            }
        }
        if let Some(d) = DATE_LABEL.captures(line).and_then(|c| c.name("d")) {
            let value = if d.as_str().trim().is_empty() {
                lines.get(i + 1).copied().unwrap_or("")
            } else {
                d.as_str()
            };
            if let Some(found) = first_date(value) {
                return Some(found);
            }
        }
    }
    // A line near the top that is mostly a date ("Thursday, 30th January, 2025, at 10.00 am").
    lines.iter().take(12).find_map(|line| {
        let found = find_dates(line);
        let first = found.first()?;
        let before = line.get(..first.range.start).unwrap_or("");
        let before_words = before.split_whitespace().count();
        (found.len() == 1 && before_words <= 1).then_some(first.date)
    })
}

fn time(lines: &[&str], meeting_line: Option<&str>) -> Option<String> {
    if let Some(t) = meeting_line.and_then(find_time) {
        return Some(t);
    }
    for line in lines {
        if AGENDA_FOR.is_match(line) || MODERNGOV_HEADING.is_match(line) {
            if let Some(t) = find_time(line) {
                return Some(t);
            }
        }
        if let Some(t) = TIME_LABEL.captures(line).and_then(|c| c.name("t")) {
            if let Some(found) = find_time(t.as_str()) {
                return Some(found);
            }
        }
    }
    // The date line at the top often carries the time.
    lines.iter().take(12).find_map(|line| {
        let found = find_dates(line);
        let first = found.first()?;
        let before = line.get(..first.range.start).unwrap_or("");
        if before.split_whitespace().count() > 1 {
            return None;
        }
        find_time(line.get(first.range.end..).unwrap_or(""))
    })
}

fn venue(lines: &[&str], meeting_line: Option<&str>) -> Option<String> {
    let clean = |v: &str| -> Option<String> {
        let v = super::noise::strip_site_clutter(v);
        let v = v.trim().trim_end_matches(['.', ',']).trim().to_string();
        (v.len() >= 3 && v.len() <= 150).then_some(v)
    };
    if let Some(sentence) = meeting_line {
        for pattern in [&*VENUE_BEFORE_DATE, &*VENUE_AFTER_DATE] {
            if let Some(v) = pattern
                .captures(sentence)
                .and_then(|c| c.name("v"))
                .and_then(|m| clean(m.as_str()))
            {
                return Some(v);
            }
        }
    }
    lines.iter().enumerate().find_map(|(i, line)| {
        let value = VENUE_LABEL.captures(line).and_then(|c| c.name("v"))?;
        let value = if value.as_str().trim().is_empty() {
            lines.get(i + 1).copied().unwrap_or("")
        } else {
            value.as_str()
        };
        clean(value)
    })
}

/// A report's or decision's subject: the value after "Subject:", or the next line that is not
/// a document letter.
fn subject(lines: &[&str]) -> Option<String> {
    for (i, line) in lines.iter().enumerate() {
        let Some(value) = SUBJECT_LABEL.captures(line).and_then(|c| c.name("s")) else {
            continue;
        };
        if !value.as_str().trim().is_empty() {
            return Some(value.as_str().trim().to_string());
        }
        return lines
            .iter()
            .skip(i + 1)
            .take(3)
            .find(|l| !is_document_letter(l) && !l.ends_with(':'))
            .map(|l| l.trim().to_string());
    }
    None
}

/// A line holding only a document letter such as "AX" or "Q".
pub fn is_document_letter(line: &str) -> bool {
    let t = line.trim();
    (1..=3).contains(&t.len()) && t.chars().all(|c| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn head(text: &str) -> Header {
        let lines: Vec<String> = text
            .lines()
            .map(super::super::lines::plain)
            .filter(|l| !l.is_empty())
            .collect();
        read_header(&lines, text, None)
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn minutes_heading_sentence() {
        let h = head("Minutes of a meeting of the Children's Services Overview and Scrutiny Committee held on Wednesday, 12 December 2018 in Committee Room 1 - City Hall, Bradford\n\nCommenced 4.30 pm");
        assert_eq!(h.doc_type, DocType::Minutes);
        assert_eq!(
            h.meeting.committee.as_deref(),
            Some("Children's Services Overview and Scrutiny Committee")
        );
        assert_eq!(h.meeting.date, d(2018, 12, 12));
        assert_eq!(
            h.meeting.venue.as_deref(),
            Some("Committee Room 1 - City Hall, Bradford")
        );
        assert_eq!(h.meeting.council.as_deref(), Some("Bradford"));
        assert_eq!(h.meeting.time.as_deref(), Some("16:30"));
    }

    #[test]
    fn capitals_heading_then_minutes_line() {
        let h = head("CARE SERVICES POLICY DEVELOPMENT AND SCRUTINY COMMITTEE\n\nMinutes of the meeting held at 7.00 pm on 6 December 2016");
        assert_eq!(h.doc_type, DocType::Minutes);
        assert_eq!(
            h.meeting.committee.as_deref(),
            Some("Care Services Policy Development and Scrutiny Committee")
        );
        assert_eq!(h.meeting.date, d(2016, 12, 6));
        assert_eq!(h.meeting.time.as_deref(), Some("19:00"));
    }

    #[test]
    fn minutes_wrapped_over_lines_with_venue_before_date() {
        let h = head("KENT COUNTY COUNCIL\nCABINET\nMINUTES of a meeting of the Cabinet held in the Council Chamber, Sessions\nHouse, County Hall, Maidstone on Thursday, 9 January 2025.\nPRESENT: Mr R W Gough (Chairman)");
        assert_eq!(h.doc_type, DocType::Minutes);
        assert_eq!(h.meeting.committee.as_deref(), Some("Cabinet"));
        assert_eq!(h.meeting.date, d(2025, 1, 9));
        assert_eq!(h.meeting.council.as_deref(), Some("Kent"));
        assert_eq!(
            h.meeting.venue.as_deref(),
            Some("Council Chamber, Sessions House, County Hall, Maidstone")
        );
    }

    #[test]
    fn report_to_a_meeting() {
        let h = head("Report of the Chief Executive to the meeting of Executive to be held on 6th November 2018\n\nQ\n\nSubject:\n\nOFSTED INSPECTION\n\nE-mail: a.b@bradford.gov.uk");
        assert_eq!(h.doc_type, DocType::Report);
        assert_eq!(h.meeting.committee.as_deref(), Some("Executive"));
        assert_eq!(h.meeting.date, d(2018, 11, 6));
        assert_eq!(h.title.as_deref(), Some("OFSTED INSPECTION"));
        assert_eq!(h.meeting.council.as_deref(), Some("Bradford"));
    }

    #[test]
    fn cover_sheet_report_and_agenda_frontsheet() {
        let h = head("From:\nRoger Gough, Leader\nTo:\nCabinet – 30th January 2025\nSubject:\nDraft Revenue Budget\nClassification: Unrestricted");
        assert_eq!(h.doc_type, DocType::Report);
        assert_eq!(h.meeting.committee.as_deref(), Some("Cabinet"));
        assert_eq!(h.meeting.date, d(2025, 1, 30));
        let a = head("AGENDA\nCABINET\nThursday, 30th January, 2025, at 10.00 am Ask for:\nCouncil Chamber, Sessions House, Telephone:");
        assert_eq!(a.doc_type, DocType::Agenda);
        assert_eq!(a.meeting.committee.as_deref(), Some("Cabinet"));
        assert_eq!(a.meeting.date, d(2025, 1, 30));
        assert_eq!(a.meeting.time.as_deref(), Some("10:00"));
    }

    #[test]
    fn moderngov_page() {
        let h = head("Agenda, decisions and minutes\nKingston and North Kingston Neighbourhood Committee - Thursday 15 January 2026 7:30 pm\nVenue: Guildhall, Kingston upon Thames.  View directions");
        assert_eq!(h.doc_type, DocType::Minutes);
        assert_eq!(
            h.meeting.committee.as_deref(),
            Some("Kingston and North Kingston Neighbourhood Committee")
        );
        assert_eq!(h.meeting.date, d(2026, 1, 15));
        assert_eq!(h.meeting.time.as_deref(), Some("19:30"));
        assert_eq!(
            h.meeting.venue.as_deref(),
            Some("Guildhall, Kingston upon Thames")
        );
        assert_eq!(h.meeting.council.as_deref(), Some("Kingston upon Thames"));
    }

    #[test]
    fn decision_record() {
        let h = head("KENT COUNTY COUNCIL – PROPOSED RECORD OF DECISION\nDECISION TO BE TAKEN BY:\nDECISION NO:\nCabinet\n24/00096");
        assert_eq!(h.doc_type, DocType::Decision);
        assert_eq!(h.meeting.committee.as_deref(), Some("Cabinet"));
        assert_eq!(h.meeting.date, None);
    }

    #[test]
    fn nothing_stated_is_none() {
        let h = head("Local democracy\nAgenda, decisions and minutes\nContact: Fatima Butt");
        assert_eq!(h.meeting.committee, None);
        assert_eq!(h.meeting.date, None);
        let o = head("Some notes\nabout nothing in particular");
        assert_eq!(o.doc_type, DocType::Other);
        assert_eq!(o.meeting, Meeting::default());
    }
}
