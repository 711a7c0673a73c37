//! One synthetic committee paper, before it is written in any format.
//!
//! In: a [`Rng`], the [`Vocabulary`] and a passage budget. Out: a [`Paper`]: its kind (agenda,
//! minutes, report), its meeting (council, committee, date, time, venue) and its numbered items,
//! each a list of [`Block`]s. Every prose block is one passage of 40-150 words; [`super::render`]
//! writes the same paper as text, Markdown, HTML or PDF.

use chrono::{Datelike, NaiveDate};

use super::rng::Rng;
use super::vocab::Vocabulary;

/// Councils (the authority named on a paper's front page).
pub const COUNCILS: &[&str] = &[
    "Bradford",
    "Bromley",
    "Kent County Council",
    "Kingston upon Thames",
    "Leeds",
    "Calderdale",
    "Kirklees",
    "Wakefield",
    "Sheffield",
    "Manchester",
    "Salford",
    "Trafford",
    "Oldham",
    "Rochdale",
    "Bolton",
    "Wigan",
    "Lancashire County Council",
    "Cumbria",
    "Durham",
    "Gateshead",
    "Newcastle upon Tyne",
    "Sunderland",
    "North Yorkshire",
    "York",
    "Hull",
    "Lincolnshire",
    "Nottingham",
    "Derby",
    "Leicester",
    "Birmingham",
    "Coventry",
    "Walsall",
    "Dudley",
    "Worcestershire",
    "Herefordshire",
    "Gloucestershire",
    "Bristol",
    "Somerset",
    "Devon",
    "Cornwall",
    "Dorset",
    "Hampshire",
    "Surrey",
    "Croydon",
    "Lewisham",
    "Greenwich",
    "Camden",
    "Islington",
    "Hackney",
    "Norfolk",
    "Suffolk",
    "Essex",
    "Hertfordshire",
    "Oxfordshire",
    "Buckinghamshire",
    "Cambridgeshire",
    "Northamptonshire",
    "Shropshire",
    "Cheshire East",
    "Wirral",
];

/// Committees (the body that meets).
pub const COMMITTEES: &[&str] = &[
    "Children's Services Overview and Scrutiny Committee",
    "Care Services Policy Development and Scrutiny Committee",
    "Executive",
    "Cabinet",
    "Health and Wellbeing Board",
    "Corporate Parenting Panel",
    "Planning Committee",
    "Regulatory and Appeals Committee",
    "Licensing Committee",
    "Audit and Governance Committee",
    "Schools Forum",
    "Adult Social Care Scrutiny Committee",
    "Environment and Waste Management Committee",
    "Housing and Regeneration Committee",
    "Corporate Overview and Scrutiny Committee",
    "Pensions Committee",
    "Standards Committee",
    "Full Council",
];

const VENUES: &[&str] = &[
    "Committee Room 1 - City Hall",
    "Council Chamber - Civic Centre",
    "Committee Room 2 - Town Hall",
    "Bromley Civic Centre, Stockwell Close",
    "Darent Room, Sessions House",
    "remotely",
];

const OFFICERS: &[&str] = &[
    "Strategic Director Children's Services",
    "Interim Strategic Director of Children's Services",
    "Chief Executive",
    "Director of Finance",
    "Assistant Director Performance, Commissioning and Partnerships",
    "Deputy Director Children's Social Care",
    "City Solicitor",
    "Director of Public Health",
    "Executive Director: Education, Care and Health Services",
    "Head of Planning and Building Control",
];

/// Opening items of an agenda or minutes, as every council prints them.
const PROCEDURAL_TITLES: &[&str] = &[
    "APOLOGIES FOR ABSENCE AND NOTIFICATION OF SUBSTITUTE MEMBERS",
    "ALTERNATE MEMBERS (Standing Order 34)",
    "DISCLOSURES OF INTEREST",
    "MINUTES",
    "INSPECTION OF REPORTS AND BACKGROUND PAPERS",
    "REFERRALS TO THE OVERVIEW AND SCRUTINY COMMITTEE",
    "QUESTIONS FROM COUNCILLORS AND MEMBERS OF THE PUBLIC ATTENDING THE MEETING",
];

/// Report section headings.
const SECTIONS: &[&str] = &[
    "SUMMARY",
    "BACKGROUND",
    "REPORT ISSUES",
    "OPTIONS",
    "FINANCIAL AND RESOURCE APPRAISAL",
    "RISK MANAGEMENT AND GOVERNANCE ISSUES",
    "LEGAL APPRAISAL",
    "OTHER IMPLICATIONS",
    "EQUALITY AND DIVERSITY",
    "RECOMMENDATIONS",
];

