//! What a paper says about itself: its type, its meeting and its title, weighed from every
//! place a clerk would look.
//!
//! In: [`Clues`]: the head of the text (everything before the first numbered item, see
//! [`super::items`]) as plain lines, its running headers and footers, the whole text, the
//! title the format gave ([`crate::extract::Extracted::title`]) and the file's path. Out: a
//! [`Header`] with each meeting fact's [`Origin`].
//!
//! Every fact is a [`Ballot`]: each rule below adds a scored candidate and the values that
//! agree pool their scores ([`super::evidence`]). The text's own statements score highest,
//! then the format's title, then the file name and folders ([`super::path`]); sidecar metadata,
//! applied afterwards, wins outright. Lines near the top count more than lines further down.
//! The rules, each general to committee papers rather than to one council:
//! - **Type**: a line that declares it. "Agenda, decisions and minutes" (ModernGov's page for a
//!   meeting that has happened) is `minutes`; a line opening "Minutes" / "Printed minutes", or a
//!   short heading holding "Minutes" ("Council Meeting Minutes", "MINUTES OF A meeting of"), is
//!   `minutes`, as are "Present:" / "In Attendance:" blocks, more weakly; "Agenda" / "Notice of
//!   meeting" / "Summons", a short heading holding "Agenda", and the summons sentence ("You are
//!   summoned to attend", "Notice is hereby given") are `agenda`; "Report of|by|to", "Purpose of
//!   report" or the "From: ... To: ... Subject:" layout are `report`; "Record of decision" /
//!   "Decision notice" / "Decision to be taken by" are `decision`; type words in the file name.
//!   Nothing declared: `other`.
//! - **Committee**: "meeting of \[the\] X held|to be held|will be held|on|at|which" (with the
//!   meeting's kind, "Ordinary", "Monthly", "Regular", dropped); a heading "X Meeting" naming a
//!   body; ModernGov's "X - Thursday 15 January 2026 7:30 pm" and "Agenda for X on ..."; a
//!   "To:" line ("To: Cabinet – 30 January 2025"); "Decision to be taken by:" followed by the
//!   body; a heading line in capitals naming a body (COMMITTEE, CABINET, BOARD, PANEL, ...)
//!   that is neither the council itself nor a venue ("Council Chamber, County Offices"); the
//!   path's "Meeting of X" or "DATE TIME X". Names in capitals are put in title case.
//! - **Date**: the date in a sentence that names the meeting ("held on ...", "will be held
//!   ... on ...", the "To:" line, the ModernGov heading) or after a "Date:" label, strongest; a
//!   date standing on its own near the top, unless it is a letter's date (beside "Dear",
//!   "despatch", "issued", "published"); the running header or footer; the file name (for
//!   minutes, the meeting they record) and the folders (the meeting papers were published
//!   for). Dates in words, numeric dates and weekday dates without a year are read too
//!   ([`super::dates::meeting_dates`]). Dates elsewhere (minutes *of* an earlier meeting being
//!   approved, report deadlines) are never taken: the head ends at the first item.
//! - **Time**: from the meeting sentence, "Commenced 4.30 pm", a "Time:" label or the date line.
//! - **Venue**: "held [on DATE] in VENUE", "held in VENUE on DATE", a "Venue:" / "Place:" label.
//! - **Council**: [`super::council::add_candidates`] over the letterhead, furniture and text,
//!   and a known authority named by a folder.
//! - **Title**: a report's "Subject:", else the line that names the meeting, else the format's
//!   title, else ModernGov's meeting heading.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use rustc_hash::FxHashMap;

use super::council::{add_candidates, CouncilClues, COUNCIL_THRESHOLD};
use super::dates::{find_dates, find_time, meeting_dates, DateContext};
use super::evidence::{Ballot, Origin, Provenance};
use super::lines::{is_capitals, title_case};
use super::path::PathClues;
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
    /// Where each meeting fact came from.
    pub provenance: Provenance,
}

/// Everything [`read_header`] weighs.
#[derive(Debug, Clone, Copy)]
pub struct Clues<'a> {
    /// The plain lines (blank ones dropped) up to the first item.
    pub head: &'a [String],
    /// Running headers and footers and other lines repeated through the paper, plain.
    pub furniture: &'a [String],
    /// The full text.
    pub whole: &'a str,
    /// The title the format stated.
    pub format_title: Option<&'a str>,
    /// What the file's name and folders suggest.
    pub path: &'a PathClues,
    /// The first lines as printed, a line for each column ("Comhairle Cathrach X" and "X
    /// City Council" side by side are two names, not one): the letterhead.
    pub letterhead: &'a str,
}

/// Bytes of a paper's opening read for what the whole paper does: the years and order of its
/// dates, whether it records motions.
const OPENING_BYTES: usize = 50_000;

/// The first [`OPENING_BYTES`] of `text`.
fn opening(text: &str) -> &str {
    super::lines::opening(text, OPENING_BYTES)
}

/// Most lines of the head read when no item ends it sooner.
pub const MAX_HEAD_LINES: usize = 80;
/// Lines at the top of a paper where a body's name is its own letterhead.
const TOP_LINES: usize = 5;

