//! Resolve every passage's references against the whole archive.
//!
//! In: the [`Outline`] of every document in the index, read one at a time: first each into a
//! [`Card`] of the [`Directory`] (its meeting, type, title, item numbers, first passage and the
//! report numbers it carries; no text and no references), then each that makes references, to
//! resolve them. Out: one [`Link`] per reference, its `target` filled in when exactly one thing
//! in the archive fits, and otherwise a [`RefStatus`] (unresolved, ambiguous; legislation is
//! external) and a `reason` saying what resolving it would need. This module never guesses:
//! when two targets fit, the link is ambiguous and lists both.
//!
//! Memory: a card per document. A reference is looked up among the cards of its committee (or
//! by report number), and only the papers it may land on have their items read again, through
//! [`Papers`], which keeps the last [`KEPT_ITEMS`] read.
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

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::rc::Rc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::municipal_year;
use super::store::{Record, RecordKind};
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
    /// Minutes of earlier meetings reprinted inside it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reprints: Vec<OutlineReprint>,
}

/// Minutes reprinted inside a paper, in its [`Outline`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutlineReprint {
    /// The meeting they record.
    pub meeting: Meeting,
    /// Their first passage.
    pub first: String,
}

/// Each stretch of reprinted minutes in `doc`: a run of passages recording one meeting.
fn reprints(doc: &Document) -> Vec<OutlineReprint> {
    let mut out: Vec<OutlineReprint> = Vec::new();
    let mut previous: Option<&Meeting> = None;
    for p in &doc.passages {
        if let Some(meeting) = &p.reprint_of {
            if previous != Some(meeting) {
                out.push(OutlineReprint {
                    meeting: meeting.clone(),
                    first: p.id.clone(),
                });
            }
        }
        previous = p.reprint_of.as_ref();
    }
    out
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
            reprints: reprints(doc),
        }
    }

    /// The [`crate::understand::people::person_key`]s of everyone the paper names: in its
    /// attendance (chair, present, co-opted, also present, officers, apologies) or as a named
    /// speaker; distinct, in order, none empty.
    pub fn people(&self) -> std::collections::BTreeSet<String> {
        let a = &self.attendance;
        let listed = a
            .chair
            .iter()
            .chain(&a.present)
            .chain(&a.co_opted)
            .chain(&a.also_present)
            .chain(&a.officers)
            .chain(&a.apologies)
            .map(|p| p.name.as_str());
        let spoke = self
            .passages
            .iter()
            .flat_map(|p| &p.speakers)
            .filter_map(|s| s.name.as_deref());
        listed
            .chain(spoke)
            .map(crate::understand::people::person_key)
            .filter(|k| !k.is_empty())
            .collect()
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
    // Lines are cleaned as they are read: most passages' first line is the one.
    let mut lines = text
        .lines()
        .map(|l| l.replace(['*', '#'], "").trim().to_string())
        .filter(|l| !l.is_empty());
    // An item's heading says less than the first sentence under it.
    let heading = |l: &String| {
        let letters = l.chars().filter(|c| c.is_alphabetic());
        letters.clone().count() > 0 && letters.clone().all(|c| c.is_uppercase())
    };
    let first = lines.next().unwrap_or_default();
    let line = if heading(&first) {
        lines.find(|l| !heading(l)).unwrap_or(first)
    } else {
        first
    };
    if line.chars().count() <= EXCERPT_CHARS {
        return line;
    }
    let cut: String = line.chars().take(EXCERPT_CHARS).collect();
    format!("{}…", cut.trim_end())
}

