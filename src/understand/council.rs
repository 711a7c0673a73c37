//! Which council a paper comes from, by its short name ("Bradford", "Kent", "Kingston upon
//! Thames", "Port Hallam"), read from what the text states.
//!
//! In: the head of a document, its running headers and footers, and its whole text. Out:
//! candidates on a [`Ballot`], each scored by where it was found ([`add_candidates`]):
//! 1. **A body's name** in the first lines (its letterhead) or in a running header or footer:
//!    "Kent County Council", "City of Bradford Metropolitan District Council", "Royal Borough
//!    of Kingston upon Thames", "Ashcombe Regional Council", "Kilbrennan City and County
//!    Council", "Tararua Shire Council", "City of Port Hallam", "The Corporation of the Town of
//!    X", "X County Board of Health". The name is cut down to the place; a place holding
//!    document words ("Notice and Agenda of District Council") is no place. A "Municipal
//!    District of X" is not a council: it belongs to the county council its paper names.
//! 2. **An e-mail domain** of a known authority ([`AUTHORITIES`]); an unknown domain only backs
//!    a name found another way whose letters it starts with (`@kilbrennancoco.ie`).
//! 3. **A civic venue** naming a known authority: "City Hall, Bradford", "Guildhall, Kingston
//!    upon Thames". A County Hall is not: it stands in one town and serves a county.
//! 4. **A body's name** anywhere in the text, weakly, more for more mentions;
//! 5. **Mentions**: a known authority's name standing alone as a word (not "Lincoln Square")
//!    at least [`MIN_MENTIONS`] times, more than any other.
//!
//! The [`AUTHORITIES`] list only normalises and confirms names (British authorities); every
//! rule that finds a name works for councils not on it.

use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashMap;

use super::evidence::{Ballot, Origin};

/// Bytes of a paper's opening where mentions are counted: a paper names its council early
/// and often.
const MENTIONS_BYTES: usize = 50_000;

/// Fewest whole-word mentions of an authority's name for rule 4.
pub const MIN_MENTIONS: usize = 3;

