//! The relevance harness: the judged queries of `tests/relevance/judgments.json` (a third
//! questions in plain English, a third short keyword queries, a third with operators or
//! filters) over the seeds and `../shared/realworld/`, answered by quorum and by plain BM25
//! over the same passages (bare tantivy, its standard English stemming analyser, words joined
//! by OR), and scored side by side: success@5, MRR@10 and nDCG@10.
//!
//! A passage is relevant to a query when it belongs to a judged document and contains a
//! judged span of text (`path` and `contains`, with a grade: 2 answers the query, 1 partly).
//! Each answer counts once, for every system alike: a hit near-identical to an earlier hit of
//! the same list (a minute reprinted in a later agenda pack) earns nothing, and the ideal
//! ranking holds each distinct relevant text once.
//!
//! The corpus also holds `tests/fixtures/republished/`: minutes reprinted in the next
//! meeting's agenda pack, and a motion printed when given notice of and again when carried.
//! No first page of any judged query may show two near-identical passages, and the reprinted
//! texts come back as one hit listing its copy.
//! Filters apply to both systems alike: the baseline ranks, among the passages quorum's
//! filters admit, by its own query over the text.
//!
//! `cargo test --release --test relevance -- --nocapture` prints the table
//! (`benches/relevance.sh` runs that); `docs/RELEVANCE.md` records it. The test fails when
//! quorum falls below plain BM25 on any measure, or below the floors recorded there.

mod util;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use quorum::index::fingerprint::near;
use quorum::index::record::PassageRecord;
use quorum::index::{update_index, IndexOptions};
use quorum::search::{query, Engine, SearchRequest, FILTERS};
use serde::Deserialize;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED};
use tantivy::{doc, Index, TantivyDocument};

/// Floors under quorum's figures over the whole set (a little under what docs/RELEVANCE.md
/// records, for the noise of a changed judgment): a ranking change that falls below is a
/// regression.
const FLOOR_SUCCESS_AT_5: f64 = 0.85;
const FLOOR_MRR_AT_10: f64 = 0.70;
const FLOOR_NDCG_AT_10: f64 = 0.55;

#[derive(Deserialize)]
struct Judgments {
    queries: Vec<Judged>,
}

#[derive(Deserialize)]
struct Judged {
    id: String,
    kind: String,
    query: String,
    relevant: Vec<Relevant>,
}

#[derive(Deserialize)]
struct Relevant {
    path: String,
    contains: String,
    grade: u8,
}

/// A passage as both systems see it.
struct Passage {
    path: String,
    text: String,
}

#[derive(Default, Clone, Copy)]
struct Scores {
    success_at_5: f64,
    mrr_at_10: f64,
    ndcg_at_10: f64,
    queries: usize,
}

impl Scores {
    fn add(&mut self, grades: &[u8], ideal: &[u8]) {
        self.queries += 1;
        if grades.iter().take(5).any(|g| *g > 0) {
            self.success_at_5 += 1.0;
        }
        if let Some(rank) = grades.iter().take(10).position(|g| *g > 0) {
            self.mrr_at_10 += 1.0 / (rank as f64 + 1.0);
        }
        let dcg = |gs: &[u8]| -> f64 {
            gs.iter()
                .take(10)
                .enumerate()
                .map(|(i, g)| (2f64.powi(i32::from(*g)) - 1.0) / (i as f64 + 2.0).log2())
                .sum()
        };
        let best = dcg(ideal);
        if best > 0.0 {
            self.ndcg_at_10 += dcg(grades) / best;
        }
    }

    fn mean(&self) -> (f64, f64, f64) {
        let n = self.queries.max(1) as f64;
        (
            self.success_at_5 / n,
            self.mrr_at_10 / n,
            self.ndcg_at_10 / n,
        )
    }
}

/// Copy the seeds to `seeds/` and the real papers to `realworld/` under `into`.
fn assemble(into: &Path, realworld: &Path) {
    let copy_tree = |from: &Path, to: &Path| {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.expect("a readable corpus folder");
            let relative = entry.path().strip_prefix(from).expect("inside the folder");
            let target = to.join(relative);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).expect("a folder");
            } else if entry.file_name() != "SOURCES.md" {
                std::fs::copy(entry.path(), &target).expect("a copy of a paper");
            }
        }
    };
    copy_tree(&util::corpus(), &into.join("seeds"));
    copy_tree(realworld, &into.join("realworld"));
    copy_tree(
        &util::repo().join("tests/fixtures/republished"),
        &into.join("fixtures/republished"),
    );
}

