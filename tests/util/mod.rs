//! Drive the real `quorum` binary in temporary folders.

#![allow(dead_code)]

pub mod scan;
pub mod server;

#[allow(unused_imports)]
pub use scan::pdf;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled sample corpus.
pub fn corpus() -> PathBuf {
    repo().join("corpus")
}

/// `../shared/realworld`, or `None` (with a printed notice) when it is absent.
pub fn realworld() -> Option<PathBuf> {
    let dir = repo().join("../shared/realworld");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "notice: {} is absent; skipping real-world checks",
            dir.display()
        );
        None
    }
}

/// Run `quorum ARGS` in the repository root.
pub fn quorum<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_quorum"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the quorum binary runs")
}

/// Exit code, stdout and stderr of a run, for assertion messages.
pub fn describe(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// An index of the sample corpus, built once per test binary.
pub fn corpus_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| index_of(&corpus()))
}

/// Index `corpus` with the real binary into a new folder kept for the test binary's life, and
/// return the index's path; fails the test when indexing fails.
pub fn index_of(corpus: &Path) -> PathBuf {
    let dir = tempfile::tempdir().expect("temp dir").keep();
    let index = dir.join("index");
    let out = quorum([
        "index".as_ref(),
        corpus.as_os_str(),
        "--index".as_ref(),
        index.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", describe(&out));
    index
}

/// `quorum search QUERY --json EXTRA...` against `index`; returns the exit code and the JSON.
pub fn search_json(index: &Path, query: &str, extra: &[&str]) -> (i32, Value) {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "search".as_ref(),
        query.as_ref(),
        "--json".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    let out = quorum(args);
    let code = out.status.code().unwrap_or(-1);
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("search output is not JSON ({e}): {}", describe(&out)));
    (code, json)
}

/// The hits array of a search response.
pub fn hits(response: &Value) -> &Vec<Value> {
    response["hits"].as_array().expect("hits is an array")
}

/// Copy the sample corpus into a fresh temporary folder.
pub fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(corpus()).expect("corpus readable") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
    }
    dir
}
