//! A synthetic archive generator, for measuring quorum at the scale of a whole archive.
//!
//! In: [`GenOptions`] (how many passages, where, which seed, where the vocabulary comes from,
//! which formats). Out: a folder of agendas, minutes and reports for many councils, committees
//! and dates, in the formats quorum reads (text, Markdown, HTML, PDF), and a [`GenSummary`]
//! counting what was written. Optionally also a JSON Lines dump of the passages as generated
//! (what the peers in `benches/compare.sh` index) and a list of queries over the same words.
//!
//! The output depends only on the seed, the options and the vocabulary folder: each file is
//! generated from its own generator derived from the seed and its number ([`rng::Rng::derive`]),
//! so files can be generated on several threads and still come out byte for byte the same.
//!
//! [`vocab`] draws words from the sample corpus with a Zipf distribution; [`paper`] builds one
//! paper (items, resolutions, references); [`render`] writes it in a format; [`queries`] makes
//! a mixed query list. Used by `quorum gen` and the benchmarks in `benches/`.

pub mod paper;
pub mod queries;
pub mod render;
pub mod rng;
pub mod vocab;

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use serde::Serialize;

use paper::Paper;
use render::Style;
use rng::Rng;
use vocab::Vocabulary;

/// Fewest and most passages per generated file (an agenda pack can be longer; most papers are
/// shorter, but at the archive scale files of this size keep the file count realistic).
pub const FILE_PASSAGES: (usize, usize) = (50, 200);

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// The vocabulary folder could not be read or holds too few words.
    #[error("vocabulary from {path}: {reason}")]
    Vocabulary {
        /// The folder or file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// Writing the output failed.
    #[error("writing {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// lopdf could not encode a PDF.
    #[error("writing a PDF: {0}")]
    Pdf(String),
    /// The options make no sense (no format, zero passages).
    #[error("{0}")]
    Options(String),
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// About how many passages (the total is exact: the last file is cut to fit).
    pub passages: usize,
    /// The output folder (created; existing files with the same names are overwritten).
    pub out: PathBuf,
    /// The seed: the same seed gives the same archive.
    pub seed: u64,
    /// Folder whose `.txt`, `.md` and `.html` files give the vocabulary.
    pub vocabulary: PathBuf,
    /// Formats to write, chosen per file with weights text 35, Markdown 25, HTML 20, PDF 20.
    pub styles: Vec<Style>,
    /// Also write every passage as one JSON object per line here.
    pub jsonl: Option<PathBuf>,
    /// Worker threads.
    pub threads: usize,
}

