//! Which council a paper comes from, by its short name ("Bradford", "Kent", "Kingston upon
//! Thames"), read from what the text states.
//!
//! In: the head of a document (and its whole text for the mention rule). Out: a short name or
//! `None`. The rules, strongest first; the first that answers wins:
//! 1. **A body's name** in the first lines (its letterhead): "Kent County Council", "City of Bradford Metropolitan District
//!    Council", "Royal Borough of Kingston upon Thames", "London Borough of Bromley", "Leeds
//!    City Council", "Bradford MDC". The name is cut down to the place.
//! 2. **An e-mail domain** of a council, in the head and then anywhere (`@bradford.gov.uk`, `@kent.gov.uk`), when the domain
//!    is a known authority's (the [`AUTHORITIES`] list): `@nhs.net` or a parish's domain say
//!    nothing about the council.
//! 3. **A civic venue** in the head: "City Hall, Bradford", "Town Hall, Leeds", "Guildhall, Kingston upon
//!    Thames", "Bromley Civic Centre", when the place is a known authority.
//! 4. **A body's name** anywhere, the one named most often;
//! 5. **Mentions**: a known authority's name used at least [`MIN_MENTIONS`] times as a word in
//!    the text, and more often than any other ("children's services in Bromley", "Bromley
//!    social workers"). A paper names its own council repeatedly; a passing mention does not
//!    count.
//!
//! Otherwise `None`: the council is never guessed. The [`AUTHORITIES`] list holds the English
//! counties, London, metropolitan and unitary authorities, Welsh and Scottish councils, and
//! larger districts; a district not on it is still found by rule 1.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

/// Lines at the top of a paper where a body's name is its own letterhead.
const TOP_LINES: usize = 5;

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

fn by_name(place: &str) -> Option<&'static str> {
    let wanted = place.trim().to_lowercase();
    KNOWN
        .iter()
        .find(|a| a.name.to_lowercase() == wanted)
        .map(|a| a.name)
}

fn by_domain(domain: &str) -> Option<&'static str> {
    KNOWN.iter().find(|a| a.domain == domain).map(|a| a.name)
}

const PLACE: &str =
    r"[A-Z][A-Za-z'\-]+(?:(?:\s+(?:and|upon|with|on|of|under)\s+|[\s\-]+)[A-Z][A-Za-z'\-]+){0,4}";

/// Body names, each with the place in group `place`.
///
/// Word boundaries here are ASCII (`(?-u:\b)`): a Unicode `\b` keeps the regex engine off its
/// fast DFA on any text with a non-ASCII character, and these patterns scan whole papers; this
/// search alone was a fifth of indexing time in a profile (docs/PERFORMANCE.md). Place names
/// are ASCII by the patterns' own classes.
static BODY_NAMES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        format!(r"(?-u:\b)(?:Royal|London)\s+Borough\s+of\s+(?P<place>{PLACE})"),
        format!(r"(?-u:\b)City\s+of\s+(?P<place>{PLACE})\s+(?:Metropolitan\s+District\s+)?Council(?-u:\b)"),
        format!(r"(?-u:\b)Council\s+of\s+the\s+City\s+of\s+(?P<place>{PLACE})"),
        format!(r"(?-u:\b)(?P<place>{PLACE})\s+(?:County|City|Borough|District|Metropolitan\s+Borough|Metropolitan\s+District|Unitary)\s+Council(?-u:\b)"),
        format!(r"(?-u:\b)(?P<place>{PLACE})\s+(?:MDC|MBC)(?-u:\b)"),
        r"(?-u:\b)(?P<place>[A-Z][A-Z]+(?:\s+[A-Z]+){0,3})\s+(?:COUNTY|CITY|BOROUGH|DISTRICT)\s+COUNCIL(?-u:\b)".to_string(),
    ]
    .iter()
    .map(|p| Regex::new(p).unwrap_or_else(|e| panic!("council pattern: {e}")))
    .collect()
});

static EMAIL_DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)@([a-z0-9\-]+)\s*\.\s*gov\s*\.\s*uk(?-u:\b)")
        .unwrap_or_else(|e| panic!("email pattern: {e}"))
});

static CIVIC_VENUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:City Hall|Town Hall|Guildhall|Civic Centre|Civic Offices|County Hall|Council House),?\s+(?P<place>{PLACE})|(?-u:\b)(?P<before>{PLACE})\s+(?:Civic Centre|Town Hall|Guildhall)(?-u:\b)"
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
    Some(
        known_prefix(&name)
            .or_else(|| known_suffix(&name))
            .unwrap_or(name),
    )
}

/// The council the text states, by the rules in the module documentation.
/// `head` is the opening of the document; `whole` the full text.
pub fn find_council(head: &str, whole: &str) -> Option<String> {
    let top: String = head.lines().take(TOP_LINES).collect::<Vec<_>>().join("\n");
    body_name(&top)
        .or_else(|| email_domain(head))
        .or_else(|| civic_venue(head))
        .or_else(|| email_domain(whole))
        .or_else(|| body_name(whole))
        .or_else(|| mentions(whole))
}

/// The body named most often (first named on a tie): a paper names its own council more than
/// the others it mentions.
fn body_name(text: &str) -> Option<String> {
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    for pattern in BODY_NAMES.iter() {
        for caps in pattern.captures_iter(text) {
            let Some(place) = caps.name("place") else {
                continue;
            };
            let Some(name) = clean_place(place.as_str()) else {
                continue;
            };
            // "County Council" follows a county's name; an unknown word before it ("the
            // 2025-26 Budget County Council") is no place. Every county is a known authority.
            let county = caps
                .get(0)
                .is_some_and(|m| m.as_str().to_lowercase().contains("county council"));
            if county && by_name(&name).is_none() {
                continue;
            }
            let entry = counts.entry(name).or_insert((0, place.start()));
            entry.0 += 1;
            entry.1 = entry.1.min(place.start());
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(name, _)| name)
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
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
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

fn mentions(text: &str) -> Option<String> {
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[A-Z][a-z]+").unwrap_or_else(|e| panic!("word pattern: {e}"))
    });
    // Count capitalised words once, then look single-word authorities up: linear in the text.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for m in WORDS.find_iter(text) {
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

    fn council(text: &str) -> Option<String> {
        find_council(text, text)
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
