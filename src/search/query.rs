//! The query language: what a person types, parsed into a tree, checked against the limits,
//! then turned into a tantivy query.
//!
//! quorum parses queries itself rather than handing them to tantivy's parser, because that
//! parser silently changes some queries' meaning (`plan*` loses its star) and recurses without
//! bound on nested parentheses. Every construct here either works as documented in
//! `docs/query-syntax.md` or is refused with a message; none is reinterpreted.
//!
//! In: the query string. Out: a [`Query`] tree whose top-level filters (`committee:X`) are
//! lifted into [`Filters`] so they behave exactly like the CLI's and API's filter parameters.

use super::filters::{filter_named, filter_names, Filters};
use super::SearchError;
use crate::limits::{MAX_QUERY_BYTES, MAX_QUERY_CLAUSES, MAX_QUERY_NESTING};

/// How a clause takes part in its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// The default: the clause must match (a plain word may be relaxed, see
    /// [`crate::search::plan`]).
    Must,
    /// `+word`: the clause must match, and is never relaxed.
    Required,
    /// `-word` and `NOT word`: the clause must not match.
    MustNot,
}

/// A query: alternatives (joined by `OR`), each a conjunction of clauses.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// At least one alternative; one alternative means no `OR` was used.
    pub alternatives: Vec<Vec<(Occur, Clause)>>,
    /// True when the query was typed with operators (`AND`, `OR`, `NOT`, `-`, `+`,
    /// parentheses): its words then keep their exact meaning.
    pub operators: bool,
}

impl Query {
    /// The plain words of a query typed without operators (no `AND`, `OR`, `NOT`, `-`, `+` or
    /// parentheses), in order: the words that stop-word removal and relaxed matching may
    /// treat as "most of them". Empty when the query has operators.
    pub fn plain_words(&self) -> Vec<&str> {
        let [conjunction] = self.alternatives.as_slice() else {
            return Vec::new();
        };
        if self.operators {
            return Vec::new();
        }
        let mut words = Vec::new();
        for (occur, clause) in conjunction {
            match (occur, clause) {
                (Occur::Must, Clause::Word(w)) => words.push(w.as_str()),
                (Occur::Must, Clause::Phrase(..) | Clause::Prefix(_) | Clause::Fuzzy(..)) => {}
                (Occur::Must, Clause::Filter(_)) => {}
                _ => return Vec::new(),
            }
        }
        words
    }
}

/// One clause of a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    /// A word, matched after stemming.
    Word(String),
    /// `plan*`: every indexed word starting with the prefix.
    Prefix(String),
    /// `planing~1`: words within that many edits.
    Fuzzy(String, u8),
    /// `"foster carers"`, optionally `~N` words apart.
    Phrase(String, u32),
    /// A parenthesised sub-query.
    Group(Box<Query>),
    /// A filter typed in the query (`committee:"Executive"`) below the top level (boxed: filters
    /// are much larger than the other clauses).
    Filter(Box<Filters>),
}

/// Parse a query string. Top-level filters are returned separately; the rest is the text query
/// (`None` when only filters, or nothing, were typed).
pub fn parse(input: &str) -> Result<(Option<Query>, Filters), SearchError> {
    if input.len() > MAX_QUERY_BYTES {
        return Err(SearchError::BadQuery(format!(
            "query is {} bytes long; the limit is {MAX_QUERY_BYTES}",
            input.len()
        )));
    }
    let tokens = lex(input)?;
    let operators = tokens.iter().any(|t| {
        matches!(
            t,
            Token::And | Token::Or | Token::Not | Token::Plus | Token::Minus | Token::Open
        )
    });
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
        clauses: 0,
    };
    let mut query = parser.parse_or()?;
    query.operators = operators;
    if let Some(token) = parser.tokens.get(parser.pos) {
        return Err(SearchError::BadQuery(format!(
            "unexpected {} in query",
            token.describe()
        )));
    }
    Ok(lift_filters(query))
}

