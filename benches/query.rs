//! Queries by kind against an index of a small generated archive (about 5,000 passages):
//! single term, several terms, phrase, filtered, faceted, grouped. Each iteration runs the
//! next query of that kind from the generated query list (full answers: snippets, facets).
//!
//! Run with `cargo bench --bench query`; `-- --test` runs each once (CI).

mod common;

use std::cell::Cell;

use criterion::{criterion_group, criterion_main, Criterion};
use quorum::index::{update_index, IndexOptions};
use quorum::search::{Engine, Filters, SearchRequest};
use quorum::synth::queries::{queries, QuerySpec};
use quorum::synth::render::Style;
use quorum::synth::vocab::Vocabulary;

/// The request quorum's API would receive for a query of the list.
pub fn request(spec: &QuerySpec) -> SearchRequest {
    let mut request = SearchRequest::new(spec.q.clone());
    request.group_by_item = spec.group;
    if spec.facets {
        // A ticked facet: its own counts need a second pass, as in the web page.
        request.filters = Filters::default()
            .with("type", "minutes")
            .expect("a valid filter");
    }
    request
}

fn querying(c: &mut Criterion) {
    let (dir, _) = common::archive(5_000, &[Style::Text, Style::Markdown, Style::Html]);
    let index = tempfile::tempdir().expect("a temporary folder");
    update_index(dir.path(), index.path(), &IndexOptions::default()).expect("indexing");
    // Every answer computed: the requests cycle, and a kept answer would time a look-up.
    let engine = Engine::open(index.path())
        .expect("opening the index")
        .with_answer_cache(0);
    let vocab = Vocabulary::from_dir(&common::corpus()).expect("vocabulary");
    let list = queries(&vocab, 42, 600);
    let mut group = c.benchmark_group("query");
    for kind in ["term", "terms", "phrase", "filtered", "faceted", "grouped"] {
        let requests: Vec<SearchRequest> = list
            .iter()
            .filter(|q| q.kind == kind)
            .map(request)
            .collect();
        let next = Cell::new(0usize);
        group.bench_function(kind, |b| {
            b.iter(|| {
                let i = next.get();
                next.set(i + 1);
                let request = &requests[i % requests.len()];
                std::hint::black_box(engine.search(request).map(|r| r.total))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, querying);
criterion_main!(benches);