/// The grades of the passages `ids`, in order, a passage near-identical to an earlier one of
/// the list earning nothing.
fn novel_grades<'a>(
    judged: &Judged,
    ids: impl IntoIterator<Item = &'a str>,
    all: &HashMap<String, Passage>,
) -> Vec<u8> {
    let mut shown: Vec<&str> = Vec::new();
    let mut grades = Vec::new();
    for id in ids {
        let Some(p) = all.get(id) else {
            grades.push(0);
            continue;
        };
        let repeat = shown.iter().any(|earlier| near(earlier, &p.text));
        grades.push(if repeat { 0 } else { grade(judged, p) });
        shown.push(&p.text);
    }
    grades
}

/// The ideal grades: each distinct relevant text once, at its best grade.
fn ideal_grades(judged: &Judged, all: &HashMap<String, Passage>) -> Vec<u8> {
    let mut relevant: Vec<(u8, &str)> = all
        .values()
        .map(|p| (grade(judged, p), p.text.as_str()))
        .filter(|(g, _)| *g > 0)
        .collect();
    relevant.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut kept: Vec<(u8, &str)> = Vec::new();
    for (g, text) in relevant {
        if !kept.iter().any(|(_, t)| near(t, text)) {
            kept.push((g, text));
        }
    }
    kept.into_iter().map(|(g, _)| g).collect()
}

/// A table of quorum's figures in another mode, for comparison.
fn print_table(title: &str, table: &HashMap<&str, Scores>) {
    println!("\nquorum with {title}, for comparison:");
    println!("| queries | n | success@5 | MRR@10 | nDCG@10 |");
    println!("|---|---|---|---|---|");
    for kind in ["question", "keyword", "operator", "all"] {
        if let Some(q) = table.get(kind) {
            let (s5, mrr, ndcg) = q.mean();
            println!(
                "| {kind} | {} | {s5:.3} | {mrr:.3} | {ndcg:.3} |",
                q.queries
            );
        }
    }
}

/// Every passage of the index, by id.
fn passages(engine: &Engine) -> HashMap<String, Passage> {
    let plan = engine
        .export(&SearchRequest::new(""), 1_000_000)
        .expect("every passage");
    let records: Vec<PassageRecord> = plan
        .batch(0, plan.len())
        .expect("passage records")
        .into_iter()
        .map(|(record, _)| record)
        .collect();
    records
        .into_iter()
        .map(|r| {
            (
                r.passage.id,
                Passage {
                    path: r.document.path,
                    text: r.passage.text,
                },
            )
        })
        .collect()
}

/// The grade of a passage for a query: the best judgment it satisfies, 0 for none.
fn grade(judged: &Judged, passage: &Passage) -> u8 {
    judged
        .relevant
        .iter()
        .filter(|r| {
            r.path == passage.path && normalise(&passage.text).contains(&normalise(&r.contains))
        })
        .map(|r| r.grade)
        .max()
        .unwrap_or(0)
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The query without its filters (`committee:"..."`, `type:minutes`): the baseline's text.
fn without_filters(q: &str) -> String {
    let names: Vec<&str> = FILTERS.iter().map(|s| s.name).collect();
    let pattern = format!(r#"\b(?:{}):(?:"[^"]*"|\S+)"#, names.join("|"));
    let re = regex::Regex::new(&pattern).expect("a pattern");
    normalise(&re.replace_all(q, " "))
}

/// Plain BM25: bare tantivy over the same passages, English stemming, OR.
struct Baseline {
    index: Index,
    parser: QueryParser,
    id: tantivy::schema::Field,
}

impl Baseline {
    fn new(passages: &HashMap<String, Passage>) -> Baseline {
        let mut schema = Schema::builder();
        let id = schema.add_text_field("id", tantivy::schema::STRING | STORED);
        let indexing = TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let text = schema.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(indexing),
        );
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(50_000_000).expect("a writer");
        let mut ids: Vec<&String> = passages.keys().collect();
        ids.sort();
        for pid in ids {
            writer
                .add_document(doc!(id => pid.as_str(), text => passages[pid].text.as_str()))
                .expect("a document");
        }
        writer.commit().expect("a commit");
        let parser = QueryParser::for_index(&index, vec![text]);
        Baseline { index, parser, id }
    }

    /// The ids of the top `n` passages for `q` among `admitted` (all when `None`).
    fn search(&self, q: &str, admitted: Option<&HashSet<String>>, n: usize) -> Vec<String> {
        let (query, _) = self.parser.parse_query_lenient(&without_filters(q));
        let searcher = self.index.reader().expect("a reader").searcher();
        let top = searcher
            .search(&query, &TopDocs::with_limit(5_000).order_by_score())
            .expect("a search");
        top.into_iter()
            .filter_map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(address).ok()?;
                doc.get_first(self.id)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            })
            .filter(|id| admitted.is_none_or(|a| a.contains(id)))
            .take(n)
            .collect()
    }
}