/// Move filters that apply to the whole query (top level, required, no `OR`) out of the tree.
fn lift_filters(mut query: Query) -> (Option<Query>, Filters) {
    let mut lifted = Filters::default();
    if query.alternatives.len() == 1 {
        query.alternatives[0].retain(|(occur, clause)| match (occur, clause) {
            (Occur::Must, Clause::Filter(f)) => {
                lifted.merge(f.as_ref().clone());
                false
            }
            _ => true,
        });
    }
    query.alternatives.retain(|a| !a.is_empty());
    let query = (!query.alternatives.is_empty()).then_some(query);
    (query, lifted)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    Not,
    Plus,
    Minus,
    Word(String),
    Phrase(String, u32),
    Field(String, String),
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Open => "'('".into(),
            Token::Close => "')'".into(),
            Token::And => "AND".into(),
            Token::Or => "OR".into(),
            Token::Not => "NOT".into(),
            Token::Plus => "'+'".into(),
            Token::Minus => "'-'".into(),
            Token::Word(w) => format!("word {w:?}"),
            Token::Phrase(p, _) => format!("phrase {p:?}"),
            Token::Field(f, v) => format!("filter {f}:{v}"),
        }
    }
}

fn lex(input: &str) -> Result<Vec<Token>, SearchError> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                tokens.push(Token::Open);
                i += 1;
            }
            ')' => {
                tokens.push(Token::Close);
                i += 1;
            }
            '"' | '“' | '”' => {
                let (text, slop, next) = read_phrase(&chars, i)?;
                tokens.push(Token::Phrase(text, slop));
                i = next;
            }
            '+' | '-' if starts_operand(chars.get(i + 1)) => {
                tokens.push(if c == '+' { Token::Plus } else { Token::Minus });
                i += 1;
            }
            _ => {
                let start = i;
                while i < chars.len() && !ends_word(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                i = lex_word(word, &chars, i, &mut tokens)?;
            }
        }
    }
    Ok(tokens)
}

/// Classify one bare word (an operator, a filter, a plain word); returns where lexing resumes.
fn lex_word(
    word: String,
    chars: &[char],
    i: usize,
    tokens: &mut Vec<Token>,
) -> Result<usize, SearchError> {
    match word.as_str() {
        "AND" | "&&" => tokens.push(Token::And),
        "OR" | "||" => tokens.push(Token::Or),
        "NOT" => tokens.push(Token::Not),
        _ => match word.split_once(':') {
            Some((name, value)) if filter_named(name).is_some() => {
                let name = name.to_ascii_lowercase();
                if value.is_empty() && matches!(chars.get(i), Some('"' | '“' | '”')) {
                    let (text, _, next) = read_phrase(chars, i)?;
                    tokens.push(Token::Field(name, text));
                    return Ok(next);
                }
                if value.is_empty() {
                    return Err(SearchError::BadQuery(format!(
                        "filter {name}: needs a value, e.g. {name}:\"...\""
                    )));
                }
                tokens.push(Token::Field(name, value.to_string()));
            }
            // "Reference: Minute 46" pasted from a paper: a colon ending a word is punctuation.
            Some((name, "")) => tokens.push(Token::Word(name.to_string())),
            Some((name, _)) if name.chars().all(|c| c.is_alphabetic() || c == '_') => {
                return Err(SearchError::BadQuery(format!(
                    "unknown filter {name:?}: filters are {}; put text containing ':' in quotes",
                    filter_names().join(", ")
                )))
            }
            _ => tokens.push(Token::Word(word)),
        },
    }
    Ok(i)
}

fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"' | '“' | '”')
}

fn starts_operand(next: Option<&char>) -> bool {
    next.is_some_and(|c| !c.is_whitespace() && *c != ')')
}

