//! People: who attended a meeting (from the minutes' front matter) and who speaks in a passage.
//!
//! In: the front matter of minutes (the text before the first item) and each passage's text.
//! Out: an [`Attendance`] (present, with party groups where the paper tabulates them; chair;
//! co-opted members with their role; also present and observers; apologies; officers) and each
//! passage's [`Speaker`]s ("Councillor Nicholas Bennett JP suggested", "The Chairman noted",
//! "A Member suggested", "the Deputy Director Children's Social Care reported").
//!
//! Names are kept as printed for display; [`normalise_name`] removes titles and post-nominals
//! ("Cllr", "Councillor", "JP", "J.P.", "QPM", "CVO") to give the name people are matched by.
//! [`person_key`] is the lowercase form the `person` filter compares.

use std::sync::LazyLock;

use regex::Regex;
use regex_automata::meta::Regex as MetaRegex;

use super::lines::plain;
use crate::model::{Attendance, Attendee, Passage, Speaker};

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("people pattern {pattern:?}: {e}"))
}

/// Titles printed before a name.
const TITLES: [&str; 18] = [
    "councillor",
    "councillors",
    "cllr",
    "cllrs",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "professor",
    "prof",
    "sir",
    "dame",
    "lord",
    "lady",
    "rev",
    "revd",
    "alderman",
];

/// Honours and post-nominals printed after a name (compared without dots).
const POST_NOMINALS: [&str; 22] = [
    "JP", "QPM", "CVO", "QFSM", "OBE", "MBE", "CBE", "KBE", "DBE", "DL", "MP", "MEP", "BEM", "QC",
    "KC", "PHD", "FRCS", "MA", "BSC", "LVO", "CB", "KPM",
];

/// Verbs that make the person before them a speaker.
const SPEECH_VERBS: &str = "suggested|said|says|noted|asked|stated|emphasised|emphasized|underlined|commented|queried|questioned|requested|reported|confirmed|explained|advised|highlighted|raised|welcomed|expressed|added|replied|responded|proposed|moved|seconded|informed|acknowledged|agreed|stressed|argued|enquired|inquired|sought|thanked|indicated|clarified|presented|introduced|outlined|declared|disclosed|referred|recommended|observed|remarked|urged|was concerned|was pleased|expressed concern|led";

/// "Councillor Nicholas Bennett JP", "Cllr. Tunnicliffe", "Councillor Anila Ahmed".
static COUNCILLOR: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?-u:\b)(?:Councillor|Cllr\.?)\s+((?:[A-Z][\w'’\-]*\.?\s+){0,3}[A-Z][\w'’\-]*(?:\s+(?:[A-Z]\.){2,}|\s+[A-Z]{2,5}(?-u:\b))*)",
    )
});

/// What must follow a councillor's name for them to be speaking.
static SPEECH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"^,?\s*(?:(?:also|then|further|again|subsequently)\s+)?(?:{SPEECH_VERBS})(?-u:\b)"
    ))
});

/// "Councillor X and Councillor Y disclosed": X speaks when Y does.
static AND_NEXT: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*(?:,\s*and|,|and)\s*$"));

/// "a question from the Vice-Chairman", "a query from Councillor X": the asker speaks.
static QUESTION_FROM: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)(?-u:\b)(?:question|query|request|comment)s?\s+(?:from|by)\s+(?:the\s+)?$")
});

/// A pattern compiled without a literal prefilter, for one that opens with words found
/// everywhere ("the", "a"): a prefilter would stop the search at every one of them, and the
/// search runs at half the speed it does without. What matches is the same.
fn without_prefilter(pattern: &str) -> MetaRegex {
    MetaRegex::builder()
        .configure(MetaRegex::config().auto_prefilter(false))
        .build(pattern)
        .unwrap_or_else(|e| panic!("people pattern {pattern:?}: {e}"))
}

/// The offices whose holders are heard speaking.
const OFFICES: &str = "Chairman|Chair|Chairwoman|Chairperson|Vice-Chairman|Vice-Chair|Mayor|Leader|Member|Co-opted Member|Portfolio Holder|Director|Officer|Manager|Head|Solicitor|Clerk|Commissioner|Executive|Lead";

/// Any of the [`OFFICES`]: a text without one has no [`OFFICE`] speaking, and most passages
/// have none (a literal search, far cheaper than that pattern).
static OFFICE_WORD: LazyLock<Regex> = LazyLock::new(|| regex(OFFICES));

