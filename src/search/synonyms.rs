//! Everyday words and the words papers use for the same thing, for relaxed matching.
//!
//! People ask "how much does it cost" and "kids in care"; officers write "contract value"
//! and "looked after children". Each group below lists words of general English, and of the
//! public-sector register, that a question and its answer use interchangeably. In relaxed
//! matching only ([`super::plan`]), a plain word also matches the other words of its groups,
//! at a fraction of its own weight. Strict matching, phrases and operators never use them.
//!
//! The groups are about the language of public business, not about any council: no place,
//! body or person is named here.

/// How much a match through a synonym counts against a match of the word typed.
pub const SYNONYM_WEIGHT: f32 = 0.5;

/// Groups of interchangeable words (single words; each is analysed like the text).
const GROUPS: &[&[&str]] = &[
    &["kids", "children", "child", "youngsters"],
    &[
        "teenagers",
        "teenager",
        "teens",
        "adolescents",
        "youth",
        "minors",
    ],
    &["elderly", "older", "pensioners"],
    &["job", "jobs", "work", "employment", "career", "careers"],
    &["money", "funding", "finance", "budget", "funds", "spending"],
    &[
        "cost",
        "costs",
        "price",
        "spend",
        "expenditure",
        "value",
        "fee",
        "fees",
        "charge",
    ],
    &["pay", "salary", "salaries", "wages", "remuneration"],
    &["increase", "rise", "raise", "grow", "growth", "higher"],
    &[
        "cut",
        "cuts",
        "reduce",
        "reduction",
        "saving",
        "savings",
        "decrease",
        "lower",
    ],
    &[
        "overspend",
        "overspending",
        "deficit",
        "overrun",
        "shortfall",
    ],
    &[
        "delay",
        "postpone",
        "defer",
        "adjourn",
        "deferral",
        "postponement",
    ],
    &[
        "unhappy",
        "concern",
        "concerns",
        "worried",
        "worry",
        "complaint",
        "objection",
        "dissatisfied",
    ],
    &[
        "problem",
        "problems",
        "issue",
        "issues",
        "difficulty",
        "difficulties",
        "challenge",
        "challenges",
        "pressure",
        "pressures",
    ],
    &["help", "support", "assistance", "advice"],
    &["housing", "accommodation", "homes", "dwellings"],
    &["homeless", "homelessness"],
    &["school", "schools", "education", "schooling"],
    &["pupils", "students", "learners"],
    &["car", "cars", "vehicle", "vehicles", "traffic", "motorists"],
    &["road", "roads", "street", "streets", "highway", "highways"],
    &["rubbish", "waste", "refuse", "litter", "garbage", "trash"],
    &["tip", "dump", "landfill"],
    &["sofa", "furniture", "mattress", "bulky"],
    &["dentist", "dental"],
    &["doctor", "gp", "medical", "health"],
    &["disabled", "disability", "disabilities"],
    &["vape", "vapes", "vaping", "e-cigarette", "e-cigarettes"],
    &["smoking", "tobacco", "cigarettes"],
    &["shop", "shops", "retailer", "retailers", "store", "stores"],
    &["sell", "sale", "sales", "supply"],
    &[
        "approve", "approval", "agree", "agreed", "decide", "decision", "resolve",
    ],
    &["stop", "end", "close", "closure", "closing", "cease"],
    &["plan", "plans", "strategy", "proposal", "proposals"],
    &["staff", "workforce", "employees", "personnel"],
    &["hire", "hiring", "recruit", "recruitment", "recruiting"],
    &["leave", "leaving", "turnover", "retention", "quit"],
    &[
        "wait",
        "waiting",
        "timescale",
        "timescales",
        "timeliness",
        "duration",
    ],
    &["fast", "quick", "quickly", "prompt", "promptly", "timely"],
    &[
        "check",
        "inspect",
        "inspection",
        "monitor",
        "monitoring",
        "visit",
    ],
    &["rating", "judgement", "judgment", "grade", "graded"],
    &["safe", "safety", "safeguarding", "protection"],
    &["abuse", "harm", "neglect", "exploitation"],
    &["missing", "runaway", "absconding"],
    &["lockdown", "pandemic", "covid", "coronavirus"],
    &[
        "online",
        "virtual",
        "remote",
        "remotely",
        "video",
        "teleconference",
    ],
    &["councillor", "councillors", "member", "members"],
    &["resident", "residents", "public", "community", "locals"],
    &["lessons", "classes", "sessions", "activities", "courses"],
    &["tax", "levy", "precept", "rates"],
    &[
        "collect",
        "collected",
        "raised",
        "income",
        "revenue",
        "receipts",
    ],
    &["speeding", "speed", "speeds"],
    &["crossing", "crossings", "pedestrian"],
    &["police", "policing", "constabulary"],
    &["crime", "crimes", "offences", "offending"],
    &["drugs", "drug", "substance", "substances"],
    &["bus", "buses", "transport"],
    &["park", "parks", "greenspace"],
    &["library", "libraries"],
    &["repair", "repairs", "fix", "maintenance"],
    &["lights", "lighting", "streetlights"],
    &["vote", "voted", "votes", "ballot"],
    &["election", "elections", "polls"],
    &["number", "numbers", "count", "total", "figures"],
];

/// The other words of `word`'s groups (compared in lower case), each once.
pub fn synonyms(word: &str) -> Vec<&'static str> {
    let lower = word.to_lowercase();
    let mut out: Vec<&'static str> = Vec::new();
    for group in GROUPS {
        if group.contains(&lower.as_str()) {
            for other in group.iter().filter(|w| **w != lower) {
                if !out.contains(other) {
                    out.push(other);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_symmetric_and_lower_case() {
        assert!(synonyms("kids").contains(&"children"));
        assert!(synonyms("Children").contains(&"kids"));
        assert!(!synonyms("kids").contains(&"kids"));
        assert!(synonyms("zebra").is_empty());
        for group in GROUPS {
            for w in *group {
                assert_eq!(*w, w.to_lowercase());
            }
        }
    }
}
