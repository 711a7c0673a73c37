//! Turn a parsed [`Query`] and [`Filters`] into a tantivy query over the index's fields.
//!
//! Words are analysed with the same analyser as the indexed text, so a query word matches
//! exactly the forms indexing produced. A word that analyses into several tokens ("2018/19",
//! "e-mail") is matched as a phrase of them.

use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur as TOccur,
    PhraseQuery, Query as TQuery, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{Searcher, Term};

use super::filters::{DateRange, Filters, Matcher};
use super::query::{Clause, Occur, Query};
use super::synonyms::{synonyms, SYNONYM_WEIGHT};
use super::SearchError;
use crate::index::links::expansion_key;
use crate::index::schema::{text_analyzer, Fields};
use crate::index::store::RecordKind;
use crate::index::IndexError;
use crate::limits::MAX_PREFIX_EXPANSIONS;
use crate::model::Acronym;
use serde::Serialize;

/// How much a match in an item's title counts against one in the passage text: the title
/// names what the whole item is about.
const ITEM_TITLE_BOOST: f32 = 2.0;
/// How much a match in a report's section heading counts.
const SECTION_BOOST: f32 = 1.5;
/// Relaxed matching: the score a passage gains for having every word, so that those come
/// before any passage with only some of them.
const ALL_WORDS_BONUS: f32 = 1_000.0;
/// Relaxed matching: a word a passage has adds this times the square of the word's inverse
/// document frequency over [`IDF_SCALE`], so passages are ranked by how much of the query's
/// rare vocabulary they cover (a rare word more than in proportion to its rarity) before
/// BM25 orders passages that cover the same. Chosen on the relevance harness
/// (docs/RELEVANCE.md): linear weights let several common words outweigh the one rare word a
/// question turns on.
const COVERAGE_WEIGHT: f32 = 2.0;
/// The inverse document frequency at which a word's coverage weight is linear in it.
const IDF_SCALE: f32 = 5.0;
/// Two words of the query next to each other in a passage (within this many positions)...
const PROXIMITY_SLOP: u32 = 3;
/// ...add this much to its score in relaxed matching.
const PROXIMITY_BOOST: f32 = 1.0;

/// Builds tantivy queries against one searcher (prefixes expand against its dictionary).
pub struct QueryBuilder<'a> {
    fields: &'a Fields,
    searcher: &'a Searcher,
    analyzer: TextAnalyzer,
    /// Acronyms a word or phrase may expand with ([`QueryBuilder::with_vocabulary`]).
    vocabulary: Vec<Acronym>,
    /// The expansions this query used.
    expansions: Vec<Expansion>,
}

/// An acronym expansion a query used: `MASH` also searched as "Multi Agency Safeguarding Hub",
/// or the reverse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expansion {
    /// The acronym.
    pub acronym: String,
    /// What it stands for.
    pub expansion: String,
    /// Which form the query typed: `acronym` or `expansion`.
    pub typed: &'static str,
}

impl Expansion {
    /// The form the query did not type, which the expansion added.
    pub fn added(&self) -> &str {
        if self.typed == "acronym" {
            &self.expansion
        } else {
            &self.acronym
        }
    }
}

impl<'a> QueryBuilder<'a> {
    /// A builder over `searcher`'s segments.
    pub fn new(fields: &'a Fields, searcher: &'a Searcher) -> Self {
        QueryBuilder {
            fields,
            searcher,
            analyzer: text_analyzer(),
            vocabulary: Vec::new(),
            expansions: Vec::new(),
        }
    }

    /// Expand acronyms with `vocabulary`: a word that is an acronym also matches its expansions
    /// (as phrases), and a phrase (or a whole run of words) that is an expansion also matches
    /// its acronym. An all-lowercase word expands only acronyms that are not all capitals
    /// ("ofsted" does; "send" does not expand SEND).
    pub fn with_vocabulary(mut self, vocabulary: Vec<Acronym>) -> Self {
        self.vocabulary = vocabulary;
        self
    }

    /// The expansions the queries built so far used, each once.
    pub fn expansions(&self) -> Vec<Expansion> {
        self.expansions.clone()
    }

    fn acronym_expansions(&self, word: &str) -> Vec<Acronym> {
        let all_lower = word.chars().all(|c| !c.is_uppercase());
        self.vocabulary
            .iter()
            .filter(|a| a.acronym.chars().count() >= 2)
            .filter(|a| {
                let shouting = a.acronym.chars().all(|c| !c.is_lowercase());
                let same = word.eq_ignore_ascii_case(&a.acronym)
                    || word
                        .strip_suffix('s')
                        .is_some_and(|w| w.eq_ignore_ascii_case(&a.acronym));
                same && !(all_lower && shouting)
            })
            .cloned()
            .collect()
    }

