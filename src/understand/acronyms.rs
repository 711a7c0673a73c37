//! Acronyms a paper defines: "Multi Agency Safeguarding Hub (MASH)", "Community Resource
//! Workers (CRWs)", "MASH (Multi Agency Safeguarding Hub)", and a small built-in list of the
//! ones papers use without defining (Ofsted, SEND, LAC/CLA, CSE, DfE).
//!
//! In: a document's text. Out: [`Acronym`]s, each an acronym (plural "s" dropped) with the
//! words it stands for as printed. A definition counts only when the acronym's letters are the
//! initials of the words just before (or inside) the brackets, so "Church Representative (RC)"
//! is not read as a definition. Indexing merges every document's acronyms into the archive's
//! vocabulary ([`crate::index::links`]); search expands queries with it ([`crate::search::build`]).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::Acronym;

/// Most words an expansion may have.
const MAX_EXPANSION_WORDS: usize = 10;

/// Small words an acronym may either include ("DfE") or skip ("ILACS").
const SMALL_WORDS: [&str; 9] = ["and", "of", "for", "the", "in", "on", "to", "&", "with"];

/// Common acronyms papers use without defining, with what they stand for.
pub const BUILT_IN: [(&str, &str); 9] = [
    ("Ofsted", "Office for Standards in Education"),
    ("SEND", "Special Educational Needs and Disabilities"),
    ("LAC", "Looked After Children"),
    ("LAC", "Children Looked After"),
    ("CLA", "Children Looked After"),
    ("CLA", "Looked After Children"),
    ("CSE", "Child Sexual Exploitation"),
    ("DfE", "Department for Education"),
    ("SEN", "Special Educational Needs"),
];

/// "(MASH)", "(CRWs)", "(DfE)": an acronym in brackets.
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(([A-Z][A-Za-z&]{1,9})\)").unwrap_or_else(|e| panic!("acronym pattern: {e}"))
});

