//! References a passage makes to other business: minutes, document letters, report codes,
//! earlier meetings, agenda items and legislation.
//!
//! In: a passage's text. Out: [`Reference`]s in order of position, each with its kind, its exact
//! text, its span (character offsets within the passage) and a normalised `key`. Nothing here
//! knows the archive: [`crate::index::resolve`] later decides what each reference points at.
//!
//! Forms read (as the seeds and other councils print them):
//! - minutes: "Minute 37", "Minute  65", "Minutes 12 to 14" (one reference per minute),
//!   "Minute 46 (2018/19)" (with the municipal year it names);
//! - document letters: `Document "AD"`, `Document “AD”`, `(Document "P")`;
//! - report codes: "Report CS17062", "Reports CSED13002, and JPDS15001" (one per code);
//!   "Report No. CS17062" on a report's own front page is the report's number
//!   ([`carried_codes`]), not a reference;
//! - earlier meetings: "the minutes of the meeting held on 23 January 2019";
//! - agenda items: "item 7", "agenda item 5(a)";
//! - legislation: "Section 436A of the Education and Inspections Act 1996",
//!   "S497A Education Act 1996", "Children and Families Act 2014" (the act's name and year,
//!   normalised, is the key and the `act` facet value).

use std::sync::LazyLock;

use regex::Regex;

use super::dates;
use crate::model::{DocType, Passage, RefKind, Reference};

/// Most minutes one range reference ("Minutes 12 to 14") expands to; a wider span is more
/// likely a misreading than a real citation.
const MAX_MINUTE_RANGE: u32 = 30;

/// Most words in an act's name ("Local Government (Miscellaneous Provisions) Act 1976" has 5).
const MAX_ACT_NAME_WORDS: usize = 10;

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("reference pattern {pattern:?}: {e}"))
}

/// "Minute 37", "Minutes 12 to 14", "Minute 46 (2018/19)", "Min. No. 5".
static MINUTE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?-u:\b)(?:Minutes?|minutes?|MINUTES?)\s+(?:[Nn]o\.?\s*)?(\d{1,4}[A-Z]?)(?-u:\b)(?:\s*(?:to|-|–|and|&)\s*(\d{1,4}[A-Z]?)(?-u:\b))?(?:\s*\(\s*((?:19|20)\d{2})\s*[/-]\s*(\d{2}|\d{4})\s*\))?",
    )
});

/// `Document "AD"` with straight or curly quotes, any Markdown emphasis around the letter.
static DOCUMENT: LazyLock<Regex> = LazyLock::new(|| {
    regex(r#"(?i:(?-u:\b)documents?)\s*\**\s*["“”'‘’]\s*([A-Z]{1,3})\s*["“”'‘’]"#)
});

/// A report code such as CS17062, CSED13002, JPDS15001, ECHS19045.
const REPORT_CODE: &str = r"[A-Z]{2,6}\d{3,6}[A-Z]?";

/// "Report CS17062", "Reports CSED13002, and JPDS15001".
static REPORT: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?-u:\b)(?i:reports?)\s+(?:(?i:no)\.?\s*|(?i:number)\s*:?\s*)?({REPORT_CODE})(?-u:\b)"
    ))
});

/// The next code of a list: ", and JPDS15001", " & ECHS19045".
static REPORT_LIST_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"^\s*(?:,\s*and|,|and|&)\s*({REPORT_CODE})(?-u:\b)"
    ))
});

/// "Report No. CS17062", "Report Number: CS17062", "Ref: CS17062": a report's own number.
static CARRIED: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?-u:\b)(?:(?i:report)\s+(?:(?i:no)\.?|(?i:number))\s*:?\s*|(?i:ref(?:erence)?)\s*(?:(?i:no)\.?)?\s*:\s*)({REPORT_CODE})(?-u:\b)"
    ))
});

/// "the minutes of the meeting held on", "the minutes of the last meeting of the Committee held
/// on", "the meeting held on": a date must follow.
static MEETING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)the\s+(?:minutes\s+of\s+the\s+)?(?:(?:last|previous|special|ordinary)\s+)?(?-i:([A-Z][\w'’&]*(?:\s+[A-Z][\w'’&]*){0,5})\s+)?meeting\s+(?:of\s+(?:the\s+|this\s+)?([A-Z][^.;:\n]{1,100}?)\s+)?held\s+on\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?",
    )
});