/// Known authorities: short name, then `=domain` where the e-mail domain is not the name
/// written without spaces.
pub const AUTHORITIES: &[&str] = &[
    // London
    "Barking and Dagenham=lbbd",
    "Barnet",
    "Bexley",
    "Brent",
    "Bromley",
    "Camden",
    "City of London=cityoflondon",
    "Croydon",
    "Ealing",
    "Enfield",
    "Greenwich=royalgreenwich",
    "Hackney",
    "Hammersmith and Fulham=lbhf",
    "Haringey",
    "Harrow",
    "Havering",
    "Hillingdon",
    "Hounslow",
    "Islington",
    "Kensington and Chelsea=rbkc",
    "Kingston upon Thames=kingston",
    "Lambeth",
    "Lewisham",
    "Merton",
    "Newham",
    "Redbridge",
    "Richmond upon Thames=richmond",
    "Southwark",
    "Sutton",
    "Tower Hamlets=towerhamlets",
    "Waltham Forest=walthamforest",
    "Wandsworth",
    "Westminster=westminster",
    // Metropolitan boroughs
    "Barnsley",
    "Birmingham",
    "Bolton",
    "Bradford",
    "Bury",
    "Calderdale",
    "Coventry",
    "Doncaster",
    "Dudley",
    "Gateshead",
    "Kirklees",
    "Knowsley",
    "Leeds",
    "Liverpool",
    "Manchester",
    "Newcastle=newcastle",
    "North Tyneside",
    "Oldham",
    "Rochdale",
    "Rotherham",
    "Salford",
    "Sandwell",
    "Sefton",
    "Sheffield",
    "Solihull",
    "South Tyneside",
    "St Helens=sthelens",
    "Stockport",
    "Sunderland",
    "Tameside",
    "Trafford",
    "Wakefield",
    "Walsall",
    "Wigan",
    "Wirral",
    "Wolverhampton",
    // Counties
    "Cambridgeshire",
    "Derbyshire",
    "Devon",
    "East Sussex",
    "Essex",
    "Gloucestershire",
    "Hampshire",
    "Hertfordshire",
    "Kent",
    "Lancashire",
    "Leicestershire",
    "Lincolnshire",
    "Norfolk",
    "Nottinghamshire",
    "Oxfordshire",
    "Staffordshire",
    "Suffolk",
    "Surrey",
    "Warwickshire",
    "West Sussex",
    "Worcestershire",
    // Unitary authorities
    "Bath and North East Somerset=bathnes",
    "Bedford",
    "Blackburn with Darwen=blackburn",
    "Blackpool",
    "Bournemouth, Christchurch and Poole=bcpcouncil",
    "Bracknell Forest=bracknell-forest",
    "Brighton and Hove=brighton-hove",
    "Bristol",
    "Buckinghamshire",
    "Central Bedfordshire=centralbedfordshire",
    "Cheshire East=cheshireeast",
    "Cheshire West and Chester=cheshirewestandchester",
    "Cornwall",
    "Cumberland",
    "Darlington",
    "Derby",
    "Dorset",
    "Durham=durham",
    "East Riding of Yorkshire=eastriding",
    "Halton",
    "Hartlepool",
    "Herefordshire",
    "Isle of Wight=iow",
    "Kingston upon Hull=hull",
    "Leicester",
    "Luton",
    "Medway",
    "Middlesbrough",
    "Milton Keynes=milton-keynes",
    "North East Lincolnshire=nelincs",
    "North Lincolnshire=northlincs",
    "North Northamptonshire",
    "North Somerset=n-somerset",
    "North Yorkshire",
    "Northumberland",
    "Nottingham",
    "Peterborough",
    "Plymouth",
    "Portsmouth",
    "Reading",
    "Redcar and Cleveland=redcar-cleveland",
    "Rutland",
    "Shropshire",
    "Slough",
    "Somerset",
    "South Gloucestershire=southglos",
    "Southampton",
    "Southend-on-Sea=southend",
    "Stockton-on-Tees=stockton",
    "Stoke-on-Trent=stoke",
    "Swindon",
    "Telford and Wrekin=telford",
    "Thurrock",
    "Torbay",
    "Warrington",
    "West Berkshire=westberks",
    "West Northamptonshire",
    "Westmorland and Furness=westmorlandandfurness",
    "Wiltshire",
    "Windsor and Maidenhead=rbwm",
    "Wokingham",
    "York",
    // Larger districts
    "Basildon",
    "Canterbury",
    "Cambridge",
    "Cheltenham",
    "Chelmsford",
    "Colchester",
    "Dover",
    "Exeter",
    "Gloucester",
    "Guildford",
    "Ipswich",
    "Lancaster",
    "Lincoln",
    "Maidstone",
    "Norwich",
    "Oxford",
    "Preston",
    "Sevenoaks",
    "Swale",
    "Thanet",
    "Tunbridge Wells=tunbridgewells",
    "Winchester",
    "Worcester",
    // Wales
    "Blaenau Gwent=blaenau-gwent",
    "Bridgend",
    "Caerphilly",
    "Cardiff",
    "Carmarthenshire",
    "Ceredigion",
    "Conwy",
    "Denbighshire",
    "Flintshire",
    "Gwynedd",
    "Isle of Anglesey=anglesey",
    "Merthyr Tydfil=merthyr",
    "Monmouthshire",
    "Neath Port Talbot=npt",
    "Newport",
    "Pembrokeshire",
    "Powys",
    "Rhondda Cynon Taf=rctcbc",
    "Swansea",
    "Torfaen",
    "Vale of Glamorgan=valeofglamorgan",
    "Wrexham",
    // Scotland
    "Aberdeen=aberdeencity",
    "Aberdeenshire",
    "Angus",
    "Argyll and Bute=argyll-bute",
    "Clackmannanshire=clacks",
    "Dumfries and Galloway=dumgal",
    "Dundee=dundeecity",
    "East Ayrshire",
    "East Dunbartonshire",
    "East Lothian",
    "East Renfrewshire",
    "Edinburgh",
    "Falkirk",
    "Fife",
    "Glasgow",
    "Highland",
    "Inverclyde",
    "Midlothian",
    "Moray",
    "North Ayrshire",
    "North Lanarkshire",
    "Orkney",
    "Perth and Kinross=pkc",
    "Renfrewshire",
    "Scottish Borders=scotborders",
    "Shetland",
    "South Ayrshire",
    "South Lanarkshire",
    "Stirling",
    "West Dunbartonshire",
    "West Lothian",
    "Western Isles=cne-siar",
];