/// "The Chairman noted", "A Member suggested", "the Deputy Director Children's Social Care
/// reported", "The Director of Human Resources confirmed".
static OFFICE: LazyLock<MetaRegex> = LazyLock::new(|| {
    without_prefilter(&format!(
        r"(?-u:\b)(?:[Tt]he|[Aa]n?|[Aa]nother)\s+((?:(?:[A-Z][\w'’&\-]*:?|of|for|and|&|the)\s+){{0,7}}?(?:{OFFICES})(?:(?::?\s+(?:of|for|and|&)?\s*[A-Z][\w'’&\-]*)+?)??)\s+(?:(?:also|then|further)\s+)?(?:{SPEECH_VERBS})(?-u:\b)"
    ))
});

/// A labelled block of the front matter: "Present", "Also Present", "Observers: ...".
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(present|also present|also attending|also in attendance|in attendance|officers(?: present| in attendance)?|voting co-opted members?|non[\s-]voting co-opted members?|co-opted members?|observers?|apologies(?: for absence)?)(?-u:\b)\s*(?:[-–:]\s*(?:councillors?(?-u:\b))?\s*:?)?\s*(.*)$",
    )
});

/// "Councillor Gibbons in the Chair".
static IN_THE_CHAIR: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)^(?:councillor|cllr\.?)?\s*([A-Z][\w'’\- .]*?)\s+in\s+the\s+chair(?-u:\b)")
});

/// "Apologies for absence were received from Councillor A, Councillor B and C."
static APOLOGIES_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)apologies\s+(?:for\s+absence\s+)?(?:were|was)\s+(?:also\s+)?received\s+from\s+([^.]+)\.",
    )
});

/// Words that mark a piece of an attendance list as a role, not a name.
const ROLE_WORDS: [&str; 24] = [
    "representative",
    "holder",
    "assistant",
    "director",
    "officer",
    "manager",
    "member",
    "head",
    "chief",
    "council",
    "committee",
    "services",
    "portfolio",
    "governor",
    "parent",
    "school",
    "teacher",
    "teachers",
    "advisor",
    "adviser",
    "lead",
    "clerk",
    "solicitor",
    "executive",
];

/// Which list of the attendance a block fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Present,
    CoOpted,
    AlsoPresent,
    Apologies,
    Officers,
}

fn block_of(label: &str) -> Block {
    let l = label.to_lowercase();
    if l.contains("co-opted") {
        Block::CoOpted
    } else if l.starts_with("also") || l.starts_with("observer") {
        Block::AlsoPresent
    } else if l.starts_with("apolog") {
        Block::Apologies
    } else if l.starts_with("officer") || l.starts_with("in attendance") {
        Block::Officers
    } else {
        Block::Present
    }
}

/// Who attended, read from the front matter of minutes. Lists are empty when not stated.
pub fn attendance(front: &str) -> Attendance {
    let mut a = Attendance::default();
    let mut block: Option<Block> = None;
    let mut pending: Vec<String> = Vec::new();
    let mut parties: Vec<String> = Vec::new();
    let flush = |a: &mut Attendance, block: Option<Block>, pending: &mut Vec<String>| {
        if let Some(b) = block {
            let text = pending.join(" ");
            for person in split_people(&text) {
                push(a, b, person);
            }
        }
        pending.clear();
    };
    for raw in front.lines() {
        let line = plain(raw);
        let line = line.trim();
        if line.is_empty() {
            // A blank line ends a list paragraph but not its block (Bromley prints
            // councillors, then the co-opted members, as two paragraphs of "Present").
            flush(&mut a, block, &mut pending);
            continue;
        }
        if let Some(c) = IN_THE_CHAIR.captures(line) {
            flush(&mut a, block, &mut pending);
            if let Some(name) = c.get(1) {
                a.chair = Some(attendee(name.as_str().trim(), None, Some("Chair")));
            }
            block = None;
            continue;
        }
        if let Some(c) = LABEL.captures(line) {
            flush(&mut a, block, &mut pending);
            let label = c.get(1).map_or("", |m| m.as_str());
            let mut b = block_of(label);
            if b == Block::CoOpted && a.present.is_empty() && label.to_lowercase() == "present" {
                b = Block::Present;
            }
            block = Some(b);
            parties.clear();
            let rest = c.get(2).map_or("", |m| m.as_str()).trim();
            if !rest.is_empty() {
                pending.push(rest.to_string());
            }
            continue;
        }
        if block.is_none() {
            continue;
        }
        if raw.contains('\t') && is_party_header(raw) {
            flush(&mut a, block, &mut pending);
            parties = raw
                .split('\t')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect();
            continue;
        }
        if !parties.is_empty() && raw.contains('\t') {
            for (party, cell) in parties.iter().zip(raw.split('\t')) {
                for name in cell_names(cell) {
                    a.present.push(attendee(&name, Some(party.as_str()), None));
                }
            }
            continue;
        }
        // A line that does not end mid-list ("Bennett,", "Rideout and", "Assistant to the")
        // is an entry of its own.
        if let Some(last) = pending.last_mut() {
            if !continues(last) {
                last.push(',');
            }
        }
        pending.push(line.to_string());
    }
    flush(&mut a, block, &mut pending);
    mark_chair(&mut a);
    a
}

