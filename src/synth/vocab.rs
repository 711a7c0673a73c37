//! The generator's words: the vocabulary of the sample corpus, drawn with a Zipf distribution.
//!
//! In: the text files of a corpus folder (by default quorum's own `corpus/`). Out: a
//! [`Vocabulary`] whose words are ranked by how often the corpus uses them; word number `r`
//! (from 1) is drawn with probability proportional to `1 / r^s` (Zipf's law, `s` close to 1 in
//! English prose), so common words are common and rare words rare, as in real papers. Adjacent
//! pairs of content words from the corpus ("foster carers", "social workers") are kept too, so
//! that generated text contains real phrases and phrase queries find them.

use std::collections::HashMap;
use std::path::Path;

use super::rng::Rng;
use super::SynthError;

/// Zipf exponent for words: close to 1, as measured on English text.
const WORD_EXPONENT: f64 = 1.05;
/// Zipf exponent for phrases.
const PHRASE_EXPONENT: f64 = 1.0;
/// Fewest distinct words a vocabulary folder must yield to produce plausible text.
const MIN_WORDS: usize = 50;

/// Function words: never used alone as query terms or as halves of phrases.
pub const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "could", "did", "do", "for", "from", "had", "has", "have", "he", "her",
    "his", "if", "in", "into", "is", "it", "its", "may", "more", "most", "must", "no", "not", "of",
    "on", "one", "or", "other", "our", "out", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "them", "there", "these", "they", "this", "those", "through", "to",
    "up", "was", "we", "were", "what", "when", "where", "which", "who", "will", "with", "would",
    "you", "your",
];

/// Ranked words and phrases with their cumulative Zipf weights.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    words: Vec<String>,
    word_cdf: Vec<f64>,
    phrases: Vec<(String, String)>,
    phrase_cdf: Vec<f64>,
    /// Indices into `words` of content words (not stopwords, at least 4 letters), best first.
    content: Vec<usize>,
}

impl Vocabulary {
    /// Read every `.txt`, `.md` and `.html` file directly under or below `dir`.
    pub fn from_dir(dir: &Path) -> Result<Vocabulary, SynthError> {
        let mut text = String::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| SynthError::Vocabulary {
                path: dir.to_path_buf(),
                reason: e.to_string(),
            })?;
            let path = entry.path();
            let wanted = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "txt" | "md" | "html" | "htm"));
            if entry.file_type().is_file() && wanted {
                let bytes = std::fs::read(path).map_err(|e| SynthError::Vocabulary {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                })?;
                text.push_str(&String::from_utf8_lossy(&bytes));
                text.push('\n');
            }
        }
        Vocabulary::from_text(&text).ok_or_else(|| SynthError::Vocabulary {
            path: dir.to_path_buf(),
            reason: format!("fewer than {MIN_WORDS} distinct words in its .txt/.md/.html files"),
        })
    }

    /// Build from running text; `None` when it has too few distinct words.
    pub fn from_text(text: &str) -> Option<Vocabulary> {
        let spelled = tokens(text);
        // Each word is written in its most frequent spelling ("Ofsted", "ILACS", "foster").
        let mut spellings: HashMap<String, HashMap<&str, usize>> = HashMap::new();
        for t in &spelled {
            *spellings
                .entry(t.to_lowercase())
                .or_default()
                .entry(t.as_str())
                .or_default() += 1;
        }
        let display: HashMap<&str, &str> = spellings
            .iter()
            .filter_map(|(lower, forms)| {
                let best = forms
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
                Some((lower.as_str(), *best.0))
            })
            .collect();
        let tokens: Vec<String> = spelled.iter().map(|t| t.to_lowercase()).collect();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for t in &tokens {
            *counts.entry(t.as_str()).or_default() += 1;
        }
        let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        if ranked.len() < MIN_WORDS {
            return None;
        }
        let words: Vec<String> = ranked
            .iter()
            .map(|(w, _)| display.get(w).copied().unwrap_or(w).to_string())
            .collect();
        let content = ranked
            .iter()
            .enumerate()
            .filter(|(_, (w, _))| is_content(w))
            .map(|(i, _)| i)
            .collect();

        let mut pairs: HashMap<(&str, &str), usize> = HashMap::new();
        for pair in tokens.windows(2) {
            if let [a, b] = pair {
                if is_content(a) && is_content(b) && a != b {
                    *pairs.entry((a.as_str(), b.as_str())).or_default() += 1;
                }
            }
        }
        let mut pairs: Vec<((&str, &str), usize)> =
            pairs.into_iter().filter(|(_, n)| *n >= 2).collect();
        pairs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let phrases: Vec<(String, String)> = pairs
            .iter()
            .map(|((a, b), _)| {
                let shown = |w: &str| display.get(w).copied().unwrap_or(w).to_string();
                (shown(a), shown(b))
            })
            .collect();
        Some(Vocabulary {
            word_cdf: zipf_cdf(words.len(), WORD_EXPONENT),
            phrase_cdf: zipf_cdf(phrases.len(), PHRASE_EXPONENT),
            words,
            phrases,
            content,
        })
    }

    /// How many distinct words there are.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Never true: a vocabulary is only built from at least 50 distinct words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// A word drawn by Zipf's law.
    pub fn word(&self, rng: &mut Rng) -> &str {
        &self.words[draw(&self.word_cdf, rng)]
    }

    /// A real two-word phrase of the corpus, drawn by Zipf's law over their frequency; falls
    /// back to two words when the corpus has no repeated pair.
    pub fn phrase(&self, rng: &mut Rng) -> (&str, &str) {
        if self.phrases.is_empty() {
            return (self.content_word(rng, 0.5), self.content_word(rng, 0.5));
        }
        let (a, b) = &self.phrases[draw(&self.phrase_cdf, rng)];
        (a, b)
    }

    /// A content word (no stopword, at least four letters) for a query: drawn uniformly from
    /// the most frequent `share` of content words, so queries hit common and rarer words.
    pub fn content_word(&self, rng: &mut Rng, share: f64) -> &str {
        let top =
            ((self.content.len() as f64 * share).ceil() as usize).clamp(1, self.content.len());
        match self.content.get(rng.below(top)) {
            Some(&i) => &self.words[i],
            None => &self.words[0],
        }
    }
}