struct Authority {
    name: &'static str,
    domain: String,
}

static KNOWN: LazyLock<Vec<Authority>> = LazyLock::new(|| {
    AUTHORITIES
        .iter()
        .map(|entry| match entry.split_once('=') {
            Some((name, domain)) => Authority {
                name,
                domain: domain.to_string(),
            },
            None => Authority {
                name: entry,
                domain: entry.to_lowercase().replace([' ', ','], ""),
            },
        })
        .collect()
});

/// The known authorities by their names in lower case: a lookup, not a scan lowering every
/// name (which was a fifth of a search's time, from the query's typed filters).
static KNOWN_BY_NAME: LazyLock<FxHashMap<String, &'static str>> = LazyLock::new(|| {
    let mut names = FxHashMap::default();
    for authority in KNOWN.iter() {
        // The first entry of a name wins, as the scan it replaces did.
        names
            .entry(authority.name.to_lowercase())
            .or_insert(authority.name);
    }
    names
});

fn by_name(place: &str) -> Option<&'static str> {
    KNOWN_BY_NAME.get(&place.trim().to_lowercase()).copied()
}

fn by_domain(domain: &str) -> Option<&'static str> {
    KNOWN.iter().find(|a| a.domain == domain).map(|a| a.name)
}

const PLACE: &str = r"\p{Lu}[\p{L}'\-]+(?:(?:[ \t]+(?:and|upon|with|on|of|under)[ \t]+|[ \t\-]+)\p{Lu}[\p{L}'\-]+){0,4}";

/// Body names, each with the place in group `place`.
///
/// Word boundaries here are ASCII (`(?-u:\b)`): a Unicode `\b` keeps the regex engine off its
/// fast DFA on any text with a non-ASCII character, and these patterns scan whole papers; this
/// search alone was a fifth of indexing time in a profile (docs/PERFORMANCE.md). Place names
/// are ASCII by the patterns' own classes.
static BODY_NAMES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        format!(r"(?-u:\b)(?:Royal|London)[ \t]+Borough[ \t]+of[ \t]+(?P<place>{PLACE})"),
        format!(r"(?-u:\b)City[ \t]+of[ \t]+(?P<place>{PLACE})[ \t]+(?:Metropolitan[ \t]+District[ \t]+)?Council(?-u:\b)"),
        format!(r"(?-u:\b)Council[ \t]+of[ \t]+the[ \t]+City[ \t]+of[ \t]+(?P<place>{PLACE})"),
        format!(r"(?-u:\b)(?P<place>{PLACE})[ \t]+(?:County|City|Borough|District|Regional|Shire|Town|City[ \t]+and[ \t]+County|County[ \t]+Borough|Metropolitan[ \t]+Borough|Metropolitan[ \t]+District|Unitary)[ \t]+Council(?-u:\b)"),
        format!(r"(?-u:\b)(?P<place>{PLACE})[ \t]+(?:MDC|MBC)(?-u:\b)"),
        format!(r"(?-u:\b)(?:City|Town|Township|Village|County|Borough|Municipality|Shire)[ \t]+of[ \t]+(?P<place>{PLACE})"),
        format!(r"(?-u:\b)(?P<place>{PLACE})[ \t]+County[ \t]+(?:Board|Commission|Commissioners|Legislature)(?-u:\b)"),
        r"(?-u:\b)(?P<place>\p{Lu}[\p{Lu}'\-]+(?:[ \t]+[\p{Lu}'\-]+){0,3})[ \t]+(?:COUNTY|CITY|BOROUGH|DISTRICT|REGIONAL|SHIRE|TOWN|CITY[ \t]+AND[ \t]+COUNTY)[ \t]+COUNCIL(?-u:\b)".to_string(),
        r"(?-u:\b)(?:CITY|TOWN|TOWNSHIP|VILLAGE|COUNTY|BOROUGH)[ \t]+OF[ \t]+(?P<place>\p{Lu}[\p{Lu}'\-]+(?:[ \t]+[\p{Lu}'\-]+){0,3})(?-u:\b)".to_string(),
    ]
    .iter()
    .map(|p| Regex::new(p).unwrap_or_else(|e| panic!("council pattern: {e}")))
    .collect()
});

