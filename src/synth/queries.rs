//! A mixed list of realistic queries over the generated archive's words, the same for every
//! engine in `benches/compare.sh` and for the query benchmarks.
//!
//! In: the [`Vocabulary`] and a seed. Out: [`QuerySpec`]s of six kinds, in a fixed proportion:
//! a single term (30%), several terms (25%), a phrase (15%), a term with a committee filter
//! (10%), a term with facet counts wanted (10%) and a term grouped by item (10%). Each carries
//! quorum's query text and the plain words, so peers can build their own form of the query.

use serde::Serialize;

use super::paper::COMMITTEES;
use super::rng::Rng;
use super::vocab::Vocabulary;

/// One query, in a form every engine can translate.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct QuerySpec {
    /// `term`, `terms`, `phrase`, `filtered`, `faceted` or `grouped`.
    pub kind: &'static str,
    /// quorum's query text.
    pub q: String,
    /// The words, in order (all required; for a phrase, adjacent).
    pub words: Vec<String>,
    /// True when the words form a phrase.
    pub phrase: bool,
    /// A committee the hits must belong to.
    pub committee: Option<String>,
    /// True when facet counts are part of the answer.
    pub facets: bool,
    /// True when hits are grouped by item.
    pub group: bool,
}

/// `n` queries from `seed`.
pub fn queries(vocab: &Vocabulary, seed: u64, n: usize) -> Vec<QuerySpec> {
    let mut rng = Rng::new(seed ^ 0x5155_4552_5953);
    (0..n).map(|_| one(vocab, &mut rng)).collect()
}

fn one(vocab: &Vocabulary, rng: &mut Rng) -> QuerySpec {
    let roll = rng.below(100);
    let term = |rng: &mut Rng| vocab.content_word(rng, 0.4).to_string();
    let mut spec = QuerySpec {
        kind: "term",
        q: String::new(),
        words: Vec::new(),
        phrase: false,
        committee: None,
        facets: false,
        group: false,
    };
    match roll {
        0..=29 => spec.words = vec![term(rng)],
        30..=54 => {
            spec.kind = "terms";
            let n = rng.range(2, 3);
            while spec.words.len() < n {
                let w = term(rng);
                if !spec.words.contains(&w) {
                    spec.words.push(w);
                }
            }
        }
        55..=69 => {
            spec.kind = "phrase";
            let (a, b) = vocab.phrase(rng);
            spec.words = vec![a.to_string(), b.to_string()];
            spec.phrase = true;
        }
        70..=79 => {
            spec.kind = "filtered";
            spec.words = vec![term(rng)];
            spec.committee = rng.pick(COMMITTEES).map(|c| c.to_string());
        }
        80..=89 => {
            spec.kind = "faceted";
            spec.words = vec![term(rng)];
            spec.facets = true;
        }
        _ => {
            spec.kind = "grouped";
            spec.words = vec![term(rng)];
            spec.group = true;
        }
    }
    let words = spec.words.join(" ");
    spec.q = match (&spec.committee, spec.phrase) {
        (_, true) => format!("\"{words}\""),
        (Some(c), _) => format!("committee:\"{c}\" {words}"),
        (None, false) => words,
    };
    spec
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_deterministic_and_mixed() {
        let vocab =
            Vocabulary::from_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
                .unwrap();
        let a = queries(&vocab, 1, 400);
        assert_eq!(a, queries(&vocab, 1, 400));
        for kind in ["term", "terms", "phrase", "filtered", "faceted", "grouped"] {
            assert!(a.iter().any(|q| q.kind == kind), "{kind}");
        }
        assert!(a.iter().all(|q| !q.words.is_empty() && q.q.len() < 300));
    }
}