/// What [`MEETING`] must hold: far cheaper to look for than the pattern, which starts at every
/// "the".
static HELD_ON: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)held\s+on\s"));

/// "item 7", "agenda item 5(a)", "Item No. 12".
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?-u:\b)(?i:item)\s+(?:(?i:no)\.?\s*)?(\d{1,3}(?:[A-Z](?-u:\b)|(?-u:\b))(?:\s?\([a-z]\))?)",
    )
});

/// "Act 1996", "Act, 1996": the end of a piece of legislation's name.
static ACT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?-u:\b)Act,?\s+((?:18|19|20)\d{2})(?-u:\b)"));

/// The section before an act's name: "Section 436A of the ", "S497A ", "s.17 of the ".
static ACT_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:(?-u:\b)sections?\s+|(?-u:\b)s\.?\s*|§\s*)(\d{1,4}[A-Z]{0,2}(?:\(\d+\))?)\s+(?:of\s+(?:the\s+)?)?$",
    )
});

/// Small words that may sit inside an act's name but never start it.
const CONNECTORS: [&str; 9] = ["and", "of", "the", "for", "in", "on", "to", "&", "with"];

/// Every reference in `text`, in order of position.
pub fn find(text: &str) -> Vec<Reference> {
    let mut found = Vec::new();
    minutes(text, &mut found);
    documents(text, &mut found);
    reports(text, &mut found);
    meetings(text, &mut found);
    items(text, &mut found);
    acts(text, &mut found);
    found.sort_by_key(|r| (r.start, r.end));
    found
}

/// Report codes a report's own front page carries ("Report No. CS17062").
pub fn carried_codes(text: &str) -> Vec<String> {
    CARRIED
        .captures_iter(text)
        .filter_map(|c| c.get(1).map(|m| m.as_str().to_string()))
        .collect()
}

/// Fill in every passage's references. In a report's own text, its number ("Report No.
/// CS17062") is what it carries, not a reference to another paper.
pub fn annotate(passages: &mut [Passage]) {
    for passage in passages {
        let mut refs = find(&passage.text);
        if passage.doc_type == DocType::Report {
            let own: Vec<(usize, usize)> = CARRIED
                .captures_iter(&passage.text)
                .filter_map(|c| c.get(0))
                .map(|m| {
                    (
                        char_offset(&passage.text, m.start()),
                        char_offset(&passage.text, m.end()),
                    )
                })
                .collect();
            refs.retain(|r| {
                r.kind != RefKind::Report || !own.iter().any(|(s, e)| r.start < *e && *s < r.end)
            });
        }
        passage.references = refs;
    }
}

/// The municipal year "2018/19" from "2018" and "19" or "2019"; `None` when they do not follow.
pub fn municipal_year(first: &str, second: &str) -> Option<String> {
    let start: u32 = first.parse().ok()?;
    let end: u32 = second.parse().ok()?;
    let end_short = if second.len() == 4 { end % 100 } else { end };
    ((start + 1) % 100 == end_short).then(|| format!("{start}/{end_short:02}"))
}

fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |s| s.chars().count())
}

fn reference(text: &str, kind: RefKind, span: (usize, usize), key: String) -> Reference {
    Reference {
        kind,
        text: text.get(span.0..span.1).unwrap_or("").to_string(),
        start: char_offset(text, span.0),
        end: char_offset(text, span.1),
        key,
        year: None,
        section: None,
        body: None,
        target: None,
        status: None,
        reason: None,
        candidates: Vec::new(),
    }
}

fn minutes(text: &str, out: &mut Vec<Reference>) {
    for c in MINUTE.captures_iter(text) {
        let (Some(all), Some(first)) = (c.get(0), c.get(1)) else {
            continue;
        };
        // "30 minutes 5 members" is a duration, not a citation.
        let before = text.get(..all.start()).unwrap_or("").trim_end();
        if before.ends_with(|ch: char| ch.is_ascii_digit()) {
            continue;
        }
        let year = match (c.get(3), c.get(4)) {
            (Some(a), Some(b)) => municipal_year(a.as_str(), b.as_str()),
            _ => None,
        };
        let numbers = match c.get(2) {
            Some(last) => expand_range(first.as_str(), last.as_str()),
            None => vec![first.as_str().to_string()],
        };
        for number in numbers {
            let mut r = reference(
                text,
                RefKind::Minute,
                (all.start(), all.end()),
                number.clone(),
            );
            r.year = year.clone();
            out.push(r);
        }
    }
}