impl Record for Outline {
    const KIND: RecordKind = RecordKind::Outline;
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

impl Record for Link {
    const KIND: RecordKind = RecordKind::Link;
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

/// What the directory keeps of every document for the whole pass: enough to choose the
/// candidates of a reference (its meeting, its type, the report numbers it carries) and to
/// point at the document as a whole. Its items are read again when a reference needs them.
#[derive(Debug, Clone)]
pub struct Card<A> {
    /// Where the outline is read again.
    at: A,
    id: String,
    path: String,
    hash: String,
    doc_type: DocType,
    title: String,
    meeting: Meeting,
    /// The municipal year of its meeting.
    year: Option<String>,
    /// The document's first passage.
    first: Option<String>,
    /// Report numbers it carries as its own, each with where a reference to it lands.
    carried: Vec<(String, Target)>,
    /// Its item numbers, each followed by [`NUMBER_END`]: a reference to a minute is looked
    /// up here before the papers that have it are read again.
    numbers: Box<str>,
    /// Whether any of its passages makes a reference.
    cites: bool,
}

/// Ends each item number in [`Card::numbers`] (a character no item number holds).
const NUMBER_END: char = '\u{1f}';

impl<A> Card<A> {
    /// The card of `outline`, read again from `at`.
    pub fn of(outline: &Outline, at: A) -> Card<A> {
        let mut numbers = String::new();
        for item in &outline.items {
            numbers.push_str(&item.number);
            numbers.push(NUMBER_END);
        }
        let mut card = Card {
            at,
            id: outline.id.clone(),
            path: outline.path.clone(),
            hash: outline.hash.clone(),
            doc_type: outline.doc_type,
            title: outline.title.clone(),
            meeting: outline.meeting.clone(),
            year: outline.meeting.date.map(municipal_year),
            first: outline.passages.first().map(|p| p.id.clone()),
            carried: Vec::new(),
            numbers: numbers.into_boxed_str(),
            cites: outline.passages.iter().any(|p| !p.references.is_empty()),
        };
        let items = Items::of(outline);
        card.carried = items
            .carries
            .iter()
            .filter_map(|(code, item, doc_type)| {
                let target = items.target(&card, item.as_deref(), Some(*doc_type))?;
                Some((code.clone(), target))
            })
            .collect();
        card
    }

    /// Whether it has an item numbered `number`.
    fn has_item(&self, number: &str) -> bool {
        self.numbers
            .split_terminator(NUMBER_END)
            .any(|n| n == number)
    }

    fn committee(&self) -> String {
        self.meeting
            .committee
            .clone()
            .unwrap_or_else(|| "the committee".into())
    }

