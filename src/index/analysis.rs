//! The pieces of quorum's text analyser that tantivy does not ship: a tokenizer that keeps
//! numbers as people type them, and a filter that maps British and American spellings to one
//! form.
//!
//! [`NumberAwareTokenizer`] splits on everything but letters and digits, like tantivy's simple
//! tokenizer, except that a `,` or `.` between two digits joins them: "£134,000" is one token
//! `134000` (so "134000" and "134,000" find each other), "17.8" is `17.8`, "£3.8m" is `3.8m`.
//! "2018/19" and "2018-19" both give `2018` `19`, so either form finds the other.
//!
//! [`SpellingVariants`] runs after lowercasing and before stemming: "focussed" → "focused",
//! "programme" → "program", "organisation" → "organization", "judgement" → "judgment", and the
//! regular -isation/-ise/-yse endings (with the words where -ise is not a variant left alone).
//! Query words pass through the same analyser, so either spelling finds both.

use std::sync::LazyLock;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Splits text into words and numbers (see the module docs).
#[derive(Clone, Default)]
pub struct NumberAwareTokenizer {
    token: Token,
}

/// The stream of [`NumberAwareTokenizer`].
pub struct NumberAwareStream<'a> {
    text: &'a str,
    at: usize,
    token: &'a mut Token,
}

