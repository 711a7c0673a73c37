//! The command line as typed ([`Cli`]), and its conversion into checked settings.
//!
//! clap parses raw arguments here; nothing else in quorum sees them. Each command's arguments
//! are turned once into the engine's own types ([`crate::search::SearchRequest`], paths), and a
//! bad value is reported before any work starts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::search::filters::{Dimension, FilterSpec};
use crate::search::{Filters, SearchError, SearchRequest, Sort, FILTERS};

/// Full-text search over local-government committee archives.
#[derive(Debug, Parser)]
#[command(name = "quorum", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// quorum's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index a corpus folder (incrementally: only new and changed files are read).
    Index(IndexArgs),
    /// Search the index (building it from the corpus first if there is none).
    Search(Box<SearchArgs>),
    /// Show what quorum understands of one file, without indexing it.
    Inspect(InspectArgs),
    /// The thread of one matter across meetings: what a passage or item cites and what cites
    /// it, oldest first.
    Refs(RefsArgs),
    /// Bring the index up to date, then serve the JSON API and the web page over HTTP.
    Serve(ServeArgs),
    /// Build a corpus from a council's publishing site: every paper, with a sidecar of what the
    /// site states of it (incremental: a second run fetches only what is new).
    Harvest(HarvestArgs),
    /// Generate a synthetic archive for benchmarks (see docs/PERFORMANCE.md).
    Gen(GenArgs),
    /// Internal: read files for an indexing run in an isolated process (jobs on stdin).
    #[command(hide = true)]
    Worker(WorkerArgs),
}

/// How files are read during indexing.
#[derive(Debug, Args, Clone)]
pub struct ReadingArgs {
    /// Longest time one file may take to read, in seconds, before it is skipped as `timeout`.
    #[arg(long, default_value_t = crate::limits::DEFAULT_FILE_TIMEOUT_SECS, value_name = "SECS")]
    pub file_timeout: u64,
    /// Memory limit of the process reading one file, in MiB; past it the file is skipped as `oom`.
    #[arg(long, default_value_t = crate::limits::DEFAULT_WORKER_MEMORY_BYTES >> 20, value_name = "MIB")]
    pub worker_memory: u64,
    /// Read files in the indexing process itself (faster; a hostile file can then crash the run).
    #[arg(long)]
    pub in_process: bool,
    /// Do not read scanned pages by OCR (files that are only scans are listed as `scanned`).
    #[arg(long)]
    pub no_ocr: bool,
    /// Most pages of one file read by OCR; later scanned pages are reported as unread.
    #[arg(long, value_name = "N", default_value_t = crate::limits::DEFAULT_OCR_PAGES)]
    pub ocr_pages: usize,
}

impl ReadingArgs {
    /// How these arguments read scanned pages.
    pub fn ocr(&self) -> crate::extract::ocr::OcrSettings {
        crate::extract::ocr::OcrSettings {
            enabled: !self.no_ocr,
            max_pages: self.ocr_pages,
            ..Default::default()
        }
    }

    /// The isolation these arguments ask for.
    pub fn isolation(&self) -> std::io::Result<crate::index::Isolation> {
        use crate::index::{worker::WorkerSettings, Isolation};
        if self.in_process {
            return Ok(Isolation::InProcess);
        }
        if self.file_timeout == 0 || self.worker_memory < 64 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "--file-timeout must be at least 1 s and --worker-memory at least 64 MiB",
            ));
        }
        Ok(Isolation::Workers(WorkerSettings {
            exe: std::env::current_exe()?,
            file_timeout: std::time::Duration::from_secs(self.file_timeout),
            memory_bytes: self.worker_memory << 20,
        }))
    }
}

/// `quorum worker` (internal).
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// Address-space limit to set on this process, in bytes.
    #[arg(long)]
    pub memory_bytes: u64,
}

/// Where the corpus and the index are.
#[derive(Debug, Args, Clone)]
pub struct Locations {
    /// Index folder.
    #[arg(long, default_value = "index", value_name = "DIR")]
    pub index: PathBuf,
}