/// How much a line's evidence counts by its place in the head: fully in the first lines,
/// less further down.
fn at(i: usize) -> f32 {
    if i < 12 {
        1.0
    } else {
        (1.0 - (i - 12) as f32 * 0.01).max(0.4)
    }
}

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
        r"(?i)record\s+of\s+(?:the\s+)?(?:executive\s+|officer\s+|key\s+|cabinet\s+member\s+)?decision|^decision\s+notice(?-u:\b)|^notice\s+of\s+(?:executive\s+|key\s+|officer\s+)?decision|^decision\s+(?:to\s+be\s+)?taken\s+by(?-u:\b)|^officer\s+decision(?-u:\b)|^decision\s+(?:details|status\s*:)|^(?:executive\s+|officer\s+|key\s+)?decisions?\s+made\s+by(?-u:\b)",
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
        r"(?i)(?-u:\b)meeting\s+of\s+(?:the\s+)?(?P<c>.+?)\s*(?P<end>,|\(|\s+(?:to\s+be\s+held|held|on|at|which|will|in|commencing|scheduled|convened|that|was|is|monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?-u:\b)|\s+\d|\s+[A-Za-z]+\s*:|\s+[-–]\s|$)",
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
        r"(?i)^(?:date(?P<named>\s+of\s+(?:the\s+)?(?:meeting|decision))?|(?P<named2>meeting\s+date|decision\s+date|decided\s+at\s+meeting))\s*:\s*(?P<d>.*)$",
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

/// "You are summoned to attend", "Notice is hereby given that a meeting".
static SUMMONS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:you\s+are\s+(?:hereby\s+)?(?:summoned|requested|invited)\s+to\s+attend|notice\s+is\s+(?:hereby\s+)?given\s+that|will\s+(?:be\s+held|hold\s+(?:a|an|its)\s+)|(?:public\s+)?notice\s+of\s+(?:a\s+|an\s+|the\s+)?(?:[a-z]+\s+){0,2}meeting(?-u:\b))",
    )
});
/// A short heading whose last word, before any date, is "Minutes" or "Agenda" ("Council
/// Meeting Minutes", "CITY COUNCIL AGENDA", "- AGENDA -", "Board Agenda – April 24, 2019");
/// a link or a menu entry that merely holds the word ("Approval of Minutes from ...", "Show
/// agenda management timetable", "Final Planning Minutes 16042026 (156Kb)") is not one.
static HEADING_ENDS_MINUTES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[^:]*(?-u:\b)minutes\s*[-–:,]?\s*(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?(?:[a-z]+\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+,?\s+\d{4})?\s*$",
    )
});
static HEADING_ENDS_AGENDA: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[^:]*(?-u:\b)agenda\s*[-–:,]?\s*(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?(?:[a-z]+\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+,?\s+\d{4})?\s*$",
    )
});
/// What only minutes record: a motion moved, seconded and carried, a meeting called to order
/// or adjourned at a time. Two of these in a paper are evidence of minutes; none, in a paper
/// that names its meeting, are evidence of an agenda.
static RECORD_VERBS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:seconded|carried|resolved\s+that|it\s+was\s+(?:resolved|agreed|noted)|called\s+(?:the\s+meeting\s+)?to\s+order\s+at|adjourned\s+at|meeting\s+(?:closed|ended|concluded)\s+at|(?:was|were)\s+(?:approved|adopted|received)|motion\s+(?:passed|carried|approved))(?-u:\b)",
    )
});
static PROCEEDINGS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:official\s+)?(?:record\s+of\s+|summary\s+of\s+)?proceedings(?-u:\b)")
});
static ATTENDANCE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:members|councillors|commissioners|trustees)\s+)?(?:present|in\s+attendance|also\s+present|attendance|absent|roll\s+call)\s*(?::|-|–|$)",
    )
});
static REPORT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:purpose\s+of\s+(?:the\s+)?report|report\s+(?:title|author|number|no\.?|reference)\s*:|report\s+to\s*:|executive\s+summary$)",
    )
});
/// "Minutes of the previous meeting": an agenda's item, or a link on a meeting's page.
static PREVIOUS_MINUTES: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^minutes\s+of\s+(?:the\s+)?(?:previous|last|prior|preceding)\s+meeting")
});
/// A line that is a date and little else: "Tue, July 10, 2018", "3 March 2025 - Cabinet".
fn date_line(line: &str, context: &DateContext) -> bool {
    let found = meeting_dates(line, context);
    found.len() == 1
        && found.first().is_some_and(|f| {
            let before = line.get(..f.range.start).unwrap_or("");
            let after = line.get(f.range.end..).unwrap_or("");
            before.split_whitespace().count() <= 1 && after.split_whitespace().count() <= 4
        })
}

/// Most distinct dates on lines of their own before a paper reads as a list of meetings (a
/// site's page of meetings or of minutes) rather than one meeting's paper.
const LISTING_DATES: usize = 6;