/// What kind of paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A notice of a meeting with its items and the reports it embeds.
    Agenda,
    /// The record of a meeting.
    Minutes,
    /// An officer's report, its items being numbered sections.
    Report,
}

impl Kind {
    /// The lowercase name, as in quorum's `type` facet.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Agenda => "agenda",
            Kind::Minutes => "minutes",
            Kind::Report => "report",
        }
    }
}

/// The meeting a paper belongs to.
#[derive(Debug, Clone)]
pub struct Meeting {
    /// See [`COUNCILS`].
    pub council: &'static str,
    /// See [`COMMITTEES`].
    pub committee: &'static str,
    /// The meeting date.
    pub date: NaiveDate,
    /// Start time as printed ("4.30 pm").
    pub time: &'static str,
    /// Where.
    pub venue: &'static str,
}

/// What a prose block does: the role quorum should find for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Under "Resolved –".
    Resolution,
    /// Under "Recommended –".
    Recommendation,
    /// Members' comments.
    Comment,
    /// Officers' answers.
    Response,
    /// Everything else.
    Narrative,
}

impl Role {
    /// The lowercase name, as in quorum's `role` facet.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resolution => "resolution",
            Role::Recommendation => "recommendation",
            Role::Comment => "comment",
            Role::Response => "response",
            Role::Narrative => "narrative",
        }
    }
}

/// A block of an item's body.
#[derive(Debug, Clone)]
pub enum Block {
    /// A passage of prose (one passage of the archive).
    Prose {
        /// Its role.
        role: Role,
        /// The report section it sits in, if any.
        section: Option<String>,
        /// The text, one paragraph.
        text: String,
    },
    /// A formula line printed before the prose it introduces ("Resolved –").
    Lead(&'static str),
    /// A sub-heading inside a report ("2. BACKGROUND").
    Heading(String),
    /// A short line (an action, a contact) that is not a passage.
    Line(String),
}

/// A numbered item.
#[derive(Debug, Clone)]
pub struct Item {
    /// As printed: "34", "5".
    pub number: String,
    /// Its title in capitals.
    pub title: String,
    /// Its body.
    pub blocks: Vec<Block>,
}

/// A whole paper.
#[derive(Debug, Clone)]
pub struct Paper {
    /// Its kind.
    pub kind: Kind,
    /// Its meeting.
    pub meeting: Meeting,
    /// The report's author (reports).
    pub officer: &'static str,
    /// The report's document letter (reports) or subject (its title).
    pub letter: String,
    /// Subject line (reports) or title.
    pub subject: String,
    /// Its items in order.
    pub items: Vec<Item>,
}

impl Paper {
    /// Every prose block, in reading order, with its item.
    pub fn passages(&self) -> impl Iterator<Item = (&Item, Role, Option<&str>, &str)> {
        self.items.iter().flat_map(|item| {
            item.blocks.iter().filter_map(move |b| match b {
                Block::Prose {
                    role,
                    section,
                    text,
                } => Some((item, *role, section.as_deref(), text.as_str())),
                _ => None,
            })
        })
    }