impl GenOptions {
    /// `passages` passages into `out` from `corpus/`'s words, every format, seed 42.
    pub fn new(passages: usize, out: impl Into<PathBuf>) -> GenOptions {
        GenOptions {
            passages,
            out: out.into(),
            seed: 42,
            vocabulary: PathBuf::from("corpus"),
            styles: Style::ALL.to_vec(),
            jsonl: None,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// What was written.
#[derive(Debug, Default, Clone, Serialize)]
pub struct GenSummary {
    /// Files written.
    pub files: usize,
    /// Passages (prose paragraphs) written.
    pub passages: usize,
    /// Bytes written to files.
    pub bytes: u64,
    /// Bytes of passage text (UTF-8), whatever the format.
    pub text_bytes: u64,
    /// PDF pages written.
    pub pdf_pages: usize,
    /// Files per format.
    pub files_by_format: BTreeMap<String, usize>,
    /// Distinct words in the vocabulary.
    pub vocabulary: usize,
}

/// One planned file.
#[derive(Debug, Clone, Copy)]
struct Plan {
    passages: usize,
    style: Style,
}

/// What a worker made of one file.
struct Made {
    rel: String,
    bytes: Vec<u8>,
    passages: usize,
    text_bytes: u64,
    pages: usize,
    style: Style,
    jsonl: String,
}

/// Generate an archive.
pub fn generate(options: &GenOptions) -> Result<GenSummary, SynthError> {
    if options.styles.is_empty() {
        return Err(SynthError::Options("no format to write".into()));
    }
    let vocab = Vocabulary::from_dir(&options.vocabulary)?;
    let plans = plan(options);
    fs::create_dir_all(&options.out).map_err(|source| SynthError::Io {
        path: options.out.clone(),
        source,
    })?;
    let mut jsonl = match &options.jsonl {
        Some(path) => Some(BufWriter::new(fs::File::create(path).map_err(
            |source| SynthError::Io {
                path: path.clone(),
                source,
            },
        )?)),
        None => None,
    };
    let mut summary = GenSummary {
        vocabulary: vocab.len(),
        ..GenSummary::default()
    };
    let next = AtomicUsize::new(0);
    let threads = options.threads.max(1);
    let (sender, receiver) = mpsc::sync_channel::<(usize, Result<Made, SynthError>)>(threads * 4);
    std::thread::scope(|scope| -> Result<(), SynthError> {
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, plans, vocab) = (&next, &plans, &vocab);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(plan) = plans.get(i) else { break };
                let made = make(options, vocab, i, *plan);
                if sender.send((i, made)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        // Results arrive in any order; write the JSON Lines in file order for determinism.
        let mut waiting: BTreeMap<usize, Made> = BTreeMap::new();
        let mut expected = 0;
        for (i, made) in receiver.iter() {
            let made = match made {
                Ok(m) => m,
                Err(e) => {
                    // Stop the workers: they exit when they next try to send.
                    next.store(plans.len(), Ordering::Relaxed);
                    return Err(e);
                }
            };
            let path = options.out.join(&made.rel);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|source| SynthError::Io {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
            fs::write(&path, &made.bytes).map_err(|source| SynthError::Io {
                path: path.clone(),
                source,
            })?;
            waiting.insert(i, made);
            while let Some(made) = waiting.remove(&expected) {
                expected += 1;
                summary.files += 1;
                summary.passages += made.passages;
                summary.bytes += made.bytes.len() as u64;
                summary.text_bytes += made.text_bytes;
                summary.pdf_pages += made.pages;
                *summary
                    .files_by_format
                    .entry(made.style.extension().to_string())
                    .or_default() += 1;
                if let (Some(out), Some(path)) = (jsonl.as_mut(), options.jsonl.as_ref()) {
                    out.write_all(made.jsonl.as_bytes())
                        .map_err(|source| SynthError::Io {
                            path: path.clone(),
                            source,
                        })?;
                }
            }
        }
        Ok(())
    })?;
    if let (Some(mut out), Some(path)) = (jsonl, options.jsonl.as_ref()) {
        out.flush().map_err(|source| SynthError::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(summary)
}

/// Decide every file's passage count and format from the seed.
fn plan(options: &GenOptions) -> Vec<Plan> {
    let mut rng = Rng::new(options.seed);
    let weights: Vec<(Style, usize)> = options
        .styles
        .iter()
        .map(|s| {
            let w = match s {
                Style::Text => 35,
                Style::Markdown => 25,
                Style::Html | Style::Pdf => 20,
            };
            (*s, w)
        })
        .collect();
    let total: usize = weights.iter().map(|(_, w)| w).sum();
    let mut plans = Vec::new();
    let mut left = options.passages;
    while left > 0 {
        let n = rng.range(FILE_PASSAGES.0, FILE_PASSAGES.1).min(left);
        left -= n;
        let mut u = rng.below(total);
        let mut style = weights[0].0;
        for (s, w) in &weights {
            if u < *w {
                style = *s;
                break;
            }
            u -= w;
        }
        plans.push(Plan { passages: n, style });
    }
    plans
}

/// One passage as the JSON Lines dump writes it: what a peer engine indexes.
#[derive(Serialize)]
struct PassageLine<'a> {
    id: String,
    path: &'a str,
    council: &'a str,
    committee: &'a str,
    date: String,
    #[serde(rename = "type")]
    doc_type: &'a str,
    role: &'a str,
    item_number: &'a str,
    item_title: &'a str,
    section: Option<&'a str>,
    text: &'a str,
}

fn make(
    options: &GenOptions,
    vocab: &Vocabulary,
    i: usize,
    plan: Plan,
) -> Result<Made, SynthError> {
    let mut rng = Rng::derive(options.seed, i as u64);
    let paper = paper::paper(&mut rng, vocab, plan.passages);
    let rel = relative_path(&paper, i, plan.style);
    let (bytes, pages) = match plan.style {
        Style::Text => (render::text(&paper).into_bytes(), 0),
        Style::Markdown => (render::markdown(&paper).into_bytes(), 0),
        Style::Html => (render::html(&paper).into_bytes(), 0),
        Style::Pdf => render::pdf(&paper).map_err(|e| SynthError::Pdf(e.to_string()))?,
    };
    let mut passages = 0;
    let mut text_bytes = 0;
    let mut jsonl = String::new();
    let date = paper.meeting.date.format("%Y-%m-%d").to_string();
    for (n, (item, role, section, text)) in paper.passages().enumerate() {
        passages += 1;
        text_bytes += text.len() as u64;
        if options.jsonl.is_some() {
            let line = PassageLine {
                id: format!("{i}-{n}"),
                path: &rel,
                council: paper.meeting.council,
                committee: paper.meeting.committee,
                date: date.clone(),
                doc_type: paper.kind.as_str(),
                role: role.as_str(),
                item_number: &item.number,
                item_title: &item.title,
                section,
                text,
            };
            if let Ok(json) = serde_json::to_string(&line) {
                jsonl.push_str(&json);
                jsonl.push('\n');
            }
        }
    }
    Ok(Made {
        rel,
        bytes,
        passages,
        text_bytes,
        pages,
        style: plan.style,
        jsonl,
    })
}

/// `bradford/executive/2018-12-12_minutes_000042.txt`.
fn relative_path(p: &Paper, i: usize, style: Style) -> String {
    format!(
        "{}/{}/{}_{}_{i:06}.{}",
        slug(p.meeting.council),
        slug(p.meeting.committee),
        p.meeting.date.format("%Y-%m-%d"),
        p.kind.as_str(),
        style.extension()
    )
}

fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && c != '\'' {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Hash every file under `dir` (path and bytes, in path order): two equal digests mean two
/// byte-identical archives. Used by the determinism test and handy for checking a seed.
pub fn digest(dir: &Path) -> std::io::Result<String> {
    let mut hasher = blake3::Hasher::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            hasher.update(rel.to_string_lossy().as_bytes());
            hasher.update(&fs::read(entry.path())?);
        }
    }
    Ok(hasher.finalize().to_hex().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(dir: &Path, passages: usize, seed: u64) -> GenOptions {
        GenOptions {
            seed,
            vocabulary: Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
            jsonl: Some(dir.join("passages.jsonl")),
            threads: 2,
            ..GenOptions::new(passages, dir.join("out"))
        }
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let (a, b, c) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        let sa = generate(&options(a.path(), 600, 7)).unwrap();
        let sb = generate(&GenOptions {
            threads: 1,
            ..options(b.path(), 600, 7)
        })
        .unwrap();
        generate(&options(c.path(), 600, 8)).unwrap();
        assert_eq!(sa.passages, 600);
        assert_eq!(sa.passages, sb.passages);
        assert_eq!(digest(a.path()).unwrap(), digest(b.path()).unwrap());
        assert_ne!(
            digest(&a.path().join("out")).unwrap(),
            digest(&c.path().join("out")).unwrap()
        );
        let lines = fs::read_to_string(a.path().join("passages.jsonl")).unwrap();
        assert_eq!(lines.lines().count(), 600);
    }

    #[test]
    fn papers_carry_the_house_styles() {
        let dir = tempfile::tempdir().unwrap();
        let mut all = String::new();
        for style in [Style::Text, Style::Markdown, Style::Html] {
            let opts = GenOptions {
                styles: vec![style],
                jsonl: None,
                ..options(dir.path(), 1200, 3)
            };
            generate(&opts).unwrap();
        }
        for entry in walkdir::WalkDir::new(dir.path()) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                all.push_str(&fs::read_to_string(entry.path()).unwrap());
            }
        }
        for needle in [
            "Resolved –",
            "Recommended –",
            "Document \"",
            "Minute ",
            "## ",
            "<tr>",
            "Minutes of a meeting of the",
        ] {
            assert!(all.contains(needle), "{needle}");
        }
        assert!(regex::Regex::new(r"(?m)^\d+\. [A-Z]")
            .unwrap()
            .is_match(&all));
    }

    #[test]
    fn pdfs_open_and_have_pages() {
        let dir = tempfile::tempdir().unwrap();
        let opts = GenOptions {
            styles: vec![Style::Pdf],
            ..options(dir.path(), 120, 5)
        };
        let summary = generate(&opts).unwrap();
        assert!(summary.pdf_pages >= 2, "{summary:?}");
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(dir.path().join("out")) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let doc = lopdf::Document::load(entry.path()).unwrap();
                assert!(!doc.get_pages().is_empty());
                seen += 1;
            }
        }
        assert_eq!(seen, summary.files);
    }

    #[test]
    fn slugs_are_folder_names() {
        assert_eq!(
            slug("Children's Services Overview and Scrutiny Committee"),
            "childrens-services-overview-and-scrutiny-committee"
        );
        assert_eq!(slug("Kent County Council"), "kent-county-council");
    }
}