    /// A target at the document as a whole: its first passage.
    fn whole(&self) -> Option<Target> {
        Some(Target {
            id: self.first.clone()?,
            document: self.id.clone(),
            item: None,
            title: Some(self.title.clone()),
            date: self.meeting.date,
            path: Some(self.path.clone()),
        })
    }
}

/// What resolution reads of a document's items when a reference needs them: the passages a
/// reference to each lands on. None of its text, and none of its own references.
#[derive(Debug, Clone, Default)]
struct Items {
    items: Vec<OutlineItem>,
    /// For each item number, in reading order, the first passage of each passage type.
    landings: Vec<(String, Vec<(DocType, String)>)>,
    /// Report numbers it carries as its own, each with the item and type of the first passage
    /// carrying it.
    carries: Vec<(String, Option<String>, DocType)>,
    /// The document letters its passages cite, each with the citing passage's item.
    naming: Vec<(String, String)>,
}

impl Items {
    fn of(outline: &Outline) -> Items {
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
        Items {
            items: outline.items.clone(),
            landings,
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

    /// A target at item `number` of `card`'s document (its first passage of type `prefer`,
    /// when given, else its first passage), or at the document's first passage.
    fn target<A>(
        &self,
        card: &Card<A>,
        number: Option<&str>,
        prefer: Option<DocType>,
    ) -> Option<Target> {
        let Some(n) = number else {
            return card.whole();
        };
        let (_, firsts) = self.landings.iter().find(|(at, _)| at == n)?;
        let preferred = prefer.and_then(|t| firsts.iter().find(|(d, _)| *d == t));
        Some(Target {
            id: preferred.or(firsts.first())?.1.clone(),
            document: card.id.clone(),
            item: Some(n.to_string()),
            title: self
                .item(n)
                .map(|i| i.title.clone())
                .or_else(|| Some(card.title.clone())),
            date: card.meeting.date,
            path: Some(card.path.clone()),
        })
    }
}

/// Most documents whose items are kept between references (they are read again past it).
pub const KEPT_ITEMS: usize = 1024;

/// The items of other documents, read through `read` when a reference needs them; the last
/// [`KEPT_ITEMS`] read are kept.
pub struct Papers<F> {
    read: F,
    kept: VecDeque<(usize, Rc<Items>)>,
    read_again: usize,
}

impl<F> Papers<F> {
    /// Items read through `read` (from a document's card address to its outline).
    pub fn new(read: F) -> Papers<F> {
        Papers {
            read,
            kept: VecDeque::new(),
            read_again: 0,
        }
    }

    /// How many outlines were read again for their items.
    pub fn read_again(&self) -> usize {
        self.read_again
    }

    fn items<A: Copy, E>(&mut self, directory: &Directory<A>, at: usize) -> Result<Rc<Items>, E>
    where
        F: FnMut(A) -> Result<Outline, E>,
    {
        if let Some(i) = self.kept.iter().position(|(k, _)| *k == at) {
            if let Some(found) = self.kept.remove(i) {
                let items = Rc::clone(&found.1);
                self.kept.push_front(found);
                return Ok(items);
            }
        }
        let Some(card) = directory.cards.get(at) else {
            return Ok(Rc::new(Items::default()));
        };
        let items = Rc::new(Items::of(&(self.read)(card.at)?));
        self.read_again += 1;
        self.kept.push_front((at, Rc::clone(&items)));
        self.kept.truncate(KEPT_ITEMS);
        Ok(items)
    }
}

/// Every document of the archive as resolution sees it: a [`Card`] each, indexed by what
/// references name (the committee, for minutes, meetings and the papers of one meeting; report
/// numbers). A document's items are read again, through [`Papers`], only when a reference
/// may land on them. Memory: a card per document (its meeting, type, title, path and first
/// passage), not its items or passages.
#[derive(Debug)]
pub struct Directory<A> {
    /// In document id order.
    cards: Vec<Card<A>>,
    by_id: HashMap<String, usize>,
    by_committee: HashMap<String, Vec<usize>>,
    by_code: HashMap<String, Vec<usize>>,
}

impl<A: Copy> Directory<A> {
    /// The directory of `cards`, given in any order.
    pub fn new(mut cards: Vec<Card<A>>) -> Directory<A> {
        cards.sort_by(|a, b| a.id.cmp(&b.id));
        cards.dedup_by(|a, b| a.id == b.id);
        let mut by_id = HashMap::new();
        let mut by_committee: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_code: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, c) in cards.iter().enumerate() {
            by_id.insert(c.id.clone(), at);
            if let Some(committee) = &c.meeting.committee {
                by_committee
                    .entry(committee_key(committee))
                    .or_default()
                    .push(at);
            }
            for (code, _) in &c.carried {
                by_code.entry(code.clone()).or_default().push(at);
            }
        }
        Directory {
            cards,
            by_id,
            by_committee,
            by_code,
        }
    }

    /// How many documents it holds.
    pub fn len(&self) -> usize {
        self.cards.len()
    }

    /// Whether it holds no document.
    pub fn is_empty(&self) -> bool {
        self.cards.is_empty()
    }

    /// Each document's id and content hash, in id order.
    pub fn documents(&self) -> impl Iterator<Item = (&str, &str)> {
        self.cards.iter().map(|c| (c.id.as_str(), c.hash.as_str()))
    }

    /// Where to read each document that makes references, in the order that reads the fewest
    /// items again: by committee, then date (the papers a reference lands on are mostly its
    /// own committee's, near its own date).
    pub fn citing(&self) -> Vec<A> {
        let mut citing: Vec<&Card<A>> = self.cards.iter().filter(|c| c.cites).collect();
        citing.sort_by_cached_key(|c| {
            (
                c.meeting.committee.as_deref().map(committee_key),
                c.meeting.date,
                c.id.clone(),
            )
        });
        citing.into_iter().map(|c| c.at).collect()
    }

    /// Documents of the body that held `meeting`: the same committee, and the same council
    /// unless either is unnamed. In id order, by position in the directory.
    fn of_body(&self, meeting: &Meeting) -> Vec<usize> {
        meeting
            .committee
            .as_deref()
            .and_then(|c| self.by_committee.get(&committee_key(c)))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&at| {
                self.cards
                    .get(at)
                    .is_some_and(|d| same_council(&d.meeting, meeting))
            })
            .collect()
    }

