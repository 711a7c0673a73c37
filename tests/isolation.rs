//! Files are read in worker processes: a worker that hangs, aborts or runs out of memory costs
//! only the file it was reading. Stand-in workers (small shell scripts) misbehave on purpose.

mod util;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use quorum::extract::ocr::OcrSettings;
use quorum::extract::Format;
use quorum::index::worker::{Answer, Job, Worker, WorkerSettings};
use quorum::model::FailureKind;

fn script(dir: &Path, name: &str, body: &str) -> WorkerSettings {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    WorkerSettings {
        exe: path,
        file_timeout: Duration::from_secs(2),
        memory_bytes: 256 << 20,
    }
}

/// Start a worker, retrying while another test thread's fork still holds the just-written
/// script open ("text file busy").
fn spawn(settings: &WorkerSettings) -> Worker {
    for _ in 0..50 {
        match Worker::spawn(settings) {
            Ok(worker) => return worker,
            Err(e) if e.raw_os_error() == Some(26) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("spawn: {e}"),
        }
    }
    panic!("the script stayed busy")
}

fn job() -> Job {
    Job {
        path: "paper.txt".into(),
        rel: "paper.txt".into(),
        format: Format::Text,
        metadata: None,
        ocr: OcrSettings::off(),
    }
}

#[test]
fn a_hanging_worker_is_killed_at_the_time_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = script(dir.path(), "hang", "read line; sleep 60");
    let mut worker = spawn(&settings);
    let started = std::time::Instant::now();
    let lost = worker
        .run(&job())
        .expect_err("no answer from a hanging worker");
    assert_eq!(lost.kind, FailureKind::Timeout);
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// A worker reading slow pages by OCR says so before each, and each gives it more time; a
/// worker killed at its time limit takes what it started (Tesseract) with it.
#[test]
fn heartbeats_extend_the_time_limit_and_a_killed_worker_takes_its_children() {
    let dir = tempfile::tempdir().expect("temp dir");
    let answer = r#"{"Failed":{"kind":"empty","reason":"nothing here","hash":""}}"#;
    let mut slow = script(
        dir.path(),
        "slow",
        &format!("read line; for i in 1 2 3; do sleep 0.6; echo .; done; echo '{answer}'"),
    );
    slow.file_timeout = Duration::from_secs(1);
    match spawn(&slow).run(&job()) {
        Ok(Answer::Failed { reason, .. }) => assert_eq!(reason, "nothing here"),
        Ok(Answer::Indexed(_)) => panic!("unexpected document"),
        Err(lost) => panic!("a worker that kept saying it was busy was lost: {lost:?}"),
    }

    let pid_file = dir.path().join("child.pid");
    let mut stuck = script(
        dir.path(),
        "stuck",
        &format!(
            "read line; sleep 300 & echo $! > '{}'; wait",
            pid_file.display()
        ),
    );
    stuck.file_timeout = Duration::from_secs(1);
    let lost = spawn(&stuck).run(&job()).expect_err("lost");
    assert_eq!(lost.kind, FailureKind::Timeout);
    let pid = std::fs::read_to_string(&pid_file).expect("child pid");
    let alive = || {
        Path::new(&format!("/proc/{}/stat", pid.trim())).exists()
            && !std::fs::read_to_string(format!("/proc/{}/stat", pid.trim()))
                .unwrap_or_default()
                .contains(") Z ")
    };
    for _ in 0..100 {
        if !alive() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the worker's child {} outlived it", pid.trim());
}

#[test]
fn an_aborting_worker_is_a_crash_and_an_allocation_failure_is_oom() {
    let dir = tempfile::tempdir().expect("temp dir");
    let crash = script(
        dir.path(),
        "crash",
        "read line; echo 'thread main has overflowed its stack' >&2; kill -ABRT $$",
    );
    let lost = spawn(&crash).run(&job()).expect_err("lost");
    assert_eq!(lost.kind, FailureKind::Crash);
    assert!(lost.reason.contains("overflowed"), "{}", lost.reason);

    let oom = script(
        dir.path(),
        "oom",
        "read line; echo 'memory allocation of 1073741824 bytes failed' >&2; kill -ABRT $$",
    );
    let lost = spawn(&oom).run(&job()).expect_err("lost");
    assert_eq!(lost.kind, FailureKind::Oom);
}

#[test]
fn the_real_worker_answers_jobs() {
    let settings = WorkerSettings {
        exe: env!("CARGO_BIN_EXE_quorum").into(),
        file_timeout: Duration::from_secs(30),
        memory_bytes: 1 << 30,
    };
    let mut worker = spawn(&settings);
    let seed = util::corpus().join("000_5af795796b427d82.txt");
    let job = Job {
        path: seed,
        rel: "000_5af795796b427d82.txt".into(),
        format: Format::Text,
        metadata: None,
        ocr: OcrSettings::off(),
    };
    match worker.run(&job).expect("answer") {
        Answer::Indexed(doc) => assert!(!doc.passages.is_empty()),
        Answer::Failed { reason, .. } => panic!("failed: {reason}"),
    }
    let missing = Job {
        path: "/nonexistent/paper.txt".into(),
        ..job
    };
    assert!(
        matches!(worker.run(&missing), Ok(Answer::Failed { kind, .. }) if kind == FailureKind::Io)
    );
}