    /// The title a reader would give the paper.
    pub fn title(&self) -> String {
        let date = long_date(self.meeting.date);
        match self.kind {
            Kind::Agenda => format!("Agenda for {} on {date}", self.meeting.committee),
            Kind::Minutes => format!("Minutes of the {} held on {date}", self.meeting.committee),
            Kind::Report => self.subject.clone(),
        }
    }
}

/// "Wednesday, 12 December 2018".
pub fn long_date(date: NaiveDate) -> String {
    date.format("%A, %-d %B %Y").to_string()
}

/// The municipal year ("2018/19") a date falls in: May to April.
pub fn municipal_year(date: NaiveDate) -> String {
    let start = if date.month() >= 5 {
        date.year()
    } else {
        date.year() - 1
    };
    format!("{start}/{:02}", (start + 1).rem_euclid(100))
}

/// A document letter: A..Z, then AA, AB, ...
pub fn letter(n: usize) -> String {
    let a = b'A';
    if n < 26 {
        ((a + n as u8) as char).to_string()
    } else {
        let first = (a + ((n / 26 - 1) % 26) as u8) as char;
        let second = (a + (n % 26) as u8) as char;
        format!("{first}{second}")
    }
}

/// Build one paper holding exactly `passages` prose blocks.
pub fn paper(rng: &mut Rng, vocab: &Vocabulary, passages: usize) -> Paper {
    let kind = match rng.below(10) {
        0..=3 => Kind::Minutes,
        4..=6 => Kind::Agenda,
        _ => Kind::Report,
    };
    let year = 2000 + rng.below(25) as i32;
    let date = NaiveDate::from_ymd_opt(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
        .unwrap_or_default();
    let meeting = Meeting {
        // Councils and committees are drawn unevenly, as archives are.
        council: COUNCILS[skewed(rng, COUNCILS.len())],
        committee: COMMITTEES[skewed(rng, COMMITTEES.len())],
        date,
        time: rng
            .pick(&["4.30 pm", "7.00 pm", "10.00 am", "2.00 pm", "6.30 pm"])
            .unwrap_or(&"4.30 pm"),
        venue: rng.pick(VENUES).unwrap_or(&VENUES[0]),
    };
    let mut g = Builder {
        rng,
        vocab,
        kind,
        first_minute: 0,
        letter: 0,
    };
    g.first_minute = 1 + g.rng.below(120);
    g.letter = g.rng.below(60);
    let officer = *g.rng.pick(OFFICERS).unwrap_or(&OFFICERS[0]);
    let subject = g.title_words(3, 9);
    let items = g.items(passages);
    Paper {
        kind,
        meeting,
        officer,
        letter: letter(g.letter),
        subject,
        items,
    }
}

/// An index in `0..n` that favours the first entries (rank `r` with weight `1/(r+1)`).
fn skewed(rng: &mut Rng, n: usize) -> usize {
    let h: f64 = (1..=n).map(|r| 1.0 / r as f64).sum();
    let mut u = rng.unit() * h;
    for r in 0..n {
        u -= 1.0 / (r + 1) as f64;
        if u <= 0.0 {
            return r;
        }
    }
    n - 1
}

struct Builder<'a> {
    rng: &'a mut Rng,
    vocab: &'a Vocabulary,
    kind: Kind,
    first_minute: usize,
    letter: usize,
}

impl Builder<'_> {
    fn items(&mut self, passages: usize) -> Vec<Item> {
        let mut items = Vec::new();
        let mut left = passages;
        let procedural = if self.kind == Kind::Report {
            0
        } else {
            self.rng.range(2, 4)
        };
        for i in 0..procedural {
            let title = PROCEDURAL_TITLES[(i + self.rng.below(2)) % PROCEDURAL_TITLES.len()];
            let mut blocks = vec![];
            if left > 1 {
                blocks.push(self.prose(Role::Narrative, None, None));
                left -= 1;
            }
            if title == "MINUTES" && self.kind == Kind::Minutes {
                blocks.push(Block::Lead("Resolved –"));
                blocks.push(Block::Prose {
                    role: Role::Resolution,
                    section: None,
                    text: format!(
                        "That the minutes of the meeting held on {} be signed as a correct record. {}",
                        long_date(self.rng_date()),
                        self.sentences(3, 6)
                    ),
                });
                left = left.saturating_sub(1);
            }
            items.push(Item {
                number: self.number(items.len()),
                title: title.to_string(),
                blocks,
            });
        }
        while left > 0 {
            let size = self.rng.range(2, 9).min(left);
            left -= size;
            let blocks = match self.kind {
                Kind::Report => self.section_blocks(items.len(), size),
                Kind::Minutes => self.minute_blocks(size),
                Kind::Agenda => self.agenda_blocks(size),
            };
            let title = match self.kind {
                Kind::Report => SECTIONS[(items.len()) % SECTIONS.len()].to_string(),
                _ => self.title_words(3, 10),
            };
            items.push(Item {
                number: self.number(items.len()),
                title,
                blocks,
            });
        }
        items
    }

    fn number(&self, index: usize) -> String {
        match self.kind {
            Kind::Minutes => (self.first_minute + index).to_string(),
            _ => (index + 1).to_string(),
        }
    }

    fn rng_date(&mut self) -> NaiveDate {
        NaiveDate::from_ymd_opt(
            2000 + self.rng.below(25) as i32,
            1 + self.rng.below(12) as u32,
            1 + self.rng.below(28) as u32,
        )
        .unwrap_or_default()
    }

    fn next_letter(&mut self) -> String {
        self.letter += 1;
        letter(self.letter % 702)
    }

    fn minute_blocks(&mut self, size: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        let officer = *self.rng.pick(OFFICERS).unwrap_or(&OFFICERS[0]);
        let letter = self.next_letter();
        let opening = format!(
            "The report of the {officer} (Document \"{letter}\") {}",
            self.sentences(3, 6)
        );
        blocks.push(self.prose(Role::Narrative, None, Some(opening)));
        let mut left = size - 1;
        if left > 1 {
            blocks.push(Block::Line("Members made the following comments:".into()));
            blocks.push(self.prose(Role::Comment, None, None));
            left -= 1;
        }
        if left > 1 {
            let opening = format!(
                "In response to Members' questions it was reported that {}",
                self.sentences(3, 6)
            );
            blocks.push(self.prose(Role::Response, None, Some(opening)));
            left -= 1;
        }
        while left > 1 {
            blocks.push(self.prose(Role::Narrative, None, None));
            left -= 1;
        }
        if left == 1 {
            blocks.push(Block::Lead("Resolved –"));
            let reference = self.reference();
            let text = format!("That {} {reference}", self.sentences(3, 6));
            blocks.push(self.prose(Role::Resolution, None, Some(text)));
            blocks.push(Block::Line(format!(
                "Action: {}",
                self.rng.pick(OFFICERS).unwrap_or(&OFFICERS[0])
            )));
        }
        blocks
    }

