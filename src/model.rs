//! The vocabulary every stage shares: what a committee paper *is* once quorum has read it.
//!
//! Extraction produces an [`crate::extract::Extracted`] text; understanding turns it into a
//! [`Document`] (its [`Meeting`], its [`Item`]s and its [`Passage`]s); the index stores passages
//! and search hands them back. These types are serialised as-is in the CLI's `--json` output and
//! the HTTP API, so renaming a field here is a change of contract (see the README's JSON shape).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What kind of paper a document (or a stretch of text inside one) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DocType {
    /// A notice of a meeting listing the business to be transacted.
    Agenda,
    /// The record of what happened at a meeting.
    Minutes,
    /// An officer's report to a meeting.
    Report,
    /// A decision notice (a record of an executive or officer decision).
    Decision,
    /// Anything else (appendices, letters, unrecognised papers).
    #[default]
    Other,
}

impl DocType {
    /// Every value, in the order facets list them.
    pub const ALL: [DocType; 5] = [
        DocType::Agenda,
        DocType::Minutes,
        DocType::Report,
        DocType::Decision,
        DocType::Other,
    ];

    /// The lowercase name used in JSON, facets and filters.
    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Agenda => "agenda",
            DocType::Minutes => "minutes",
            DocType::Report => "report",
            DocType::Decision => "decision",
            DocType::Other => "other",
        }
    }
}

impl fmt::Display for DocType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocType {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownValue::new("type", s, &DocType::ALL.map(|t| t.as_str())))
    }
}

/// What a passage does in the business of the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// "Resolved -" and what follows: what the meeting decided.
    Resolution,
    /// "Recommended -", or a report's RECOMMENDATIONS section.
    Recommendation,
    /// Members' comments and questions.
    Comment,
    /// Officers' answers ("In response ... it was reported that").
    Response,
    /// "Action: City Solicitor": who must act.
    Action,
    /// Apologies, disclosures of interest, inspection of papers and similar formalities.
    Procedural,
    /// Everything else.
    #[default]
    Narrative,
}

impl Role {
    /// Every value, in the order facets list them.
    pub const ALL: [Role; 7] = [
        Role::Resolution,
        Role::Recommendation,
        Role::Comment,
        Role::Response,
        Role::Action,
        Role::Procedural,
        Role::Narrative,
    ];

    /// The lowercase name used in JSON, facets and filters.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resolution => "resolution",
            Role::Recommendation => "recommendation",
            Role::Comment => "comment",
            Role::Response => "response",
            Role::Action => "action",
            Role::Procedural => "procedural",
            Role::Narrative => "narrative",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownValue::new("role", s, &Role::ALL.map(|r| r.as_str())))
    }
}

/// A value outside a closed vocabulary (a `type` or `role` filter, say).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {field} {value:?}: expected one of {expected}")]
pub struct UnknownValue {
    /// Which vocabulary.
    pub field: &'static str,
    /// What was given.
    pub value: String,
    /// The accepted values, comma-separated.
    pub expected: String,
}

impl UnknownValue {
    fn new(field: &'static str, value: &str, expected: &[&str]) -> Self {
        UnknownValue {
            field,
            value: value.to_string(),
            expected: expected.join(", "),
        }
    }
}

/// The meeting a paper belongs to. A value the paper does not state is `None`, never a guess.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Meeting {
    /// The authority, e.g. "Bradford" or "Kent County Council".
    pub council: Option<String>,
    /// The committee, e.g. "Children's Services Overview and Scrutiny Committee".
    pub committee: Option<String>,
    /// The meeting's own date (not the first date in the text).
    pub date: Option<NaiveDate>,
    /// Start time as stated, normalised to 24-hour `HH:MM`.
    pub time: Option<String>,
    /// Where it was held, as stated.
    pub venue: Option<String>,
}