    fn expansion_acronyms(&self, text: &str) -> Vec<Acronym> {
        let key = expansion_key(text);
        self.vocabulary
            .iter()
            .filter(|a| expansion_key(&a.expansion) == key)
            .cloned()
            .collect()
    }

    fn note(&mut self, a: &Acronym, typed: &'static str) {
        let e = Expansion {
            acronym: a.acronym.clone(),
            expansion: a.expansion.clone(),
            typed,
        };
        if !self.expansions.contains(&e) {
            self.expansions.push(e);
        }
    }

    /// `base` or any of `alternatives` (each a word or phrase, not expanded again).
    fn or_forms(
        &mut self,
        base: Option<Box<dyn TQuery>>,
        forms: &[String],
    ) -> Option<Box<dyn TQuery>> {
        let mut clauses: Vec<(TOccur, Box<dyn TQuery>)> =
            base.into_iter().map(|q| (TOccur::Should, q)).collect();
        for form in forms {
            if let Some(q) = self.words(form, 0) {
                clauses.push((TOccur::Should, q));
            }
        }
        match clauses.len() {
            0 => None,
            1 => clauses.pop().map(|(_, q)| q),
            _ => Some(boolean(clauses)),
        }
    }

    /// A word, with the expansions of the acronym it is.
    fn word(&mut self, word: &str) -> Option<Box<dyn TQuery>> {
        let base = self.words(word, 0);
        let found = self.acronym_expansions(word);
        if found.is_empty() {
            return base;
        }
        for a in &found {
            self.note(a, "acronym");
        }
        let forms: Vec<String> = found.into_iter().map(|a| a.expansion).collect();
        self.or_forms(base, &forms)
    }

    /// A phrase, with the acronym it is the expansion of.
    fn phrase(&mut self, text: &str, slop: u32) -> Option<Box<dyn TQuery>> {
        let base = self.words(text, slop);
        let found = if slop == 0 {
            self.expansion_acronyms(text)
        } else {
            Vec::new()
        };
        if found.is_empty() {
            return base;
        }
        for a in &found {
            self.note(a, "expansion");
        }
        let forms: Vec<String> = found.into_iter().map(|a| a.acronym).collect();
        self.or_forms(base, &forms)
    }