/// "12" to "14" gives 12, 13, 14; anything else (letters, a reversed or huge span) gives both
/// ends only.
fn expand_range(first: &str, last: &str) -> Vec<String> {
    match (first.parse::<u32>(), last.parse::<u32>()) {
        (Ok(a), Ok(b)) if a <= b && b - a <= MAX_MINUTE_RANGE => {
            (a..=b).map(|n| n.to_string()).collect()
        }
        _ => vec![first.to_string(), last.to_string()],
    }
}

fn documents(text: &str, out: &mut Vec<Reference>) {
    for c in DOCUMENT.captures_iter(text) {
        let (Some(all), Some(letter)) = (c.get(0), c.get(1)) else {
            continue;
        };
        out.push(reference(
            text,
            RefKind::Document,
            (all.start(), all.end()),
            letter.as_str().to_string(),
        ));
    }
}

fn reports(text: &str, out: &mut Vec<Reference>) {
    for c in REPORT.captures_iter(text) {
        let (Some(all), Some(code)) = (c.get(0), c.get(1)) else {
            continue;
        };
        out.push(reference(
            text,
            RefKind::Report,
            (all.start(), all.end()),
            code.as_str().to_string(),
        ));
        let mut at = all.end();
        while let Some(next) = text
            .get(at..)
            .and_then(|rest| REPORT_LIST_NEXT.captures(rest))
        {
            let (Some(whole), Some(code)) = (next.get(0), next.get(1)) else {
                break;
            };
            out.push(reference(
                text,
                RefKind::Report,
                (at + code.start(), at + code.end()),
                code.as_str().to_string(),
            ));
            at += whole.end();
        }
    }
}

fn meetings(text: &str, out: &mut Vec<Reference>) {
    if !HELD_ON.is_match(text) {
        return;
    }
    for c in MEETING.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        // "the meeting of the Executive to be held on": the paper's own, future meeting.
        if all.as_str().to_lowercase().contains(" to be held") {
            continue;
        }
        let rest = text.get(all.end()..).unwrap_or("");
        let Some(date) = dates::find_dates(rest).into_iter().next() else {
            continue;
        };
        if date.range.start != 0 {
            continue;
        }
        let mut r = reference(
            text,
            RefKind::Meeting,
            (all.start(), all.end() + date.range.end),
            date.date.to_string(),
        );
        // The body named ("of the Executive held on"), kept for resolution.
        r.body = c.get(2).or(c.get(1)).map(|m| m.as_str().trim().to_string());
        out.push(r);
    }
}