/// Words of a paper's own vocabulary, which no place name holds: a "place" with one of these
/// is a heading that happens to end in "District Council" ("Notice and Agenda of District
/// Council", "the 2025-26 Budget County Council").
const NOT_PLACE_WORDS: &[&str] = &[
    "agenda",
    "minutes",
    "notice",
    "meeting",
    "meetings",
    "report",
    "reports",
    "regular",
    "special",
    "annual",
    "ordinary",
    "monthly",
    "joint",
    "police",
    "budget",
    "draft",
    "revenue",
    "capital",
    "plan",
    "strategy",
    "policy",
    "committee",
    "cabinet",
    "board",
    "panel",
    "summons",
    "members",
    "member",
    "chair",
    "chairman",
    "mayor",
    "officer",
    "officers",
    "clerk",
    "item",
    "items",
    "public",
    "present",
    "apologies",
    "municipal",
    "full",
    "extraordinary",
    "adjourned",
    "statutory",
    "proceedings",
    "record",
    "official",
    "publication",
    "dear",
    "councillor",
    "councillors",
    "your",
    "our",
    "their",
    "this",
    "that",
    "all",
    "each",
    "every",
    "new",
    "services",
    "service",
    "children",
    "adult",
    "adults",
    "health",
    "education",
    "housing",
    "planning",
    "licensing",
    "finance",
    "audit",
    "scrutiny",
    "executive",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "welcome",
    "contact",
    "email",
    "telephone",
    "tel",
    "address",
    "website",
    "district",
    "region",
    "regional",
    "division",
    "department",
    "division",
    "ward",
    "wards",
    "chamber",
    "hall",
    "civic",
    "centre",
    "center",
    "offices",
    "office",
    "house",
    "street",
    "road",
];

static EMAIL_DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:@|://(?:[a-z0-9\-]+\.)*?)([a-z0-9\-]+)\s*\.\s*gov\s*\.\s*uk(?-u:\b)")
        .unwrap_or_else(|e| panic!("email pattern: {e}"))
});

/// Any e-mail domain: `@kilbrennancoco.ie`, `@portHallam.gov`.
static ANY_DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:@|://(?:[A-Za-z0-9\-]+\.)*?)([A-Za-z0-9\-]+)\.(?:gov|govt|council|co|coco|ie|org|com|ca|us|net|nz|au|uk)(?-u:\b)").unwrap_or_else(|e| panic!("domain pattern: {e}"))
});

static CIVIC_VENUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:City Hall|Town Hall|Guildhall|Civic Centre),?\s+(?P<place>{PLACE})|(?-u:\b)(?P<before>{PLACE})\s+(?:Civic Centre|Town Hall|Guildhall)(?-u:\b)"
    ))
    .unwrap_or_else(|e| panic!("venue pattern: {e}"))
});

/// Words that begin a capitalised phrase but are no place ("The", "This").
const NOT_PLACES: [&str; 6] = ["The", "This", "That", "Each", "Every", "Our"];

