//! Resolve every passage's references against the whole archive.
//!
//! In: the [`Outline`] of every document in the index, read twice, one at a time: first into a
//! [`Directory`] (each document's meeting, items and the passages a reference lands on,
//! indexed by committee and report number; no text and no references), then each outline
//! again to resolve its own references against it. Out: one [`Link`] per reference, its
//! `target` filled in when exactly one thing in the archive fits, and otherwise a
//! [`RefStatus`] (unresolved, ambiguous; legislation is external) and a `reason` saying what
//! resolving it would need. This module never guesses: when two targets fit, the link is
//! ambiguous and lists both.
//!
//! Memory: the directory grows with the archive's documents and items, not with its passages
//! or text; each reference is looked up among the papers of its committee, not the archive.
//!
//! Rules (UK municipal years run from May, [`crate::index::municipal_year`]):
//! - **minute N**: inside minutes without a year, this meeting's item N; otherwise item N of
//!   the same committee's minutes in the municipal year named ("Minute 46 (2018/19)") or, when
//!   none is named, the citing paper's own municipal year;
//! - **document "L"**: the report with letter L among the same meeting's papers (in an agenda
//!   pack, the embedded report; from minutes, the agenda of the same meeting);
//! - **meeting held on D**: the same committee's (or the named body's) minutes of that date;
//! - **report CODE**: the paper that carries that number ("Report No. CS17062");
//! - **item N**: item N of the same meeting's agenda (or of the citing paper itself).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::municipal_year;
use crate::model::{
    Acronym, Attendance, DocType, Document, Meeting, RefKind, RefStatus, Reference, Speaker, Target,
};
use crate::understand::refs::carried_codes;

/// Most characters of a passage kept as its one-line excerpt.
const EXCERPT_CHARS: usize = 160;

/// What resolving references (and threads, and people) needs of a document, without its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outline {
    /// Document id.
    pub id: String,
    /// Path relative to the corpus.
    pub path: String,
    /// Content hash when indexed.
    pub hash: String,
    /// Document type as a whole.
    #[serde(rename = "type")]
    pub doc_type: DocType,
    /// Title.
    pub title: String,
    /// The meeting.
    pub meeting: Meeting,
    /// Items, with the letters of the reports they carry.
    pub items: Vec<OutlineItem>,
    /// Passages in reading order.
    pub passages: Vec<OutlinePassage>,
    /// Attendance (minutes).
    #[serde(default)]
    pub attendance: Attendance,
    /// Acronyms defined.
    #[serde(default)]
    pub acronyms: Vec<Acronym>,
}

/// An item in an [`Outline`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutlineItem {
    /// Item number.
    pub number: String,
    /// Item title.
    pub title: String,
    /// Letters of the reports the item carries (agenda packs).
    #[serde(default)]
    pub letters: Vec<String>,
}

/// A passage in an [`Outline`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutlinePassage {
    /// Passage id.
    pub id: String,
    /// Item number.
    pub item: Option<String>,
    /// Passage type (an embedded report's passages are `report`).
    #[serde(rename = "type")]
    pub doc_type: DocType,
    /// References as read from the text (unresolved).
    #[serde(default)]
    pub references: Vec<Reference>,
    /// Report numbers the passage carries as its own ("Report No. CS17062").
    #[serde(default)]
    pub carries: Vec<String>,
    /// Speakers.
    #[serde(default)]
    pub speakers: Vec<Speaker>,
    /// The passage's first line, shortened.
    pub excerpt: String,
}

impl Outline {
    /// The outline of `doc`.
    pub fn of(doc: &Document) -> Outline {
        Outline {
            id: doc.id.clone(),
            path: doc.path.clone(),
            hash: doc.hash.clone(),
            doc_type: doc.doc_type,
            title: doc.title.clone(),
            meeting: doc.meeting.clone(),
            items: doc
                .items
                .iter()
                .map(|i| OutlineItem {
                    number: i.number.clone(),
                    title: i.title.clone(),
                    letters: i.reports.iter().filter_map(|r| r.letter.clone()).collect(),
                })
                .collect(),
            passages: doc
                .passages
                .iter()
                .map(|p| OutlinePassage {
                    id: p.id.clone(),
                    item: p.item.as_ref().map(|i| i.number.clone()),
                    doc_type: p.doc_type,
                    references: p.references.clone(),
                    carries: if p.doc_type == DocType::Report || doc.doc_type == DocType::Report {
                        carried_codes(&p.text)
                    } else {
                        Vec::new()
                    },
                    speakers: p.speakers.clone(),
                    excerpt: excerpt(&p.text),
                })
                .collect(),
            attendance: doc.attendance.clone(),
            acronyms: doc.acronyms.clone(),
        }
    }

