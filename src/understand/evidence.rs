//! Evidence for a meeting fact, gathered from every place a clerk would look and weighed.
//!
//! In: candidates for one field (a type, council, committee or date), each with a score and the
//! [`Origin`] it was read from. Out: the value the evidence agrees on, and where its strongest
//! support came from ([`Ballot::winner`]).
//!
//! The readers ([`super::header`] for the text and the format's title, [`super::path`] for the
//! file name and folders) add candidates; they never decide alone. Candidates with the same
//! value (compared by a key that ignores case, "the", "&" and punctuation) pool their scores, so
//! a date stated in the meeting sentence, the running footer and the file name beats a lone
//! despatch date. A value whose pooled score stays below the ballot's threshold is not taken:
//! weak evidence gives `None`, never a guess.

use serde::{Deserialize, Serialize};

/// Where a meeting fact was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The paper's own text.
    Text,
    /// The title the file format states (an HTML `<title>`, a PDF's Title).
    Title,
    /// The file's name and the folders it sits in.
    Path,
    /// Metadata given beside the file (a sidecar or the manifest).
    Sidecar,
}

/// Where each meeting fact of a document came from; `None` when the fact is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Provenance {
    /// Of the document's type (`None` also when the type is `other` for want of evidence).
    #[serde(rename = "type")]
    pub doc_type: Option<Origin>,
    /// Of the council.
    pub council: Option<Origin>,
    /// Of the committee.
    pub committee: Option<Origin>,
    /// Of the meeting date.
    pub date: Option<Origin>,
}

/// One piece of evidence for a value.
#[derive(Debug, Clone)]
struct Candidate<T> {
    value: T,
    key: String,
    score: f32,
    origin: Origin,
}

/// The candidates for one field.
#[derive(Debug, Clone)]
pub struct Ballot<T> {
    candidates: Vec<Candidate<T>>,
    threshold: f32,
}

impl<T: Clone> Ballot<T> {
    /// An empty ballot that takes a value only when its pooled score reaches `threshold`.
    pub fn new(threshold: f32) -> Self {
        Ballot {
            candidates: Vec::new(),
            threshold,
        }
    }

    /// Add a candidate whose identity for pooling is `key` (see [`key`]).
    pub fn add_keyed(&mut self, value: T, key: String, score: f32, origin: Origin) {
        if score > 0.0 && !key.is_empty() {
            self.candidates.push(Candidate {
                value,
                key,
                score,
                origin,
            });
        }
    }

    /// The value with the highest pooled score at or above the threshold, as its best-scored
    /// candidate wrote it, and that candidate's origin. Ties go to the value seen first.
    pub fn winner(&self) -> Option<(T, Origin)> {
        let mut pools: Vec<(&str, f32, usize)> = Vec::new();
        for (i, c) in self.candidates.iter().enumerate() {
            match pools.iter_mut().find(|(k, _, _)| *k == c.key) {
                Some(pool) => {
                    pool.1 += c.score;
                    let best = &self.candidates[pool.2];
                    if c.score > best.score {
                        pool.2 = i;
                    }
                }
                None => pools.push((&c.key, c.score, i)),
            }
        }
        let mut best: Option<(f32, usize)> = None;
        for (_, total, i) in &pools {
            if best.is_none_or(|(t, _)| *total > t) {
                best = Some((*total, *i));
            }
        }
        let (total, i) = best?;
        let c = self.candidates.get(i)?;
        (total >= self.threshold).then(|| (c.value.clone(), c.origin))
    }
}

impl<T: Clone + ToString> Ballot<T> {
    /// Add a candidate pooled by the normalised [`key`] of its text.
    pub fn add(&mut self, value: T, score: f32, origin: Origin) {
        let k = key(&value.to_string());
        self.add_keyed(value, k, score, origin);
    }
}

/// A name's identity for pooling: lower case, letters and digits only, "the" and "and" dropped
/// ("The Planning & Licensing Committee" and "Planning and Licensing Committee" pool).
pub fn key(s: &str) -> String {
    let lower = s.to_lowercase().replace('&', " and ");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "the" && *w != "and")
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreeing_evidence_beats_one_stronger_candidate() {
        let mut b = Ballot::new(1.0);
        b.add("3 March".to_string(), 2.0, Origin::Text);
        b.add("12 March".to_string(), 1.5, Origin::Text);
        b.add("12 march".to_string(), 1.0, Origin::Path);
        assert_eq!(b.winner(), Some(("12 March".to_string(), Origin::Text)));
    }

    #[test]
    fn weak_evidence_gives_nothing() {
        let mut b = Ballot::new(1.0);
        b.add("Leeds".to_string(), 0.5, Origin::Text);
        assert_eq!(b.winner(), None);
        assert!(Ballot::<String>::new(1.0).winner().is_none());
    }

    #[test]
    fn keys_ignore_case_articles_and_ampersands() {
        assert_eq!(
            key("The Planning & Licensing Committee"),
            key("planning and licensing committee")
        );
    }
}
