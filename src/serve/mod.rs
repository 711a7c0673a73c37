//! Stage 6: the same answers as the CLI, over HTTP, and a web page to ask them from.
//!
//! In: an index folder (brought up to date from the corpus first) and an address to bind.
//! Out: a JSON API under `/api/` (described by `/api/openapi.json`), an Atom feed, CSV/JSONL
//! export, and the embedded web page at `/`.
//!
//! Where to look: [`routes`] maps paths to the plain handler functions in [`api`], which
//! [`params`] feeds with checked parameters; [`error`] is the one place errors become JSON;
//! [`feed`] and [`export`] write the non-JSON formats; `listener` accepts connections (with
//! `TCP_NODELAY`) and shuts down gracefully. The page's files live in `src/serve/static/` and
//! are compiled into the binary. Documents are served by id only: no route reads a path from
//! the request.

pub mod api;
pub mod error;
pub mod export;
pub mod feed;
mod listener;
pub mod params;
pub mod routes;

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::index::{self, IndexOptions};
use crate::search::Engine;

pub use api::State;
pub use error::ApiError;

/// Bring the index at `index_dir` up to date with `corpus`, then serve it on `addr` until
/// Ctrl-C (or SIGTERM), keeping search answers of up to `cached_hits` hits in all per commit. The first line written to `out` is `listening on http://ADDR`, with
/// the port actually bound (so `--addr 127.0.0.1:0` can be used by tests and scripts).
pub fn run(
    index_dir: &Path,
    corpus: &Path,
    addr: SocketAddr,
    options: &IndexOptions,
    cached_hits: usize,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    refresh_index(corpus, index_dir, options)?;
    let engine = Engine::open(index_dir)?.with_answer_cache(cached_hits);
    engine.warm()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(async {
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        let bound = listener.local_addr().context("reading the bound address")?;
        let base_url = format!("http://{bound}");
        writeln!(out, "listening on {base_url}")?;
        out.flush()?;
        let state = Arc::new(State::new(engine, base_url));
        listener::serve(listener, routes::routes(state), shutdown_signal()).await;
        eprintln!("quorum: stopped");
        Ok(())
    })
}

/// Index what changed in the corpus. Without a corpus folder, serve the index as it is.
fn refresh_index(corpus: &Path, index_dir: &Path, options: &IndexOptions) -> anyhow::Result<()> {
    if !corpus.is_dir() {
        if index::exists(index_dir) {
            eprintln!(
                "quorum: no corpus at {}; serving the index as it is",
                corpus.display()
            );
            return Ok(());
        }
        anyhow::bail!(
            "no corpus at {} and no index at {}: nothing to serve",
            corpus.display(),
            index_dir.display()
        );
    }
    let s = index::update_index(corpus, index_dir, options)
        .with_context(|| format!("indexing {} into {}", corpus.display(), index_dir.display()))?;
    eprintln!(
        "quorum: index up to date in {:.2}s: {} added, {} updated, {} removed, {} unchanged, \
         {} failed",
        s.seconds,
        s.added,
        s.updated,
        s.removed,
        s.unchanged,
        s.failed.len()
    );
    Ok(())
}

/// Completes on Ctrl-C, or on SIGTERM where there is one.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    eprintln!("quorum: shutting down");
}