    /// The first passage of item `number`, preferring one of type `prefer` when given.
    pub fn first_passage(&self, number: &str, prefer: Option<DocType>) -> Option<&OutlinePassage> {
        let in_item = || {
            self.passages
                .iter()
                .filter(move |p| p.item.as_deref() == Some(number))
        };
        prefer
            .and_then(|t| in_item().find(|p| p.doc_type == t))
            .or_else(|| in_item().next())
    }

    /// The item numbered `number`.
    pub fn item(&self, number: &str) -> Option<&OutlineItem> {
        self.items.iter().find(|i| i.number == number)
    }
}

/// The first line of a passage (not its heading, when it has more), at most 160 characters,
/// markup removed.
pub fn excerpt(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.replace(['*', '#'], "").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    // An item's heading says less than the first sentence under it.
    let heading = |l: &String| {
        let letters = l.chars().filter(|c| c.is_alphabetic());
        letters.clone().count() > 0 && letters.clone().all(|c| c.is_uppercase())
    };
    let line = lines
        .iter()
        .find(|l| !heading(l))
        .or(lines.first())
        .cloned()
        .unwrap_or_default();
    if line.chars().count() <= EXCERPT_CHARS {
        return line;
    }
    let cut: String = line.chars().take(EXCERPT_CHARS).collect();
    format!("{}…", cut.trim_end())
}

/// One reference of one passage, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The citing passage.
    pub source: String,
    /// Its document.
    pub document: String,
    /// Its item number.
    pub item: Option<String>,
    /// Its meeting's date.
    pub date: Option<NaiveDate>,
    /// Its document's path.
    pub path: String,
    /// Position of the reference among the passage's references.
    pub index: usize,
    /// The reference with `target`, `status`, `reason` and `candidates` filled in.
    pub reference: Reference,
}

/// A committee's name reduced for comparison: case, "&", punctuation and spacing ignored.
fn committee_key(name: &str) -> String {
    name.to_lowercase()
        .replace('&', " and ")
        .replace(['’', '\''], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "the")
        .collect::<Vec<_>>()
        .join(" ")
}

/// Two councils are the same unless both are named and differ.
fn same_council(a: &Meeting, b: &Meeting) -> bool {
    match (&a.council, &b.council) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => true,
    }
}

/// What resolution needs of one document: its meeting, its items and the passages a reference
/// to them lands on. None of its text, and none of its own references.
#[derive(Debug, Clone)]
struct Entry {
    id: String,
    path: String,
    hash: String,
    doc_type: DocType,
    title: String,
    meeting: Meeting,
    /// The municipal year of its meeting.
    year: Option<String>,
    items: Vec<OutlineItem>,
    /// For each item number, in reading order, the first passage of each passage type.
    landings: Vec<(String, Vec<(DocType, String)>)>,
    /// The document's first passage.
    first: Option<String>,
    /// Report numbers it carries as its own, each with the item and type of the first passage
    /// carrying it.
    carries: Vec<(String, Option<String>, DocType)>,
    /// The document letters its passages cite, each with the citing passage's item.
    naming: Vec<(String, String)>,
}

impl Entry {
    fn of(outline: &Outline) -> Entry {
        let mut landings: Vec<(String, Vec<(DocType, String)>)> = Vec::new();
        let mut carries: Vec<(String, Option<String>, DocType)> = Vec::new();
        let mut naming: Vec<(String, String)> = Vec::new();
        for p in &outline.passages {
            for code in &p.carries {
                if !carries.iter().any(|(c, ..)| c == code) {
                    carries.push((code.clone(), p.item.clone(), p.doc_type));
                }
            }
            let Some(number) = &p.item else { continue };
            let at = match landings.iter().position(|(n, _)| n == number) {
                Some(at) => at,
                None => {
                    landings.push((number.clone(), Vec::new()));
                    landings.len() - 1
                }
            };
            if let Some((_, firsts)) = landings.get_mut(at) {
                if !firsts.iter().any(|(t, _)| *t == p.doc_type) {
                    firsts.push((p.doc_type, p.id.clone()));
                }
            }
            for r in p.references.iter().filter(|r| r.kind == RefKind::Document) {
                let pair = (r.key.clone(), number.clone());
                if !naming.contains(&pair) {
                    naming.push(pair);
                }
            }
        }
        Entry {
            id: outline.id.clone(),
            path: outline.path.clone(),
            hash: outline.hash.clone(),
            doc_type: outline.doc_type,
            title: outline.title.clone(),
            meeting: outline.meeting.clone(),
            year: outline.meeting.date.map(municipal_year),
            items: outline.items.clone(),
            landings,
            first: outline.passages.first().map(|p| p.id.clone()),
            carries,
            naming,
        }
    }