/// A letter's own date: "Date of despatch", "Dear Councillor", "Issued on".
static DESPATCH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:despatch|dispatch|despatched|dispatched|issued|published|publication|circulated|dear|date\s+of\s+notice|letter|ask\s+for|direct\s+dial|our\s+ref|your\s+ref|yours\s+(?:sincerely|faithfully))(?-u:\b)",
    )
});
/// A venue or address line, never a committee: "Council Chamber, County Offices".
static VENUE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:chamber|chambers|hall|room|centre|center|offices|building|street|road|avenue|square|house|suite|floor|level|marae|library|lane|drive|plaza|annex|annexe|civic)(?-u:\b)",
    )
});
/// The kind of meeting before "meeting of": dropped from the committee's name.
static MEETING_KIND: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:a|an|the)\s+)?(?:(?:ordinary|extraordinary|special|regular|monthly|annual|adjourned|statutory|emergency|reconvened|budget|additional|inaugural|general|full|public|bi-monthly|quarterly|joint)\s+)*(?:meeting|session)\s+of\s+(?:the\s+)?",
    )
});
/// "... Regular Meeting", "... Meeting Minutes", "... Agenda": the kind and type after a name.
static MEETING_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\s*[-–:,]\s*|\s+)(?:(?:ordinary|extraordinary|special|regular|monthly|annual|adjourned|statutory|emergency|public|budget|full)\s+)*(?:(?:meeting|session)(?:\s+(?:minutes|agenda|notice))?|minutes|agenda|notice\s+of\s+meeting)$",
    )
});
/// "PROCEEDINGS OF THE CITY COUNCIL", "Minutes of the Board of Trustees": a record of a body
/// rather than of "a meeting of" it.
static RECORD_OF_BODY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:official\s+)?(?:minutes|proceedings|agenda|summary\s+of\s+proceedings|record\s+of\s+proceedings)\s+(?:of|for)\s+(?:the\s+)?(?P<c>.{3,100})$",
    )
});
/// "Notice and Agenda of", "Minutes of": what a heading says before the body it names.
static PAPER_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:notice|agenda|minutes|summons|proceedings)(?:\s+(?:and|&)\s+(?:agenda|notice|minutes))?\s+(?:of|for)\s+(?:the\s+|a\s+)?)",
    )
});
/// "Ordinary Council", "Special Board": the kind of meeting before a body's name.
static KIND_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:ordinary|extraordinary|special|regular|monthly|annual|adjourned|statutory|reconvened)\s+(?P<rest>\S.*)$",
    )
});
/// "Regular Session –", "Special Meeting:": a meeting's kind before its date.
static SESSION_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^\s*(?:[A-Za-z]+\s+){0,2}(?:meeting|session)\s*[-–:,]?\s*(?:[A-Za-z]+day,?\s*)?$")
});
/// "Decided at meeting: 19/10/2015 - Policy Committee".
static DECIDED_AT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^decided\s+at\s+meeting\s*:\s*\S.*?\s+[-–]\s+(?P<c>[A-Za-z].{2,100})$")
});
/// "Cuyahoga County Board of Health", "Ashcombe State Board of Elections": a place, its kind
/// of government, then the body.
static PLACED_BODY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?P<place>[A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]+){0,2}) (?:County|State) (?P<body>(?:Board|Commission|Department|Authority|Committee)(?-u:\b).*)$",
    )
});
/// "Committee: Planning Committee", "Meeting: Council": a header table's label.
static COMMITTEE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:committee|meeting(?:\s+of)?|body|decision\s+maker)\s*:\s*(?P<c>.*)$")
});
/// A heading "X Meeting" / "X Minutes" naming a body: "Board of Trustees Regular Meeting".
static NAMED_MEETING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?P<c>.{3,100}?)\s+(?:(?:regular|special|monthly|annual|ordinary)\s+)?meeting(?:\s+(?:minutes|agenda))?$",
    )
});