fn clean_place(place: &str) -> Option<String> {
    let mut place = place.trim();
    for lead in NOT_PLACES {
        if let Some(rest) = place.strip_prefix(lead).and_then(|r| r.strip_prefix(' ')) {
            place = rest;
        }
    }
    // A place printed in capitals reads in title case.
    let mut name = super::lines::title_case(place.trim());
    while let Some(rest) = name.strip_suffix(" and") {
        name = rest.to_string();
    }
    if let Some(rest) = name.strip_prefix("City of ") {
        name = rest.to_string();
    }
    for tail in [
        " Council",
        " Metropolitan District",
        " Metropolitan Borough",
        " County",
        " City",
        " Borough",
        " District",
    ] {
        if let Some(rest) = name.strip_suffix(tail) {
            name = rest.to_string();
        }
    }
    let name = name.trim().to_string();
    if name.is_empty() || name.len() > 60 || NOT_PLACES.contains(&name.as_str()) {
        return None;
    }
    // "Minutes of Waiorongo" (from "MINUTES OF WAIORONGO DISTRICT COUNCIL"): the heading's
    // words before the place are no part of it; a document word inside what is left means
    // no place at all ("Notice and Agenda of").
    let words: Vec<&str> = name.split_whitespace().collect();
    let lead = words
        .iter()
        .take_while(|w| {
            let lower = w.to_lowercase();
            NOT_PLACE_WORDS.contains(&lower.as_str())
                || matches!(lower.as_str(), "of" | "the" | "and" | "a")
        })
        .count();
    let name = words.get(lead..).unwrap_or(&[]).join(" ");
    let document_word = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .any(|w| NOT_PLACE_WORDS.contains(&w.to_lowercase().as_str()));
    if name.is_empty() || document_word || !name.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(
        known_prefix(&name)
            .or_else(|| known_suffix(&name))
            .unwrap_or(name),
    )
}

/// Where a paper's council may be stated.
#[derive(Debug, Clone, Copy, Default)]
pub struct CouncilClues<'a> {
    /// The first lines of the head: the letterhead.
    pub top: &'a str,
    /// The head: everything before the first item.
    pub head: &'a str,
    /// Running headers and footers, one per line.
    pub furniture: &'a str,
    /// The whole text.
    pub whole: &'a str,
}

/// Add every council the clues state to `ballot`, scored by the rules in the module
/// documentation.
pub fn add_candidates(clues: &CouncilClues<'_>, ballot: &mut Ballot<String>, origin: Origin) {
    let mut found: Vec<String> = Vec::new();
    let mut add = |ballot: &mut Ballot<String>, name: String, score: f32| {
        if !found.contains(&name) {
            found.push(name.clone());
        }
        ballot.add(name, score, origin);
    };
    let top = body_names(clues.top);
    let letterhead = !top.is_empty();
    for (name, _) in top {
        add(ballot, name, 3.0);
    }
    for (name, _) in body_names(clues.furniture) {
        add(ballot, name, 2.0);
    }
    if let Some(name) = email_domain(clues.head) {
        add(ballot, name, 2.0);
    }
    if let Some(name) = civic_venue(clues.head) {
        add(ballot, name, 1.2);
    }
    // The whole text's names and mentions are the costliest reads and the weakest evidence;
    // beside a letterhead (which names the council outright) they are not read.
    if let Some(name) = email_domain(clues.whole) {
        add(ballot, name, 1.2);
    }
    if !letterhead {
        for (name, count) in body_names(clues.whole) {
            add(ballot, name, 0.6 * count.min(3) as f32);
        }
        if let Some(name) = mentions(super::lines::opening(clues.whole, MENTIONS_BYTES)) {
            add(ballot, name, 1.0);
        }
    }
    // An e-mail domain that is not a known authority's still backs a name found another way.
    let domains: Vec<String> = ANY_DOMAIN
        .captures_iter(clues.whole)
        .filter_map(|c| c.get(1).map(|d| d.as_str().to_lowercase()))
        .collect();
    for name in found {
        let squashed: String = name
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if squashed.len() >= 4 && domains.iter().any(|d| d.starts_with(&squashed)) {
            ballot.add(name, 1.0, origin);
        }
    }
}

/// Least pooled score for a council to be taken.
pub const COUNCIL_THRESHOLD: f32 = 1.0;