/// `quorum index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// The corpus folder.
    #[arg(default_value = "corpus")]
    pub corpus: PathBuf,
    #[command(flatten)]
    pub locations: Locations,
    /// Drop the index's contents and index everything again.
    #[arg(long)]
    pub rebuild: bool,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Commit after every N documents, so a long run becomes searchable as it goes.
    #[arg(long, value_name = "N", default_value_t = crate::limits::DOCUMENTS_PER_COMMIT,
          value_parser = at_least_one)]
    pub commit_every: usize,
    /// Memory the run may use, in MiB: the index writer takes half, flushing to disk when it
    /// is full. Bounded by this, not by the size of the archive.
    #[arg(long, value_name = "MIB", default_value_t = crate::limits::DEFAULT_INDEX_MEMORY_MIB)]
    pub memory: usize,
    #[command(flatten)]
    pub reading: ReadingArgs,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `quorum search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (see docs/query-syntax.md).
    pub query: String,
    #[command(flatten)]
    pub locations: Locations,
    /// Corpus to index first when the index does not exist yet.
    #[arg(long, default_value = "corpus", value_name = "DIR")]
    pub corpus: PathBuf,
    /// Hits to show.
    #[arg(long, default_value_t = crate::limits::DEFAULT_LIMIT)]
    pub limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Order: relevance, date (oldest first) or -date (newest first).
    #[arg(long, default_value = "relevance", allow_hyphen_values = true)]
    pub sort: String,
    /// Group hits: `item` shows the best passage of each item.
    #[arg(long, value_name = "item")]
    pub group: Option<String>,
    /// Show every passage in rank order: near-identical passages are not collapsed into one
    /// hit with its copies.
    #[arg(long)]
    pub no_collapse: bool,
    /// At most two passages of one item on the first page, the rest after it.
    #[arg(long)]
    pub diversify: bool,
    /// Facet counts count distinct passages: near-identical copies of a passage count once.
    #[arg(long)]
    pub distinct: bool,
    /// How plain words must match: all (never relax) or most (always relax). By default every
    /// word, or most of them when fewer than a page of passages has them all.
    #[arg(long, value_name = "all|most")]
    pub matching: Option<String>,
    /// Facets to count, comma-separated (committee, council, type, role, year,
    /// municipal_year, person, act), or all, or none. Default: all but person and act.
    #[arg(long, value_name = "LIST")]
    pub facets: Option<String>,
    /// Print one JSON object (the contract described in the README).
    #[arg(long)]
    pub json: bool,
}

/// `quorum refs`.
#[derive(Debug, Args)]
pub struct RefsArgs {
    /// A passage id (as search hits show it) or an item id `DOCID:NUMBER`.
    pub id: String,
    #[command(flatten)]
    pub locations: Locations,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `quorum serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub locations: Locations,
    /// Corpus to index (incrementally) before serving.
    #[arg(long, default_value = "corpus", value_name = "DIR")]
    pub corpus: PathBuf,
    /// Address to listen on; loopback unless another is asked for. Port 0 picks a free port
    /// (the first line printed says which).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
    pub addr: std::net::SocketAddr,
    /// Hits of the search answers kept for the index's current commit (an answer weighs its
    /// hits plus one), least recently asked dropped first, so a request asked again is answered
    /// without searching; 0 computes every answer.
    #[arg(long, default_value_t = crate::limits::CACHED_ANSWER_HITS, value_name = "N")]
    pub cached_hits: usize,
}

/// `quorum inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The file to read.
    pub file: PathBuf,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// The publishing platforms `quorum harvest` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlatformName {
    /// ModernGov sites, through their web service (`mgWebService.asmx`).
    Moderngov,
}

/// `quorum harvest`.
#[derive(Debug, Args)]
pub struct HarvestArgs {
    /// The site's platform.
    #[arg(value_enum)]
    pub platform: PlatformName,
    /// The site's address, e.g. `https://democracy.example.gov.uk`.
    pub site: String,
    /// Only this committee, by name or id (repeatable); all when none is given.
    #[arg(long, value_name = "NAME_OR_ID")]
    pub committee: Vec<String>,
    /// Earliest meeting date, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub from: Option<chrono::NaiveDate>,
    /// Latest meeting date, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub to: Option<chrono::NaiveDate>,
    /// Folder to write; default `HOST/corpus` (named for the site).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The council's name, written in every sidecar (otherwise each paper's text says).
    #[arg(long, value_name = "NAME")]
    pub council: Option<String>,
    /// Requests a second, at most (one at a time in any case).
    #[arg(long, default_value_t = 1.0, value_name = "N", value_parser = positive_rate)]
    pub rate: f64,
    /// Longest time one request may take, in seconds.
    #[arg(long, default_value_t = 60, value_name = "SECS", value_parser = at_least_one_u64)]
    pub timeout: u64,
    /// Largest paper fetched, in MiB.
    #[arg(long, default_value_t = 100, value_name = "MIB", value_parser = at_least_one_u64)]
    pub max_mib: u64,
    /// Tries after the first on 429, 5xx and failed connections.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub retries: u32,
    /// The first wait before a retry, in milliseconds (each later one doubles it).
    #[arg(long, default_value_t = 1000, value_name = "MS", hide = true)]
    pub backoff_ms: u64,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

fn day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date as YYYY-MM-DD"))
}

fn positive_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 => Ok(r),
        _ => Err(format!(
            "{s:?} is not a positive number of requests a second"
        )),
    }
}

