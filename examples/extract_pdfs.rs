//! Extract every PDF under a folder with quorum's extractor on N threads; print pages/s.
//!
//! ```sh
//! cargo run --release --example extract_pdfs -- DIR [THREADS]
//! ```
//!
//! Prints one JSON object: files, pages (as quorum found them), failures, seconds and
//! pages/s. `benches/compare.sh` sets it beside poppler's `pdftotext` on the same files.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use quorum::extract::{extract, Format};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let threads: usize = match args.next() {
        Some(n) => n.parse()?,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")))
        .collect();
    let next = AtomicUsize::new(0);
    let pages = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let bytes = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let Ok(data) = std::fs::read(path) else {
                    failed.fetch_add(1, Ordering::Relaxed);
                    continue;
                };
                bytes.fetch_add(data.len(), Ordering::Relaxed);
                match extract(&data, Format::Pdf) {
                    Ok(e) => {
                        pages.fetch_add(e.page_starts.len().max(1), Ordering::Relaxed);
                    }
                    Err(_) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    let pages = pages.into_inner();
    println!(
        "{}",
        serde_json::json!({
            "files": files.len(), "pages": pages, "failed": failed.into_inner(),
            "bytes": bytes.into_inner(), "seconds": seconds, "threads": threads,
            "pages_per_s": pages as f64 / seconds,
        })
    );
    Ok(())
}
