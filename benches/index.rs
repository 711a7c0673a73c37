//! Index writing, end to end (files in, committed index out): passages/s.
//!
//! Input: a generated archive of about 3,000 passages (text, Markdown, HTML). Each iteration
//! builds a fresh index in a temporary folder. Run with `cargo bench --bench index`;
//! `-- --test` runs it once (CI).

mod common;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use quorum::index::{update_index, IndexOptions};
use quorum::synth::render::Style;

fn indexing(c: &mut Criterion) {
    let (dir, summary) = common::archive(3_000, &[Style::Text, Style::Markdown, Style::Html]);
    let mut group = c.benchmark_group("index");
    group.throughput(Throughput::Elements(summary.passages as u64));
    group.bench_function("write", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("a temporary folder"),
            |index| {
                let summary = update_index(dir.path(), index.path(), &IndexOptions::default())
                    .expect("indexing");
                std::hint::black_box(summary.passages);
                index
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = indexing
}
criterion_main!(benches);