    /// The item numbered `number`.
    fn item(&self, number: &str) -> Option<&OutlineItem> {
        self.items.iter().find(|i| i.number == number)
    }

    /// Whether item `number` has a passage of type `doc_type`.
    fn item_has(&self, number: &str, doc_type: DocType) -> bool {
        self.landings
            .iter()
            .any(|(n, firsts)| n == number && firsts.iter().any(|(t, _)| *t == doc_type))
    }

    /// A target at item `number` (its first passage of type `prefer`, when given, else its
    /// first passage), or at the document's first passage.
    fn target(&self, number: Option<&str>, prefer: Option<DocType>) -> Option<Target> {
        let id = match number {
            Some(n) => {
                let (_, firsts) = self.landings.iter().find(|(at, _)| at == n)?;
                let preferred = prefer.and_then(|t| firsts.iter().find(|(d, _)| *d == t));
                &preferred.or(firsts.first())?.1
            }
            None => self.first.as_ref()?,
        };
        Some(Target {
            id: id.clone(),
            document: self.id.clone(),
            item: number.map(str::to_string),
            title: number
                .and_then(|n| self.item(n))
                .map(|i| i.title.clone())
                .or_else(|| Some(self.title.clone())),
            date: self.meeting.date,
            path: Some(self.path.clone()),
        })
    }

    fn committee(&self) -> String {
        self.meeting
            .committee
            .clone()
            .unwrap_or_else(|| "the committee".into())
    }
}

/// Every document of the archive as resolution sees it, indexed by what references name: the
/// committee (minutes, meetings, the papers of one meeting) and report numbers. Built from
/// the outlines one at a time, then asked for each document's links: the outlines themselves
/// are never all held at once.
#[derive(Debug, Default)]
pub struct Directory {
    /// In document id order.
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    by_committee: HashMap<String, Vec<usize>>,
    by_code: HashMap<String, Vec<usize>>,
}

impl Directory {
    /// The directory of `outlines`, given in any order.
    pub fn build(outlines: impl IntoIterator<Item = Outline>) -> Directory {
        Directory::of_entries(outlines.into_iter().map(|o| Entry::of(&o)).collect())
    }

    /// The directory of the outlines `read` yields, read one at a time.
    pub fn read<E>(read: impl IntoIterator<Item = Result<Outline, E>>) -> Result<Directory, E> {
        let mut entries = Vec::new();
        for outline in read {
            entries.push(Entry::of(&outline?));
        }
        Ok(Directory::of_entries(entries))
    }

    fn of_entries(mut entries: Vec<Entry>) -> Directory {
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        entries.dedup_by(|a, b| a.id == b.id);
        let mut directory = Directory::default();
        for (at, e) in entries.iter().enumerate() {
            directory.by_id.insert(e.id.clone(), at);
            if let Some(committee) = &e.meeting.committee {
                directory
                    .by_committee
                    .entry(committee_key(committee))
                    .or_default()
                    .push(at);
            }
            for (code, ..) in &e.carries {
                directory.by_code.entry(code.clone()).or_default().push(at);
            }
        }
        directory.entries = entries;
        directory
    }