/// True when a list line runs on into the next: it ends with a comma, "and" or a small word.
fn continues(line: &str) -> bool {
    let line = line.trim_end();
    let last = line.rsplit(' ').next().unwrap_or("").to_lowercase();
    line.ends_with(',') || ["and", "of", "for", "the", "to", "&"].contains(&last.as_str())
}

/// Apologies stated in the body of the minutes ("Apologies for absence were received from
/// ..."), for minutes whose front matter lists none.
pub fn apologies_in(text: &str) -> Vec<Attendee> {
    APOLOGIES_SENTENCE
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .flat_map(|m| split_people(m.as_str()))
        .filter_map(|p| match p {
            Piece::Person(a) => Some(a),
            Piece::Role(_) => None,
        })
        .collect()
}

/// A table header of party groups: "CONSERVATIVE\tLABOUR\tLIBERAL DEMOCRAT".
fn is_party_header(raw: &str) -> bool {
    let cells: Vec<&str> = raw
        .split('\t')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    !cells.is_empty()
        && cells.iter().all(|c| {
            c.chars().any(|ch| ch.is_alphabetic())
                && c.chars()
                    .filter(|ch| ch.is_alphabetic())
                    .all(|ch| ch.is_uppercase())
        })
}

/// "Gibbons M Pollard" → "Gibbons", "M Pollard": an initial belongs to the surname after it.
fn cell_names(cell: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut initials = String::new();
    for word in cell.split_whitespace() {
        let bare = word.trim_end_matches('.');
        if bare.chars().count() == 1 && bare.chars().all(|c| c.is_uppercase()) {
            initials.push_str(bare);
            initials.push(' ');
        } else {
            names.push(format!("{initials}{word}"));
            initials.clear();
        }
    }
    names
}

enum Piece {
    Person(Attendee),
    Role(String),
}

/// Cut a list ("Councillor A (Chairman), Councillors B, C and D; E, Church Representative")
/// into people and the roles that follow them.
fn split_people(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let text = text.replace(" and ", ", ").replace(';', ",");
    for piece in text.split(',') {
        let piece = piece.trim().trim_end_matches('.').trim();
        if piece.is_empty() {
            continue;
        }
        let (body, paren) = match (piece.rfind('('), piece.ends_with(')')) {
            (Some(open), true) => (
                piece.get(..open).unwrap_or(piece).trim(),
                piece.get(open + 1..piece.len() - 1),
            ),
            _ => (piece, None),
        };
        if looks_like_name(body) {
            out.push(Piece::Person(attendee(body, None, paren)));
        } else {
            out.push(Piece::Role(piece.to_string()));
        }
    }
    out
}

fn push(a: &mut Attendance, block: Block, piece: Piece) {
    let list = match block {
        Block::Present => &mut a.present,
        Block::CoOpted => &mut a.co_opted,
        Block::AlsoPresent => &mut a.also_present,
        Block::Apologies => &mut a.apologies,
        Block::Officers => &mut a.officers,
    };
    match piece {
        Piece::Person(p) => list.push(p),
        Piece::Role(role) => {
            if let Some(last) = list.last_mut() {
                last.role = Some(match last.role.take() {
                    Some(r) => format!("{r}, {role}"),
                    None => role,
                });
            }
        }
    }
}