/// Read a quoted phrase starting at `chars[start]` (the opening quote) and an optional `~N`.
fn read_phrase(chars: &[char], start: usize) -> Result<(String, u32, usize), SearchError> {
    let mut i = start + 1;
    let body_start = i;
    while i < chars.len() && !matches!(chars[i], '"' | '“' | '”') {
        i += 1;
    }
    if i >= chars.len() {
        return Err(SearchError::BadQuery(
            "unclosed quote: a phrase needs a closing \"".into(),
        ));
    }
    let text: String = chars[body_start..i].iter().collect();
    i += 1;
    let mut slop = 0;
    if chars.get(i) == Some(&'~') {
        let digits_start = i + 1;
        let mut j = digits_start;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        let digits: String = chars[digits_start..j].iter().collect();
        slop = digits
            .parse::<u32>()
            .ok()
            .filter(|s| *s <= 20)
            .ok_or_else(|| {
                SearchError::BadQuery("a phrase's ~N must be a number from 0 to 20".into())
            })?;
        i = j;
    }
    if chars.get(i).is_some_and(|c| *c == '*' || *c == '^') {
        return Err(SearchError::BadQuery(format!(
            "'{}' after a phrase is not supported",
            chars[i]
        )));
    }
    Ok((text, slop, i))
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    clauses: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn parse_or(&mut self) -> Result<Query, SearchError> {
        let mut alternatives = vec![self.parse_and()?];
        while self.peek() == Some(&Token::Or) {
            self.pos += 1;
            alternatives.push(self.parse_and()?);
        }
        Ok(Query {
            alternatives,
            operators: false,
        })
    }

    fn parse_and(&mut self) -> Result<Vec<(Occur, Clause)>, SearchError> {
        let mut clauses = Vec::new();
        loop {
            match self.peek() {
                None | Some(Token::Close) | Some(Token::Or) => break,
                Some(Token::And) => {
                    self.pos += 1;
                    if matches!(self.peek(), None | Some(Token::Close) | Some(Token::Or)) {
                        return Err(SearchError::BadQuery("AND needs a word after it".into()));
                    }
                }
                _ => clauses.push(self.parse_unary()?),
            }
        }
        if clauses.is_empty() && !self.tokens.is_empty() {
            return Err(SearchError::BadQuery(
                "empty group or dangling OR in query".into(),
            ));
        }
        Ok(clauses)
    }

    fn parse_unary(&mut self) -> Result<(Occur, Clause), SearchError> {
        let occur = match self.peek() {
            Some(Token::Minus) | Some(Token::Not) => {
                self.pos += 1;
                Occur::MustNot
            }
            Some(Token::Plus) => {
                self.pos += 1;
                Occur::Required
            }
            _ => Occur::Must,
        };
        Ok((occur, self.parse_primary()?))
    }

    fn parse_primary(&mut self) -> Result<Clause, SearchError> {
        let token = self
            .tokens
            .get(self.pos)
            .cloned()
            .ok_or_else(|| SearchError::BadQuery("query ends after an operator".into()))?;
        self.pos += 1;
        self.count_clause()?;
        match token {
            Token::Open => {
                self.depth += 1;
                if self.depth > MAX_QUERY_NESTING {
                    return Err(SearchError::BadQuery(format!(
                        "parentheses nested more than {MAX_QUERY_NESTING} deep"
                    )));
                }
                let inner = self.parse_or()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(SearchError::BadQuery("unclosed '(' in query".into()));
                }
                self.pos += 1;
                self.depth -= 1;
                Ok(Clause::Group(Box::new(inner)))
            }
            Token::Word(word) => word_clause(&word),
            Token::Phrase(text, slop) => Ok(Clause::Phrase(text, slop)),
            Token::Field(name, value) => {
                Ok(Clause::Filter(Box::new(filter_clause(&name, &value)?)))
            }
            other => Err(SearchError::BadQuery(format!(
                "unexpected {} in query",
                other.describe()
            ))),
        }
    }

    fn count_clause(&mut self) -> Result<(), SearchError> {
        self.clauses += 1;
        if self.clauses > MAX_QUERY_CLAUSES {
            return Err(SearchError::BadQuery(format!(
                "query has more than {MAX_QUERY_CLAUSES} clauses"
            )));
        }
        Ok(())
    }
}

/// A bare word: plain, `prefix*` or `fuzzy~N`.
fn word_clause(word: &str) -> Result<Clause, SearchError> {
    if word.contains('^') {
        return Err(SearchError::BadQuery("boosts (^) are not supported".into()));
    }
    if let Some(stem) = word.strip_suffix('*') {
        if stem.contains('*') || stem.chars().count() < 2 {
            return Err(SearchError::BadQuery(format!(
                "{word:?}: a prefix search needs at least two letters before a single final *"
            )));
        }
        return Ok(Clause::Prefix(stem.to_lowercase()));
    }
    if word.contains('*') || word.contains('?') && word.len() > 1 && !word.ends_with('?') {
        return Err(SearchError::BadQuery(format!(
            "{word:?}: wildcards are only supported at the end of a word (plan*)"
        )));
    }
    if let Some((stem, distance)) = word.split_once('~') {
        let distance = match distance {
            "" => 1,
            "1" => 1,
            "2" => 2,
            _ => {
                return Err(SearchError::BadQuery(format!(
                    "{word:?}: fuzzy distance must be 1 or 2"
                )))
            }
        };
        if stem.is_empty() {
            return Err(SearchError::BadQuery("'~' needs a word before it".into()));
        }
        return Ok(Clause::Fuzzy(stem.to_lowercase(), distance));
    }
    Ok(Clause::Word(word.to_string()))
}

