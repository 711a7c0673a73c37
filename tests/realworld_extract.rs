//! Extraction against real committee papers in `../shared/realworld` (outside the repository;
//! skipped with a notice when absent).
//!
//! (a) every PDF and HTML page there extracts to non-empty text;
//! (b) for every PDF, the words quorum extracts match `pdftotext`'s with a bag-of-words F1 of
//! at least [`MIN_F1`] (skipped with a notice when `pdftotext` is not installed).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use quorum::discover::{classify, sniff_format};
use quorum::extract::{extract, Format};

/// Least bag-of-words F1 against `pdftotext` accepted per file.
const MIN_F1: f64 = 0.97;

fn realworld_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "notice: {} is absent; real-world extraction tests skipped",
            dir.display()
        );
        None
    }
}

/// Every `.pdf`, `.html` and `.htm` file under `dir`, sorted.
fn papers(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if has_paper_extension(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn has_paper_extension(path: &Path) -> bool {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(extension.as_deref(), Some("pdf" | "html" | "htm"))
}

fn short_name(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_real_paper_extracts_to_text() {
    let Some(root) = realworld_dir() else {
        return;
    };
    let files = papers(&root);
    assert!(!files.is_empty(), "no papers under {}", root.display());
    let mut failures = Vec::new();
    for path in &files {
        let name = short_name(path, &root);
        let (format, _) = match classify(path) {
            Ok(found) => found,
            Err(reason) => {
                failures.push(format!("{name}: not classified: {reason}"));
                continue;
            }
        };
        let bytes = std::fs::read(path).unwrap_or_default();
        let head = bytes.get(..bytes.len().min(4096)).unwrap_or_default();
        let extension = path.extension().and_then(|e| e.to_str());
        assert_eq!(sniff_format(extension, head), Some(format));
        match extract(&bytes, format) {
            Ok(extracted) if !extracted.text.trim().is_empty() => {
                eprintln!(
                    "{name}: {} {} chars, {} pages",
                    format.as_str(),
                    extracted.text.len(),
                    extracted.page_starts.len()
                );
            }
            Ok(_) => failures.push(format!("{name}: empty text")),
            Err(error) => failures.push(format!("{name}: {error}")),
        }
    }
    assert!(failures.is_empty(), "failed:\n{}", failures.join("\n"));
}

/// Lowercase words split on anything not alphanumeric, counted.
fn word_bag(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *bag.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    bag
}

/// Counts of (words in common, words in ours, words in theirs), multiset intersection.
fn overlap(
    ours: &HashMap<String, usize>,
    theirs: &HashMap<String, usize>,
) -> (usize, usize, usize) {
    let common = ours
        .iter()
        .map(|(word, n)| (*n).min(theirs.get(word).copied().unwrap_or(0)))
        .sum();
    (common, ours.values().sum(), theirs.values().sum())
}

fn f1((common, ours, theirs): (usize, usize, usize)) -> f64 {
    if ours == 0 && theirs == 0 {
        return 1.0;
    }
    2.0 * common as f64 / (ours + theirs) as f64
}

fn pdftotext(path: &Path) -> Option<String> {
    let output = Command::new("pdftotext").arg(path).arg("-").output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn pdf_words_match_pdftotext() {
    let Some(root) = realworld_dir() else {
        return;
    };
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("notice: pdftotext is not installed; the word comparison is skipped");
        return;
    }
    let mut totals = (0, 0, 0);
    let mut below = Vec::new();
    let pdfs: Vec<PathBuf> = papers(&root)
        .into_iter()
        .filter(|p| classify(p).map(|(f, _)| f) == Ok(Format::Pdf))
        .collect();
    for path in &pdfs {
        let name = short_name(path, &root);
        let Some(reference) = pdftotext(path) else {
            eprintln!("{name}: pdftotext failed; skipped");
            continue;
        };
        let bytes = std::fs::read(path).unwrap_or_default();
        let ours = extract(&bytes, Format::Pdf)
            .map(|e| e.text)
            .unwrap_or_default();
        let counts = overlap(&word_bag(&ours), &word_bag(&reference));
        let score = f1(counts);
        eprintln!(
            "F1 {score:.4}  common {:>6} ours {:>6} pdftotext {:>6}  {name}",
            counts.0, counts.1, counts.2
        );
        totals = (
            totals.0 + counts.0,
            totals.1 + counts.1,
            totals.2 + counts.2,
        );
        if score < MIN_F1 {
            below.push(format!("{name}: {score:.4}"));
        }
    }
    eprintln!(
        "aggregate F1 {:.4} over {} PDFs ({} words in common, {} ours, {} pdftotext)",
        f1(totals),
        pdfs.len(),
        totals.0,
        totals.1,
        totals.2
    );
    assert!(below.is_empty(), "below F1 {MIN_F1}:\n{}", below.join("\n"));
}
