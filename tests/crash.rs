//! Kill `quorum index` with SIGKILL at random moments and check, after every kill, that the
//! index opens, searches work, and every document in it is complete; then that a re-run reaches
//! exactly the state of an uninterrupted run.
//!
//! `QUORUM_KILL_RUNS` sets the number of kills (default 10, so the suite stays quick; the
//! figure in docs/RELIABILITY.md comes from `QUORUM_KILL_RUNS=50 cargo test --test crash`).

mod util;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quorum::index::record::{DocumentRecord, PassageRecord};
use quorum::index::store::Store;
use quorum::index::IndexHandle;
use quorum::search::{Engine, SearchRequest};

/// A corpus big enough that indexing takes a while: the seeds copied under many names, each
/// copy changed by one line so every file is a distinct document.
fn big_corpus(copies: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(util::corpus()).expect("corpus") {
        let entry = entry.expect("entry");
        let text = std::fs::read_to_string(entry.path()).expect("seed text");
        let name = entry.file_name().to_string_lossy().into_owned();
        for copy in 0..copies {
            let body = format!("{text}\n\nCopy {copy} of the paper for the crash test.\n");
            std::fs::write(dir.path().join(format!("c{copy:04}_{name}")), body).expect("write");
        }
    }
    dir
}

/// Each document's passage ids, from the document records; panics on an incomplete document.
fn inventory(index: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let handle = IndexHandle::open(index).expect("the index opens after a kill");
    handle.reader.reload().expect("reload");
    let searcher = handle.reader.searcher();
    let store = Store::new(&searcher, &handle.fields);
    let mut documents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut passages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for record in store.all::<PassageRecord>().expect("passage records") {
        let fresh = passages
            .entry(record.document.id.clone())
            .or_default()
            .insert(record.passage.id.clone());
        assert!(fresh, "passage {} stored twice", record.passage.id);
    }
    for record in store.all::<DocumentRecord>().expect("document records") {
        let ids = record.passages.iter().map(|p| p.id.clone()).collect();
        assert!(
            documents.insert(record.summary.id.clone(), ids).is_none(),
            "document {} stored twice",
            record.summary.id
        );
    }
    assert_eq!(
        documents.keys().collect::<Vec<_>>(),
        passages.keys().collect::<Vec<_>>(),
        "every document has its passages and no passage lacks its document"
    );
    for (id, ids) in &documents {
        assert_eq!(Some(ids), passages.get(id), "document {id} is complete");
    }
    let engine = Engine::new(handle);
    engine
        .search(&SearchRequest::new("children"))
        .expect("searches work after a kill");
    documents
}

fn index_command(corpus: &Path, index: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quorum"));
    cmd.arg("index")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// A small deterministic generator for kill moments (no dependency for one test).
struct Moments(u64);

impl Moments {
    fn next_ms(&mut self, max: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % max.max(1)
    }
}

#[test]
fn sigkill_never_leaves_a_partial_document() {
    let runs: usize = std::env::var("QUORUM_KILL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let corpus = big_corpus(20);
    let work = tempfile::tempdir().expect("temp dir");

    let reference = work.path().join("reference");
    let started = Instant::now();
    let status = index_command(corpus.path(), &reference)
        .status()
        .expect("run");
    assert!(status.success());
    let full_run_ms = started.elapsed().as_millis() as u64;
    let expected = inventory(&reference);
    assert_eq!(expected.len(), 100);

    let index = work.path().join("killed");
    let mut moments = Moments(0x9E37_79B9_7F4A_7C15);
    let mut survived = 0;
    for run in 0..runs {
        // The first kills land in the very first moments of a new index (its first commit).
        let delay = if run < 3 {
            5 + 20 * run as u64
        } else {
            moments.next_ms(full_run_ms)
        };
        let mut child = index_command(corpus.path(), &index).spawn().expect("spawn");
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        if quorum::index::exists(&index) {
            let found = inventory(&index);
            for (id, ids) in &found {
                assert_eq!(
                    Some(ids),
                    expected.get(id),
                    "document {id} matches a full run"
                );
            }
        }
        survived += 1;
    }
    let status = index_command(corpus.path(), &index).status().expect("run");
    assert!(status.success());
    assert_eq!(
        inventory(&index),
        expected,
        "a re-run reaches the uninterrupted state"
    );
    eprintln!("survived {survived} kills (full run {full_run_ms} ms)");
}