/// A typed filter such as `type:minutes` or `date:2018-01..2019-06`.
fn filter_clause(name: &str, value: &str) -> Result<Filters, SearchError> {
    let mut f = Filters::default();
    f.add_named(name, value)?;
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(q: &str) -> Query {
        parse(q).unwrap().0.unwrap()
    }

    #[test]
    fn words_are_a_conjunction() {
        let q = text_of("foster carers");
        assert_eq!(q.alternatives.len(), 1);
        assert_eq!(
            q.alternatives[0],
            vec![
                (Occur::Must, Clause::Word("foster".into())),
                (Occur::Must, Clause::Word("carers".into()))
            ]
        );
    }

    #[test]
    fn or_not_and_phrases() {
        let q = text_of("\"foster carers\" OR adoption -agency NOT fees");
        assert_eq!(q.alternatives.len(), 2);
        assert_eq!(
            q.alternatives[0],
            vec![(Occur::Must, Clause::Phrase("foster carers".into(), 0))]
        );
        assert_eq!(q.alternatives[1][1].0, Occur::MustNot);
        assert_eq!(q.alternatives[1][2].0, Occur::MustNot);
    }

    #[test]
    fn prefix_and_fuzzy_keep_their_meaning() {
        assert_eq!(
            text_of("plan*").alternatives[0][0].1,
            Clause::Prefix("plan".into())
        );
        assert_eq!(
            text_of("planing~1").alternatives[0][0].1,
            Clause::Fuzzy("planing".into(), 1)
        );
        assert!(parse("p*").is_err());
        assert!(parse("*plan").is_err());
        assert!(parse("pl*n").is_err());
    }

    #[test]
    fn top_level_filters_are_lifted() {
        let (q, f) = parse(
            "committee:\"Executive\" type:minutes role:resolution year:2018 \
             date:2018-01..2019-06 foster carers",
        )
        .unwrap();
        use crate::search::Dimension;
        assert_eq!(f.values(Dimension::Committee), ["Executive"]);
        assert_eq!(f.values(Dimension::Type), ["minutes"]);
        assert_eq!(f.values(Dimension::Role), ["resolution"]);
        assert_eq!(f.values(Dimension::Year), ["2018"]);
        assert!(f.date().is_some());
        assert_eq!(q.unwrap().alternatives[0].len(), 2);
    }

    #[test]
    fn filters_inside_or_stay_in_the_tree() {
        let (q, f) = parse("type:minutes OR type:agenda").unwrap();
        assert!(f.is_empty());
        assert_eq!(q.unwrap().alternatives.len(), 2);
    }

    #[test]
    fn errors_name_the_problem() {
        let msg = |q: &str| parse(q).unwrap_err().to_string();
        assert!(msg("\"foster carers").contains("unclosed quote"));
        assert!(msg("(foster").contains("unclosed '('"));
        assert!(msg("foster)").contains("unexpected ')'"));
        assert!(msg("colour:red").contains("unknown filter"));
        assert!(msg("type:memo").contains("unknown type"));
        assert!(msg("year:18").contains("four-digit"));
        assert!(msg("foster^2").contains("boosts"));
        assert!(msg("foster AND").contains("AND needs"));
        assert!(msg(&"a ".repeat(600)).contains("limit"));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        for depth in [33, 1_000, 100_000] {
            let q = format!("{}x{}", "(".repeat(depth), ")".repeat(depth));
            assert!(parse(&q).is_err());
        }
        let ok = format!("{}x{}", "(".repeat(32), ")".repeat(32));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn nesting_sweep_never_aborts() {
        for depth in 1..=10_000 {
            for open in ["(", "\"", "+("] {
                let q = format!("{}x{}", open.repeat(depth), ")".repeat(depth));
                let _ = parse(&q);
            }
        }
    }

    #[test]
    fn pasted_colons_are_punctuation() {
        let q = text_of("Reference: Minute 46");
        assert_eq!(q.alternatives[0][0].1, Clause::Word("Reference".into()));
    }
}
