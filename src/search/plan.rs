//! The query plan: one request in, the tantivy queries every consumer runs out.
//!
//! Search, export, the feed and the CLI all call [`Engine::plan`], so what a query means
//! (its filters typed and given, acronym expansions, stop words, relaxed matching) cannot
//! drift between them.
//!
//! In: a [`SearchRequest`]. Out: a [`QueryPlan`]: the strict query (every word), and for a
//! query of plain words also the relaxed one (most of the words), with the rule that chooses
//! between them ([`QueryPlan::matching_for`]).
//!
//! - **Stop words.** The function words of a question ("how", "what", "does", "is there") never
//!   decide whether a passage matches: in a query typed without operators they are dropped,
//!   unless nothing else is left. In quotes, or in a query with operators, every word counts.
//! - **Relaxed matching.** Plain words first mean "all of them". When fewer than a page of
//!   passages has them all, passages with most of them are ranked too: those with every word
//!   first, then by the rarity of the words they have (a rare word weighs more than a common
//!   one), then by words near each other, then BM25. Phrases, `+word`, `-word`, prefixes,
//!   fuzzy words and filters keep their exact meaning in both.

use serde::Serialize;
use tantivy::query::Query as TQuery;
use tantivy::Searcher;

use super::build::{full_query, Expansion, QueryBuilder};
use super::filters::Filters;
use super::query::{self, Clause, Occur, Query};
use super::{Engine, SearchError, SearchRequest};
use crate::index::schema::Fields;

/// How the words of a plain query had to match the passages returned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Matching {
    /// Every word (the strict search).
    #[default]
    All,
    /// Most of the words: too few passages had them all.
    Most,
}

impl std::str::FromStr for Matching {
    type Err = SearchError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "all" => Ok(Matching::All),
            "most" => Ok(Matching::Most),
            _ => Err(SearchError::BadParameter(format!(
                "matching {s:?}: expected all or most"
            ))),
        }
    }
}

/// Words of questions and function words: they never decide whether a passage matches.
///
/// English function words (articles, pronouns, auxiliaries, prepositions, conjunctions) and
/// the words people put around a question ("tell me about", "is there any", "please"). Words
/// that are also names or abbreviations when capitalised ("US", "IT", "May", "Will") count as
/// stop words only in lower case; see [`is_stop_word`].
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "know",
    "let",
    "me",
    "more",
    "most",
    "my",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "please",
    "same",
    "she",
    "should",
    "show",
    "so",
    "some",
    "such",
    "tell",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "whats",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "may",
    "might",
    "must",
    "shall",
    "anything",
    "much",
    "many",
    "each",
    "every",
    "going",
    "something",
    "anyone",
    "someone",
    "there's",
    "what's",
    "how's",
    "is",
    "isn't",
    "aren't",
    "doesn't",
    "don't",
    "didn't",
    "we're",
    "they're",
    "i'm",
    "it's",
];

/// True when `word` is a function word of a question. A word in capitals ("US", "IT", "WHO")
/// is an abbreviation, and a capitalised word that is also a name or a month ("May", "Will")
/// counts only when it opens the query (`first`).
pub fn is_stop_word(word: &str, first: bool) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 2 && word.chars().all(|c| !c.is_lowercase()) {
        return false;
    }
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    if capitalised && !first && matches!(word.to_lowercase().as_str(), "may" | "will") {
        return false;
    }
    let lower = word.to_lowercase().replace('’', "'");
    let lower = lower.trim_end_matches(['?', '!', '.', ',', ';']);
    STOP_WORDS.contains(&lower)
}

/// What a request will run: built once by [`Engine::plan`], read by every consumer.
pub struct QueryPlan {
    fields: Fields,
    /// The searcher the queries were built against (prefixes expand against its terms).
    pub searcher: Searcher,
    /// Every filter: the request's and those typed in the query.
    pub filters: Filters,
    /// The scored text query with every word; `None` when nothing searchable was typed.
    pub strict: Option<Box<dyn TQuery>>,
    /// The scored text query with most of the words, for a query of plain words.
    pub relaxed: Option<Box<dyn TQuery>>,
    /// Acronym expansions the query used.
    pub expansions: Vec<Expansion>,
    /// The plain words typed that no passage has (candidates for "did you mean").
    pub unknown: Vec<String>,
    /// What the request asked for: `None` lets quorum relax when strict finds too little.
    pub asked: Option<Matching>,
}