/// Read the head of a paper from its clues.
pub fn read_header(clues: &Clues<'_>) -> Header {
    let mut lines: Vec<(&str, Origin)> = Vec::with_capacity(clues.head.len() + 1);
    if let Some(t) = clues.format_title.filter(|t| !t.trim().is_empty()) {
        lines.push((t.trim(), Origin::Title));
    }
    lines.extend(
        clues
            .head
            .iter()
            .take(MAX_HEAD_LINES)
            .map(|l| (l.as_str(), Origin::Text)),
    );
    let plain: Vec<&str> = lines.iter().map(|(l, _)| *l).collect();
    let head_text = plain.join("\n");
    let furniture_text = clues.furniture.join("\n");

    // The years near the top place a date without one; the rest of a long paper adds none.
    let mut context = DateContext::of(&[&head_text, &furniture_text, opening(clues.whole)]);
    for d in clues.path.file_dates.iter().chain(&clues.path.folder_dates) {
        let y = chrono::Datelike::year(d);
        if !context.years.contains(&y) {
            context.years.push(y);
        }
    }

    let record = proceedings(clues.whole, &context);
    let meeting_lines = meeting_sentences(&plain, &context);
    // A paper whose head names its meeting is that meeting's, whatever dates it lists.
    let is_listing = meeting_lines.is_empty() && record.is_none() && listing(clues.whole);
    let (doc_type, type_origin) = doc_type(&lines, clues, record.as_ref(), is_listing);
    let (committee, committee_origin) =
        committee(&lines, &meeting_lines, clues, record.as_ref()).unzip();
    // A list of meetings is no one meeting's paper: its dates are the list's.
    let (date, date_origin) = if is_listing {
        (None, None)
    } else {
        date(
            &lines,
            &meeting_lines,
            clues,
            &context,
            doc_type,
            record.as_ref(),
        )
        .unzip()
    };
    let meeting_line = meeting_lines.first().map(|(_, s)| s.clone());
    let time = time(&plain, meeting_line.as_deref());
    let venue = venue(&plain, meeting_line.as_deref());

    let mut councils = Ballot::new(COUNCIL_THRESHOLD);
    let top: String = clues
        .head
        .iter()
        .take(TOP_LINES)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n");
    let council_clues = CouncilClues {
        top: if clues.letterhead.is_empty() {
            &top
        } else {
            clues.letterhead
        },
        head: &head_text,
        furniture: &furniture_text,
        whole: clues.whole,
    };
    add_candidates(&council_clues, &mut councils, Origin::Text);
    if let Some(t) = clues.format_title {
        let title_clues = CouncilClues {
            top: t,
            ..CouncilClues::default()
        };
        add_candidates(&title_clues, &mut councils, Origin::Title);
    }
    for c in &clues.path.councils {
        councils.add(c.clone(), 1.0, Origin::Path);
    }
    // "Cuyahoga County Board of Health": a county's or state's body, named with its place.
    let committee = match committee.as_deref().and_then(|c| PLACED_BODY.captures(c)) {
        Some(caps) => {
            if let (Some(place), Some(origin)) = (caps.name("place"), committee_origin) {
                councils.add(place.as_str().to_string(), 1.5, origin);
            }
            caps.name("body").map(|b| b.as_str().to_string())
        }
        None => committee,
    };
    let (council, council_origin) = councils.winner().unzip();
    let committee = committee.map(|c| own_council_body(c, council.as_deref()));

    let title = subject(&plain)
        .or_else(|| meeting_line.clone())
        .or_else(|| clues.format_title.map(|t| t.trim().to_string()))
        .or_else(|| {
            plain
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
        provenance: Provenance {
            doc_type: type_origin,
            council: council_origin,
            committee: committee_origin,
            date: date_origin,
        },
    }
}

/// A committee that is the council itself by its full name ("Tararua Ridge District Council"
/// at a meeting of that council) is named by its kind, as papers of the council's own
/// meetings do ("District Council").
fn own_council_body(committee: String, council: Option<&str>) -> String {
    let Some(council) = council else {
        return committee;
    };
    let lower = committee.to_lowercase();
    let place = council.to_lowercase();
    for prefix in [format!("{place} "), format!("city of {place} ")] {
        if let Some(rest) = lower.strip_prefix(&prefix) {
            let kind_words = rest.split_whitespace().count();
            // Lower case may change a name's length in bytes: cut only where it did not.
            let kind = committee
                .len()
                .checked_sub(rest.len())
                .and_then(|start| committee.get(start..));
            let names_council = rest.ends_with("council") && kind_words <= 4;
            if let Some(kind) = kind.filter(|k| names_council && k.to_lowercase() == rest) {
                return kind.to_string();
            }
        }
    }
    committee
}

/// A gazette's record of one body's meeting: "OFFICIAL PROCEEDINGS / CITY COUNCIL", with the
/// body's heading and its meeting's date ("CITY COUNCIL / MONDAY, OCTOBER 1, 2018") printed
/// near it.
#[derive(Debug, Clone)]
struct Proceedings {
    body: String,
    date: Option<NaiveDate>,
}

/// Lines of a text searched for a proceedings heading, and how far from it the body's dated
/// heading may stand.
const PROCEEDINGS_LINES: usize = 1500;
const PROCEEDINGS_REACH: usize = 120;

static PROCEEDINGS_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:official\s+)?proceedings(?:\s+of\s+(?:the\s+)?(?P<c>.{3,80}))?$")
});

fn proceedings(whole: &str, context: &DateContext) -> Option<Proceedings> {
    let lines: Vec<&str> = whole
        .lines()
        .take(PROCEEDINGS_LINES)
        .map(str::trim)
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(caps) = PROCEEDINGS_HEADING.captures(line) else {
            continue;
        };
        let body = match caps.name("c") {
            Some(c) => c.as_str().to_string(),
            None => lines
                .iter()
                .skip(i + 1)
                .take(3)
                .find(|l| !l.is_empty())
                .map(|l| l.to_string())
                .unwrap_or_default(),
        };
        if !BODY_WORD.is_match(&body) || body.split_whitespace().count() > 8 {
            continue;
        }
        let body_key = super::evidence::key(&body);
        let from = i.saturating_sub(PROCEEDINGS_REACH);
        let to = (i + PROCEEDINGS_REACH).min(lines.len());
        let date = (from..to)
            .filter(|&j| {
                lines
                    .get(j)
                    .is_some_and(|l| super::evidence::key(l) == body_key)
            })
            .filter_map(|j| {
                let next = lines.get(j + 1)?;
                let found = meeting_dates(next, context);
                let first = found.first()?;
                let before = next.get(..first.range.start).unwrap_or("");
                (before.split_whitespace().count() <= 1).then(|| (j.abs_diff(i), first.date))
            })
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, d)| d);
        return Some(Proceedings {
            body: title_case(&body),
            date,
        });
    }
    None
}