    /// Papers of the same meeting as `doc` (same body and date), `doc` included, in id order.
    fn same_meeting(&self, doc: &Card<A>) -> Vec<usize> {
        let mut papers: Vec<usize> = match doc.meeting.date {
            Some(date) => self
                .of_body(&doc.meeting)
                .into_iter()
                .filter(|&at| {
                    self.cards
                        .get(at)
                        .is_some_and(|d| d.id == doc.id || d.meeting.date == Some(date))
                })
                .collect(),
            None => Vec::new(),
        };
        if let Some(&own) = self.by_id.get(&doc.id) {
            if !papers.contains(&own) {
                let at = papers.partition_point(|&p| p < own);
                papers.insert(at, own);
            }
        }
        papers
    }

    /// Resolve every reference of every passage of `outline`, a document of this directory,
    /// reading other documents' items through `papers`.
    pub fn links<F, E>(&self, outline: &Outline, papers: &mut Papers<F>) -> Result<Vec<Link>, E>
    where
        F: FnMut(A) -> Result<Outline, E>,
    {
        let Some(card) = self
            .by_id
            .get(&outline.id)
            .and_then(|&at| self.cards.get(at))
        else {
            return Ok(Vec::new());
        };
        let citing = Citing {
            card,
            items: Items::of(outline),
        };
        let mut links = Vec::new();
        for passage in &outline.passages {
            for (index, reference) in passage.references.iter().enumerate() {
                let mut r = reference.clone();
                let outcome = match r.kind {
                    RefKind::Minute => self.minute(papers, &citing, &r)?,
                    RefKind::Document => self.letter(papers, &citing, passage, &r)?,
                    RefKind::Meeting => self.meeting(&citing, &r),
                    RefKind::Report => self.report(&r),
                    RefKind::Item => self.item(papers, &citing, passage, &r)?,
                    RefKind::Act => Outcome::External,
                };
                outcome.apply(&mut r);
                links.push(Link {
                    source: passage.id.clone(),
                    document: card.id.clone(),
                    item: passage.item.clone(),
                    date: card.meeting.date,
                    path: card.path.clone(),
                    index,
                    reference: r,
                });
            }
        }
        Ok(links)
    }

    /// The card at `at` with its items: the citing document's own, or read through `papers`.
    fn paper<F, E>(
        &self,
        papers: &mut Papers<F>,
        citing: &Citing<'_, A>,
        at: usize,
    ) -> Result<Option<Paper<'_, A>>, E>
    where
        F: FnMut(A) -> Result<Outline, E>,
    {
        let Some(card) = self.cards.get(at) else {
            return Ok(None);
        };
        if card.id == citing.card.id {
            return Ok(Some((card, Rc::new(citing.items.clone()))));
        }
        Ok(Some((card, papers.items(self, at)?)))
    }

