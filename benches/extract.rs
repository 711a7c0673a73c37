//! Text extraction per format: MB/s of file bytes for text, Markdown and HTML, pages/s for PDF.
//!
//! Input: a generated archive of each format (about 2,000 passages). Run with
//! `cargo bench --bench extract`; `-- --test` runs each benchmark once (CI).

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quorum::extract::{extract, Format};
use quorum::synth::render::Style;

fn extraction(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract");
    for (style, format) in [
        (Style::Text, Format::Text),
        (Style::Markdown, Format::Markdown),
        (Style::Html, Format::Html),
        (Style::Pdf, Format::Pdf),
    ] {
        let (dir, summary) = common::archive(2_000, &[style]);
        let files = common::files(dir.path());
        let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
        if let Some(Err(e)) = files.first().map(|(_, b)| extract(b, format)) {
            eprintln!(
                "notice: skipping {}: this build cannot extract it ({e})",
                format.as_str()
            );
            continue;
        }
        if format == Format::Pdf {
            group.throughput(Throughput::Elements(summary.pdf_pages as u64));
        } else {
            group.throughput(Throughput::Bytes(bytes));
        }
        group.bench_function(format.as_str(), |b| {
            b.iter(|| {
                for (_, data) in &files {
                    let _ = std::hint::black_box(extract(data, format));
                }
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = extraction
}
criterion_main!(benches);
