//! The query language: any string is parsed or refused with a message, and a parsed query runs
//! as a full search (`Engine::search`: parse, build, collect, facets, snippets) against a small
//! index (`quorum_fuzz::search_engine`, built once per process) without a panic, a stack
//! overflow or unbounded work.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use quorum::search::query::parse;
use quorum::search::Engine;
use quorum_fuzz::{search_engine, search_request};

/// The engine; its temporary folder is kept for the life of the process.
static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let (engine, dir) = search_engine();
    std::mem::forget(dir);
    engine
});

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    if parse(query).is_err() {
        return;
    }
    // A parsed query may still be refused (a prefix expanding too far); it must not panic.
    let _ = ENGINE.search(&search_request(query));
});
