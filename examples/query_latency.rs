//! Time a list of queries against a quorum index, in process: p50/p95/p99 and queries/s.
//!
//! ```sh
//! cargo run --release --example query_latency -- INDEX QUERIES.jsonl [full|flat|bare]
//! ```
//!
//! `QUERIES.jsonl` is what `quorum gen --queries` writes. `full` (the default) times
//! [`Engine::search`]: parsing, ranking the top 10, collapsing near-duplicates, snippets, facet
//! counts, payloads; `flat` the same with `collapse=false`. `bare`
//! times what a minimal tantivy program does for the same query: quorum's parsed query, top 10
//! by BM25 plus a count, and the stored records of the 10 hits, with no snippets or facets
//! (except for `faceted` queries, which count one facet as the peers do). Every query is run
//! once to warm up, then once timed on a freshly opened engine (warm pages, empty caches, no
//! answers kept);
//! one JSON object is printed. Used by `benches/compare.sh`.

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::Context;
use quorum::search::build::{full_query, QueryBuilder};
use quorum::search::{query, Engine, Filters, SearchRequest};
use serde::Deserialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::schema::Facet;
use tantivy::TantivyDocument;

/// One line of the query list (the fields of `quorum::synth::queries::QuerySpec` used here).
#[derive(Deserialize)]
struct Line {
    kind: String,
    q: String,
    committee: Option<String>,
    facets: bool,
    group: bool,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [index, list, rest @ ..] = args.as_slice() else {
        anyhow::bail!("usage: query_latency INDEX QUERIES.jsonl [full|flat|bare]");
    };
    let bare = rest.first().is_some_and(|m| m == "bare");
    let collapse = rest.first().is_none_or(|m| m != "flat");
    let warm = Engine::open(index.as_ref()).context("opening the index")?;
    let text = std::fs::read_to_string(list).with_context(|| format!("reading {list}"))?;
    let lines: Vec<Line> = text
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()
        .context("parsing the query list")?;
    let run = |engine: &Engine, line: &Line| -> anyhow::Result<usize> {
        if bare {
            bare_search(engine, line)
        } else {
            let mut request = request(line);
            request.collapse = collapse;
            Ok(engine.search(&request)?.total)
        }
    };
    for line in &lines {
        run(&warm, line)?;
    }
    // Timed on a second engine: the pages of the index are warm, its caches (facet counts
    // kept per query) are empty, and it keeps no answers, so every answer is computed, even
    // for a query the list repeats.
    drop(warm);
    let engine = Engine::open(index.as_ref())
        .context("opening the index")?
        .with_answer_cache(0);
    // As `quorum serve` does before it listens.
    engine.warm()?;
    let mut micros = Vec::with_capacity(lines.len());
    let mut by_kind: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut zero = 0;
    let started = Instant::now();
    for line in &lines {
        let t = Instant::now();
        let total = run(&engine, line)?;
        let us = t.elapsed().as_secs_f64() * 1e6;
        micros.push(us);
        by_kind.entry(line.kind.as_str()).or_default().push(us);
        if total == 0 {
            zero += 1;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let pct = |v: &mut Vec<f64>, p: f64| {
        v.sort_by(f64::total_cmp);
        v[((v.len() as f64 * p) as usize).min(v.len() - 1)]
    };
    let kinds: BTreeMap<&str, serde_json::Value> = by_kind
        .iter_mut()
        .map(|(k, v)| {
            let value =
                serde_json::json!({"n": v.len(), "p50_us": pct(v, 0.5), "p99_us": pct(v, 0.99)});
            (*k, value)
        })
        .collect();
    println!(
        "{}",
        serde_json::json!({
            "engine": match (bare, collapse) {
                (true, _) => "quorum-bare",
                (false, true) => "quorum",
                (false, false) => "quorum-flat",
            },
            "queries": lines.len(), "kinds": kinds, "zero_hits": zero,
            "p50_us": pct(&mut micros, 0.50), "p95_us": pct(&mut micros, 0.95),
            "p99_us": pct(&mut micros, 0.99),
            "qps": lines.len() as f64 / seconds,
        })
    );
    Ok(())
}

/// The request quorum's API would receive.
fn request(line: &Line) -> SearchRequest {
    let mut request = SearchRequest::new(line.q.clone());
    request.group_by_item = line.group;
    request
}

/// quorum's parsed query, top 10 and a count, the 10 stored records; one facet when asked.
fn bare_search(engine: &Engine, line: &Line) -> anyhow::Result<usize> {
    let handle = engine.handle();
    let fields = &handle.fields;
    let searcher = handle.reader.searcher();
    let (parsed, filters) = query::parse(&line.q)?;
    let text = match &parsed {
        Some(q) => QueryBuilder::new(fields, &searcher).text_query(q)?,
        None => None,
    };
    let mut all = Filters::default();
    all.merge(filters);
    debug_assert!(line.committee.is_none() || !all.is_empty());
    let q = full_query(fields, text.as_deref(), &all);
    let top = TopDocs::with_limit(10).order_by_score();
    let total = if line.facets {
        let mut facets = FacetCollector::for_field("committee");
        facets.add_facet(Facet::root());
        let (top, total, counts) = searcher.search(&*q, &(top, Count, facets))?;
        std::hint::black_box(counts.get(Facet::root()).count());
        load(&searcher, &top)?;
        total
    } else {
        let (top, total) = searcher.search(&*q, &(top, Count))?;
        load(&searcher, &top)?;
        total
    };
    Ok(total)
}

fn load(searcher: &tantivy::Searcher, top: &[(f32, tantivy::DocAddress)]) -> anyhow::Result<()> {
    for (_, address) in top {
        std::hint::black_box(searcher.doc::<TantivyDocument>(*address)?);
    }
    Ok(())
}