    fn minute<F, E>(
        &self,
        papers: &mut Papers<F>,
        citing: &Citing<'_, A>,
        r: &Reference,
    ) -> Result<Outcome, E>
    where
        F: FnMut(A) -> Result<Outline, E>,
    {
        let doc = citing.card;
        if r.year.is_none()
            && doc.doc_type == DocType::Minutes
            && citing.items.item(&r.key).is_some()
        {
            let own = citing.items.target(doc, Some(&r.key), None);
            return Ok(Outcome::Found(own.into_iter().collect()));
        }
        let Some(year) = r.year.clone().or_else(|| doc.year.clone()) else {
            return Ok(Outcome::Missing(format!(
                "minute {} of an unstated municipal year: needs the citing paper's meeting date",
                r.key
            )));
        };
        if doc.meeting.committee.is_none() {
            return Ok(Outcome::Missing(format!(
                "minute {} ({year}): the citing paper does not state its committee, so whose \
                 minutes are meant is unknown",
                r.key
            )));
        }
        let mut targets = Vec::new();
        for at in self.of_body(&doc.meeting) {
            let fits = self.cards.get(at).is_some_and(|d| {
                d.doc_type == DocType::Minutes
                    && d.year.as_deref() == Some(year.as_str())
                    && d.has_item(&r.key)
            });
            if !fits {
                continue;
            }
            if let Some((card, items)) = self.paper(papers, citing, at)? {
                if items.item(&r.key).is_some() {
                    targets.extend(items.target(card, Some(&r.key), Some(DocType::Minutes)));
                }
            }
        }
        if targets.is_empty() {
            return Ok(Outcome::Missing(format!(
                "needs the minutes of {} for {year} containing minute {}",
                doc.committee(),
                r.key
            )));
        }
        Ok(Outcome::Found(targets))
    }

    fn letter<F, E>(
        &self,
        papers: &mut Papers<F>,
        citing: &Citing<'_, A>,
        from: &OutlinePassage,
        r: &Reference,
    ) -> Result<Outcome, E>
    where
        F: FnMut(A) -> Result<Outline, E>,
    {
        let doc = citing.card;
        let mut targets = Vec::new();
        for at in self.same_meeting(doc) {
            let Some((paper, items)) = self.paper(papers, citing, at)? else {
                continue;
            };
            for it in items.items.iter().filter(|i| i.letters.contains(&r.key)) {
                // The embedded report when the pack carries it, else the agenda item naming it.
                let prefer = items
                    .item_has(&it.number, DocType::Report)
                    .then_some(DocType::Report);
                if let Some(t) = items.target(paper, Some(&it.number), prefer) {
                    if t.id != from.id {
                        targets.push(t);
                    }
                }
            }
            // From minutes: an agenda of the same meeting whose item names the document.
            if paper.id != doc.id && paper.doc_type == DocType::Agenda && targets.is_empty() {
                let naming: BTreeSet<&str> = items
                    .naming
                    .iter()
                    .filter(|(letter, _)| *letter == r.key)
                    .map(|(_, item)| item.as_str())
                    .collect();
                targets.extend(
                    naming
                        .into_iter()
                        .filter_map(|n| items.target(paper, Some(n), None)),
                );
            }
        }
        if targets.is_empty() {
            let when = doc
                .meeting
                .date
                .map_or_else(|| "an unstated date".to_string(), |d| d.to_string());
            return Ok(Outcome::Missing(format!(
                "needs the papers of the meeting of {} on {when} carrying Document \"{}\"",
                doc.committee(),
                r.key
            )));
        }
        Ok(Outcome::Found(targets))
    }

    fn meeting(&self, citing: &Citing<'_, A>, r: &Reference) -> Outcome {
        let doc = citing.card;
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
            .into_iter()
            .filter_map(|at| self.cards.get(at))
            .filter(|d| d.id != doc.id && d.doc_type == DocType::Minutes)
            .filter(|d| d.meeting.date == Some(date))
            .filter_map(Card::whole)
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
            .filter_map(|&at| self.cards.get(at))
            .filter_map(|d| d.carried.iter().find(|(c, _)| *c == r.key))
            .map(|(_, target)| target.clone())
            .collect();
        if targets.is_empty() {
            return Outcome::Missing(format!("needs the report numbered {}", r.key));
        }
        Outcome::Found(targets)
    }

