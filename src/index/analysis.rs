//! The pieces of quorum's text analyser that tantivy does not ship: a tokenizer that keeps
//! numbers as people type them, and a filter that gives each word its one indexed form, with
//! British and American spellings brought together before stemming.
//!
//! [`NumberAwareTokenizer`] splits on everything but letters and digits, like tantivy's simple
//! tokenizer, except that a `,` or `.` between two digits joins them: "£134,000" is one token
//! `134000` (so "134000" and "134,000" find each other), "17.8" is `17.8`, "£3.8m" is `3.8m`.
//! "2018/19" and "2018-19" both give `2018` `19`, so either form finds the other.
//!
//! [`EnglishTerms`] runs after lowercasing. Before stemming it maps "focussed" → "focused",
//! "programme" → "program", "organisation" → "organization", "judgement" → "judgment", and the
//! regular -isation/-ise/-yse endings (with the words where -ise is not a variant left alone).
//! Query words pass through the same analyser, so either spelling finds both.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
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

/// The one indexed form of each lowercase word: its spelling variant mapped to one form (see
/// the module docs), then its English (Snowball) stem, the stem tantivy's `Stemmer` gives.
///
/// Every token of every passage passes here, and stemming is the dearest step of analysis. A
/// passage reuses a few hundred words, so each analyser remembers the forms it has made, up to
/// [`REMEMBERED`] words; past that it forgets them all and starts again, so its memory stays
/// bounded whatever the archive.
#[derive(Clone, Copy, Default)]
pub struct EnglishTerms;

/// Most words one analyser remembers (a few MiB at most).
pub const REMEMBERED: usize = 1 << 15;

impl TokenFilter for EnglishTerms {
    type Tokenizer<T: Tokenizer> = EnglishTermsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> EnglishTermsFilter<T> {
        EnglishTermsFilter {
            inner: tokenizer,
            known: Forms::default(),
        }
    }
}

/// Words already seen, each with its indexed form.
type Forms = FxHashMap<Box<str>, Box<str>>;

/// [`EnglishTerms`] applied to a tokenizer.
pub struct EnglishTermsFilter<T> {
    inner: T,
    known: Forms,
}

impl<T: Clone> Clone for EnglishTermsFilter<T> {
    /// A clone starts with nothing remembered: tantivy clones an analyser for every indexing
    /// thread and every query, and copying the words would cost more than it saves.
    fn clone(&self) -> Self {
        EnglishTermsFilter {
            inner: self.inner.clone(),
            known: Forms::default(),
        }
    }
}

impl<T: Tokenizer> Tokenizer for EnglishTermsFilter<T> {
    type TokenStream<'a> = EnglishTermsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        EnglishTermsStream {
            tail: self.inner.token_stream(text),
            known: &mut self.known,
        }
    }
}

/// The stream of [`EnglishTermsFilter`].
pub struct EnglishTermsStream<'a, S> {
    tail: S,
    known: &'a mut Forms,
}

impl<S: TokenStream> TokenStream for EnglishTermsStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(form) = self.known.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(form);
            return true;
        }
        let form = one_form(&token.text);
        if self.known.len() >= REMEMBERED {
            self.known.clear();
        }
        self.known
            .insert(Box::from(token.text.as_str()), Box::from(form.as_str()));
        token.text = form;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The indexed form of one lowercase word: spelling variant, then stem.
fn one_form(word: &str) -> String {
    static STEMMER: LazyLock<frostem::Stemmer> =
        LazyLock::new(|| frostem::Stemmer::new(frostem::Algorithm::English));
    match variant(word) {
        Some(one) => STEMMER.stem(&one).into_owned(),
        None => STEMMER.stem(word).into_owned(),
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
    // Every distinct word comes here: a binary search of the sorted list, not a scan.
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
    use tantivy::tokenizer::{Language, LowerCaser, Stemmer, TextAnalyzer};

    fn all(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    /// Words as the tokenizer splits them, lowercased.
    fn tokens(text: &str) -> Vec<String> {
        let mut analyzer = TextAnalyzer::builder(NumberAwareTokenizer::default())
            .filter(LowerCaser)
            .build();
        all(&mut analyzer, text)
    }

    fn terms_analyzer() -> TextAnalyzer {
        TextAnalyzer::builder(NumberAwareTokenizer::default())
            .filter(LowerCaser)
            .filter(EnglishTerms)
            .build()
    }

    /// Words as they are indexed.
    fn terms(text: &str) -> Vec<String> {
        all(&mut terms_analyzer(), text)
    }

    /// What tantivy's own stemmer gives for each word, after the spelling variant.
    fn stemmed_by_tantivy(text: &str) -> Vec<String> {
        let mut stemmer = TextAnalyzer::builder(NumberAwareTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        tokens(text)
            .iter()
            .flat_map(|word| all(&mut stemmer, &variant(word).unwrap_or(word.clone())))
            .collect()
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
            assert_eq!(terms(a), terms(b), "{a} / {b}");
        }
        for word in [
            "exercise",
            "advised",
            "promises",
            "surprising",
            "supervised",
            "raise",
        ] {
            assert_eq!(variant(word), None, "{word} is not a variant");
            assert_eq!(terms(word), stemmed_by_tantivy(word), "{word}");
        }
    }

    #[test]
    fn remembered_forms_are_the_stems_tantivy_gives() {
        let text = "The Committee considered the programmes, organisations and behaviours \
            of licensed centres; travelling officers prioritised judgements, and the \
            councillors' decisions were analysed. Running runs ran: £3.8m, 2018/19.";
        let expected = stemmed_by_tantivy(text);
        let mut analyzer = terms_analyzer();
        // The second pass reads every word from memory.
        assert_eq!(all(&mut analyzer, text), expected);
        assert_eq!(all(&mut analyzer, text), expected);
        // Past the bound the memory is emptied, and forms stay right.
        let many: String = (0..REMEMBERED + 10).map(|i| format!("word{i}s ")).collect();
        let tail = format!("{many} {text}");
        assert_eq!(all(&mut analyzer, &tail), stemmed_by_tantivy(&tail));
        assert_eq!(all(&mut analyzer, text), expected);
    }

    #[test]
    fn odd_text_does_not_panic() {
        for text in ["", "£", "1,", ",1", "1.", "é1,2é", "…1.2…", "١٢,٣"] {
            let _ = tokens(text);
        }
    }
}
