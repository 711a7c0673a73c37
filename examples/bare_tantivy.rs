//! The limit quorum's pipeline can approach: a minimal tantivy program indexing the same
//! passages with the same text fields and analyser, and answering the same queries.
//!
//! ```sh
//! cargo run --release --example bare_tantivy -- index PASSAGES.jsonl DIR [THREADS]
//! cargo run --release --example bare_tantivy -- query DIR QUERIES.jsonl
//! ```
//!
//! `PASSAGES.jsonl` and `QUERIES.jsonl` are what `quorum gen --jsonl --queries` writes. The
//! schema mirrors quorum's passage records: `text`, `item_title` and `section` analysed by
//! quorum's analyser with positions, facets for council, committee, type and role, a fast
//! date, and the passage's JSON stored whole (quorum stores one JSON payload per record too).
//! Queries: every word required (in any of the three fields, titles boosted as quorum does),
//! phrases as phrases, a committee filter as a facet term, top 10 by BM25 with a count and the
//! 10 stored documents loaded, one facet counted for `faceted` queries. Prints one JSON object.

use std::io::BufRead;
use std::time::Instant;

use anyhow::Context;
use quorum::index::schema::{text_analyzer, TEXT_ANALYZER};
use serde::Deserialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    DateOptions, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
    STORED,
};
use tantivy::tokenizer::TokenStream;
use tantivy::{DateTime, Index, TantivyDocument, Term};

#[derive(Deserialize)]
struct Passage {
    council: String,
    committee: String,
    date: String,
    #[serde(rename = "type")]
    doc_type: String,
    role: String,
    item_number: String,
    item_title: String,
    section: Option<String>,
    text: String,
}

#[derive(Deserialize)]
struct QueryLine {
    words: Vec<String>,
    phrase: bool,
    committee: Option<String>,
    facets: bool,
}

struct Fields {
    text: Field,
    item_title: Field,
    section: Field,
    council: Field,
    committee: Field,
    doc_type: Field,
    role: Field,
    date: Field,
    payload: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analysed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        text: b.add_text_field("text", analysed.clone()),
        item_title: b.add_text_field("item_title", analysed.clone()),
        section: b.add_text_field("section", analysed),
        council: b.add_facet_field("council", FacetOptions::default()),
        committee: b.add_facet_field("committee", FacetOptions::default()),
        doc_type: b.add_facet_field("type", FacetOptions::default()),
        role: b.add_facet_field("role", FacetOptions::default()),
        date: b.add_date_field("date", DateOptions::default().set_indexed().set_fast()),
        payload: b.add_text_field("payload", STORED),
    };
    (b.build(), fields)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["index", jsonl, dir, rest @ ..] => {
            let threads = rest.first().map_or(Ok(2), |t| t.parse())?;
            index(jsonl, dir, threads)
        }
        ["query", dir, queries] => query(dir, queries),
        _ => anyhow::bail!(
            "usage: bare_tantivy index PASSAGES.jsonl DIR [THREADS] | query DIR QUERIES.jsonl"
        ),
    }
}

fn index(jsonl: &str, dir: &str, threads: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    std::fs::create_dir_all(dir)?;
    let (schema, f) = schema();
    let index = Index::create_in_dir(dir, schema).context("creating the index")?;
    index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(threads, 256 << 20)?;
    let reader = std::io::BufReader::new(std::fs::File::open(jsonl)?);
    let (mut passages, mut bytes) = (0usize, 0usize);
    for line in reader.lines() {
        let line = line?;
        let p: Passage = serde_json::from_str(&line)?;
        let mut d = TantivyDocument::new();
        d.add_text(f.text, &p.text);
        d.add_text(f.item_title, format!("{} {}", p.item_number, p.item_title));
        if let Some(s) = &p.section {
            d.add_text(f.section, s);
        }
        d.add_facet(f.council, tantivy::schema::Facet::from_path([&p.council]));
        d.add_facet(
            f.committee,
            tantivy::schema::Facet::from_path([&p.committee]),
        );
        d.add_facet(f.doc_type, tantivy::schema::Facet::from_path([&p.doc_type]));
        d.add_facet(f.role, tantivy::schema::Facet::from_path([&p.role]));
        if let Ok(date) = chrono::NaiveDate::parse_from_str(&p.date, "%Y-%m-%d") {
            let secs = date
                .and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp());
            d.add_date(f.date, DateTime::from_timestamp_secs(secs));
        }
        bytes += p.text.len();
        d.add_text(f.payload, line);
        writer.add_document(d)?;
        passages += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({"engine": "tantivy", "passages": passages, "text_bytes": bytes,
                           "seconds": seconds, "threads": threads})
    );
    Ok(())
}

