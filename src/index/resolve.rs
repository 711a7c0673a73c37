//! Resolve every passage's references against the whole archive.
//!
//! In: the [`Outline`] of every document in the index. Out: one [`Link`] per reference, its
//! `target` filled in when exactly one thing in the archive fits, and otherwise a `status`
//! (`unresolved`, `ambiguous`; legislation is `external`) and a `reason` saying what resolving
//! it would need. This module never guesses: when two targets fit, the link is ambiguous and
//! lists both.
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

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::municipal_year;
use crate::model::{
    Acronym, Attendance, DocType, Document, Meeting, RefKind, Reference, Speaker, Target,
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

    /// A target at item `number` (its first passage of type `prefer`, when given).
    pub fn target(&self, number: Option<&str>, prefer: Option<DocType>) -> Option<Target> {
        let passage = match number {
            Some(n) => self.first_passage(n, prefer)?,
            None => self.passages.first()?,
        };
        Some(Target {
            id: passage.id.clone(),
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

/// Statuses a resolved reference carries.
pub mod status {
    /// Exactly one target fits.
    pub const RESOLVED: &str = "resolved";
    /// Nothing in the archive fits; `reason` says what would.
    pub const UNRESOLVED: &str = "unresolved";
    /// Several targets fit; `candidates` lists them.
    pub const AMBIGUOUS: &str = "ambiguous";
    /// Legislation: outside the archive.
    pub const EXTERNAL: &str = "external";
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

fn same_body(a: &Meeting, b: &Meeting) -> bool {
    let council_ok = match (&a.council, &b.council) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => true,
    };
    council_ok
        && matches!((&a.committee, &b.committee), (Some(x), Some(y)) if committee_key(x) == committee_key(y))
}

/// Resolve every reference of every passage in `archive`.
pub fn resolve(archive: &BTreeMap<String, Outline>) -> Vec<Link> {
    let docs: Vec<&Outline> = archive.values().collect();
    let mut links = Vec::new();
    for doc in &docs {
        for passage in &doc.passages {
            for (index, reference) in passage.references.iter().enumerate() {
                let mut r = reference.clone();
                let outcome = match r.kind {
                    RefKind::Minute => minute(&docs, doc, &r),
                    RefKind::Document => letter(&docs, doc, passage, &r),
                    RefKind::Meeting => meeting(&docs, doc, &r),
                    RefKind::Report => report(&docs, &r),
                    RefKind::Item => item(&docs, doc, passage, &r),
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
    }
    links
}

enum Outcome {
    Found(Vec<Target>),
    Missing(String),
    External,
}

impl Outcome {
    fn apply(self, r: &mut Reference) {
        match self {
            Outcome::External => r.status = Some(status::EXTERNAL.into()),
            Outcome::Missing(reason) => {
                r.status = Some(status::UNRESOLVED.into());
                r.reason = Some(reason);
            }
            Outcome::Found(mut targets) => {
                let mut seen = BTreeSet::new();
                targets.retain(|t| seen.insert(t.id.clone()));
                match targets.len() {
                    0 => {
                        r.status = Some(status::UNRESOLVED.into());
                        r.reason = Some("nothing in the archive fits".into());
                    }
                    1 => {
                        r.status = Some(status::RESOLVED.into());
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
                        r.status = Some(status::AMBIGUOUS.into());
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

fn committee_of(doc: &Outline) -> String {
    doc.meeting
        .committee
        .clone()
        .unwrap_or_else(|| "the committee".into())
}

fn minute(docs: &[&Outline], doc: &Outline, r: &Reference) -> Outcome {
    if r.year.is_none() && doc.doc_type == DocType::Minutes && doc.item(&r.key).is_some() {
        return Outcome::Found(doc.target(Some(&r.key), None).into_iter().collect());
    }
    let Some(year) = r
        .year
        .clone()
        .or_else(|| doc.meeting.date.map(municipal_year))
    else {
        return Outcome::Missing(format!(
            "minute {} of an unstated municipal year: needs the citing paper's meeting date",
            r.key
        ));
    };
    if doc.meeting.committee.is_none() {
        return Outcome::Missing(format!(
            "minute {} ({year}): the citing paper does not state its committee, so whose minutes \
             are meant is unknown",
            r.key
        ));
    }
    let targets: Vec<Target> = docs
        .iter()
        .filter(|d| d.doc_type == DocType::Minutes && same_body(&d.meeting, &doc.meeting))
        .filter(|d| d.meeting.date.map(municipal_year).as_deref() == Some(year.as_str()))
        .filter(|d| d.item(&r.key).is_some())
        .filter_map(|d| d.target(Some(&r.key), Some(DocType::Minutes)))
        .collect();
    if targets.is_empty() {
        return Outcome::Missing(format!(
            "needs the minutes of {} for {year} containing minute {}",
            committee_of(doc),
            r.key
        ));
    }
    Outcome::Found(targets)
}

/// Papers of the same meeting as `doc` (same body and date), `doc` included.
fn same_meeting<'a>(docs: &[&'a Outline], doc: &Outline) -> Vec<&'a Outline> {
    docs.iter()
        .copied()
        .filter(|d| {
            d.id == doc.id
                || (doc.meeting.date.is_some()
                    && d.meeting.date == doc.meeting.date
                    && same_body(&d.meeting, &doc.meeting))
        })
        .collect()
}

fn letter(docs: &[&Outline], doc: &Outline, from: &OutlinePassage, r: &Reference) -> Outcome {
    let mut targets = Vec::new();
    for paper in same_meeting(docs, doc) {
        for it in paper.items.iter().filter(|i| i.letters.contains(&r.key)) {
            // The embedded report when the pack carries it, else the agenda item naming it.
            let embedded = paper
                .passages
                .iter()
                .any(|p| p.item.as_deref() == Some(&it.number) && p.doc_type == DocType::Report);
            let prefer = embedded.then_some(DocType::Report);
            if let Some(t) = paper.target(Some(&it.number), prefer) {
                if t.id != from.id {
                    targets.push(t);
                }
            }
        }
        // From minutes: an agenda of the same meeting whose item names the document.
        if paper.id != doc.id && paper.doc_type == DocType::Agenda && targets.is_empty() {
            let naming: BTreeSet<&str> = paper
                .passages
                .iter()
                .filter(|p| {
                    p.references
                        .iter()
                        .any(|x| x.kind == RefKind::Document && x.key == r.key)
                })
                .filter_map(|p| p.item.as_deref())
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
            committee_of(doc),
            r.key
        ));
    }
    Outcome::Found(targets)
}

fn meeting(docs: &[&Outline], doc: &Outline, r: &Reference) -> Outcome {
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
    let targets: Vec<Target> = docs
        .iter()
        .filter(|d| d.id != doc.id && d.doc_type == DocType::Minutes)
        .filter(|d| d.meeting.date == Some(date) && same_body(&d.meeting, &body))
        .filter_map(|d| d.target(None, None))
        .collect();
    if targets.is_empty() {
        return Outcome::Missing(format!("needs the minutes of {committee} of {date}"));
    }
    Outcome::Found(targets)
}

fn report(docs: &[&Outline], r: &Reference) -> Outcome {
    let targets: Vec<Target> = docs
        .iter()
        .filter_map(|d| {
            let p = d.passages.iter().find(|p| p.carries.contains(&r.key))?;
            d.target(p.item.as_deref(), Some(p.doc_type))
        })
        .collect();
    if targets.is_empty() {
        return Outcome::Missing(format!("needs the report numbered {}", r.key));
    }
    Outcome::Found(targets)
}

fn item(docs: &[&Outline], doc: &Outline, from: &OutlinePassage, r: &Reference) -> Outcome {
    if doc.doc_type == DocType::Agenda && doc.item(&r.key).is_some() {
        return Outcome::Found(
            doc.target(Some(&r.key), None)
                .filter(|t| t.id != from.id)
                .into_iter()
                .collect(),
        );
    }
    let targets: Vec<Target> = same_meeting(docs, doc)
        .into_iter()
        .filter(|d| d.id != doc.id && d.doc_type == DocType::Agenda)
        .filter_map(|d| d.target(Some(&r.key), None))
        .collect();
    if targets.is_empty() {
        return Outcome::Missing(format!(
            "needs the agenda of this meeting of {} with item {}",
            committee_of(doc),
            r.key
        ));
    }
    Outcome::Found(targets)
}

#[cfg(test)]
mod tests {
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

    fn resolved(links: &[Link], source: &str) -> Vec<(String, Option<String>, Option<String>)> {
        links
            .iter()
            .filter(|l| l.source == source)
            .map(|l| {
                (
                    l.reference.status.clone().unwrap_or_default(),
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
        assert_eq!(missing.0, "unresolved");
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
        assert_eq!(link.and_then(|r| r.status.as_deref()), Some("ambiguous"));
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