/// "MASH (Multi Agency Safeguarding Hub)": an acronym followed by its words in brackets.
static BEFORE_BRACKETS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([A-Z][A-Za-z&]{1,9})\s+\(([A-Za-z][A-Za-z'’\- &]{3,120})\)")
        .unwrap_or_else(|e| panic!("acronym pattern: {e}"))
});

/// The built-in list as [`Acronym`]s.
pub fn built_in() -> Vec<Acronym> {
    BUILT_IN
        .iter()
        .map(|(a, e)| Acronym {
            acronym: a.to_string(),
            expansion: e.to_string(),
        })
        .collect()
}

/// Every acronym `text` defines, once each, sorted.
pub fn find(text: &str) -> Vec<Acronym> {
    let mut found = BTreeSet::new();
    for c in BRACKETED.captures_iter(text) {
        let (Some(all), Some(acronym)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let letters = letters_of(acronym.as_str());
        if letters.len() < 2 {
            continue;
        }
        let before = text.get(..all.start()).unwrap_or("");
        let words = last_words(before, MAX_EXPANSION_WORDS);
        if let Some(expansion) = matching_tail(&words, &letters) {
            found.insert(Acronym {
                acronym: singular(acronym.as_str()),
                expansion,
            });
        }
    }
    for c in BEFORE_BRACKETS.captures_iter(text) {
        let (Some(acronym), Some(inner)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let letters = letters_of(acronym.as_str());
        if letters.len() < 2 || !acronym.as_str().chars().skip(1).any(|c| c.is_uppercase()) {
            continue;
        }
        let words: Vec<&str> = inner.as_str().split_whitespace().collect();
        if let Some(expansion) = matches_whole(&words, &letters) {
            found.insert(Acronym {
                acronym: singular(acronym.as_str()),
                expansion,
            });
        }
    }
    found.into_iter().collect()
}

/// "CRWs" → "CRW"; "DfE" stays.
fn singular(acronym: &str) -> String {
    match acronym.strip_suffix('s') {
        Some(stem) if stem.chars().filter(|c| c.is_uppercase()).count() >= 2 => stem.to_string(),
        _ => acronym.to_string(),
    }
}

/// The letters an acronym spells, lowercase, without a plural "s".
fn letters_of(acronym: &str) -> Vec<char> {
    singular(acronym)
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Up to `n` words at the end of `before`, stopping at punctuation that ends a phrase.
fn last_words(before: &str, n: usize) -> Vec<&str> {
    let cut = before
        .char_indices()
        .rev()
        .find(|(_, c)| ['.', ',', ';', ':', '(', ')', '\n', '–', '"', '“', '”'].contains(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let tail = before.get(cut..).unwrap_or("");
    let words: Vec<&str> = tail.split_whitespace().collect();
    let skip = words.len().saturating_sub(n);
    words.into_iter().skip(skip).collect()
}

/// The shortest run of words ending the list whose initials spell `letters`.
fn matching_tail(words: &[&str], letters: &[char]) -> Option<String> {
    (0..words.len())
        .rev()
        .find_map(|start| matches_whole(words.get(start..)?, letters))
}

/// The words joined, when their initials spell `letters` (small words may be skipped or
/// spelled, hyphenated words count each part, "Children's" counts once).
fn matches_whole(words: &[&str], letters: &[char]) -> Option<String> {
    let parts: Vec<(String, bool)> = words
        .iter()
        .flat_map(|w| w.split('-'))
        .filter(|p| !p.is_empty())
        .map(|p| {
            let lower = p.to_lowercase();
            let small = SMALL_WORDS.contains(&lower.as_str());
            (lower, small)
        })
        .collect();
    let first_is_small = parts.first().is_none_or(|(_, small)| *small);
    if first_is_small || !spells(&parts, letters) {
        return None;
    }
    Some(words.join(" "))
}

/// Whether the parts' initials spell `letters`, each small word either spelled or skipped, and
/// every other word spelled.
fn spells(parts: &[(String, bool)], letters: &[char]) -> bool {
    match parts.split_first() {
        None => letters.is_empty(),
        Some(((word, small), rest)) => {
            let initial = word.chars().next();
            let take = letters.first().is_some_and(|l| Some(*l) == initial)
                && spells(rest, letters.get(1..).unwrap_or(&[]));
            take || (*small && spells(rest, letters))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        find(text)
            .into_iter()
            .map(|a| (a.acronym, a.expansion))
            .collect()
    }

    fn pair(a: &str, e: &str) -> (String, String) {
        (a.to_string(), e.to_string())
    }

    #[test]
    fn definitions_in_the_seeds() {
        assert_eq!(
            pairs(
                "included three assessment teams and the Multi Agency Safeguarding Hub (MASH); the"
            ),
            [pair("MASH", "Multi Agency Safeguarding Hub")]
        );
        assert_eq!(
            pairs("there were 32 Community Resource Workers (CRWs) (27 full time equivalents)"),
            [pair("CRW", "Community Resource Workers")]
        );
        assert_eq!(
            pairs("with other councillors, DfE, OFSTED and the Local Government Association (LGA), there"),
            [pair("LGA", "Local Government Association")]
        );
        assert_eq!(
            pairs("Inspections of Local Authority Children's Services (ILACS). This"),
            [pair(
                "ILACS",
                "Inspections of Local Authority Children's Services"
            )]
        );
        assert_eq!(
            pairs("intervention by the Department for Education (DfE) until"),
            [pair("DfE", "Department for Education")]
        );
        assert_eq!(
            pairs("per full time equivalent (FTE) Social Worker"),
            [pair("FTE", "full time equivalent")]
        );
    }

    #[test]
    fn a_dash_before_the_words_is_a_boundary() {
        assert_eq!(
            pairs("Social Work Services – the Multi Agency Safeguarding Hub (MASH); the"),
            [pair("MASH", "Multi Agency Safeguarding Hub")]
        );
    }

    #[test]
    fn brackets_after_the_acronym_and_hyphens() {
        assert_eq!(
            pairs("the MASH (Multi-Agency Safeguarding Hub) opened"),
            [pair("MASH", "Multi-Agency Safeguarding Hub")]
        );
    }

    #[test]
    fn non_definitions_are_ignored() {
        assert!(pairs("Claire Parr, Church Representative (RC)").is_empty());
        assert!(pairs("Joyce Simpson, Church Representative (CE)").is_empty());
        assert!(pairs("see (A) and (B)").is_empty());
        assert!(pairs("(MASH)").is_empty());
    }
}