fn items(text: &str, out: &mut Vec<Reference>) {
    for c in ITEM.captures_iter(text) {
        let (Some(all), Some(number)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let key: String = number.as_str().split_whitespace().collect();
        out.push(reference(
            text,
            RefKind::Item,
            (all.start(), all.end()),
            key,
        ));
    }
}

fn acts(text: &str, out: &mut Vec<Reference>) {
    for c in ACT_YEAR.captures_iter(text) {
        let (Some(all), Some(year)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Some((name_start, name)) = act_name(text, all.start()) else {
            continue;
        };
        let before = text.get(..name_start).unwrap_or("");
        let section = ACT_SECTION.captures(before);
        let start = section
            .as_ref()
            .and_then(|s| s.get(0))
            .map_or(name_start, |m| m.start());
        let key = format!("{name} Act {}", year.as_str());
        let mut r = reference(text, RefKind::Act, (start, all.end()), key);
        r.section = section
            .and_then(|s| s.get(1))
            .map(|m| m.as_str().to_string());
        out.push(r);
    }
}

/// The name of the act whose "Act" starts at byte `act_at`: the capitalised words (and small
/// connecting words) just before it, as a byte start and a normalised name.
fn act_name(text: &str, act_at: usize) -> Option<(usize, String)> {
    let before = text.get(..act_at)?;
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut end = before.len();
    loop {
        let trimmed = before.get(..end)?.trim_end_matches([' ', '\t', '\n', '\r']);
        // A blank line (a heading above, a new paragraph) ends the name.
        let gap = before.get(trimmed.len()..end).unwrap_or("");
        if trimmed.is_empty() || gap.matches('\n').count() >= 2 {
            break;
        }
        let start = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = trimmed.get(start..)?;
        let is_connector = CONNECTORS.contains(&word.to_lowercase().as_str());
        let shouting = word.chars().filter(|c| c.is_alphabetic()).count() > 4
            && word.chars().all(|c| !c.is_lowercase());
        let is_name_word = word.chars().next().is_some_and(|c| c.is_uppercase())
            && !shouting
            && word
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '(' | ')'));
        if !(is_connector || is_name_word) || words.len() >= MAX_ACT_NAME_WORDS {
            break;
        }
        words.push((start, word));
        end = start;
        if start == 0 {
            break;
        }
    }
    words.reverse();
    // A name starts with a capitalised word: "of the Education" starts at "Education"; "The"
    // opening a sentence is not part of the name either.
    while words.first().is_some_and(|(_, w)| {
        CONNECTORS.contains(&w.to_lowercase().as_str()) || w.eq_ignore_ascii_case("the")
    }) {
        words.remove(0);
    }
    let start = words.first()?.0;
    let name = words
        .iter()
        .map(|(_, w)| normalise_act_word(w))
        .collect::<Vec<_>>()
        .join(" ");
    Some((start, name))
}