/// True for a page listing many meetings: [`LISTING_DATES`] distinct dates, each on a line
/// of its own.
fn listing(whole: &str) -> bool {
    let context = DateContext::default();
    let mut dates: Vec<NaiveDate> = Vec::new();
    let cells = whole.lines().flat_map(|l| l.split('\t')).map(str::trim);
    for line in cells.filter(|l| l.len() < 60 && l.bytes().any(|b| b.is_ascii_digit())) {
        if !date_line(line, &context) {
            continue;
        }
        if let Some(f) = meeting_dates(line, &context).first() {
            if !dates.contains(&f.date) {
                dates.push(f.date);
                if dates.len() >= LISTING_DATES {
                    return true;
                }
            }
        }
    }
    false
}

fn doc_type(
    lines: &[(&str, Origin)],
    clues: &Clues<'_>,
    record: Option<&Proceedings>,
    is_listing: bool,
) -> (DocType, Option<Origin>) {
    let mut ballot: Ballot<DocType> = Ballot::new(1.5);
    let mut vote = |t: DocType, score: f32, origin: Origin| {
        ballot.add_keyed(t, t.as_str().to_string(), score, origin);
    };
    let plain: Vec<&str> = lines.iter().map(|(l, _)| *l).collect();
    let mut attendance = false;
    // A heading naming a meeting and its date: "Advisory Board Meeting" then "Monday,
    // November 4th, 2019".
    let names_meeting = plain.iter().take(12).enumerate().any(|(i, l)| {
        NAMED_MEETING.is_match(l)
            && plain
                .get(i..(i + 3).min(plain.len()))
                .is_some_and(|near| near.iter().any(|n| !find_dates(n).is_empty()))
    });
    for (i, (line, origin)) in lines.iter().enumerate() {
        let w = at(i);
        let short = line.split_whitespace().count() <= 12;
        if MODERNGOV_MINUTES.is_match(line) {
            vote(DocType::Minutes, 4.0, *origin);
            continue;
        }
        if (MINUTES_LINE.is_match(line) && !PREVIOUS_MINUTES.is_match(line))
            || PROCEEDINGS.is_match(line)
        {
            vote(DocType::Minutes, 3.0 * w, *origin);
        } else if short && HEADING_ENDS_MINUTES.is_match(line) {
            vote(DocType::Minutes, 2.5 * w, *origin);
        }
        if DECISION_LINE.is_match(line) {
            vote(DocType::Decision, 3.2 * w, *origin);
        }
        if AGENDA_LINE.is_match(line) {
            vote(DocType::Agenda, 3.0 * w, *origin);
        } else if line.split_whitespace().count() <= 8 && HEADING_ENDS_AGENDA.is_match(line) {
            vote(DocType::Agenda, 2.5 * w, *origin);
        }
        if SUMMONS.is_match(line) {
            vote(DocType::Agenda, 1.5 * w, *origin);
        }
        if REPORT_LINE.is_match(line) {
            vote(DocType::Report, 3.0 * w, *origin);
        } else if REPORT_CUE.is_match(line) {
            vote(DocType::Report, 2.0 * w, *origin);
        }
        if ATTENDANCE_LINE.is_match(line) && !attendance {
            attendance = true;
            vote(DocType::Minutes, 1.5, *origin);
        }
        // "From: ... To: ... Subject:" cover sheet of a report.
        if FROM_LABEL.is_match(line) {
            let window = plain.iter().skip(i).take(20);
            let (mut to, mut subject) = (false, false);
            for l in window {
                to |= TO_LABEL.is_match(l);
                subject |= SUBJECT_LABEL.is_match(l);
            }
            if to && subject {
                vote(DocType::Report, 3.0 * w, *origin);
            }
        }
    }
    if record.is_some() {
        vote(DocType::Minutes, 3.0, Origin::Text);
    }
    if is_listing {
        vote(DocType::Other, 4.0, Origin::Text);
    }
    let records = RECORD_VERBS.find_iter(opening(clues.whole)).take(3).count();
    if records >= 2 {
        vote(DocType::Minutes, 1.5, Origin::Text);
    } else if records == 0 && names_meeting {
        vote(DocType::Agenda, 1.2, Origin::Text);
    }
    for (t, score) in &clues.path.types {
        vote(*t, *score * 0.7, Origin::Path);
    }
    match ballot.winner() {
        Some((t, origin)) => (t, Some(origin)),
        None => (DocType::Other, None),
    }
}

