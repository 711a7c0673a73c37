//! The command-line front end: runs a parsed [`Cli`] against the engine and prints the result.
//!
//! In: a [`Cli`] from clap. Out: text or JSON on standard output and an [`Outcome`] that
//! `main` turns into the exit status: 0 when a search found hits (or a command succeeded),
//! 1 when a search found nothing, 2 for an error. Errors are printed in one place, `main`.

pub mod args;
mod output;

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::Context;

pub use args::{Cli, Command};

use crate::index::{self, IndexOptions, IndexSummary};
use crate::search::Engine;

/// How a command ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It did what was asked (a search found hits).
    Success,
    /// A search ran and found nothing.
    NoMatch,
}

/// Run one command, writing its output to standard output.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let stdout = io::stdout();
    let color = stdout.is_terminal();
    let mut out = stdout.lock();
    let outcome = match cli.command {
        Command::Index(args) => {
            let options = IndexOptions {
                threads: args.threads.unwrap_or(IndexOptions::default().threads),
                progress: io::stderr().is_terminal(),
                rebuild: args.rebuild,
                isolation: args.reading.isolation()?,
                commit_every: args.commit_every,
                memory_mib: args.memory,
                ocr: args.reading.ocr(),
            };
            let summary = index::update_index(&args.corpus, &args.locations.index, &options)?;
            if args.json {
                writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)?;
            } else {
                output::index_summary(&mut out, &summary)?;
            }
            Outcome::Success
        }
        Command::Search(args) => {
            let request = args.to_request()?;
            if let Some(summary) = ensure_index(&args.corpus, &args.locations.index)? {
                output::index_summary(&mut io::stderr().lock(), &summary)?;
            }
            let engine = Engine::open(&args.locations.index)?;
            let response = engine.search(&request)?;
            if args.json {
                writeln!(out, "{}", serde_json::to_string(&response)?)?;
            } else {
                output::search_results(&mut out, &response, &request, color)?;
            }
            if response.total == 0 {
                Outcome::NoMatch
            } else {
                Outcome::Success
            }
        }
        Command::Inspect(args) => {
            let document = inspect(&args.file)?;
            if args.json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&output::Inspection::from(&document))?
                )?;
            } else {
                output::inspection(&mut out, &document)?;
            }
            Outcome::Success
        }
        Command::Refs(args) => {
            let engine = Engine::open(&args.locations.index)?;
            let Some(thread) = engine.thread(&args.id)? else {
                anyhow::bail!("no passage or item with id {:?} in the index", args.id);
            };
            if args.json {
                writeln!(out, "{}", serde_json::to_string_pretty(&thread)?)?;
            } else {
                output::thread(&mut out, &thread)?;
            }
            Outcome::Success
        }
        Command::Serve(args) => {
            let options = IndexOptions {
                progress: io::stderr().is_terminal(),
                isolation: default_isolation()?,
                ..IndexOptions::default()
            };
            let (index, corpus) = (&args.locations.index, &args.corpus);
            crate::serve::run(
                index,
                corpus,
                args.addr,
                &options,
                args.cached_hits,
                &mut out,
            )?;
            Outcome::Success
        }
        Command::Worker(args) => {
            index::worker::limit_own_memory(args.memory_bytes)?;
            index::worker::serve_jobs(io::stdin().lock(), out, index::read_job)?;
            return Ok(Outcome::Success);
        }
        Command::Harvest(args) => {
            let summary = harvest(&args)?;
            if args.json {
                writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)?;
            } else {
                output::harvest_summary(&mut out, &summary)?;
            }
            Outcome::Success
        }
        Command::Gen(args) => {
            let summary = generate(&args)?;
            if args.json {
                writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)?;
            } else {
                writeln!(
                    out,
                    "wrote {} passages in {} files ({:.1} MB, {:.1} MB of passage text, {} PDF pages) to {}",
                    summary.passages,
                    summary.files,
                    summary.bytes as f64 / 1e6,
                    summary.text_bytes as f64 / 1e6,
                    summary.pdf_pages,
                    args.out.display()
                )?;
            }
            Outcome::Success
        }
    };
    out.flush()?;
    Ok(outcome)
}

