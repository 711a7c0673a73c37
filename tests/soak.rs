//! Soak: `wrk` against `quorum serve` while a concurrent `quorum index` commits into the same
//! index, through `benches/soak.sh` (which also makes the archive and reports). Ignored by
//! default because it needs `wrk` and runs for a while; `.ci/run` runs it in a short form:
//!
//! ```sh
//! QUORUM_SOAK_PASSAGES=20000 QUORUM_SOAK_SECONDS=30 cargo test --test soak -- --ignored
//! ```
//!
//! The full run (1,000,000 passages, 256 connections, 5 minutes) is `benches/soak.sh` by hand;
//! its figures are in docs/RELIABILITY.md. Only outcomes are asserted: no error responses, no
//! failed connections, the concurrent run succeeded, memory did not grow without bound. No
//! timing is asserted.

mod util;

use std::process::Command;

use serde_json::Value;

fn setting(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

#[test]
#[ignore = "needs wrk; .ci/run runs it in a short form"]
fn serve_under_load_while_an_index_run_commits() {
    let work = tempfile::tempdir().expect("temp dir");
    let out = Command::new("bash")
        .arg(util::repo().join("benches/soak.sh"))
        .args(["--passages", &setting("QUORUM_SOAK_PASSAGES", "20000")])
        .args(["--seconds", &setting("QUORUM_SOAK_SECONDS", "30")])
        .args(["--connections", &setting("QUORUM_SOAK_CONNECTIONS", "256")])
        .arg("--work")
        .arg(work.path())
        .env("QUORUM_BIN", env!("CARGO_BIN_EXE_quorum"))
        .output()
        .expect("bash runs benches/soak.sh");
    assert!(out.status.success(), "{}", util::describe(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    let report: Value = serde_json::from_str(last)
        .unwrap_or_else(|e| panic!("no JSON report ({e}): {}", util::describe(&out)));
    eprintln!("{report}");

    assert!(report["requests"].as_u64().unwrap_or(0) > 0, "{report}");
    assert_eq!(report["non_2xx"], 0, "{report}");
    for kind in ["connect", "read", "write", "timeout"] {
        assert_eq!(report["socket_errors"][kind], 0, "{kind} errors: {report}");
    }
    assert_eq!(report["indexer_status"], 0, "{report}");
    // Memory flat: the server's heap (anonymous memory; its file-backed pages are the index's
    // memory map, which grows with the index and which the kernel can drop) ends within a
    // generous margin of its first sample under load.
    let first = report["anon_first_mib"].as_f64().unwrap_or(0.0);
    let last = report["anon_last_mib"].as_f64().unwrap_or(f64::MAX);
    assert!(
        last <= first * 2.0 + 128.0,
        "heap {first} MiB → {last} MiB: {report}"
    );
}