impl QueryPlan {
    /// Which matching answers a request whose strict query matched `strict_total` passages
    /// and whose page holds `page` hits: strict unless it found fewer than a page and a relaxed
    /// query exists (or the request asked for one).
    pub fn matching_for(&self, strict_total: usize, page: usize) -> Matching {
        match (self.asked, &self.relaxed) {
            (_, None) | (Some(Matching::All), _) => Matching::All,
            (Some(Matching::Most), Some(_)) => Matching::Most,
            (None, Some(_)) if strict_total < page => Matching::Most,
            (None, Some(_)) => Matching::All,
        }
    }

    /// How a request with pages of `page` hits is answered, and how many passages have every
    /// word when that had to be counted apart (`None`: the answer's own total is that count).
    /// Counting the strict matches alone (no ranking, no facets) decides, so a relaxed answer
    /// does not pay for a strict one it throws away.
    pub fn decide(&self, page: usize) -> Result<(Matching, Option<usize>), SearchError> {
        if self.relaxed.is_none() || self.asked == Some(Matching::All) {
            return Ok((Matching::All, None));
        }
        let strict = self.query_with(Matching::All, &self.filters);
        let strict_total = self.searcher.search(&*strict, &tantivy::collector::Count)?;
        Ok(match self.matching_for(strict_total, page) {
            Matching::All => (Matching::All, None),
            Matching::Most => (Matching::Most, Some(strict_total)),
        })
    }

    /// The scored text query for `matching`.
    pub fn text(&self, matching: Matching) -> Option<&dyn TQuery> {
        match matching {
            Matching::Most => self.relaxed.as_deref().or(self.strict.as_deref()),
            Matching::All => self.strict.as_deref(),
        }
    }

    /// The complete query (text and filters) for `matching`, with `filters` in place of the
    /// plan's own (facet counts leave one dimension out).
    pub fn query_with(&self, matching: Matching, filters: &Filters) -> Box<dyn TQuery> {
        full_query(&self.fields, self.text(matching), filters)
    }
}

impl Engine {
    /// The plan for `request`: parse its query, merge its filters, build its queries.
    pub fn plan(&self, request: &SearchRequest) -> Result<QueryPlan, SearchError> {
        let (parsed, typed_filters) = query::parse(&request.query)?;
        let mut filters = request.filters.clone();
        filters.merge(typed_filters);
        filters.check()?;
        let searcher = self.handle().reader.searcher();
        let fields = &self.handle().fields;
        let vocabulary = crate::index::links::acronyms_for_search(&searcher, fields)?;
        let mut builder = QueryBuilder::new(fields, &searcher).with_vocabulary(vocabulary);
        let (strict, relaxed, unknown) = match parsed {
            Some(typed) => {
                let q = drop_stop_words(typed.clone());
                let strict = builder.text_query(&q)?;
                let words: Vec<String> = q.plain_words().into_iter().map(String::from).collect();
                // With fewer than two words left, relaxing falls back on the words as typed,
                // stop words included, so a query with a word some passage has is answered.
                let relaxed = match builder.relaxed_query(&q)? {
                    None if q != typed => builder.relaxed_query(&typed)?,
                    relaxed => relaxed,
                };
                let unknown = words
                    .iter()
                    .filter(|w| builder.is_unknown(w))
                    .cloned()
                    .collect();
                (strict, relaxed, unknown)
            }
            None => (None, None, Vec::new()),
        };
        Ok(QueryPlan {
            fields: fields.clone(),
            filters,
            strict,
            relaxed,
            expansions: builder.expansions(),
            unknown,
            asked: request.matching,
            searcher,
        })
    }
}

