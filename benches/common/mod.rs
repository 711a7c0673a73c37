//! Shared set-up for the criterion benchmarks: small generated archives in temporary folders.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use quorum::synth::{self, render::Style, GenOptions, GenSummary};

/// The sample corpus (the generator's vocabulary and the understanding benchmark's input).
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Generate `passages` passages in `styles` under a new temporary folder.
pub fn archive(passages: usize, styles: &[Style]) -> (tempfile::TempDir, GenSummary) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let options = GenOptions {
        vocabulary: corpus(),
        styles: styles.to_vec(),
        ..GenOptions::new(passages, dir.path())
    };
    let summary = synth::generate(&options).expect("generating the archive");
    (dir, summary)
}

/// Every file under `dir` with its bytes, in path order.
pub fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| Some((e.path().to_path_buf(), std::fs::read(e.path()).ok()?)))
        .collect()
}