    fn agenda_blocks(&mut self, size: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        let officer = *self.rng.pick(OFFICERS).unwrap_or(&OFFICERS[0]);
        let letter = self.next_letter();
        let opening = format!(
            "The report of the {officer} (Document \"{letter}\") {}",
            self.sentences(3, 6)
        );
        blocks.push(self.prose(Role::Narrative, None, Some(opening)));
        for _ in 1..size.saturating_sub(1) {
            blocks.push(self.prose(Role::Narrative, None, None));
        }
        if size > 1 {
            blocks.push(Block::Lead("Recommended –"));
            let text = format!("That {}", self.sentences(3, 6));
            blocks.push(self.prose(Role::Recommendation, None, Some(text)));
            blocks.push(Block::Line(format!(
                "({} – 01274 {})",
                officer,
                400_000 + self.rng.below(99_999)
            )));
        }
        blocks
    }

    fn section_blocks(&mut self, index: usize, size: usize) -> Vec<Block> {
        let heading = SECTIONS[index % SECTIONS.len()];
        let mut blocks = Vec::new();
        for n in 0..size {
            let role = if heading == "RECOMMENDATIONS" {
                Role::Recommendation
            } else {
                Role::Narrative
            };
            let text = format!("{}.{} {}", index + 1, n + 1, self.sentences(4, 8));
            blocks.push(self.prose(role, Some(heading.to_string()), Some(text)));
        }
        blocks
    }

    fn prose(&mut self, role: Role, section: Option<String>, text: Option<String>) -> Block {
        let text = match text {
            Some(t) => t,
            None => self.sentences(4, 8),
        };
        Block::Prose {
            role,
            section,
            text,
        }
    }

    /// A cross-reference as papers print them.
    fn reference(&mut self) -> String {
        match self.rng.below(4) {
            0 => format!("(Minute {})", self.rng.range(1, 120)),
            1 => {
                let date = self.rng_date();
                format!(
                    "(Minute {} ({}))",
                    self.rng.range(1, 120),
                    municipal_year(date)
                )
            }
            2 => format!("(Previous Reference: Minute {})", self.rng.range(1, 120)),
            _ => String::new(),
        }
    }

    /// `min..=max` sentences: about 12 words each.
    fn sentences(&mut self, min: usize, max: usize) -> String {
        let n = self.rng.range(min, max);
        let mut out = String::with_capacity(n * 90);
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            self.sentence(&mut out);
        }
        out
    }

    fn sentence(&mut self, out: &mut String) {
        let words = self.rng.range(8, 22);
        let start = out.len();
        let mut i = 0;
        while i < words {
            if i > 0 {
                out.push(' ');
            }
            if self.rng.chance(0.06) {
                let (a, b) = self.vocab.phrase(self.rng);
                out.push_str(a);
                out.push(' ');
                out.push_str(b);
                i += 2;
                continue;
            }
            match self.rng.below(200) {
                0 => out.push_str(&format!("{}", self.rng.range(2, 400))),
                1 => out.push_str(&format!("£{},000", self.rng.range(1, 900))),
                2 => {
                    let d = self.rng_date();
                    out.push_str(&d.format("%-d %B %Y").to_string())
                }
                _ => out.push_str(self.vocab.word(self.rng)),
            }
            i += 1;
        }
        // Capitalise the first letter, end with a full stop.
        if let Some(first) = out[start..].chars().next() {
            let upper: String = first.to_uppercase().collect();
            out.replace_range(start..start + first.len_utf8(), &upper);
        }
        out.push('.');
    }

    fn title_words(&mut self, min: usize, max: usize) -> String {
        let n = self.rng.range(min, max);
        let mut words: Vec<String> = Vec::with_capacity(n);
        words.push(self.vocab.content_word(self.rng, 0.3).to_uppercase());
        while words.len() < n {
            words.push(self.vocab.word(self.rng).to_uppercase());
        }
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_run_a_to_z_then_aa() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(49), "AX");
    }

    #[test]
    fn municipal_years_start_in_may() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(municipal_year(d(2018, 12, 12)), "2018/19");
        assert_eq!(municipal_year(d(2019, 4, 30)), "2018/19");
    }
}