/// "EDUCATION" → "Education", "and" stays lowercase, "Children's" stays.
fn normalise_act_word(word: &str) -> String {
    let lower = word.to_lowercase();
    if CONNECTORS.contains(&lower.as_str()) {
        return lower;
    }
    if word
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase())
        && word.len() > 1
    {
        let mut chars = lower.chars();
        return chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(RefKind, String, String)> {
        find(text)
            .into_iter()
            .map(|r| (r.kind, r.text, r.key))
            .collect()
    }

    fn one(kind: RefKind, text: &str, key: &str) -> (RefKind, String, String) {
        (kind, text.to_string(), key.to_string())
    }

    #[test]
    fn minute_references_in_every_form() {
        assert_eq!(
            kinds("Claire Parr disclosed an interest in Minute 37 as her daughter"),
            [one(RefKind::Minute, "Minute 37", "37")]
        );
        assert_eq!(
            kinds("an interest in Minute  65 as she"),
            [one(RefKind::Minute, "Minute  65", "65")]
        );
        let range = find("see Minutes 12 to 14 above");
        assert_eq!(
            range.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(),
            ["12", "13", "14"]
        );
        assert!(range.iter().all(|r| r.text == "Minutes 12 to 14"));
        let year = find("Previous Reference: Minute 46 (2018/19)");
        assert_eq!(year.len(), 1);
        assert_eq!(year[0].text, "Minute 46 (2018/19)");
        assert_eq!(year[0].year.as_deref(), Some("2018/19"));
        assert!(find("Approximately 30 minutes 5 members").is_empty());
        assert!(find("Minutes:\n\nResolved").is_empty());
    }

    #[test]
    fn document_letters_with_any_quotes_and_markup() {
        for (text, letter) in [
            (r#"The report (**Document "P"**) presented"#, "P"),
            ("will submit Document “AD” which provides", "AD"),
            (r#"(Document "AX") is to provide"#, "AX"),
        ] {
            let refs = find(text);
            assert_eq!(refs.len(), 1, "{text}");
            assert_eq!(refs[0].kind, RefKind::Document);
            assert_eq!(refs[0].key, letter);
            assert!(refs[0].text.starts_with("Document"), "{:?}", refs[0].text);
        }
    }

    #[test]
    fn report_codes_alone_and_in_lists() {
        assert_eq!(
            kinds("#### **Report CS17062**"),
            [one(RefKind::Report, "Report CS17062", "CS17062")]
        );
        assert_eq!(
            kinds("In Bromley (Reports CSED13002, and JPDS15001):"),
            [
                one(RefKind::Report, "Reports CSED13002", "CSED13002"),
                one(RefKind::Report, "JPDS15001", "JPDS15001")
            ]
        );
        assert_eq!(
            carried_codes("Report No. CS17062\n\nCare Services"),
            ["CS17062"]
        );
    }

    #[test]
    fn earlier_meetings_by_date() {
        let refs = find("That the minutes of the meeting held on 23 January 2019 be signed");
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].kind, RefKind::Meeting);
        assert_eq!(
            refs[0].text,
            "the minutes of the meeting held on 23 January 2019"
        );
        assert_eq!(refs[0].key, "2019-01-23");
        let refs = find("the minutes of the meeting held on Wednesday, 6th January 2021");
        assert_eq!(refs[0].key, "2021-01-06");
        let refs = find("That the minutes of the Cabinet meeting held on 14 May 2024 be confirmed");
        assert_eq!(refs[0].key, "2024-05-14");
        assert_eq!(refs[0].body.as_deref(), Some("Cabinet"));
        assert!(find("the meeting held on a Wednesday").is_empty());
    }

    #[test]
    fn agenda_items() {
        assert_eq!(
            kinds("as reported under item 7 earlier"),
            [one(RefKind::Item, "item 7", "7")]
        );
        assert_eq!(kinds("agenda item 5(a) refers")[0].2, "5(a)");
    }

    #[test]
    fn legislation_with_sections_normalised() {
        let refs = find("Under Section 436A of the Education and Inspections Act 1996 all");
        assert_eq!(refs.len(), 1);
        assert_eq!(
            refs[0].text,
            "Section 436A of the Education and Inspections Act 1996"
        );
        assert_eq!(refs[0].key, "Education and Inspections Act 1996");
        assert_eq!(refs[0].section.as_deref(), Some("436A"));

        let refs = find("S497A Education Act 1996 gives the Secretary of State");
        assert_eq!(refs[0].text, "S497A Education Act 1996");
        assert_eq!(refs[0].key, "Education Act 1996");
        assert_eq!(refs[0].section.as_deref(), Some("497A"));

        let keys: Vec<String> = find(
            "The Children and Families Act 2014 states; following the Children and Families \
             Act 2014, Care Act 2014.",
        )
        .into_iter()
        .map(|r| r.key)
        .collect();
        assert_eq!(
            keys,
            [
                "Children and Families Act 2014",
                "Children and Families Act 2014",
                "Care Act 2014"
            ]
        );
        assert_eq!(
            find("THE EDUCATION ACT 1996")
                .into_iter()
                .map(|r| r.key)
                .collect::<Vec<_>>(),
            Vec::<String>::new(),
            "an all-capitals ACT is not the word Act"
        );
    }

    #[test]
    fn act_names_stop_at_headings_and_own_meetings_are_not_references() {
        let refs = find("2. BACKGROUND\n\nThe Children and Families Act 2014 states");
        assert_eq!(refs[0].key, "Children and Families Act 2014");
        assert_eq!(refs[0].text, "Children and Families Act 2014");
        assert!(
            find("Minutes of a meeting of the Committee held on Wednesday, 12 December 2018")
                .is_empty()
        );
        assert!(find("the meeting of Executive to be held on 6th November 2018").is_empty());
    }

    #[test]
    fn spans_are_character_offsets() {
        let text = "Café – see Minute 37.";
        let r = &find(text)[0];
        let chars: Vec<char> = text.chars().collect();
        let span: String = chars[r.start..r.end].iter().collect();
        assert_eq!(span, "Minute 37");
    }

    #[test]
    fn municipal_years_must_follow() {
        assert_eq!(municipal_year("2018", "19").as_deref(), Some("2018/19"));
        assert_eq!(municipal_year("2018", "2019").as_deref(), Some("2018/19"));
        assert_eq!(municipal_year("2018", "20"), None);
    }

    #[test]
    fn odd_text_does_not_panic() {
        for text in [
            "",
            "Act 1996",
            "a\u{a0}Education\u{a0}Act 1996",
            "Document \"",
            "Minute",
            "é Act 2014 é",
            "item",
        ] {
            let _ = find(text);
        }
    }
}