/// Run `quorum harvest`.
fn harvest(args: &args::HarvestArgs) -> anyhow::Result<crate::harvest::HarvestSummary> {
    use crate::harvest::{self, http::Politeness, moderngov::ModernGov, HarvestOptions};
    let site = url::Url::parse(args.site.trim())
        .with_context(|| format!("{:?} is not a site address", args.site))?;
    harvest::http::site_host(&site)?;
    let platform = match args.platform {
        args::PlatformName::Moderngov => ModernGov::new(site.clone()),
    };
    let out = match &args.out {
        Some(dir) => dir.clone(),
        None => Path::new(&crate::harvest::archive::slug(
            site.host_str().unwrap_or("site"),
            100,
            "site",
        ))
        .join("corpus"),
    };
    let options = HarvestOptions {
        out,
        committees: args.committee.clone(),
        from: args.from,
        to: args.to,
        council: args.council.clone(),
        politeness: Politeness {
            rate: args.rate,
            timeout: std::time::Duration::from_secs(args.timeout),
            retries: args.retries,
            backoff: std::time::Duration::from_millis(args.backoff_ms),
            max_bytes: args.max_mib << 20,
        },
        progress: true,
        today: chrono::Local::now().date_naive(),
    };
    if let (Some(from), Some(to)) = (options.from, options.to) {
        anyhow::ensure!(from <= to, "--from {from} is after --to {to}");
    }
    Ok(harvest::harvest(&platform, &options)?)
}

/// Build the index from `corpus` when there is none yet; `None` when it already existed.
pub fn ensure_index(corpus: &Path, index_dir: &Path) -> anyhow::Result<Option<IndexSummary>> {
    if index::exists(index_dir) {
        return Ok(None);
    }
    let options = IndexOptions {
        progress: io::stderr().is_terminal(),
        isolation: default_isolation()?,
        ..IndexOptions::default()
    };
    let summary = index::update_index(corpus, index_dir, &options)
        .with_context(|| format!("indexing {} into {}", corpus.display(), index_dir.display()))?;
    Ok(Some(summary))
}

/// Read files in worker processes with the default limits.
pub fn default_isolation() -> anyhow::Result<index::Isolation> {
    Ok(index::Isolation::Workers(index::worker::WorkerSettings {
        exe: std::env::current_exe().context("finding the quorum executable")?,
        file_timeout: std::time::Duration::from_secs(crate::limits::DEFAULT_FILE_TIMEOUT_SECS),
        memory_bytes: crate::limits::DEFAULT_WORKER_MEMORY_BYTES,
    }))
}

/// Run `quorum gen`: the archive, and the query list when asked for.
fn generate(args: &args::GenArgs) -> anyhow::Result<crate::synth::GenSummary> {
    use crate::synth::{self, render::Style};
    let styles = args
        .formats
        .iter()
        .map(|f| {
            Style::parse(f).ok_or_else(|| {
                anyhow::anyhow!("unknown format {f:?}: expected text, markdown, html or pdf")
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let options = synth::GenOptions {
        seed: args.seed,
        vocabulary: args.vocabulary.clone(),
        styles,
        jsonl: args.jsonl.clone(),
        ..synth::GenOptions::new(args.passages, &args.out)
    };
    let summary = synth::generate(&options)?;
    if let Some(path) = &args.queries {
        let vocab = synth::vocab::Vocabulary::from_dir(&args.vocabulary)?;
        let mut text = String::new();
        for q in synth::queries::queries(&vocab, args.seed, args.query_count) {
            text.push_str(&serde_json::to_string(&q)?);
            text.push('\n');
        }
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(summary)
}

/// Understand one file as indexing would, without writing anything.
pub fn inspect(path: &Path) -> anyhow::Result<crate::model::Document> {
    let (format, _) = crate::discover::classify(path)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", path.display()))?;
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let rel = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The file's folder plays the corpus: its sidecar and a manifest.csv beside it apply.
    let folder = path.parent().unwrap_or(Path::new("."));
    let manifest =
        crate::understand::sidecar::Manifest::load(folder).map_err(anyhow::Error::msg)?;
    let metadata = manifest
        .metadata_for(folder, &rel)
        .map_err(anyhow::Error::msg)?;
    let hash = index::content_hash(&bytes, metadata.as_ref());
    let ocr = crate::extract::ocr::OcrSettings::default();
    let mut ocr = crate::extract::ocr::FileOcr::new(&ocr, &|| {});
    match index::understand_bytes(&rel, format, &bytes, hash, metadata.as_ref(), &mut ocr) {
        index::worker::Answer::Indexed(document) => Ok(*document),
        index::worker::Answer::Failed { reason, .. } => {
            anyhow::bail!("{}: {reason}", path.display())
        }
    }
}

/// An error and its causes on one line, control characters removed.
pub fn output_error(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = output::clean(&cause.to_string());
        // Wrapped errors often repeat their cause's text; say each thing once.
        if !parts.last().is_some_and(|last| last.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}
