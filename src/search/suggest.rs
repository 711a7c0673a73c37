//! "Did you mean": a word of the query that no passage has, and the index's own word nearest
//! to it.
//!
//! In: a word, the searcher. Out: a [`Suggestion`], or none. Candidates are the indexed terms
//! of the passage text within one edit of the word's analysed form (two for words of six
//! letters or more), the closest first and, among equals, the most frequent. Indexed terms are
//! stems ("carer"), so the suggestion shown is the word as a passage spells it: the first
//! token of the best passage with that term.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{FuzzyTermQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TokenStream;
use tantivy::{Searcher, Term};

use super::SearchError;
use crate::index::record::PassageRecord;
use crate::index::schema::{text_analyzer, Fields};
use crate::index::store::Store;
use crate::index::IndexError;

/// Words shorter than this get no suggestion: too many short words are a letter apart.
const MIN_LETTERS: usize = 4;
/// Words at least this long may be two edits from their suggestion.
const TWO_EDITS_FROM: usize = 6;

/// A word no passage has, and what the index suggests instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The word as typed.
    pub word: String,
    /// The word suggested, as passages spell it.
    pub suggestion: String,
    /// The whole query with the word replaced.
    pub query: String,
}

/// The suggestion for `word` of `query`, if the index has a word near it.
pub fn suggest(
    searcher: &Searcher,
    fields: &Fields,
    query: &str,
    word: &str,
) -> Result<Option<Suggestion>, SearchError> {
    let typed = word.trim_end_matches(['?', '!', '.', ',', ';', ':']);
    let letters = typed.chars().filter(|c| c.is_alphabetic()).count();
    if letters < MIN_LETTERS || typed.chars().any(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    let Some(term) = analyse(fields, typed).into_iter().next() else {
        return Ok(None);
    };
    let Some(stem) = term.value().as_str().map(str::to_string) else {
        return Ok(None);
    };
    let mut best = None;
    for distance in 1..=2u8 {
        if distance == 2 && letters < TWO_EDITS_FROM {
            break;
        }
        best = nearest(searcher, fields, &term, &stem, distance)?;
        if best.is_some() {
            break;
        }
    }
    let Some(found) = best else {
        return Ok(None);
    };
    let Some(spelled) = spelling(searcher, fields, &found)? else {
        return Ok(None);
    };
    if spelled.eq_ignore_ascii_case(typed) {
        return Ok(None);
    }
    Ok(Some(Suggestion {
        word: typed.to_string(),
        query: replace_word(query, typed, &spelled),
        suggestion: spelled,
    }))
}

/// The most frequent indexed term within `distance` edits of `stem` (and not `stem`).
fn nearest(
    searcher: &Searcher,
    fields: &Fields,
    term: &Term,
    stem: &str,
    distance: u8,
) -> Result<Option<String>, SearchError> {
    let mut frequency: HashMap<Vec<u8>, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let automaton = FuzzyTermQuery::new(term.clone(), distance, true).automaton()?;
        let inverted = segment.inverted_index(fields.text)?;
        let mut stream = inverted
            .terms()
            .search(automaton)
            .into_stream()
            .map_err(|e| SearchError::Index(IndexError::Io(e)))?;
        while stream.advance() {
            if stream.key() != stem.as_bytes() {
                *frequency.entry(stream.key().to_vec()).or_insert(0) +=
                    u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(frequency
        .into_iter()
        .filter_map(|(k, f)| String::from_utf8(k).ok().map(|k| (k, f)))
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(k, _)| k))
}

/// How the best passage with the term `stem` spells it.
fn spelling(
    searcher: &Searcher,
    fields: &Fields,
    stem: &str,
) -> Result<Option<String>, SearchError> {
    let query = TermQuery::new(
        Term::from_field_text(fields.text, stem),
        IndexRecordOption::WithFreqs,
    );
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    let Some((_, address)) = top.into_iter().next() else {
        return Ok(None);
    };
    let record: PassageRecord = Store::new(searcher, fields).read(address)?;
    let text = record.passage.text;
    let mut analyzer = text_analyzer();
    let mut stream = analyzer.token_stream(&text);
    while stream.advance() {
        let token = stream.token();
        if token.text == stem {
            let word = text.get(token.offset_from..token.offset_to).unwrap_or(stem);
            let shouting = word.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && word.chars().all(|c| !c.is_lowercase());
            return Ok(Some(if shouting {
                word.to_string()
            } else {
                word.to_lowercase()
            }));
        }
    }
    Ok(None)
}

fn analyse(fields: &Fields, text: &str) -> Vec<Term> {
    let mut analyzer = text_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(Term::from_field_text(fields.text, &stream.token().text));
    }
    terms
}

/// `query` with its first whole-word `word` replaced by `with`.
fn replace_word(query: &str, word: &str, with: &str) -> String {
    let mut start = 0;
    while let Some(found) = query[start..].find(word) {
        let at = start + found;
        let end = at + word.len();
        let before = query[..at].chars().next_back();
        let after = query[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            return format!("{}{with}{}", &query[..at], &query[end..]);
        }
        start = end;
    }
    query.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_words_only() {
        assert_eq!(
            replace_word("carers fostr fostr", "fostr", "foster"),
            "carers foster fostr"
        );
        assert_eq!(
            replace_word("fostring fostr", "fostr", "foster"),
            "fostring foster"
        );
        assert_eq!(replace_word("nothing", "fostr", "foster"), "nothing");
    }
}