/// The known authority that a run of `words` names, longest first ("Kent" in `kent cabinet`).
pub fn known_in_words(words: &[String]) -> Option<String> {
    for len in (1..=words.len().min(4)).rev() {
        for window in words.windows(len) {
            if let Some(name) = by_name(&window.join(" ")) {
                return Some(name.to_string());
            }
        }
    }
    None
}

/// Every body named in `text`, with how often, most named first (first named on a tie).
fn body_names(text: &str) -> Vec<(String, usize)> {
    // Every name holds one of these words: the patterns run only on lines that do (a literal
    // search, far cheaper than the patterns, which open with a capitalised word anywhere).
    static BODY_CUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new("Council|COUNCIL|County|COUNTY|Borough|BOROUGH|City|CITY|Town|TOWN|Village|VILLAGE|Municipality|Shire|MDC|MBC")
            .unwrap_or_else(|e| panic!("body cue: {e}"))
    });
    let mut counts: FxHashMap<String, (usize, usize)> = FxHashMap::default();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        if !BODY_CUE.is_match(line) {
            continue;
        }
        count_body_names(line, at, &mut counts);
    }
    let mut ranked: Vec<(String, (usize, usize))> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
    ranked.into_iter().map(|(n, (c, _))| (n, c)).collect()
}

/// Count the bodies named in one line starting at byte `at`: name to (count, first offset).
fn count_body_names(text: &str, at: usize, counts: &mut FxHashMap<String, (usize, usize)>) {
    for pattern in BODY_NAMES.iter() {
        for caps in pattern.captures_iter(text) {
            let Some(place) = caps.name("place") else {
                continue;
            };
            let Some(name) = clean_place(place.as_str()) else {
                continue;
            };
            let start = at + place.start();
            let entry = counts.entry(name).or_insert((0, start));
            entry.0 += 1;
            entry.1 = entry.1.min(start);
        }
    }
}

