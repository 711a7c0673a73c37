//! The gold sets: every real paper in `../shared/realworld/` and the seeds
//! (`tests/gold/realworld.json`), and fixtures of layouts absent from `../shared`
//! (`tests/fixtures/layouts/gold.json`: Infocouncil, Irish, English summonses, US and Canadian
//! city councils, ModernGov XML, an archive folder), each labelled with its true type,
//! council, committee, date and items.
//!
//! Each paper is read twice: under its published name and folders, and under an opaque name
//! (`paper-007.pdf`), the text alone. The test prints field accuracy and item recall for each
//! set and mode, and fails on any regression against `tests/gold/baseline.json`: a field right
//! there that is now wrong, or an item recall lower than recorded. When a change makes more
//! right, `QUORUM_GOLD_UPDATE=1 cargo test --test understand_gold` records the new state.
//!
//! `../shared` is read when it is there and must be readable; only its absence (outside CI)
//! skips the real-world set, with a notice.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use quorum::discover::sniff_format;
use quorum::extract::extract;
use quorum::model::Document;
use quorum::understand::evidence::key;
use quorum::understand::{understand, Source};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
struct Gold {
    papers: Vec<Paper>,
}

#[derive(Debug, Deserialize)]
struct Paper {
    path: String,
    #[serde(rename = "type")]
    doc_type: String,
    council: Option<String>,
    committee: Option<String>,
    date: Option<String>,
    items: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
struct Baseline {
    /// `mode|set|path|field` for every field read right.
    right: BTreeSet<String>,
    /// `mode|set` to item recall.
    item_recall: BTreeMap<String, f64>,
    /// `mode|set|path` to the items found of those expected.
    #[serde(default)]
    items: BTreeMap<String, usize>,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Published,
    Opaque,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Published => "published",
            Mode::Opaque => "opaque",
        }
    }
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &Path) -> Gold {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(file: &Path, rel: &str) -> Document {
    let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let ext = file.extension().and_then(|e| e.to_str());
    let format = sniff_format(ext.map(str::to_lowercase).as_deref(), &bytes)
        .unwrap_or_else(|| panic!("{}: no format", file.display()));
    let extracted = extract(&bytes, format).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    understand(
        &extracted,
        Source {
            rel,
            hash: "gold",
            metadata: None,
        },
    )
}

/// Which fields are right, and the items found of those expected.
fn judge(doc: &Document, paper: &Paper) -> (Vec<(&'static str, bool, String)>, usize, usize) {
    let same = |got: Option<&str>, want: Option<&str>| match (got, want) {
        (Some(g), Some(w)) => key(g) == key(w),
        (None, None) => true,
        _ => false,
    };
    let date = doc.meeting.date.map(|d| d.to_string());
    let fields = vec![
        (
            "type",
            doc.doc_type.as_str() == paper.doc_type,
            doc.doc_type.as_str().to_string(),
        ),
        (
            "council",
            same(doc.meeting.council.as_deref(), paper.council.as_deref()),
            format!("{:?}", doc.meeting.council),
        ),
        (
            "committee",
            same(doc.meeting.committee.as_deref(), paper.committee.as_deref()),
            format!("{:?}", doc.meeting.committee),
        ),
        (
            "date",
            date.as_deref() == paper.date.as_deref(),
            format!("{date:?}"),
        ),
    ];
    let mut found: Vec<String> = doc
        .items
        .iter()
        .map(|i| i.number.trim_end_matches('.').to_uppercase())
        .collect();
    let mut hits = 0;
    for want in &paper.items {
        let want = want.trim_end_matches('.').to_uppercase();
        if let Some(at) = found.iter().position(|f| *f == want) {
            found.swap_remove(at);
            hits += 1;
        }
    }
    (fields, hits, paper.items.len())
}

struct Tally {
    right: [usize; 4],
    papers: usize,
    item_hits: usize,
    items: usize,
}

#[test]
fn gold_sets() {
    let shared = manifest().join("../shared");
    let mut sets: Vec<(&str, PathBuf, Gold, bool)> = Vec::new();
    if shared.join("realworld").is_dir() {
        // Paths are relative to ../shared; the corpus root is their first folder.
        sets.push((
            "realworld",
            shared.clone(),
            load(&manifest().join("tests/gold/realworld.json")),
            true,
        ));
    } else {
        eprintln!(
            "note: {} is absent; the real-world gold set is not read",
            shared.display()
        );
    }
    sets.push((
        "layouts",
        manifest().join("tests/fixtures/layouts"),
        load(&manifest().join("tests/fixtures/layouts/gold.json")),
        false,
    ));
    // Written to the layouts by someone who had not seen the rules, and first read
    // after they were written (its first figures are in docs/metadata.md).
    sets.push((
        "heldout",
        manifest().join("tests/fixtures/heldout"),
        load(&manifest().join("tests/fixtures/heldout/gold.json")),
        false,
    ));

    let mut now = Baseline::default();
    let mut report = Vec::new();
    let mut misses = Vec::new();
    for (set, root, gold, rooted) in &sets {
        for mode in [Mode::Published, Mode::Opaque] {
            let mut tally = Tally {
                right: [0; 4],
                papers: 0,
                item_hits: 0,
                items: 0,
            };
            for (n, paper) in gold.papers.iter().enumerate() {
                let file = root.join(&paper.path);
                let published = if *rooted {
                    paper
                        .path
                        .split_once('/')
                        .map_or(paper.path.as_str(), |(_, rest)| rest)
                        .to_string()
                } else {
                    paper.path.clone()
                };
                let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("txt");
                let rel = match mode {
                    Mode::Published => published,
                    Mode::Opaque => format!("paper-{n:03}.{ext}"),
                };
                let doc = read(&file, &rel);
                let (fields, hits, items) = judge(&doc, paper);
                tally.papers += 1;
                now.items
                    .insert(format!("{}|{set}|{}", mode.name(), paper.path), hits);
                tally.item_hits += hits;
                tally.items += items;
                for (i, (field, right, got)) in fields.into_iter().enumerate() {
                    if right {
                        tally.right[i] += 1;
                        now.right
                            .insert(format!("{}|{set}|{}|{field}", mode.name(), paper.path));
                    } else {
                        misses.push(format!(
                            "{:9} {set}: {} {field}: got {got}",
                            mode.name(),
                            paper.path
                        ));
                    }
                }
                if hits < items {
                    let got: Vec<&str> = doc.items.iter().map(|i| i.number.as_str()).collect();
                    misses.push(format!(
                        "{:9} {set}: {} items {hits}/{items}: got {}",
                        mode.name(),
                        paper.path,
                        got.join(",")
                    ));
                }
            }
            let recall = if tally.items == 0 {
                1.0
            } else {
                tally.item_hits as f64 / tally.items as f64
            };
            now.item_recall.insert(
                format!("{}|{set}", mode.name()),
                (recall * 1000.0).round() / 1000.0,
            );
            let pct = |n: usize| 100.0 * n as f64 / tally.papers.max(1) as f64;
            let all: usize = tally.right.iter().sum();
            report.push(format!(
                "{set:9} {:9} {:3} papers  type {:5.1}%  council {:5.1}%  committee {:5.1}%  date {:5.1}%  (fields {:5.1}%)  items {}/{} = {:5.1}%",
                mode.name(),
                tally.papers,
                pct(tally.right[0]),
                pct(tally.right[1]),
                pct(tally.right[2]),
                pct(tally.right[3]),
                100.0 * all as f64 / (4 * tally.papers).max(1) as f64,
                tally.item_hits,
                tally.items,
                100.0 * recall,
            ));
        }
    }
    println!("{}", misses.join("\n"));
    if let Ok(dump) = std::env::var("QUORUM_GOLD_DUMP") {
        let json = serde_json::to_string_pretty(&now).unwrap_or_default();
        std::fs::write(&dump, json).unwrap_or_else(|e| panic!("{dump}: {e}"));
    }
    println!("\n{}", report.join("\n"));

    let baseline_path = manifest().join("tests/gold/baseline.json");
    if std::env::var_os("QUORUM_GOLD_UPDATE").is_some() {
        let json = serde_json::to_string_pretty(&now).unwrap_or_default();
        std::fs::write(&baseline_path, json + "\n")
            .unwrap_or_else(|e| panic!("{}: {e}", baseline_path.display()));
        return;
    }
    let text = std::fs::read_to_string(&baseline_path)
        .unwrap_or_else(|e| panic!("{}: {e}", baseline_path.display()));
    let baseline: Baseline =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", baseline_path.display()));
    let read_sets: Vec<&str> = sets.iter().map(|(s, ..)| *s).collect();
    let in_read_set = |k: &str| read_sets.iter().any(|s| k.contains(&format!("|{s}")));
    let lost: Vec<&String> = baseline
        .right
        .iter()
        .filter(|k| in_read_set(k) && !now.right.contains(*k))
        .collect();
    let mut fell = Vec::new();
    for (k, was) in &baseline.item_recall {
        if !in_read_set(k) {
            continue;
        }
        let is = now.item_recall.get(k).copied().unwrap_or(0.0);
        if is + 1e-9 < *was {
            fell.push(format!("{k}: item recall {was} -> {is}"));
        }
    }
    for (k, was) in &baseline.items {
        if !in_read_set(k) {
            continue;
        }
        let is = now.items.get(k).copied().unwrap_or(0);
        if is < *was {
            fell.push(format!("{k}: {was} -> {is} items found"));
        }
    }
    let gained = now
        .right
        .iter()
        .filter(|k| !baseline.right.contains(*k))
        .count();
    if gained > 0 {
        println!("{gained} fields right that the baseline does not record: QUORUM_GOLD_UPDATE=1 records them");
    }
    assert!(
        lost.is_empty() && fell.is_empty(),
        "regressions against tests/gold/baseline.json:\n{}\n{}",
        lost.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        fell.join("\n")
    );
}