    /// A conjunction of plain words that together spell an expansion ("multi agency
    /// safeguarding hub") also matches the acronym.
    fn conjunction_acronyms(&mut self, conjunction: &[(Occur, Clause)]) -> Vec<String> {
        let words: Option<Vec<&str>> = conjunction
            .iter()
            .map(|(occur, clause)| match (occur, clause) {
                (Occur::Must | Occur::Required, Clause::Word(w)) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        let Some(words) = words.filter(|w| w.len() >= 2) else {
            return Vec::new();
        };
        let found = self.expansion_acronyms(&words.join(" "));
        for a in &found {
            self.note(a, "expansion");
        }
        found.into_iter().map(|a| a.acronym).collect()
    }

    /// The text part of a query (scored), or `None` when nothing is searchable in it.
    pub fn text_query(&mut self, query: &Query) -> Result<Option<Box<dyn TQuery>>, SearchError> {
        let mut alternatives = Vec::new();
        for conjunction in &query.alternatives {
            let mut clauses = Vec::new();
            let mut positive = false;
            for (occur, clause) in conjunction {
                let Some(q) = self.clause(clause)? else {
                    continue;
                };
                let occur = match occur {
                    Occur::Must | Occur::Required => {
                        positive = true;
                        TOccur::Must
                    }
                    Occur::MustNot => TOccur::MustNot,
                };
                clauses.push((occur, q));
            }
            if !positive && !clauses.is_empty() {
                // "-word" alone means "every passage except those with word". Passages, not
                // everything: the text query only ever matches passage records, which lets
                // `full_query` leave out its record-kind clause (see there).
                clauses.push((TOccur::Must, passages(self.fields)));
            }
            if !clauses.is_empty() {
                let acronyms = self.conjunction_acronyms(conjunction);
                let q = if acronyms.is_empty() {
                    boolean(clauses)
                } else {
                    self.or_forms(Some(boolean(clauses)), &acronyms)
                        .unwrap_or_else(|| Box::new(EmptyQuery))
                };
                alternatives.push((TOccur::Should, q));
            }
        }
        Ok(match alternatives.len() {
            0 => None,
            1 => alternatives.pop().map(|(_, q)| q),
            _ => Some(boolean(alternatives)),
        })
    }

    /// The relaxed form of a query of plain words: passages with any of its plain words,
    /// with its other clauses (phrases, prefixes, fuzzy words, filters) kept as they are.
    /// Scored so that passages with every word come first, then by the rarity of the words
    /// covered, then by words near each other, then BM25 (see [`super::plan`]). `None`
    /// when the query has operators, or has no plain word, or one and nothing else.
    pub fn relaxed_query(&mut self, query: &Query) -> Result<Option<Box<dyn TQuery>>, SearchError> {
        let words: Vec<String> = query.plain_words().into_iter().map(String::from).collect();
        let kept: Vec<&(Occur, Clause)> = query
            .alternatives
            .iter()
            .flatten()
            .filter(|(_, clause)| !matches!(clause, Clause::Word(_)))
            .collect();
        let anchored = kept.iter().any(|(occur, _)| *occur != Occur::MustNot);
        if words.is_empty() || (words.len() < 2 && !anchored) {
            return Ok(None);
        }
        let Some(strict) = self.text_query(query)? else {
            return Ok(None);
        };
        let mut any = Vec::new();
        let mut clauses: Vec<(TOccur, Box<dyn TQuery>)> = Vec::new();
        for word in &words {
            let Some(q) = self.word(word) else { continue };
            let idf = self.idf(word);
            let weight = COVERAGE_WEIGHT * idf * idf / IDF_SCALE;
            clauses.push((
                TOccur::Should,
                Box::new(ConstScoreQuery::new(q.box_clone(), weight)),
            ));
            let mut forms = vec![(TOccur::Should, q)];
            if let Some(other) = self.synonym_query(word) {
                clauses.push((
                    TOccur::Should,
                    Box::new(ConstScoreQuery::new(
                        other.box_clone(),
                        SYNONYM_WEIGHT * weight,
                    )),
                ));
                forms.push((TOccur::Should, boosted(other, SYNONYM_WEIGHT)));
            }
            any.push((TOccur::Should, boolean(forms)));
        }
        if any.is_empty() {
            return Ok(None);
        }
        let any = boolean(any);
        // Without a phrase or other clause that must match, a passage needs one of the words.
        let occur = if anchored {
            TOccur::Should
        } else {
            TOccur::Must
        };
        clauses.push((occur, any));
        for (occur, clause) in kept {
            if let Some(q) = self.clause(clause)? {
                let occur = match occur {
                    Occur::MustNot => TOccur::MustNot,
                    Occur::Must | Occur::Required => TOccur::Must,
                };
                clauses.push((occur, q));
            }
        }
        clauses.push((
            TOccur::Should,
            Box::new(ConstScoreQuery::new(strict, ALL_WORDS_BONUS)),
        ));
        clauses.extend(self.proximity(&words));
        Ok(Some(boolean(clauses)))
    }

    /// The other words of `word`'s synonym groups ([`super::synonyms`]), as one query; `None`
    /// when it has none that analyse to other terms.
    fn synonym_query(&mut self, word: &str) -> Option<Box<dyn TQuery>> {
        let mut seen: Vec<Vec<Term>> = vec![self.analyse(self.fields.text, word)];
        let mut forms = Vec::new();
        for other in synonyms(word) {
            let terms = self.analyse(self.fields.text, other);
            if terms.is_empty() || seen.contains(&terms) {
                continue;
            }
            seen.push(terms);
            if let Some(q) = self.words(other, 0) {
                forms.push((TOccur::Should, q));
            }
        }
        (!forms.is_empty()).then(|| boolean(forms))
    }

    /// A scoring-only clause for each pair of neighbouring words: the two within
    /// [`PROXIMITY_SLOP`] positions of each other in the text.
    fn proximity(&mut self, words: &[String]) -> Vec<(TOccur, Box<dyn TQuery>)> {
        words
            .windows(2)
            .filter_map(|pair| {
                let mut terms: Vec<Term> = Vec::new();
                for w in pair {
                    terms.extend(self.analyse(self.fields.text, w));
                }
                (terms.len() >= 2).then(|| {
                    let mut phrase = PhraseQuery::new(terms);
                    phrase.set_slop(PROXIMITY_SLOP);
                    (TOccur::Should, boosted(Box::new(phrase), PROXIMITY_BOOST))
                })
            })
            .collect()
    }

    /// How rare a word is in the passages' text (BM25's inverse document frequency of its
    /// rarest term; 0 for a word with no terms).
    fn idf(&mut self, word: &str) -> f32 {
        let total = self.searcher.num_docs() as f32;
        self.analyse(self.fields.text, word)
            .iter()
            .map(|t| {
                let df = self.searcher.doc_freq(t).unwrap_or(0) as f32;
                (1.0 + (total - df + 0.5) / (df + 0.5)).ln()
            })
            .fold(0.0, f32::max)
    }

    /// True when no passage has `word` in any searched field, and no acronym expands it.
    pub fn is_unknown(&mut self, word: &str) -> bool {
        if !self.acronym_expansions(word).is_empty() {
            return false;
        }
        let mut terms = Vec::new();
        for (field, _) in self.searched_fields() {
            terms.extend(self.analyse(field, word));
        }
        !terms.is_empty()
            && terms
                .iter()
                .all(|t| self.searcher.doc_freq(t).unwrap_or(0) == 0)
    }

    fn clause(&mut self, clause: &Clause) -> Result<Option<Box<dyn TQuery>>, SearchError> {
        Ok(match clause {
            Clause::Word(word) => self.word(word),
            Clause::Phrase(text, slop) => self.phrase(text, *slop),
            Clause::Prefix(prefix) => Some(self.prefix(prefix)?),
            Clause::Fuzzy(word, distance) => self.fuzzy(word, *distance),
            Clause::Group(inner) => self.text_query(inner)?,
            Clause::Filter(filters) => Some(filter_query(self.fields, filters)),
        })
    }

    /// A word or phrase over every searched field, each with its boost.
    fn words(&mut self, text: &str, slop: u32) -> Option<Box<dyn TQuery>> {
        let per_field: Vec<(TOccur, Box<dyn TQuery>)> = self
            .searched_fields()
            .into_iter()
            .filter_map(|(field, boost)| {
                let terms = self.analyse(field, text);
                let q: Box<dyn TQuery> = match terms.len() {
                    0 => return None,
                    // A single term is scored from frequencies alone: asking for positions
                    // would make tantivy decode them for every match for nothing.
                    1 => Box::new(TermQuery::new(
                        terms.into_iter().next()?,
                        IndexRecordOption::WithFreqs,
                    )),
                    _ => {
                        let mut phrase = PhraseQuery::new(terms);
                        phrase.set_slop(slop);
                        Box::new(phrase)
                    }
                };
                Some((TOccur::Should, boosted(q, boost)))
            })
            .collect();
        (!per_field.is_empty()).then(|| boolean(per_field))
    }

    /// Every indexed term starting with `prefix`, in every searched field; refused when it
    /// would expand past [`MAX_PREFIX_EXPANSIONS`] (silently dropping terms would skew results).
    fn prefix(&mut self, prefix: &str) -> Result<Box<dyn TQuery>, SearchError> {
        let prefix = prefix.to_lowercase();
        let mut per_field = Vec::new();
        for (field, boost) in self.searched_fields() {
            let mut terms = std::collections::BTreeSet::new();
            for segment in self.searcher.segment_readers() {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted
                    .terms()
                    .range()
                    .ge(prefix.as_bytes())
                    .into_stream()
                    .map_err(|e| SearchError::Index(IndexError::Io(e)))?;
                while stream.advance() {
                    if !stream.key().starts_with(prefix.as_bytes()) {
                        break;
                    }
                    terms.insert(stream.key().to_vec());
                    if terms.len() > MAX_PREFIX_EXPANSIONS {
                        return Err(SearchError::BadQuery(format!(
                            "{prefix}* matches more than {MAX_PREFIX_EXPANSIONS} words: \
                             type more letters"
                        )));
                    }
                }
            }
            let terms: Vec<Term> = terms
                .into_iter()
                .map(|bytes| Term::from_field_bytes(field, &bytes))
                .collect();
            if !terms.is_empty() {
                // Each expansion scores as its own term, so common expansions don't drown rare
                // ones any more than they would typed out.
                let q = boolean(
                    terms
                        .into_iter()
                        .map(|t| {
                            (
                                TOccur::Should,
                                Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))
                                    as Box<dyn TQuery>,
                            )
                        })
                        .collect(),
                );
                per_field.push((TOccur::Should, boosted(q, boost)));
            }
        }
        Ok(if per_field.is_empty() {
            Box::new(EmptyQuery)
        } else {
            boolean(per_field)
        })
    }