/// The longest known authority that `name` ends with ("Bradford" for "Leader Bradford").
fn known_suffix(name: &str) -> Option<String> {
    if let Some(n) = by_name(name) {
        return Some(n.to_string());
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    (1..words.len()).find_map(|skip| {
        let tail = words.get(skip..)?.join(" ");
        by_name(&tail).map(str::to_string)
    })
}

fn email_domain(text: &str) -> Option<String> {
    let mut counts: FxHashMap<&'static str, usize> = FxHashMap::default();
    for caps in EMAIL_DOMAIN.captures_iter(text) {
        if let Some(name) = caps
            .get(1)
            .and_then(|d| by_domain(&d.as_str().to_lowercase()))
        {
            *counts.entry(name).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(name, n)| (*n, std::cmp::Reverse(*name)))
        .map(|(name, _)| name.to_string())
}

fn civic_venue(text: &str) -> Option<String> {
    for caps in CIVIC_VENUE.captures_iter(text) {
        let place = caps.name("place").or_else(|| caps.name("before"));
        if let Some(found) = place.and_then(|p| known_prefix(p.as_str())) {
            return Some(found);
        }
    }
    None
}

/// The longest known authority that `place` starts with ("Kingston upon Thames" for
/// "Kingston upon Thames. View").
fn known_prefix(place: &str) -> Option<String> {
    let words: Vec<&str> = place.split_whitespace().collect();
    (1..=words.len()).rev().find_map(|n| {
        let head = words.get(..n)?.join(" ");
        let head = head.trim_end_matches(['.', ',']);
        by_name(head).map(str::to_string)
    })
}

/// Capitalised words that open a sentence or a phrase rather than a name.
const SENTENCE_WORDS: [&str; 16] = [
    "The", "In", "At", "For", "To", "By", "From", "Of", "And", "On", "With", "Across", "Within",
    "Our", "This", "That",
];

fn mentions(text: &str) -> Option<String> {
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[A-Z][a-z]+").unwrap_or_else(|e| panic!("word pattern: {e}"))
    });
    // Count capitalised words that stand alone (not "Lincoln Square", not "North Lincoln"),
    // then look single-word authorities up: linear in the text.
    static SINGLE_WORD: LazyLock<rustc_hash::FxHashSet<&'static str>> = LazyLock::new(|| {
        KNOWN
            .iter()
            .map(|a| a.name)
            .filter(|n| !n.contains(' '))
            .collect()
    });
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    let bytes = text.as_bytes();
    let capital_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_uppercase);
    for m in WORDS.find_iter(text) {
        if !SINGLE_WORD.contains(m.as_str()) {
            continue;
        }
        let after = m.end();
        let joined_after = bytes.get(after) == Some(&b' ') && capital_at(after + 1);
        let joined_before = m.start() >= 2
            && bytes.get(m.start() - 1) == Some(&b' ')
            && bytes
                .get(m.start() - 2)
                .is_some_and(u8::is_ascii_alphabetic)
            && text
                .get(..m.start() - 1)
                .and_then(|t| t.rsplit(' ').next())
                .is_some_and(|w| {
                    w.chars().next().is_some_and(char::is_uppercase) && !SENTENCE_WORDS.contains(&w)
                });
        if joined_after || joined_before {
            continue;
        }
        *counts.entry(m.as_str()).or_default() += 1;
    }
    let mut ranked: Vec<(&'static str, usize)> = KNOWN
        .iter()
        .filter(|a| !a.name.contains(' '))
        .filter_map(|a| counts.get(a.name).map(|&n| (a.name, n)))
        .filter(|&(_, n)| n >= MIN_MENTIONS)
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    match ranked.as_slice() {
        [(name, _)] => Some(name.to_string()),
        [(name, n), (_, m), ..] if n > m => Some(name.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The council `text` states, read as a paper's head and whole text.
    fn council(text: &str) -> Option<String> {
        let top: String = text.lines().take(5).collect::<Vec<_>>().join("\n");
        let mut ballot = Ballot::new(COUNCIL_THRESHOLD);
        let clues = CouncilClues {
            top: &top,
            head: text,
            furniture: "",
            whole: text,
        };
        add_candidates(&clues, &mut ballot, Origin::Text);
        ballot.winner().map(|(name, _)| name)
    }

    #[test]
    fn body_names_are_cut_to_the_place() {
        assert_eq!(
            council("KENT COUNTY COUNCIL – PROPOSED RECORD OF DECISION").as_deref(),
            Some("Kent")
        );
        assert_eq!(
            council("© 2024 Royal Borough of Kingston upon Thames Council.").as_deref(),
            Some("Kingston upon Thames")
        );
        assert_eq!(
            council("City of Bradford Metropolitan District Council").as_deref(),
            Some("Bradford")
        );
        assert_eq!(
            council("London Borough of Bromley").as_deref(),
            Some("Bromley")
        );
        assert_eq!(
            council("Bradford MDC is committed").as_deref(),
            Some("Bradford")
        );
        assert_eq!(
            council("Tonbridge and Malling Borough Council").as_deref(),
            Some("Tonbridge and Malling")
        );
    }

    #[test]
    fn email_domains_and_venues() {
        assert_eq!(
            council("E-mail: david.walmsley@bradford.gov.uk").as_deref(),
            Some("Bradford")
        );
        assert_eq!(
            council("Email: georgina.little@kent\n.gov.uk").as_deref(),
            Some("Kent")
        );
        assert_eq!(council("Email: someone@nhs.net"), None);
        assert_eq!(
            council("Venue: Committee Room 1 - City Hall, Bradford. View directions").as_deref(),
            Some("Bradford")
        );
        assert_eq!(
            council("Venue: Guildhall, Kingston upon Thames.").as_deref(),
            Some("Kingston upon Thames")
        );
    }

    #[test]
    fn mentions_need_repetition_and_a_clear_lead() {
        assert_eq!(
            council("services in Bromley. Bromley social workers. The Bromley board.").as_deref(),
            Some("Bromley")
        );
        assert_eq!(council("A visit to Leeds."), None);
        assert_eq!(council("Nothing here says where."), None);
    }
}