/// The sentences that name the meeting, with the line each starts on: a line that declares
/// the paper or summons a meeting and mentions a meeting or its holding, joined with the next
/// two lines (PDF text wraps mid-sentence).
fn meeting_sentences(lines: &[&str], context: &DateContext) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let lower = line.to_lowercase();
        let declares = MINUTES_LINE.is_match(line)
            || AGENDA_LINE.is_match(line)
            || REPORT_LINE.is_match(line)
            || SUMMONS.is_match(line)
            || lower.starts_with("notice")
            || lower.contains("meeting of")
            || lower.starts_with("meeting held")
            || lower.starts_with("held ");
        if declares && (lower.contains("meeting") || HELD_PHRASE.is_match(line)) {
            let mut sentence = line.to_string();
            for next in lines.iter().skip(i + 1).take(2) {
                if !meeting_dates(&sentence, context).is_empty() {
                    break;
                }
                sentence.push(' ');
                sentence.push_str(next);
            }
            out.push((i, sentence));
        }
    }
    out
}

fn clean_committee(raw: &str) -> Option<String> {
    let c = raw
        .trim()
        .trim_end_matches(['.', ',', ':', ';', '-', '–'])
        .trim();
    let c = PAPER_LEAD.replace(c, "");
    let c = MEETING_KIND.replace(&c, "");
    let c = MEETING_TAIL.replace(&c, "");
    let c = match KIND_LEAD.captures(&c).and_then(|k| k.name("rest")) {
        Some(rest) => rest.as_str().to_string(),
        None => c.to_string(),
    };
    let c = c
        .trim()
        .trim_end_matches(['.', ',', ':', ';', '-', '–'])
        .trim();
    let c = c
        .strip_prefix("the ")
        .or_else(|| c.strip_prefix("The "))
        .or_else(|| c.strip_prefix("THE "))
        .unwrap_or(c);
    if c.len() < 3 || c.len() > 120 || c.chars().next().is_some_and(|ch| !ch.is_alphabetic()) {
        return None;
    }
    if c.split_whitespace()
        .next()
        .is_some_and(|w| w.chars().all(char::is_lowercase))
    {
        return None;
    }
    Some(title_case(c))
}

