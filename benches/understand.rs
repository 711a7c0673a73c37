//! Understanding and passage splitting on the sample corpus's papers: MB/s of extracted text.
//!
//! Run with `cargo bench --bench understand`; `-- --test` runs it once (CI).

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quorum::extract::{extract, Extracted};
use quorum::understand::{understand, Source};

fn understanding(c: &mut Criterion) {
    let seeds: Vec<(String, Extracted)> = common::files(&common::corpus())
        .into_iter()
        .filter_map(|(path, bytes)| {
            let (format, _) = quorum::discover::classify(&path).ok()?;
            let name = path.file_name()?.to_string_lossy().into_owned();
            Some((name, extract(&bytes, format).ok()?))
        })
        .collect();
    let bytes: u64 = seeds.iter().map(|(_, e)| e.text.len() as u64).sum();
    let mut group = c.benchmark_group("understand");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("seeds", |b| {
        b.iter(|| {
            for (name, extracted) in &seeds {
                let source = Source {
                    rel: name,
                    hash: "0",
                    metadata: None,
                };
                std::hint::black_box(understand(extracted, source));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, understanding);
criterion_main!(benches);