/// A report embedded in, or listed by, an agenda item ("Document "AX"").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRef {
    /// The document letter, e.g. "AX"; `None` when the report has none.
    pub letter: Option<String>,
    /// The report's subject line.
    pub title: String,
    /// Who wrote it ("Strategic Director Children's Services"), when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The report contact, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// A numbered item of business: a minute, an agenda item, or a report's top-level section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// As printed, without trailing punctuation: "37", "5(a)", "56A".
    pub number: String,
    /// The item's heading, as printed (markup removed).
    pub title: String,
    /// Reports that belong to this item (agenda packs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<ReportRef>,
}

/// The item a passage belongs to, as carried on every hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRef {
    /// See [`Item::number`].
    pub number: String,
    /// See [`Item::title`].
    pub title: String,
}

impl From<&Item> for ItemRef {
    fn from(item: &Item) -> Self {
        ItemRef {
            number: item.number.clone(),
            title: item.title.clone(),
        }
    }
}

/// A searchable stretch of text: roughly 40-250 words, never crossing an item boundary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// Stable id: the same file content always yields the same ids.
    pub id: String,
    /// What kind of text this is (a report inside an agenda pack is `report`).
    #[serde(rename = "type")]
    pub doc_type: DocType,
    /// What the passage does in the meeting's business.
    pub role: Role,
    /// The item it belongs to; `None` for front matter before the first item.
    pub item: Option<ItemRef>,
    /// The section heading inside a report ("2. BACKGROUND"), where there is one.
    pub section: Option<String>,
    /// 1-based page number, for paged formats (PDF).
    pub page: Option<u32>,
    /// True when the passage was read from a scanned page by OCR.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ocr: bool,
    /// For a passage read by OCR, Tesseract's mean word confidence on its page (0-100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<f32>,
    /// Offset of the first character in [`Document::text`], in Unicode scalar values.
    pub start: usize,
    /// Offset one past the last character in [`Document::text`], in Unicode scalar values.
    pub end: usize,
    /// True when the source cut the text short ("... view the full minutes text").
    pub truncated: bool,
    /// For minutes reprinted inside another paper (an earlier meeting's minutes in an agenda
    /// pack): the meeting they record. The paper's own meeting stays on its [`Document`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reprint_of: Option<Meeting>,
    /// The passage's text, normalised.
    pub text: String,
    /// What the passage cites: minutes, documents, reports, meetings, items, legislation
    /// ([`crate::understand::refs`]). Targets are filled in from the whole archive at search time.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// Who speaks in the passage ([`crate::understand::people`]).
    #[serde(default)]
    pub speakers: Vec<Speaker>,
}

/// One paper, understood: the unit quorum indexes, replaces and removes as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id derived from the path relative to the corpus.
    pub id: String,
    /// Path relative to the corpus root, with `/` separators.
    pub path: String,
    /// Content hash (BLAKE3, hex) of the file's bytes: what incremental indexing compares.
    pub hash: String,
    /// What kind of paper it is as a whole.
    #[serde(rename = "type")]
    pub doc_type: DocType,
    /// A human title ("Minutes of ... 12 December 2018", a report's subject, an HTML title).
    pub title: String,
    /// The meeting the paper belongs to.
    pub meeting: Meeting,
    /// Where the paper was published, from sidecar metadata.
    pub url: Option<String>,
    /// Its numbered items in order.
    pub items: Vec<Item>,
    /// Its passages in reading order.
    pub passages: Vec<Passage>,
    /// The full extracted, normalised text that passages point into.
    pub text: String,
    /// Who attended, from the front matter of minutes ([`crate::understand::people`]).
    #[serde(default)]
    pub attendance: Attendance,
    /// Acronyms the paper defines ("Multi Agency Safeguarding Hub (MASH)").
    #[serde(default)]
    pub acronyms: Vec<Acronym>,
    /// Where each meeting fact was read (text, title, path, sidecar).
    #[serde(default)]
    pub provenance: crate::understand::evidence::Provenance,
    /// Its scanned pages: which were read by OCR, and which could not be.
    #[serde(default, skip_serializing_if = "Scanned::is_empty")]
    pub scanned: Scanned,
}