    fn item<F, E>(
        &self,
        papers: &mut Papers<F>,
        citing: &Citing<'_, A>,
        from: &OutlinePassage,
        r: &Reference,
    ) -> Result<Outcome, E>
    where
        F: FnMut(A) -> Result<Outline, E>,
    {
        let doc = citing.card;
        if doc.doc_type == DocType::Agenda && citing.items.item(&r.key).is_some() {
            let own = citing.items.target(doc, Some(&r.key), None);
            return Ok(Outcome::Found(
                own.filter(|t| t.id != from.id).into_iter().collect(),
            ));
        }
        let mut targets = Vec::new();
        for at in self.same_meeting(doc) {
            let agenda = self
                .cards
                .get(at)
                .is_some_and(|d| d.id != doc.id && d.doc_type == DocType::Agenda);
            if !agenda {
                continue;
            }
            if let Some((card, items)) = self.paper(papers, citing, at)? {
                targets.extend(items.target(card, Some(&r.key), None));
            }
        }
        if targets.is_empty() {
            return Ok(Outcome::Missing(format!(
                "needs the agenda of this meeting of {} with item {}",
                doc.committee(),
                r.key
            )));
        }
        Ok(Outcome::Found(targets))
    }
}

/// A paper a reference may land on: its card and its items.
type Paper<'d, A> = (&'d Card<A>, Rc<Items>);

/// The document whose references are being resolved: its card, and its items as just read.
struct Citing<'d, A> {
    card: &'d Card<A>,
    items: Items,
}

/// Resolve every reference of every passage in `archive`.
#[cfg(test)]
fn resolve(archive: &std::collections::BTreeMap<String, Outline>) -> Vec<Link> {
    let outlines: Vec<&Outline> = archive.values().collect();
    let directory = Directory::new(
        outlines
            .iter()
            .enumerate()
            .map(|(at, o)| Card::of(o, at))
            .collect(),
    );
    let mut papers = Papers::new(|at: usize| {
        outlines
            .get(at)
            .map(|o| (*o).clone())
            .ok_or("no such outline")
    });
    outlines
        .iter()
        .flat_map(|o| directory.links(o, &mut papers).unwrap_or_default())
        .collect()
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
            reprints: Vec::new(),
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

    /// Resolution keeps a card per document and reads again only the papers a reference may
    /// land on: here, the one set of minutes of the citing committee that has the item.
    #[test]
    fn only_the_papers_a_reference_may_land_on_are_read_again() {
        let mut outlines = Vec::new();
        for c in 0..10 {
            let mut minutes = outline(
                &format!("m{c}"),
                DocType::Minutes,
                &format!("Committee {c}"),
                (2018, 7, 11),
            );
            add_item(&mut minutes, "5", "The Committee noted the report.");
            outlines.push(minutes);
        }
        let mut other = outline("m3b", DocType::Minutes, "Committee 3", (2018, 9, 5));
        add_item(&mut other, "6", "No minute five here.");
        outlines.push(other);
        let mut agenda = outline("a", DocType::Agenda, "Committee 3", (2018, 12, 12));
        add_item(&mut agenda, "1", "Matters arising from Minute 5 (2018/19)");
        outlines.push(agenda.clone());

        let directory = Directory::new(
            outlines
                .iter()
                .enumerate()
                .map(|(at, o)| Card::of(o, at))
                .collect(),
        );
        let mut read = Vec::new();
        let links = {
            let mut papers = Papers::new(|at: usize| {
                read.push(outlines[at].id.clone());
                Ok::<_, String>(outlines[at].clone())
            });
            directory.links(&agenda, &mut papers).unwrap()
        };
        assert_eq!(resolved(&links, "a-1")[0].1.as_deref(), Some("m3-5"));
        assert_eq!(
            read,
            ["m3"],
            "only the minutes that have item 5 are read again"
        );
    }

    #[test]
    fn excerpts_are_one_short_line() {
        assert_eq!(excerpt("\n\n**37. TITLE**\nmore"), "more");
        assert_eq!(excerpt("**37. TITLE**"), "37. TITLE");
        assert_eq!(excerpt("37. TITLE\nSUB TITLE\n\nThe text."), "The text.");
        assert_eq!(excerpt("First line.\nSECOND"), "First line.");
        assert_eq!(excerpt("\n  \n"), "");
        assert!(excerpt(&"é".repeat(500)).chars().count() <= EXCERPT_CHARS + 1);
    }
}