/// `query` without the stop words of its plain words, unless they are all it has.
fn drop_stop_words(mut query: Query) -> Query {
    let plain = query.plain_words();
    if plain.is_empty() {
        return query;
    }
    let content = plain
        .iter()
        .enumerate()
        .filter(|(i, w)| !is_stop_word(w, *i == 0))
        .count();
    let others = query.alternatives[0]
        .iter()
        .filter(|(_, c)| !matches!(c, Clause::Word(_)))
        .count();
    if content == 0 && others == 0 {
        return query;
    }
    let mut position = 0;
    query.alternatives[0].retain(|(occur, clause)| match (occur, clause) {
        (Occur::Must, Clause::Word(w)) => {
            let keep = !is_stop_word(w, position == 0);
            position += 1;
            keep
        }
        _ => true,
    });
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(q: &str) -> Vec<String> {
        let parsed = query::parse(q).unwrap().0.unwrap();
        drop_stop_words(parsed)
            .plain_words()
            .into_iter()
            .map(String::from)
            .collect()
    }

    fn search(q: &str) -> crate::search::SearchResponse {
        crate::search::testing::sample_engine()
            .search(&SearchRequest::new(q))
            .unwrap()
    }

    #[test]
    fn plain_words_relax_when_none_has_them_all() {
        let r = search("foster carers zqxwv");
        assert_eq!(r.matching, Matching::Most);
        assert_eq!(r.all_words_total, 0);
        assert!(r.total > 0);
        let first = r.hits[0].text.to_lowercase();
        assert!(
            first.contains("foster") && first.contains("carer"),
            "{first}"
        );
        let strict = search("foster carers");
        assert_eq!(strict.matching, Matching::All);
        assert_eq!(strict.total, strict.all_words_total);
    }

    #[test]
    fn no_plain_query_with_a_known_word_finds_nothing() {
        for known in [
            "adoption",
            "caseloads",
            "Ofsted",
            "MASH",
            "placements",
            "2018",
        ] {
            for q in [
                format!("{known} zqxwv"),
                format!("zqxwv qwzxv {known}"),
                format!("how many {known} are there in wibblethorpe"),
                format!("the {known}wibble"),
            ] {
                let r = search(&q);
                assert!(r.total > 0, "{q}");
                assert!(!r.hits.is_empty(), "{q}");
            }
        }
    }

    #[test]
    fn operators_are_never_relaxed() {
        for q in [
            "foster AND zqxwv",
            "\"foster zqxwv\"",
            "+zqxwv foster",
            "foster -carers zqxwv",
            "(foster zqxwv)",
        ] {
            let r = search(q);
            assert_eq!((r.total, r.matching), (0, Matching::All), "{q}");
        }
        // A prefix keeps its meaning even when the plain words beside it relax.
        assert_eq!(search("foster zqxwv*").total, 0);
        // A phrase beside plain words stays a phrase; the plain words may relax.
        let r = search("\"foster carers\" zqxwv");
        assert_eq!(r.matching, Matching::Most);
        assert!(r
            .hits
            .iter()
            .all(|h| h.text.to_lowercase().contains("foster carer")));
    }

    #[test]
    fn the_strict_search_can_be_asked_for() {
        let engine = crate::search::testing::sample_engine();
        let mut request = SearchRequest::new("foster carers zqxwv");
        request.matching = Some(Matching::All);
        let r = engine.search(&request).unwrap();
        assert_eq!((r.total, r.matching), (0, Matching::All));
    }

    #[test]
    fn unknown_words_get_a_suggestion_from_the_index() {
        let r = search("fostr carers");
        assert_eq!(r.suggestions.len(), 1, "{:?}", r.suggestions);
        assert_eq!(r.suggestions[0].word, "fostr");
        assert_eq!(r.suggestions[0].suggestion, "foster");
        assert_eq!(r.suggestions[0].query, "foster carers");
        assert!(search("foster carers").suggestions.is_empty());
        assert!(search("zqxwvzqxwv").suggestions.is_empty());
    }

    #[test]
    fn export_runs_the_same_plan_as_search() {
        let engine = crate::search::testing::sample_engine();
        for q in [
            "MASH",
            "foster carers zqxwv",
            "what support is there for care leavers",
        ] {
            let request = SearchRequest::new(q);
            let searched = engine.search(&request).unwrap();
            let exported = engine.export(&request, 100_000).unwrap();
            assert_eq!(exported.total, searched.total, "{q}");
            assert_eq!(exported.matching, searched.matching, "{q}");
        }
    }

    #[test]
    fn question_words_never_decide() {
        assert_eq!(
            words_of("what support is there for care leavers finding work?"),
            ["support", "care", "leavers", "finding", "work?"]
        );
        assert_eq!(
            words_of("How long do adoptions take"),
            ["long", "adoptions", "take"]
        );
    }

    #[test]
    fn abbreviations_and_names_are_not_stop_words() {
        assert_eq!(
            words_of("IT contracts in the US"),
            ["IT", "contracts", "US"]
        );
        assert_eq!(words_of("meetings in May"), ["meetings", "May"]);
        assert_eq!(words_of("what is this"), ["what", "is", "this"]);
    }

    #[test]
    fn operators_and_phrases_keep_every_word() {
        let parsed = query::parse("\"what is there\" OR how").unwrap().0.unwrap();
        assert_eq!(drop_stop_words(parsed.clone()), parsed);
        let parsed = query::parse("+the budget").unwrap().0.unwrap();
        assert_eq!(drop_stop_words(parsed.clone()), parsed);
    }
}