    fn fuzzy(&mut self, word: &str, distance: u8) -> Option<Box<dyn TQuery>> {
        let per_field: Vec<(TOccur, Box<dyn TQuery>)> = self
            .searched_fields()
            .into_iter()
            .filter_map(|(field, boost)| {
                // Fuzzy words are matched unstemmed-ish: the query word is analysed (so case and
                // accents fold), then edits are counted against indexed (stemmed) terms.
                let term = self.analyse(field, word).into_iter().next()?;
                let q = Box::new(FuzzyTermQuery::new(term, distance, true));
                Some((TOccur::Should, boosted(q, boost)))
            })
            .collect();
        (!per_field.is_empty()).then(|| boolean(per_field))
    }

    fn searched_fields(&self) -> [(Field, f32); 3] {
        [
            (self.fields.text, 1.0),
            (self.fields.item_title, ITEM_TITLE_BOOST),
            (self.fields.section, SECTION_BOOST),
        ]
    }

    fn analyse(&mut self, field: Field, text: &str) -> Vec<Term> {
        let mut stream = self.analyzer.token_stream(text);
        let mut terms = Vec::new();
        while stream.advance() {
            terms.push(Term::from_field_text(field, &stream.token().text));
        }
        terms
    }
}

fn boolean(clauses: Vec<(TOccur, Box<dyn TQuery>)>) -> Box<dyn TQuery> {
    Box::new(BooleanQuery::new(clauses))
}