/// The chair named by "(Chairman)" in the present list, when no "in the Chair" line said.
fn mark_chair(a: &mut Attendance) {
    if a.chair.is_some() {
        return;
    }
    a.chair = a
        .present
        .iter()
        .find(|p| {
            p.role.as_deref().is_some_and(|r| {
                let r = r.to_lowercase();
                r.starts_with("chair") || r == "mayor"
            })
        })
        .cloned();
}

/// True when `s` reads as a person's name: up to five capitalised words after any title, none
/// of them a word of office.
fn looks_like_name(s: &str) -> bool {
    let name = normalise_name(s);
    let words: Vec<&str> = name.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && words.iter().all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase())
                && !ROLE_WORDS.contains(&w.to_lowercase().as_str())
        })
}

fn attendee(display: &str, party: Option<&str>, role: Option<&str>) -> Attendee {
    let display = strip_titles(display.trim());
    Attendee {
        name: normalise_name(&display),
        display,
        party: party.map(str::to_string),
        role: role.map(str::to_string),
    }
}

/// "Councillor Nicholas Bennett" → "Nicholas Bennett" (post-nominals kept for display).
fn strip_titles(s: &str) -> String {
    let mut words: Vec<&str> = s.split_whitespace().collect();
    while words.first().is_some_and(|w| {
        TITLES.contains(&w.trim_end_matches(['.', ':']).to_lowercase().as_str()) && words.len() > 1
    }) {
        words.remove(0);
    }
    words.join(" ")
}

/// The name a person is matched by: titles and post-nominals removed, spaces collapsed.
/// "Councillor Nicholas Bennett J.P." → "Nicholas Bennett"; "Charles Rideout QPM CVO" →
/// "Charles Rideout".
pub fn normalise_name(s: &str) -> String {
    let stripped = strip_titles(s);
    let mut words: Vec<&str> = stripped.split_whitespace().collect();
    while words.len() > 1
        && words.last().is_some_and(|w| {
            let bare: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
            POST_NOMINALS.contains(&bare.to_uppercase().as_str())
                && bare.chars().all(|c| c.is_uppercase())
        })
    {
        words.pop();
    }
    // "J.P." arrives as "J.P." or split as "J." "P." (both post-nominal letters).
    while words.len() > 2
        && words.last().is_some_and(|w| {
            w.len() == 2 && w.ends_with('.') && w.starts_with(|c: char| c.is_uppercase())
        })
    {
        words.pop();
    }
    words.join(" ")
}

/// The lowercase key the `person` filter and facet compare: "nicholas bennett".
pub fn person_key(name: &str) -> String {
    normalise_name(name).to_lowercase()
}

/// The speakers of every passage. "The Chairman" is the chair the attendance names, when it
/// names one.
pub fn annotate(passages: &mut [Passage], attendance: &Attendance) {
    for passage in passages {
        passage.speakers = speakers(&passage.text, attendance);
    }
}