    /// How many documents it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds no document.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Each document's id and content hash, in id order.
    pub fn documents(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|e| (e.id.as_str(), e.hash.as_str()))
    }

    /// Documents of the body that held `meeting`: the same committee, and the same council
    /// unless either is unnamed. In id order.
    fn of_body<'a>(&'a self, meeting: &'a Meeting) -> impl Iterator<Item = &'a Entry> + 'a {
        meeting
            .committee
            .as_deref()
            .and_then(|c| self.by_committee.get(&committee_key(c)))
            .into_iter()
            .flatten()
            .filter_map(|&at| self.entries.get(at))
            .filter(move |d| same_council(&d.meeting, meeting))
    }

    /// Papers of the same meeting as `doc` (same body and date), `doc` included, in id order.
    fn same_meeting<'a>(&'a self, doc: &'a Entry) -> Vec<&'a Entry> {
        let mut papers: Vec<&Entry> = match doc.meeting.date {
            Some(date) => self
                .of_body(&doc.meeting)
                .filter(|d| d.id == doc.id || d.meeting.date == Some(date))
                .collect(),
            None => Vec::new(),
        };
        if !papers.iter().any(|d| d.id == doc.id) {
            let at = papers.partition_point(|d| d.id < doc.id);
            papers.insert(at, doc);
        }
        papers
    }

    /// Resolve every reference of every passage of `outline` (a document of this directory).
    pub fn links(&self, outline: &Outline) -> Vec<Link> {
        let own;
        let doc = match self
            .by_id
            .get(&outline.id)
            .and_then(|&at| self.entries.get(at))
        {
            Some(entry) => entry,
            None => {
                own = Entry::of(outline);
                &own
            }
        };
        let mut links = Vec::new();
        for passage in &outline.passages {
            for (index, reference) in passage.references.iter().enumerate() {
                let mut r = reference.clone();
                let outcome = match r.kind {
                    RefKind::Minute => self.minute(doc, &r),
                    RefKind::Document => self.letter(doc, passage, &r),
                    RefKind::Meeting => self.meeting(doc, &r),
                    RefKind::Report => self.report(&r),
                    RefKind::Item => self.item(doc, passage, &r),
                    RefKind::Act => Outcome::External,
                };
                outcome.apply(&mut r);
                links.push(Link {
                    source: passage.id.clone(),
                    document: doc.id.clone(),
                    item: passage.item.clone(),
                    date: doc.meeting.date,
                    path: doc.path.clone(),
                    index,
                    reference: r,
                });
            }
        }
        links
    }

    fn minute(&self, doc: &Entry, r: &Reference) -> Outcome {
        if r.year.is_none() && doc.doc_type == DocType::Minutes && doc.item(&r.key).is_some() {
            return Outcome::Found(doc.target(Some(&r.key), None).into_iter().collect());
        }
        let Some(year) = r.year.clone().or_else(|| doc.year.clone()) else {
            return Outcome::Missing(format!(
                "minute {} of an unstated municipal year: needs the citing paper's meeting date",
                r.key
            ));
        };
        if doc.meeting.committee.is_none() {
            return Outcome::Missing(format!(
                "minute {} ({year}): the citing paper does not state its committee, so whose \
                 minutes are meant is unknown",
                r.key
            ));
        }
        let targets: Vec<Target> = self
            .of_body(&doc.meeting)
            .filter(|d| d.doc_type == DocType::Minutes && d.year.as_deref() == Some(&year))
            .filter(|d| d.item(&r.key).is_some())
            .filter_map(|d| d.target(Some(&r.key), Some(DocType::Minutes)))
            .collect();
        if targets.is_empty() {
            return Outcome::Missing(format!(
                "needs the minutes of {} for {year} containing minute {}",
                doc.committee(),
                r.key
            ));
        }
        Outcome::Found(targets)
    }

    fn letter(&self, doc: &Entry, from: &OutlinePassage, r: &Reference) -> Outcome {
        let mut targets = Vec::new();
        for paper in self.same_meeting(doc) {
            for it in paper.items.iter().filter(|i| i.letters.contains(&r.key)) {
                // The embedded report when the pack carries it, else the agenda item naming it.
                let prefer = paper
                    .item_has(&it.number, DocType::Report)
                    .then_some(DocType::Report);
                if let Some(t) = paper.target(Some(&it.number), prefer) {
                    if t.id != from.id {
                        targets.push(t);
                    }
                }
            }
            // From minutes: an agenda of the same meeting whose item names the document.
            if paper.id != doc.id && paper.doc_type == DocType::Agenda && targets.is_empty() {
                let naming: BTreeSet<&str> = paper
                    .naming
                    .iter()
                    .filter(|(letter, _)| *letter == r.key)
                    .map(|(_, item)| item.as_str())
                    .collect();
                targets.extend(
                    naming
                        .into_iter()
                        .filter_map(|n| paper.target(Some(n), None)),
                );
            }
        }
        if targets.is_empty() {
            let when = doc
                .meeting
                .date
                .map_or_else(|| "an unstated date".to_string(), |d| d.to_string());
            return Outcome::Missing(format!(
                "needs the papers of the meeting of {} on {when} carrying Document \"{}\"",
                doc.committee(),
                r.key
            ));
        }
        Outcome::Found(targets)
    }

    fn meeting(&self, doc: &Entry, r: &Reference) -> Outcome {
        let Ok(date) = r.key.parse::<NaiveDate>() else {
            return Outcome::Missing("the date could not be read".into());
        };
        // "the meeting of the Executive held on": that body; otherwise the citing paper's own.
        let body = Meeting {
            council: doc.meeting.council.clone(),
            committee: r.body.clone().or_else(|| doc.meeting.committee.clone()),
            ..Meeting::default()
        };
        let Some(committee) = body.committee.clone() else {
            return Outcome::Missing(format!(
                "the meeting of {date}: the citing paper does not state its committee"
            ));
        };
        let targets: Vec<Target> = self
            .of_body(&body)
            .filter(|d| d.id != doc.id && d.doc_type == DocType::Minutes)
            .filter(|d| d.meeting.date == Some(date))
            .filter_map(|d| d.target(None, None))
            .collect();
        if targets.is_empty() {
            return Outcome::Missing(format!("needs the minutes of {committee} of {date}"));
        }
        Outcome::Found(targets)
    }

    fn report(&self, r: &Reference) -> Outcome {
        let targets: Vec<Target> = self
            .by_code
            .get(&r.key)
            .into_iter()
            .flatten()
            .filter_map(|&at| self.entries.get(at))
            .filter_map(|d| {
                let (_, item, doc_type) = d.carries.iter().find(|(c, ..)| *c == r.key)?;
                d.target(item.as_deref(), Some(*doc_type))
            })
            .collect();
        if targets.is_empty() {
            return Outcome::Missing(format!("needs the report numbered {}", r.key));
        }
        Outcome::Found(targets)
    }

    fn item(&self, doc: &Entry, from: &OutlinePassage, r: &Reference) -> Outcome {
        if doc.doc_type == DocType::Agenda && doc.item(&r.key).is_some() {
            return Outcome::Found(
                doc.target(Some(&r.key), None)
                    .filter(|t| t.id != from.id)
                    .into_iter()
                    .collect(),
            );
        }
        let targets: Vec<Target> = self
            .same_meeting(doc)
            .into_iter()
            .filter(|d| d.id != doc.id && d.doc_type == DocType::Agenda)
            .filter_map(|d| d.target(Some(&r.key), None))
            .collect();
        if targets.is_empty() {
            return Outcome::Missing(format!(
                "needs the agenda of this meeting of {} with item {}",
                doc.committee(),
                r.key
            ));
        }
        Outcome::Found(targets)
    }
}