fn committee(
    lines: &[(&str, Origin)],
    meeting_lines: &[(usize, String)],
    clues: &Clues<'_>,
    record: Option<&Proceedings>,
) -> Option<(String, Origin)> {
    let mut ballot: Ballot<String> = Ballot::new(1.2);
    if let Some(r) = record {
        ballot.add(r.body.clone(), 2.5, Origin::Text);
    }
    let plain: Vec<&str> = lines.iter().map(|(l, _)| *l).collect();
    let origin_of = |i: usize| lines.get(i).map_or(Origin::Text, |(_, o)| *o);
    for (i, sentence) in meeting_lines {
        for caps in MEETING_OF.captures_iter(sentence) {
            let Some(m) = caps.name("c") else { continue };
            let mut name = m.as_str().to_string();
            // "Strategy, Finance and Risk Committee": a comma inside a name runs on to the
            // body word.
            if caps.name("end").is_some_and(|e| e.as_str() == ",") && !BODY_WORD.is_match(&name) {
                let rest = sentence.get(m.end()..).unwrap_or("");
                let mut taken = String::new();
                for part in rest.split(',').skip(1).take(2) {
                    taken.push(',');
                    taken.push_str(part);
                    let whole = format!("{name}{taken}");
                    // Commas hidden so the name may run through them.
                    if let Some(body) = MEETING_OF
                        .captures(&format!("meeting of {}", whole.replace(',', "\u{1}")))
                        .and_then(|c| c.name("c"))
                        .map(|c| c.as_str().to_string())
                        .filter(|b| BODY_WORD.is_match(b))
                    {
                        name = body.replace('\u{1}', ",");
                        break;
                    }
                }
            }
            if let Some(c) = clean_committee(&name) {
                if !VENUE_WORDS.is_match(&c) {
                    ballot.add(c, 3.0 * at(*i), origin_of(*i));
                }
            }
        }
    }
    for (i, (line, origin)) in lines.iter().enumerate() {
        if let Some(c) = RECORD_OF_BODY
            .captures(line)
            .and_then(|c| c.name("c"))
            .filter(|m| BODY_WORD.is_match(m.as_str()))
            .filter(|m| !m.as_str().to_lowercase().starts_with("meeting"))
            .and_then(|m| clean_committee(m.as_str()))
        {
            if !VENUE_WORDS.is_match(&c) && find_dates(&c).is_empty() {
                ballot.add(c, 2.5 * at(i), *origin);
            }
        }
        for pattern in [&*AGENDA_FOR, &*MODERNGOV_HEADING] {
            if let Some(c) = pattern
                .captures(line)
                .and_then(|c| c.name("c"))
                .and_then(|m| clean_committee(m.as_str()))
            {
                ballot.add(c, 3.0 * at(i), *origin);
            }
        }
        if let Some(c) = NAMED_MEETING
            .captures(line)
            .and_then(|c| c.name("c"))
            .filter(|m| BODY_WORD.is_match(m.as_str()) && !m.as_str().contains(':'))
            .and_then(|m| clean_committee(m.as_str()))
        {
            if !VENUE_WORDS.is_match(&c) && !COUNCIL_ITSELF.is_match(&c) {
                ballot.add(c, 2.0 * at(i), *origin);
            }
        }
    }
    // ModernGov's decision page: "Decided at meeting: 19/10/2015 - Policy Committee".
    for (i, line) in plain.iter().enumerate() {
        if let Some(c) = DECIDED_AT
            .captures(line)
            .and_then(|c| c.name("c"))
            .and_then(|m| clean_committee(m.as_str()))
        {
            ballot.add(c, 3.0 * at(i), origin_of(i));
        }
    }
    // "Committee:" and its value, on the same line or the next.
    for (i, line) in plain.iter().enumerate() {
        let Some(value) = COMMITTEE_LABEL.captures(line).and_then(|c| c.name("c")) else {
            continue;
        };
        let value = match value.as_str().trim() {
            "" => plain.get(i + 1).copied().unwrap_or(""),
            v => v,
        };
        if value.split_whitespace().count() <= 12 && !value.ends_with(':') {
            if let Some(c) = clean_committee(value) {
                ballot.add(c, 3.0 * at(i), origin_of(i));
            }
        }
    }
    // "To:" then the body and the date, on the same line or the next.
    for (i, line) in plain.iter().enumerate() {
        let Some(rest) = TO_LABEL.captures(line).and_then(|c| c.name("rest")) else {
            continue;
        };
        let candidate = if rest.as_str().trim().is_empty() {
            plain.get(i + 1).copied().unwrap_or("")
        } else {
            rest.as_str()
        };
        if let Some(c) = TO_LINE
            .captures(candidate)
            .and_then(|c| c.name("c"))
            .and_then(|m| clean_committee(m.as_str()))
        {
            ballot.add(c, 2.5 * at(i), origin_of(i));
        }
    }
    // "Decision to be taken by:" and the first line after it that is not another label.
    for (i, line) in plain.iter().enumerate() {
        let Some(rest) = TAKEN_BY.captures(line).and_then(|c| c.name("rest")) else {
            continue;
        };
        let mut candidates = vec![rest.as_str()];
        candidates.extend(plain.iter().skip(i + 1).take(4).copied());
        for c in candidates {
            let c = c.trim();
            if c.is_empty() || c.ends_with(':') {
                continue;
            }
            if c.split_whitespace().count() <= 8 && c.chars().any(char::is_alphabetic) {
                if let Some(c) = clean_committee(c) {
                    ballot.add(c, 2.5 * at(i), origin_of(i));
                }
            }
            break;
        }
    }
    // A heading naming a body, other than the council itself or a venue: in capitals near the
    // top, or a short line among the first few. A letterhead naming the council ("Hollowford
    // Town Council") gives way to a body named under it ("Amenities Committee").
    let mut headings = lines.iter().take(16).enumerate().filter(|(i, (l, _))| {
        let short_heading = *i < 7
            && l.split_whitespace().count() <= 8
            && l.chars().next().is_some_and(char::is_uppercase)
            && !l.ends_with(['.', ':']);
        (is_capitals(l) || short_heading)
            && BODY_WORD.is_match(l)
            && !COUNCIL_ITSELF.is_match(l)
            && !VENUE_WORDS.is_match(l)
            && l.split_whitespace().count() <= 12
            && !MINUTES_LINE.is_match(l)
            && !AGENDA_LINE.is_match(l)
            && !DECISION_LINE.is_match(l)
            && !SUMMONS.is_match(l)
            && !l.contains(':')
            && find_dates(l).is_empty()
    });
    let names_a_council = |l: &str| l.trim_end().to_lowercase().ends_with("council");
    let heading = match headings.next() {
        Some(first) if names_a_council(first.1 .0) => headings
            .next()
            .filter(|(i, (l, _))| *i == first.0 + 1 && !names_a_council(l))
            .or(Some(first)),
        first => first,
    };
    if let Some((i, (l, origin))) = heading {
        if let Some(c) = clean_committee(l) {
            ballot.add(c, 1.5 * at(i), *origin);
        }
    }
    for c in &clues.path.committees {
        if let Some(c) = clean_committee(c) {
            ballot.add(c, 1.2, Origin::Path);
        }
    }
    ballot.winner()
}