/// Who speaks in `text`, each once, in order of first appearance.
pub fn speakers(text: &str, attendance: &Attendance) -> Vec<Speaker> {
    let mut found: Vec<(usize, Speaker)> = Vec::new();
    let mentions: Vec<(usize, usize, String)> = COUNCILLOR
        .captures_iter(text)
        .filter_map(|c| {
            let all = c.get(0)?;
            let name = c.get(1)?;
            Some((all.start(), all.end(), name.as_str().trim().to_string()))
        })
        .collect();
    // Right to left, so "X and Councillor Y disclosed" knows Y speaks before deciding X.
    let mut speaking = vec![false; mentions.len()];
    for i in (0..mentions.len()).rev() {
        let (start, end, _) = &mentions[i];
        let after = text.get(*end..).unwrap_or("");
        let before = text.get(..*start).unwrap_or("");
        speaking[i] = SPEECH_AFTER.is_match(after)
            || QUESTION_FROM.is_match(before)
            || mentions.get(i + 1).is_some_and(|(next_start, _, _)| {
                speaking[i + 1]
                    && text
                        .get(*end..*next_start)
                        .is_some_and(|gap| AND_NEXT.is_match(gap))
            });
    }
    for ((start, end, name), speaks) in mentions.iter().zip(&speaking) {
        if *speaks {
            let display = text.get(*start..*end).unwrap_or(name).trim().to_string();
            found.push((
                *start,
                Speaker {
                    display,
                    name: Some(normalise_name(name)),
                    role: None,
                },
            ));
        }
    }
    let offices = OFFICE_WORD
        .is_match(text)
        .then(|| OFFICE.captures_iter(text))
        .into_iter()
        .flatten();
    for c in offices {
        let (Some(all), Some(office)) = (
            c.get_match()
                .and_then(|m| text.get(m.range()).map(|s| (m.start(), s))),
            c.get_group(1).and_then(|g| text.get(g.range())),
        ) else {
            continue;
        };
        let (start, all) = all;
        let office = office.trim();
        let display_end = start + all.find(office).map_or(all.len(), |i| i + office.len());
        let display = text.get(start..display_end).unwrap_or(office).to_string();
        let lower = office.to_lowercase();
        let name = if lower == "chairman" || lower == "chair" || lower == "chairwoman" {
            attendance.chair.as_ref().map(|c| c.name.clone())
        } else {
            None
        };
        found.push((
            start,
            Speaker {
                display,
                name,
                role: Some(office.to_string()),
            },
        ));
    }
    // "a question from the Vice-Chairman": the office asked.
    for c in OFFICE_ASKED.captures_iter(text) {
        if let (Some(all), Some(office)) = (c.get(0), c.get(1)) {
            found.push((
                all.start(),
                Speaker {
                    display: format!("the {}", office.as_str()),
                    name: None,
                    role: Some(office.as_str().to_string()),
                },
            ));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    let mut out: Vec<Speaker> = Vec::new();
    for (_, s) in found {
        let duplicate = out.iter().any(|o| match (&o.name, &s.name) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            (None, None) => o.role == s.role,
            _ => false,
        });
        if !duplicate {
            out.push(s);
        }
    }
    out
}

/// "a question from the Vice-Chairman".
static OFFICE_ASKED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?-u:\b)(?:question|query)\s+from\s+the\s+(Chairman|Chair|Vice-Chairman|Vice-Chair|Mayor|Leader|Portfolio Holder)(?-u:\b)",
    )
});

#[cfg(test)]
mod tests {
    use super::*;

    const BRADFORD: &str = "Present – Councillors\n\nCONSERVATIVE\tLABOUR\tLIBERAL DEMOCRAT\nGibbons M Pollard\tEngel Mullaney Wood\tWard\n\nVoting Co-opted Members:\n\nClaire Parr, Church Representative (RC)\nJoyce Simpson, Church Representative (CE)\n\nNon Voting Co-opted Members:\n\nTom Bright, Teachers Secondary School Representative\n\nObservers: Councillor Azam, Councillor Duffy, Councillor Farley, Councillor Watson and\nCouncillor Anila Ahmed\n\nApologies: Councillor Arshad Hussain, Councillor Talat Sajawal, Sidiq Ali and Shain Wells\n\nCouncillor Gibbons in the Chair\n";

    const BROMLEY: &str = "### **Present:**\n\nCouncillor Judi Ellis (Chairman)  \nCouncillor Pauline Tunnicliffe (Vice-Chairman)  \nCouncillors Ruth Bennett, Kevin Brooks, Mary Cooke,  \nDavid Jefferys, Catherine Rideout and  \nCharles Rideout QPM CVO\n\nLinda Gabriel, Rosalind Luff and Lynn Sellwood\n\n### **Also Present:**\n\nCouncillor Robert Evans, Portfolio Holder for Care Services  \nCouncillor Diane Smith, Executive Support Assistant to the  \nPortfolio Holder for Care Services  \nCouncillors Graham Arthur, Nicholas Bennett J.P.,  \nStephen Carr, David Cartwright QFSM, Kate Lymer,  \nTom Philpott and Angela Wilkins\n\nJoan McConnell\n";

    fn names(list: &[Attendee]) -> Vec<&str> {
        list.iter().map(|a| a.name.as_str()).collect()
    }

    #[test]
    fn bradford_party_table_co_opted_observers_apologies_chair() {
        let a = attendance(BRADFORD);
        assert_eq!(
            names(&a.present),
            ["Gibbons", "M Pollard", "Engel", "Mullaney", "Wood", "Ward"]
        );
        assert_eq!(a.present[1].party.as_deref(), Some("CONSERVATIVE"));
        assert_eq!(a.present[5].party.as_deref(), Some("LIBERAL DEMOCRAT"));
        assert_eq!(
            names(&a.co_opted),
            ["Claire Parr", "Joyce Simpson", "Tom Bright"]
        );
        assert_eq!(
            a.co_opted[0].role.as_deref(),
            Some("Church Representative (RC)")
        );
        assert_eq!(
            names(&a.also_present),
            ["Azam", "Duffy", "Farley", "Watson", "Anila Ahmed"]
        );
        assert_eq!(
            names(&a.apologies),
            [
                "Arshad Hussain",
                "Talat Sajawal",
                "Sidiq Ali",
                "Shain Wells"
            ]
        );
        assert_eq!(a.chair.map(|c| c.name).as_deref(), Some("Gibbons"));
    }

