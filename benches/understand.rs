//! Understanding and passage splitting, in MB/s of extracted text: on the sample corpus's papers
//! (`seeds`) and, when `../shared/realworld` is beside the repository, on the real papers there
//! (`realworld`: PDFs, ModernGov pages and XML, a city gazette). Extraction is done once,
//! before timing.
//!
//! Run with `cargo bench --bench understand`; `-- --test` runs it once (CI).

mod common;

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quorum::extract::{extract, Extracted};
use quorum::understand::{understand, Source};

/// Every paper under `dir` that extracts, by its path relative to `dir`.
fn papers(dir: &Path) -> Vec<(String, Extracted)> {
    common::files(dir)
        .into_iter()
        .filter_map(|(path, bytes)| {
            let (format, _) = quorum::discover::classify(&path).ok()?;
            let name = path.strip_prefix(dir).ok()?.to_string_lossy().into_owned();
            Some((name, extract(&bytes, format).ok()?))
        })
        .collect()
}

fn understanding(c: &mut Criterion) {
    let mut sets = vec![("seeds", papers(&common::corpus()))];
    let realworld = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld");
    if realworld.is_dir() {
        sets.push(("realworld", papers(&realworld)));
    }
    let mut group = c.benchmark_group("understand");
    for (name, set) in &sets {
        let bytes: u64 = set.iter().map(|(_, e)| e.text.len() as u64).sum();
        group.throughput(Throughput::Bytes(bytes));
        group.bench_function(*name, |b| {
            b.iter(|| {
                for (rel, extracted) in set {
                    let source = Source {
                        rel,
                        hash: "0",
                        metadata: None,
                    };
                    std::hint::black_box(understand(extracted, source));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, understanding);
criterion_main!(benches);