fn at_least_one_u64(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("{s:?} is not a whole number of at least 1")),
    }
}

/// `quorum gen`.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// About how many passages to write (files of 50-200 passages each).
    #[arg(long, default_value_t = 10_000)]
    pub passages: usize,
    /// Output folder.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Seed: the same seed writes the same bytes.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Folder whose .txt/.md/.html files give the words.
    #[arg(long, default_value = "corpus", value_name = "DIR")]
    pub vocabulary: PathBuf,
    /// Formats to write, comma-separated: text, markdown, html, pdf.
    #[arg(long, default_value = "text,markdown,html,pdf", value_delimiter = ',')]
    pub formats: Vec<String>,
    /// Also write every passage as JSON Lines to this file (for benchmark peers).
    #[arg(long, value_name = "FILE", hide = true)]
    pub jsonl: Option<PathBuf>,
    /// Also write a mixed list of queries as JSON Lines to this file.
    #[arg(long, value_name = "FILE", hide = true)]
    pub queries: Option<PathBuf>,
    /// How many queries to write with --queries.
    #[arg(long, default_value_t = 1_000, hide = true)]
    pub query_count: usize,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

impl SearchArgs {
    /// The checked request these arguments describe.
    pub fn to_request(&self) -> Result<SearchRequest, SearchError> {
        let mut filters = Filters::default();
        for (spec, value) in &self.filters.given {
            filters.add(spec, value).map_err(|e| match e {
                SearchError::BadQuery(m) => {
                    SearchError::BadParameter(format!("--{}: {m}", spec.flag))
                }
                other => other,
            })?;
        }
        filters.check()?;
        let group_by_item = match self.group.as_deref() {
            None => false,
            Some("item") => true,
            Some(other) => {
                return Err(SearchError::BadParameter(format!(
                    "group {other:?}: the only grouping is `item`"
                )))
            }
        };
        Ok(SearchRequest {
            query: self.query.clone(),
            filters,
            sort: self.sort.parse::<Sort>()?,
            limit: self.limit,
            offset: self.offset,
            group_by_item,
            matching: self.matching.as_deref().map(str::parse).transpose()?,
            facets: match self.facets.as_deref() {
                Some(list) => Dimension::parse_facets(list)?,
                None => Dimension::default_facets(),
            },
            collapse: !self.no_collapse,
            diversify: self.diversify,
            distinct: self.distinct,
        })
    }
}

/// The filter flags: one `--flag VALUE` (repeatable) per row of [`FILTERS`], so a new filter
/// needs no change here.
#[derive(Debug, Clone, Default)]
pub struct FilterArgs {
    /// Each flag given, with its value, in order.
    pub given: Vec<(&'static FilterSpec, String)>,
}

impl clap::FromArgMatches for FilterArgs {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut args = FilterArgs::default();
        args.update_from_arg_matches(matches)?;
        Ok(args)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        for spec in FILTERS {
            if let Ok(Some(values)) = matches.try_get_many::<String>(spec.name) {
                self.given.extend(values.map(|v| (spec, v.clone())));
            }
        }
        Ok(())
    }
}

impl Args for FilterArgs {
    fn augment_args(command: clap::Command) -> clap::Command {
        FILTERS.iter().fold(command, |command, spec| {
            command.arg(
                clap::Arg::new(spec.name)
                    .long(spec.flag)
                    .value_name(spec.value_name)
                    .help(spec.help)
                    .action(clap::ArgAction::Append),
            )
        })
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        Self::augment_args(command)
    }
}

/// A count that must be at least 1.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn search_flags_become_a_checked_request() {
        let cli = Cli::try_parse_from([
            "quorum",
            "search",
            "caseloads",
            "--type",
            "minutes",
            "--from",
            "2018-01-01",
            "--sort",
            "-date",
        ])
        .unwrap();
        let Command::Search(args) = cli.command else {
            panic!("not a search")
        };
        let request = args.to_request().unwrap();
        use crate::search::Dimension;
        assert_eq!(request.filters.values(Dimension::Type), ["minutes"]);
        assert_eq!(request.sort, Sort::DateDesc);
        assert!(request.filters.date().is_some());
    }

    #[test]
    fn bad_flag_values_are_refused() {
        for bad in [
            vec!["--type", "memo"],
            vec!["--from", "12/12/2018"],
            vec!["--sort", "score"],
            vec!["--group", "meeting"],
            vec!["--from", "2019-01-01", "--to", "2018-01-01"],
            vec!["--matching", "some"],
        ] {
            let mut argv = vec!["quorum", "search", "x"];
            argv.extend(bad.iter().copied());
            let Command::Search(args) = Cli::try_parse_from(argv).unwrap().command else {
                panic!()
            };
            assert!(args.to_request().is_err(), "{bad:?}");
        }
    }
}