#[test]
fn quorum_ranks_at_least_as_well_as_plain_bm25() {
    let judgments: Judgments = serde_json::from_str(
        &std::fs::read_to_string(util::repo().join("tests/relevance/judgments.json"))
            .expect("the judged queries"),
    )
    .expect("judgments in their documented shape");
    let Some(realworld) = util::realworld() else {
        return;
    };
    assert!(judgments.queries.len() >= 60);

    let corpus = tempfile::tempdir().expect("a temporary folder");
    assemble(corpus.path(), &realworld);
    let index = tempfile::tempdir().expect("a temporary folder");
    update_index(corpus.path(), index.path(), &IndexOptions::default()).expect("indexing");
    let engine = Engine::open(index.path()).expect("the index");
    let all = passages(&engine);
    let baseline = Baseline::new(&all);

    let mut ours: HashMap<&str, Scores> = HashMap::new();
    let mut strict: HashMap<&str, Scores> = HashMap::new();
    let mut flat: HashMap<&str, Scores> = HashMap::new();
    let mut diversified: HashMap<&str, Scores> = HashMap::new();
    let mut theirs: HashMap<&str, Scores> = HashMap::new();
    let mut missed = Vec::new();
    let mut behind = Vec::new();
    let mut repeated = Vec::new();
    for judged in &judgments.queries {
        let ideal = ideal_grades(judged, &all);
        assert!(
            !ideal.is_empty(),
            "{}: no passage of the index satisfies its judgments (a paper could not be read, \
             or a judged text changed)",
            judged.id
        );

        let response = engine
            .search(&SearchRequest::new(&judged.query))
            .unwrap_or_else(|e| panic!("{}: {e}", judged.id));
        let quorum = novel_grades(judged, response.hits.iter().map(|h| h.id.as_str()), &all);
        for (i, a) in response.hits.iter().enumerate() {
            for b in &response.hits[..i] {
                if near(&a.text, &b.text) {
                    repeated.push(format!(
                        "  {} {:?}: {} repeats {} ({} / {})",
                        judged.id, judged.query, a.id, b.id, a.document.path, b.document.path
                    ));
                }
            }
        }

        // The same query in another mode, graded alike.
        let graded = |adjust: &dyn Fn(&mut SearchRequest)| -> Vec<u8> {
            let mut request = SearchRequest::new(&judged.query);
            adjust(&mut request);
            let hits = engine
                .search(&request)
                .unwrap_or_else(|e| panic!("{}: {e}", judged.id))
                .hits;
            novel_grades(judged, hits.iter().map(|h| h.id.as_str()), &all)
        };
        let flat_grades = graded(&|r| r.collapse = false);
        let diverse_grades = graded(&|r| r.diversify = true);
        let strict_grades = graded(&|r| r.matching = Some(quorum::search::Matching::All));

        let (_, filters) = query::parse(&judged.query).expect("a valid query");
        let admitted = (!filters.is_empty()).then(|| {
            let mut request = SearchRequest::new("");
            request.filters = filters;
            let plan = engine
                .export(&request, 1_000_000)
                .expect("filtered passages");
            plan.batch(0, plan.len())
                .expect("passage records")
                .into_iter()
                .map(|(r, _)| r.passage.id)
                .collect::<HashSet<String>>()
        });
        let bm25_ids = baseline.search(&judged.query, admitted.as_ref(), 10);
        let bm25 = novel_grades(judged, bm25_ids.iter().map(String::as_str), &all);

        let first = |grades: &[u8]| grades.iter().take(10).position(|g| *g > 0);
        let (ours_at, theirs_at) = (first(&quorum), first(&bm25));
        if ours_at.unwrap_or(10) > theirs_at.unwrap_or(10) {
            behind.push(format!(
                "  {} [{}] {:?}: first relevant at {} (BM25 {})",
                judged.id,
                judged.kind,
                judged.query,
                ours_at.map_or("-".into(), |r| (r + 1).to_string()),
                theirs_at.map_or("-".into(), |r| (r + 1).to_string())
            ));
        }
        for kind in [judged.kind.as_str(), "all"] {
            ours.entry(kind).or_default().add(&quorum, &ideal);
            strict.entry(kind).or_default().add(&strict_grades, &ideal);
            flat.entry(kind).or_default().add(&flat_grades, &ideal);
            diversified
                .entry(kind)
                .or_default()
                .add(&diverse_grades, &ideal);
            theirs.entry(kind).or_default().add(&bm25, &ideal);
        }
        if !quorum.iter().take(5).any(|g| *g > 0) {
            missed.push(format!(
                "  {} [{}] {:?}: not in quorum's top 5 (matching {:?}, {} hits; BM25 {})",
                judged.id,
                judged.kind,
                judged.query,
                response.matching,
                response.total,
                if bm25.iter().take(5).any(|g| *g > 0) {
                    "finds it"
                } else {
                    "misses it too"
                }
            ));
        }
    }

    println!(
        "\nrelevance over {} judged queries",
        judgments.queries.len()
    );
    println!(
        "| queries | n | success@5 quorum | BM25 | MRR@10 quorum | BM25 | nDCG@10 quorum | BM25 |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for kind in ["question", "keyword", "operator", "all"] {
        let (Some(q), Some(b)) = (ours.get(kind), theirs.get(kind)) else {
            continue;
        };
        let (qs, qm, qn) = q.mean();
        let (bs, bm, bn) = b.mean();
        println!(
            "| {kind} | {} | {qs:.3} | {bs:.3} | {qm:.3} | {bm:.3} | {qn:.3} | {bn:.3} |",
            q.queries
        );
    }
    for (title, table) in [
        ("every word required (matching=all)", &strict),
        ("near-duplicates shown separately (collapse=false)", &flat),
        (
            "at most two passages of an item first (diversify=true)",
            &diversified,
        ),
    ] {
        print_table(title, table);
    }
    if !missed.is_empty() {
        println!("missed at 5:\n{}", missed.join("\n"));
    }
    if !behind.is_empty() {
        println!(
            "first relevant hit later than BM25's:\n{}",
            behind.join("\n")
        );
    }

    assert!(
        repeated.is_empty(),
        "near-identical passages on a first page:\n{}",
        repeated.join("\n")
    );
    // The reprinted minutes and the repeated motion: one hit each, listing the other place.
    for (query, copy_in) in [
        (
            "riverside playground basket swing wet-pour",
            "fixtures/republished/2024-04-02_agenda.txt",
        ),
        (
            "native tree for every child born in the parish",
            "fixtures/republished/2024-04-02_agenda.txt",
        ),
    ] {
        let response = engine
            .search(&SearchRequest::new(query))
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        let first = response
            .hits
            .first()
            .unwrap_or_else(|| panic!("{query}: no hit"));
        let places: Vec<&str> = std::iter::once(first.document.path.as_str())
            .chain(first.copies.iter().map(|c| c.path.as_str()))
            .collect();
        assert!(
            places.contains(&copy_in) && first.copies_total >= 1,
            "{query}: the first hit's places are {places:?}"
        );
        assert!(response.distinct_total < response.total, "{query}");
        println!(
            "{query:?}: {} in {:?}, also in {:?}",
            first.id,
            first.document.path,
            first.copies.iter().map(|c| &c.path).collect::<Vec<_>>()
        );
    }

    let (qs, qm, qn) = ours["all"].mean();
    let (bs, bm, bn) = theirs["all"].mean();
    assert!(qs >= bs, "success@5: quorum {qs:.3} below BM25 {bs:.3}");
    assert!(qm >= bm, "MRR@10: quorum {qm:.3} below BM25 {bm:.3}");
    assert!(qn >= bn, "nDCG@10: quorum {qn:.3} below BM25 {bn:.3}");
    assert!(
        qs >= FLOOR_SUCCESS_AT_5,
        "success@5 {qs:.3} under its floor"
    );
    assert!(qm >= FLOOR_MRR_AT_10, "MRR@10 {qm:.3} under its floor");
    assert!(qn >= FLOOR_NDCG_AT_10, "nDCG@10 {qn:.3} under its floor");
}