fn boosted(q: Box<dyn TQuery>, boost: f32) -> Box<dyn TQuery> {
    if (boost - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

/// The complete query: passages only, the text query (scored) and every filter (unscored).
///
/// A text query matches passage records only (its fields exist only on passages, and its
/// "everything" is [`passages`]), so the record-kind clause is added only when there is no
/// text: intersecting every text query with the list of all passages cost about a third of
/// a bare search's time (see docs/PERFORMANCE.md).
pub fn full_query(
    fields: &Fields,
    text: Option<&dyn TQuery>,
    filters: &Filters,
) -> Box<dyn TQuery> {
    let mut clauses: Vec<(TOccur, Box<dyn TQuery>)> = Vec::new();
    match text {
        Some(text) => clauses.push((TOccur::Must, text.box_clone())),
        None => clauses.push((TOccur::Must, passages(fields))),
    }
    if !filters.is_empty() {
        // Filters narrow without scoring: a constant 0 leaves the text query's ranking alone.
        let filter = ConstScoreQuery::new(filter_query(fields, filters), 0.0);
        clauses.push((TOccur::Must, Box::new(filter)));
    }
    boolean(clauses)
}

/// Every passage record (and no document or failure record).
pub fn passages(fields: &Fields) -> Box<dyn TQuery> {
    RecordKind::Passage.query(fields)
}

/// The unscored query for a set of filters: OR within a dimension, AND across them, each
/// dimension matched as its row of [`super::filters::FILTERS`] says.
pub fn filter_query(fields: &Fields, filters: &Filters) -> Box<dyn TQuery> {
    let mut clauses: Vec<(TOccur, Box<dyn TQuery>)> = Vec::new();
    for (dimension, values) in filters.dimensions() {
        let field = dimension.field(fields);
        let terms: Vec<Term> = match dimension.matcher() {
            Matcher::Facet => values
                .iter()
                .map(|v| Term::from_facet(field, &Facet::from_path([v.as_str()])))
                .collect(),
            Matcher::Key(key) => values
                .iter()
                .map(|v| Term::from_field_text(field, &key(v)))
                .collect(),
            Matcher::Term | Matcher::Dates => values
                .iter()
                .map(|v| Term::from_field_text(field, v))
                .collect(),
        };
        clauses.push((TOccur::Must, Box::new(TermSetQuery::new(terms))));
    }
    if let Some(range) = filters.date() {
        clauses.push((TOccur::Must, date_query(fields, &range)));
    }
    if clauses.is_empty() {
        return passages(fields);
    }
    boolean(clauses)
}

fn date_query(fields: &Fields, range: &DateRange) -> Box<dyn TQuery> {
    let bound = |date: Option<chrono::NaiveDate>| match date {
        Some(d) => Bound::Included(Term::from_field_date(
            fields.date,
            crate::index::date_value(d),
        )),
        None => Bound::Unbounded,
    };
    Box::new(RangeQuery::new(bound(range.from), bound(range.to)))
}