/// The pages of a paper that are scans (images with no text layer), and what OCR made of them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Scanned {
    /// Pages read by OCR, in page order.
    #[serde(default)]
    pub read: Vec<OcrPage>,
    /// Scanned pages that could not be read, in page order.
    #[serde(default)]
    pub unread: Vec<u32>,
    /// Why the first unread page could not be read ("install tesseract-ocr to read it").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Scanned {
    /// No scanned page at all.
    pub fn is_empty(&self) -> bool {
        self.read.is_empty() && self.unread.is_empty()
    }

    /// Tesseract's confidence on page `page`, when OCR read it.
    pub fn confidence(&self, page: u32) -> Option<f32> {
        self.read
            .binary_search_by_key(&page, |p| p.page)
            .ok()
            .map(|i| self.read[i].confidence)
    }
}

/// A page read by OCR.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OcrPage {
    /// 1-based page number.
    pub page: u32,
    /// Tesseract's mean word confidence on it (0-100).
    pub confidence: f32,
}

/// What a reference points at, by its form in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RefKind {
    /// "Minute 37", "Minutes 12 to 14", "Minute 46 (2018/19)".
    Minute,
    /// A document letter: `Document "AD"`.
    Document,
    /// A report code: "Report CS17062".
    Report,
    /// An earlier meeting: "the minutes of the meeting held on 23 January 2019".
    Meeting,
    /// An agenda item: "item 7".
    Item,
    /// Legislation: "Section 436A of the Education and Inspections Act 1996".
    Act,
}

impl RefKind {
    /// The lowercase name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RefKind::Minute => "minute",
            RefKind::Document => "document",
            RefKind::Report => "report",
            RefKind::Meeting => "meeting",
            RefKind::Item => "item",
            RefKind::Act => "act",
        }
    }
}

/// Why a file could not be indexed: the closed set the overview page, `/api/stats` and the
/// index summary report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailureKind {
    /// The PDF is encrypted.
    Encrypted,
    /// The file is malformed for its format.
    Parse,
    /// A hard limit was reached (see [`crate::limits`]).
    Limit,
    /// The file holds no text.
    Empty,
    /// The file's pages are scans that OCR could not read (OCR off, Tesseract missing).
    Scanned,
    /// The file could not be read from disk.
    Io,
    /// Its sidecar metadata is malformed.
    Metadata,
    /// The worker process reading it crashed (a panic, a stack overflow, a signal).
    Crash,
    /// The worker process reading it ran out of memory.
    Oom,
    /// The worker process reading it took longer than the time limit.
    Timeout,
}

impl FailureKind {
    /// The one word used in JSON and summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Encrypted => "encrypted",
            FailureKind::Parse => "parse",
            FailureKind::Limit => "limit",
            FailureKind::Empty => "empty",
            FailureKind::Scanned => "scanned",
            FailureKind::Io => "io",
            FailureKind::Metadata => "metadata",
            FailureKind::Crash => "crash",
            FailureKind::Oom => "oom",
            FailureKind::Timeout => "timeout",
        }
    }
}

impl std::fmt::Display for FailureKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What resolving a reference against the archive found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RefStatus {
    /// Exactly one thing in the archive fits: `target`.
    Resolved,
    /// Nothing in the archive fits; `reason` says what would.
    Unresolved,
    /// Several things fit; `candidates` lists them and quorum does not choose.
    Ambiguous,
    /// Legislation: outside the archive.
    External,
}