    #[test]
    fn bromley_present_and_also_present_with_roles_and_honours() {
        let a = attendance(BROMLEY);
        assert_eq!(
            names(&a.present),
            [
                "Judi Ellis",
                "Pauline Tunnicliffe",
                "Ruth Bennett",
                "Kevin Brooks",
                "Mary Cooke",
                "David Jefferys",
                "Catherine Rideout",
                "Charles Rideout",
                "Linda Gabriel",
                "Rosalind Luff",
                "Lynn Sellwood"
            ]
        );
        assert_eq!(a.present[7].display, "Charles Rideout QPM CVO");
        assert_eq!(
            a.chair.as_ref().map(|c| c.name.as_str()),
            Some("Judi Ellis")
        );
        let also = names(&a.also_present);
        assert!(also.contains(&"Nicholas Bennett"), "{also:?}");
        assert!(also.contains(&"Joan McConnell"), "{also:?}");
        assert!(also.contains(&"David Cartwright"), "{also:?}");
        assert_eq!(
            a.also_present[1].role.as_deref(),
            Some("Executive Support Assistant to the Portfolio Holder for Care Services")
        );
    }

    #[test]
    fn haringey_present_with_chair_and_also_attending() {
        let a = attendance("PRESENT:\n\nCouncillors: Peray Ahmet (Chair), Mike Hakata and Ajda Ovat\n\nALSO ATTENDING: Councillors Luke Cawley-Harrison and Pippa Connor\n");
        assert_eq!(
            names(&a.present),
            ["Peray Ahmet", "Mike Hakata", "Ajda Ovat"]
        );
        assert_eq!(a.chair.map(|c| c.name).as_deref(), Some("Peray Ahmet"));
        assert_eq!(
            names(&a.also_present),
            ["Luke Cawley-Harrison", "Pippa Connor"]
        );
    }

    #[test]
    fn apologies_in_the_body() {
        let a = apologies_in("Apologies for absence were received from Councillor Kim Botting, Councillor Peter Fortune and Councillor Chris Pierce.");
        assert_eq!(names(&a), ["Kim Botting", "Peter Fortune", "Chris Pierce"]);
    }

    #[test]
    fn names_lose_titles_and_honours() {
        assert_eq!(
            normalise_name("Councillor Nicholas Bennett JP"),
            "Nicholas Bennett"
        );
        assert_eq!(
            normalise_name("Cllr. Nicholas Bennett J.P."),
            "Nicholas Bennett"
        );
        assert_eq!(normalise_name("Charles Rideout QPM CVO"), "Charles Rideout");
        assert_eq!(person_key("Nicholas  Bennett"), "nicholas bennett");
    }

    #[test]
    fn speakers_by_name_and_office() {
        let chair = Attendance {
            chair: Some(attendee("Judi Ellis", None, Some("Chairman"))),
            ..Attendance::default()
        };
        let s = speakers(
            "and Councillor Nicholas Bennett JP suggested that this data be used. The Chairman noted that the Council had raised. A Member suggested a review. The Deputy Director Children's Social Care reported that demand rose.",
            &chair,
        );
        let shown: Vec<(Option<&str>, Option<&str>)> = s
            .iter()
            .map(|s| (s.name.as_deref(), s.role.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                (Some("Nicholas Bennett"), None),
                (Some("Judi Ellis"), Some("Chairman")),
                (None, Some("Member")),
                (None, Some("Deputy Director Children's Social Care")),
            ]
        );
        assert_eq!(s[0].display, "Councillor Nicholas Bennett JP");
    }

    #[test]
    fn joined_councillors_speak_together_and_mere_mentions_do_not() {
        let s = speakers(
            "Councillor Thirkill and Councillor Engel disclosed an interest. A letter to Councillor Smith was sent.",
            &Attendance::default(),
        );
        let names: Vec<_> = s.iter().filter_map(|s| s.name.as_deref()).collect();
        assert_eq!(names, ["Thirkill", "Engel"]);
    }
}