/// Resolve every reference of every passage in `archive`.
#[cfg(test)]
fn resolve(archive: &std::collections::BTreeMap<String, Outline>) -> Vec<Link> {
    let directory = Directory::build(archive.values().cloned());
    archive.values().flat_map(|o| directory.links(o)).collect()
}

enum Outcome {
    Found(Vec<Target>),
    Missing(String),
    External,
}

impl Outcome {
    fn apply(self, r: &mut Reference) {
        match self {
            Outcome::External => r.status = Some(RefStatus::External),
            Outcome::Missing(reason) => {
                r.status = Some(RefStatus::Unresolved);
                r.reason = Some(reason);
            }
            Outcome::Found(mut targets) => {
                let mut seen = BTreeSet::new();
                targets.retain(|t| seen.insert(t.id.clone()));
                match targets.len() {
                    0 => {
                        r.status = Some(RefStatus::Unresolved);
                        r.reason = Some("nothing in the archive fits".into());
                    }
                    1 => {
                        r.status = Some(RefStatus::Resolved);
                        r.target = targets.pop();
                    }
                    n => {
                        let which: Vec<String> = targets
                            .iter()
                            .map(|t| match &t.item {
                                Some(item) => format!(
                                    "{} item {item}",
                                    t.path.as_deref().unwrap_or(&t.document)
                                ),
                                None => t.path.clone().unwrap_or_else(|| t.document.clone()),
                            })
                            .collect();
                        r.status = Some(RefStatus::Ambiguous);
                        r.reason = Some(format!(
                            "{n} papers fit ({}); quorum does not choose between them",
                            which.join("; ")
                        ));
                        r.candidates = targets;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::understand::refs;

    fn outline(id: &str, doc_type: DocType, committee: &str, date: (i32, u32, u32)) -> Outline {
        Outline {
            id: id.into(),
            path: format!("{id}.txt"),
            hash: "h".into(),
            doc_type,
            title: id.into(),
            meeting: Meeting {
                council: Some("Bradford".into()),
                committee: Some(committee.into()),
                date: NaiveDate::from_ymd_opt(date.0, date.1, date.2),
                ..Meeting::default()
            },
            items: Vec::new(),
            passages: Vec::new(),
            attendance: Attendance::default(),
            acronyms: Vec::new(),
        }
    }

    fn add_item(o: &mut Outline, number: &str, text: &str) {
        o.items.push(OutlineItem {
            number: number.into(),
            title: format!("ITEM {number}"),
            letters: Vec::new(),
        });
        o.passages.push(OutlinePassage {
            id: format!("{}-{number}", o.id),
            item: Some(number.into()),
            doc_type: o.doc_type,
            references: refs::find(text),
            carries: Vec::new(),
            speakers: Vec::new(),
            excerpt: excerpt(text),
        });
    }

    fn resolved(
        links: &[Link],
        source: &str,
    ) -> Vec<(Option<RefStatus>, Option<String>, Option<String>)> {
        links
            .iter()
            .filter(|l| l.source == source)
            .map(|l| {
                (
                    l.reference.status,
                    l.reference.target.as_ref().map(|t| t.id.clone()),
                    l.reference.reason.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn minutes_resolve_within_the_meeting_then_the_municipal_year() {
        let c = "Children's Services Overview and Scrutiny Committee";
        let mut july = outline("july", DocType::Minutes, c, (2018, 7, 11));
        add_item(&mut july, "12", "The Committee considered caseloads.");
        let mut dec = outline("dec", DocType::Minutes, c, (2018, 12, 12));
        add_item(
            &mut dec,
            "34",
            "Claire Parr disclosed an interest in Minute 37.",
        );
        add_item(&mut dec, "37", "Previous reference: Minute 12 (2018/19)");
        add_item(&mut dec, "38", "See Minute 99 (2017/18)");
        let archive: BTreeMap<String, Outline> =
            [("july".to_string(), july), ("dec".to_string(), dec)].into();
        let links = resolve(&archive);
        assert_eq!(resolved(&links, "dec-34")[0].1.as_deref(), Some("dec-37"));
        assert_eq!(resolved(&links, "dec-37")[0].1.as_deref(), Some("july-12"));
        let missing = &resolved(&links, "dec-38")[0];
        assert_eq!(missing.0, Some(RefStatus::Unresolved));
        assert!(
            missing.2.as_deref().unwrap_or("").contains("2017/18"),
            "{missing:?}"
        );
    }

    #[test]
    fn two_fitting_targets_are_ambiguous() {
        let c = "Executive";
        let mut a = outline("a", DocType::Minutes, c, (2019, 1, 8));
        add_item(&mut a, "5", "x");
        let mut b = outline("b", DocType::Minutes, c, (2019, 1, 8));
        add_item(&mut b, "5", "x");
        let mut agenda = outline("c", DocType::Agenda, c, (2019, 2, 5));
        add_item(
            &mut agenda,
            "2",
            "That the minutes of the meeting held on 8 January 2019 be signed",
        );
        let archive: BTreeMap<String, Outline> = [a, b, agenda]
            .into_iter()
            .map(|o| (o.id.clone(), o))
            .collect();
        let links = resolve(&archive);
        let link = links
            .iter()
            .find(|l| l.source == "c-2")
            .map(|l| &l.reference);
        assert_eq!(link.and_then(|r| r.status), Some(RefStatus::Ambiguous));
        assert_eq!(link.map(|r| r.candidates.len()), Some(2));
        assert!(link.is_some_and(|r| r.target.is_none()));
    }

    #[test]
    fn excerpts_are_one_short_line() {
        assert_eq!(excerpt("\n\n**37. TITLE**\nmore"), "more");
        assert_eq!(excerpt("**37. TITLE**"), "37. TITLE");
        assert!(excerpt(&"é".repeat(500)).chars().count() <= EXCERPT_CHARS + 1);
    }
}