/// One reference in a passage, with its exact span and what it was resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// What kind of thing it names.
    pub kind: RefKind,
    /// The reference exactly as printed.
    pub text: String,
    /// Offset of its first character in the passage's text, in Unicode scalar values.
    pub start: usize,
    /// Offset one past its last character in the passage's text.
    pub end: usize,
    /// The key it names, normalised: `"37"` (one minute of a range each), `"AD"`, `"CS17062"`,
    /// `"2019-01-23"`, `"7"`, or an act's name and year (`"Education Act 1996"`).
    pub key: String,
    /// The municipal year a minute reference names ("(2018/19)"), when it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// The section of an act ("436A"), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The body a meeting reference names ("of the Executive held on"), when it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// What it points at in the archive; `null` when unresolved or ambiguous.
    #[serde(default)]
    pub target: Option<Target>,
    /// What the archive made of it; absent until the archive has been consulted (e.g. in
    /// `quorum inspect`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RefStatus>,
    /// For an unresolved or ambiguous reference: what resolving it would need.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For an ambiguous reference: every target that fits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Target>,
}

/// Where a reference points: an item (or the report under it) of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The first passage of the target (a permalink).
    pub id: String,
    /// The target document's id.
    pub document: String,
    /// The target item's number, when the target is an item.
    pub item: Option<String>,
    /// The target item's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The target's meeting date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The target document's path, relative to the corpus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// Someone who speaks in a passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// As printed: "Councillor Nicholas Bennett JP", "The Chairman", "the Deputy Director
    /// Children's Social Care".
    pub display: String,
    /// The person's name for matching, titles and post-nominals removed ("Nicholas Bennett");
    /// for "The Chairman", the chair the attendance list names. `None` when the paper names
    /// only an office ("A Member", "the Executive Director").
    pub name: Option<String>,
    /// The office the speaker is named by ("Chairman", "Member", "Executive Director").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// One person in a meeting's attendance list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    /// As printed, e.g. "Charles Rideout QPM CVO".
    pub display: String,
    /// For matching: "Charles Rideout".
    pub name: String,
    /// Party group where the paper groups members ("CONSERVATIVE").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// Role where stated ("Chairman", "Church Representative (RC)", "Portfolio Holder ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// Who attended a meeting, from the minutes' front matter. Empty lists when not stated.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Attendance {
    /// Members present.
    #[serde(default)]
    pub present: Vec<Attendee>,
    /// Who chaired.
    #[serde(default)]
    pub chair: Option<Attendee>,
    /// Co-opted members, with their role.
    #[serde(default)]
    pub co_opted: Vec<Attendee>,
    /// "Also present", observers.
    #[serde(default)]
    pub also_present: Vec<Attendee>,
    /// Apologies for absence.
    #[serde(default)]
    pub apologies: Vec<Attendee>,
    /// Officers present.
    #[serde(default)]
    pub officers: Vec<Attendee>,
}

impl Attendance {
    /// True when the paper listed nobody.
    pub fn is_empty(&self) -> bool {
        *self == Attendance::default()
    }
}

/// An acronym a paper defines, or one from the built-in list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Acronym {
    /// "MASH".
    pub acronym: String,
    /// "Multi Agency Safeguarding Hub".
    pub expansion: String,
}

/// Stable short id for a string: the first 16 hex digits of its BLAKE3 hash.
pub fn short_id(input: &str) -> String {
    let hash = blake3::hash(input.as_bytes());
    hash.to_hex()[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_type_round_trips_through_its_name() {
        for t in DocType::ALL {
            assert_eq!(t.as_str().parse::<DocType>(), Ok(t));
        }
        assert!("memo".parse::<DocType>().is_err());
    }

    #[test]
    fn role_parse_is_case_insensitive_and_lists_choices_on_error() {
        assert_eq!("Resolution".parse::<Role>(), Ok(Role::Resolution));
        let err = "vote".parse::<Role>().unwrap_err();
        assert!(err.to_string().contains("resolution"));
    }

    #[test]
    fn short_id_is_stable() {
        assert_eq!(short_id("corpus/a.txt"), short_id("corpus/a.txt"));
        assert_ne!(short_id("a"), short_id("b"));
        assert_eq!(short_id("a").len(), 16);
    }
}