impl Tokenizer for NumberAwareTokenizer {
    type TokenStream<'a> = NumberAwareStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NumberAwareStream<'a> {
        self.token.reset();
        NumberAwareStream {
            text,
            at: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for NumberAwareStream<'_> {
    fn advance(&mut self) -> bool {
        let rest = self.text.get(self.at..).unwrap_or("");
        let Some((offset, _)) = rest.char_indices().find(|(_, c)| c.is_alphanumeric()) else {
            self.at = self.text.len();
            return false;
        };
        let start = self.at + offset;
        let mut end = start;
        let mut previous: Option<char> = None;
        let mut chars = self.text.get(start..).unwrap_or("").chars().peekable();
        self.token.text.clear();
        while let Some(c) = chars.next() {
            if c.is_alphanumeric() {
                self.token.text.push(c);
            } else if matches!(c, ',' | '.')
                && previous.is_some_and(|p| p.is_ascii_digit())
                && chars.peek().is_some_and(|n| n.is_ascii_digit())
            {
                // A thousands separator disappears; a decimal point stays.
                if c == '.' {
                    self.token.text.push(c);
                }
            } else {
                break;
            }
            end += c.len_utf8();
            previous = Some(c);
        }
        self.at = end;
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = self.token.position.wrapping_add(1);
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Maps spelling variants to one form (see the module docs). Expects lowercase tokens.
#[derive(Clone, Copy, Default)]
pub struct SpellingVariants;

impl TokenFilter for SpellingVariants {
    type Tokenizer<T: Tokenizer> = SpellingVariantsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SpellingVariantsFilter<T> {
        SpellingVariantsFilter { inner: tokenizer }
    }
}

/// [`SpellingVariants`] applied to a tokenizer.
#[derive(Clone)]
pub struct SpellingVariantsFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for SpellingVariantsFilter<T> {
    type TokenStream<'a> = SpellingVariantsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SpellingVariantsStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The stream of [`SpellingVariantsFilter`].
pub struct SpellingVariantsStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for SpellingVariantsStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        if let Some(one) = variant(&self.tail.token().text) {
            self.tail.token_mut().text = one;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Words whose spelling differs irregularly, British first, each with every inflection the
/// stemmer would not bring together by itself.
const IRREGULAR: [(&str, &str); 44] = [
    ("focussed", "focused"),
    ("focussing", "focusing"),
    ("focusses", "focuses"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("programmed", "programed"),
    ("judgement", "judgment"),
    ("judgements", "judgments"),
    ("acknowledgement", "acknowledgment"),
    ("acknowledgements", "acknowledgments"),
    ("travelled", "traveled"),
    ("travelling", "traveling"),
    ("modelled", "modeled"),
    ("modelling", "modeling"),
    ("cancelled", "canceled"),
    ("cancelling", "canceling"),
    ("labelled", "labeled"),
    ("labelling", "labeling"),
    ("counselling", "counseling"),
    ("counsellor", "counselor"),
    ("counsellors", "counselors"),
    ("fulfil", "fulfill"),
    ("fulfils", "fulfills"),
    ("enrolment", "enrollment"),
    ("enrol", "enroll"),
    ("licence", "license"),
    ("licences", "licenses"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("offences", "offenses"),
    ("practise", "practice"),
    ("practised", "practiced"),
    ("ageing", "aging"),
    ("centre", "center"),
    ("centres", "centers"),
    ("behaviour", "behavior"),
    ("behaviours", "behaviors"),
    ("behavioural", "behavioral"),
    ("colour", "color"),
    ("favour", "favor"),
    ("paediatric", "pediatric"),
    ("paediatrician", "pediatrician"),
    ("catalogue", "catalog"),
    ("grey", "gray"),
];

/// Words ending in -ise that are not the British spelling of an -ize word.
const NOT_IZE: [&str; 40] = [
    "advise",
    "exercise",
    "promise",
    "premise",
    "surprise",
    "compromise",
    "enterprise",
    "franchise",
    "merchandise",
    "expertise",
    "otherwise",
    "likewise",
    "clockwise",
    "concise",
    "precise",
    "devise",
    "revise",
    "supervise",
    "televise",
    "improvise",
    "disguise",
    "despise",
    "comprise",
    "chastise",
    "excise",
    "incise",
    "demise",
    "reprise",
    "treatise",
    "noise",
    "poise",
    "raise",
    "praise",
    "cruise",
    "bruise",
    "guise",
    "wise",
    "rise",
    "arise",
    "paradise",
];

/// The one form of `word`, when it has another.
fn variant(word: &str) -> Option<String> {
    // Every token of every passage comes here: a binary search of the sorted list, not a scan.
    static SORTED: LazyLock<Vec<(&str, &str)>> = LazyLock::new(|| {
        let mut sorted = IRREGULAR.to_vec();
        sorted.sort_unstable();
        sorted
    });
    if let Ok(at) = SORTED.binary_search_by(|(british, _)| (*british).cmp(word)) {
        return SORTED.get(at).map(|(_, one)| (*one).to_string());
    }
    if word.len() < 6 || !word.is_ascii() {
        return None;
    }
    // organisation(s) → organization(s)
    for (from, to) in [("isation", "ization"), ("isations", "izations")] {
        if let Some(stem) = word.strip_suffix(from) {
            return Some(format!("{stem}{to}"));
        }
    }
    // prioritise, prioritised, prioritises, prioritising → -ize forms; analyse → analyze.
    for (from, to, base) in [
        ("ise", "ize", "ise"),
        ("ised", "ized", "ise"),
        ("ises", "izes", "ise"),
        ("ising", "izing", "ise"),
        ("yse", "yze", "yse"),
        ("ysed", "yzed", "yse"),
        ("yses", "yzes", "yse"),
        ("ysing", "yzing", "yse"),
    ] {
        if let Some(stem) = word.strip_suffix(from) {
            let lemma = format!("{stem}{base}");
            let excepted = NOT_IZE.iter().any(|w| lemma.ends_with(w));
            if excepted || stem.len() < 3 {
                return None;
            }
            return Some(format!("{stem}{to}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, TextAnalyzer};

    fn tokens(text: &str) -> Vec<String> {
        let mut analyzer = TextAnalyzer::builder(NumberAwareTokenizer::default())
            .filter(LowerCaser)
            .filter(SpellingVariants)
            .build();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(
            tokens("an uplift of £134,000 agreed"),
            ["an", "uplift", "of", "134000", "agreed"]
        );
        assert_eq!(
            tokens("an overspend of £3.8m."),
            ["an", "overspend", "of", "3.8m"]
        );
        assert_eq!(
            tokens("average of 17.8 cases"),
            ["average", "of", "17.8", "cases"]
        );
        assert_eq!(tokens("2018/19"), tokens("2018-19"));
        assert_eq!(tokens("in 2018. The"), ["in", "2018", "the"]);
        assert_eq!(tokens("a,b 1,x"), ["a", "b", "1", "x"]);
    }

    #[test]
    fn offsets_cover_the_typed_form() {
        let mut t = NumberAwareTokenizer::default();
        let mut s = t.token_stream("£134,000 x");
        assert!(s.advance());
        assert_eq!((s.token().offset_from, s.token().offset_to), (2, 9));
    }

    #[test]
    fn british_and_american_spellings_meet() {
        for (a, b) in [
            ("focussed", "focused"),
            ("programme", "program"),
            ("organisation", "organization"),
            ("judgement", "judgment"),
            ("prioritised", "prioritized"),
            ("analyse", "analyze"),
        ] {
            assert_eq!(tokens(a), tokens(b), "{a} / {b}");
        }
        for word in [
            "exercise",
            "advised",
            "promises",
            "surprising",
            "supervised",
            "raise",
        ] {
            assert_eq!(tokens(word), [word], "{word} is not a variant");
        }
    }

    #[test]
    fn odd_text_does_not_panic() {
        for text in ["", "£", "1,", ",1", "1.", "é1,2é", "…1.2…", "١٢,٣"] {
            let _ = tokens(text);
        }
    }
}