/// Alphabetic tokens (apostrophes kept inside words), as the papers spell them.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .map(|t| t.trim_matches(|c| c == '\'' || c == '’').replace('’', "'"))
        .filter(|t| !t.is_empty() && t.len() <= 24 && t.is_ascii())
        .collect()
}

fn is_content(word: &str) -> bool {
    word.len() >= 4 && !word.contains('\'') && !STOPWORDS.contains(&word)
}

/// Cumulative weights of ranks `1..=n` under Zipf's law with exponent `s`, normalised to 1.
fn zipf_cdf(n: usize, s: f64) -> Vec<f64> {
    let mut total = 0.0;
    let mut cdf: Vec<f64> = (1..=n)
        .map(|r| {
            total += 1.0 / (r as f64).powf(s);
            total
        })
        .collect();
    for c in &mut cdf {
        *c /= total;
    }
    cdf
}

fn draw(cdf: &[f64], rng: &mut Rng) -> usize {
    let u = rng.unit();
    cdf.partition_point(|&c| c <= u)
        .min(cdf.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` distinct letter-only words.
    fn distinct(n: usize) -> String {
        (0..n)
            .map(|i| {
                let (a, b) = (b'a' + (i / 26) as u8, b'a' + (i % 26) as u8);
                format!("zq{}{} ", a as char, b as char)
            })
            .collect()
    }

    #[test]
    fn words_keep_their_usual_spelling() {
        let text = "Ofsted ofsted Ofsted ".repeat(3) + &distinct(60);
        let v = Vocabulary::from_text(&text).expect("words");
        assert_eq!(v.words[0], "Ofsted");
    }

    #[test]
    fn frequent_words_are_drawn_more_often() {
        let text = "the the the foster carers ".repeat(60) + &distinct(60);
        let v = Vocabulary::from_text(&text).expect("enough words");
        let mut rng = Rng::new(3);
        let mut the = 0;
        for _ in 0..2000 {
            if v.word(&mut rng) == "the" {
                the += 1;
            }
        }
        // Rank 1 under Zipf over ~60 words carries about a fifth of the mass.
        assert!(the > 200, "{the}");
        assert_eq!(v.phrase(&mut rng), ("foster", "carers"));
        assert!(!STOPWORDS.contains(&v.content_word(&mut rng, 1.0)));
    }

    #[test]
    fn too_small_a_vocabulary_is_refused() {
        assert!(Vocabulary::from_text("a few words only").is_none());
    }
}