fn query(dir: &str, list: &str) -> anyhow::Result<()> {
    let index = Index::open_in_dir(dir)?;
    index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
    let (_, f) = schema();
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let lines: Vec<QueryLine> = std::fs::read_to_string(list)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let run = |q: &QueryLine| -> anyhow::Result<usize> {
        let query = build(&f, q);
        let top = TopDocs::with_limit(10).order_by_score();
        let (hits, total) = if q.facets {
            let mut facets = FacetCollector::for_field("committee");
            facets.add_facet(tantivy::schema::Facet::root());
            let (hits, total, counts) = searcher.search(&query, &(top, Count, facets))?;
            std::hint::black_box(counts.get(tantivy::schema::Facet::root()).count());
            (hits, total)
        } else {
            searcher.search(&query, &(top, Count))?
        };
        for (_, address) in hits {
            std::hint::black_box(searcher.doc::<TantivyDocument>(address)?);
        }
        Ok(total)
    };
    for q in &lines {
        run(q)?;
    }
    let mut micros = Vec::with_capacity(lines.len());
    let mut zero = 0;
    let started = Instant::now();
    for q in &lines {
        let t = Instant::now();
        if run(q)? == 0 {
            zero += 1;
        }
        micros.push(t.elapsed().as_secs_f64() * 1e6);
    }
    let seconds = started.elapsed().as_secs_f64();
    micros.sort_by(f64::total_cmp);
    let pct = |p: f64| micros[((micros.len() as f64 * p) as usize).min(micros.len() - 1)];
    println!(
        "{}",
        serde_json::json!({"engine": "tantivy", "queries": lines.len(), "zero_hits": zero,
            "p50_us": pct(0.5), "p95_us": pct(0.95), "p99_us": pct(0.99),
            "qps": lines.len() as f64 / seconds})
    );
    Ok(())
}

/// Analysed terms of `word`, as quorum's analyser produces them.
fn terms(word: &str) -> Vec<String> {
    let mut analyzer = text_analyzer();
    let mut stream = analyzer.token_stream(word);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

fn build(f: &Fields, q: &QueryLine) -> BooleanQuery {
    let boosted = [(f.text, 1.0), (f.item_title, 2.0), (f.section, 1.5)];
    let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let per_field = |make: &dyn Fn(Field) -> Box<dyn Query>| -> Box<dyn Query> {
        let alternatives = boosted
            .iter()
            .map(|(field, boost)| {
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(make(*field), *boost)) as Box<dyn Query>,
                )
            })
            .collect();
        Box::new(BooleanQuery::new(alternatives))
    };
    let analysed: Vec<String> = q.words.iter().flat_map(|w| terms(w)).collect();
    if q.phrase && analysed.len() > 1 {
        let words = analysed;
        must.push((
            Occur::Must,
            per_field(&|field| {
                let ts = words
                    .iter()
                    .map(|w| Term::from_field_text(field, w))
                    .collect();
                Box::new(PhraseQuery::new(ts))
            }),
        ));
    } else {
        for word in analysed {
            must.push((
                Occur::Must,
                per_field(&|field| {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, &word),
                        IndexRecordOption::WithFreqs,
                    ))
                }),
            ));
        }
    }
    if let Some(c) = &q.committee {
        must.push((
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_facet(f.committee, &tantivy::schema::Facet::from_path([c])),
                IndexRecordOption::Basic,
            )),
        ));
    }
    BooleanQuery::new(must)
}