fn date(
    lines: &[(&str, Origin)],
    meeting_lines: &[(usize, String)],
    clues: &Clues<'_>,
    context: &DateContext,
    doc_type: DocType,
    record: Option<&Proceedings>,
) -> Option<(NaiveDate, Origin)> {
    let mut ballot: Ballot<NaiveDate> = Ballot::new(1.0);
    let mut vote = |d: NaiveDate, score: f32, origin: Origin| {
        ballot.add_keyed(d, d.to_string(), score, origin);
    };
    // A gazette prints its own date on every page; its proceedings' date is the meeting's.
    if let Some(d) = record.and_then(|r| r.date) {
        vote(d, 3.5, Origin::Text);
    }
    let plain: Vec<&str> = lines.iter().map(|(l, _)| *l).collect();
    let origin_of = |i: usize| lines.get(i).map_or(Origin::Text, |(_, o)| *o);
    let first = |s: &str| meeting_dates(s, context).into_iter().next().map(|f| f.date);
    for (i, sentence) in meeting_lines {
        if let Some(d) = first(sentence) {
            vote(d, 3.0 * at(*i), origin_of(*i));
        }
    }
    for (i, (line, origin)) in lines.iter().enumerate() {
        if AGENDA_FOR.is_match(line) || MODERNGOV_HEADING.is_match(line) {
            if let Some(d) = first(line) {
                vote(d, 3.0 * at(i), *origin);
            }
        }
    }
    for (i, line) in plain.iter().enumerate() {
        if let Some(rest) = TO_LABEL.captures(line).and_then(|c| c.name("rest")) {
            let candidate = if rest.as_str().trim().is_empty() {
                plain.get(i + 1).copied().unwrap_or("")
            } else {
                rest.as_str()
            };
            if TO_LINE.is_match(candidate) {
                if let Some(d) = first(candidate) {
                    vote(d, 2.5 * at(i), origin_of(i));
                }
            }
        }
        if let Some(caps) = DATE_LABEL.captures(line) {
            let Some(d) = caps.name("d") else { continue };
            let named = caps.name("named").is_some() || caps.name("named2").is_some();
            let value = if d.as_str().trim().is_empty() {
                plain.get(i + 1).copied().unwrap_or("")
            } else {
                d.as_str()
            };
            if let Some(found) = first(value) {
                // A letter's "Date:" beside "Ask for:" and "Dear Member" is its own date.
                let near = plain
                    .get(i.saturating_sub(4)..(i + 5).min(plain.len()))
                    .unwrap_or(&[]);
                let letter = !named
                    && near.iter().any(|l| DESPATCH.is_match(l))
                    && find_time(value).is_none();
                vote(found, if letter { 0.5 } else { 3.0 * at(i) }, origin_of(i));
            }
        }
    }
    // A line near the top that is mostly a date ("Thursday, 30th January, 2025, at 10.00 am"),
    // unless it is a letter's date.
    for (i, line) in plain.iter().enumerate().take(14) {
        let found = meeting_dates(line, context);
        let Some(f) = found.first() else { continue };
        let before = line.get(..f.range.start).unwrap_or("");
        if found.len() != 1
            || (before.split_whitespace().count() > 1 && !SESSION_LEAD.is_match(before))
        {
            continue;
        }
        let near = plain
            .get(i.saturating_sub(2)..(i + 4).min(plain.len()))
            .unwrap_or(&[]);
        // A letter's date has no time; "Thursday, 30th January, 2025, at 10.00 am" is a
        // meeting's, whatever stands beside it.
        let letter = near.iter().any(|l| DESPATCH.is_match(l)) && find_time(line).is_none();
        vote(f.date, if letter { 0.3 } else { 1.5 }, origin_of(i));
    }
    // Running headers and footers: each date once, however many lines carry it.
    let mut printed: Vec<NaiveDate> = Vec::new();
    for line in clues.furniture.iter().take(6) {
        if let Some(d) = first(line).filter(|d| !printed.contains(d)) {
            printed.push(d);
            vote(d, 1.0, Origin::Text);
        }
    }
    // The file names the meeting its minutes record; folders the meeting papers were for.
    // An appendix's own date is its version's, not a meeting's.
    let (file_weight, folder_weight) = match doc_type {
        DocType::Minutes => (1.8, 0.9),
        DocType::Other => (0.8, 1.4),
        _ => (1.1, 1.4),
    };
    if let Some(d) = clues.path.file_dates.first() {
        vote(*d, file_weight, Origin::Path);
    }
    if let Some(d) = clues.path.folder_dates.first() {
        vote(*d, folder_weight, Origin::Path);
    }
    ballot.winner()
}

/// Lines repeated through a paper (running headers and footers printed into its text), plain,
/// most repeated first: at least three times, short, with letters, and spread through the
/// paper (at least fifteen lines apart each time), not a list's repeated entries.
pub fn repeated_lines<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
    let mut order: Vec<&str> = Vec::new();
    for (at, line) in lines.enumerate() {
        // Counting stops past the longest line that counts.
        let words = line.split_whitespace().take(16).count();
        if !(2..=15).contains(&words) || !line.chars().any(char::is_alphabetic) {
            continue;
        }
        match seen.get_mut(line) {
            Some((count, last)) => {
                if at >= *last + FURNITURE_GAP {
                    *count += 1;
                    *last = at;
                }
            }
            None => {
                order.push(line);
                seen.insert(line, (1, at));
            }
        }
    }
    let mut repeated: Vec<(&str, usize)> = order
        .into_iter()
        .filter_map(|l| seen.get(l).map(|&(n, _)| (l, n)))
        .filter(|&(_, n)| n >= 3)
        .collect();
    repeated.sort_by_key(|r| std::cmp::Reverse(r.1));
    repeated.into_iter().map(|(l, _)| l.to_string()).collect()
}

/// Fewest lines between two printings of a running header or footer.
const FURNITURE_GAP: usize = 15;

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
            .map(|l| super::super::lines::plain(l).into_owned())
            .filter(|l| !l.is_empty())
            .collect();
        let path = PathClues::default();
        read_header(&Clues {
            head: &lines,
            furniture: &[],
            whole: text,
            format_title: None,
            path: &path,
            letterhead: "",
        })
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
