//! Every PDF, HTML and ModernGov XML paper in `../shared/realworld/` indexes without error with the real
//! binary, and can be found again by words from its own text.

mod util;

use serde_json::Value;
use util::{describe, quorum, realworld};

#[test]
fn every_real_pdf_and_html_page_indexes_without_error() {
    let Some(dir) = realworld() else { return };
    let papers: Vec<_> = walk(&dir)
        .into_iter()
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("pdf" | "html" | "htm" | "xml")
            )
        })
        .collect();
    assert!(papers.len() >= 40, "found {} papers", papers.len());
    let index = tempfile::tempdir().expect("temp dir");
    let out = quorum([
        "index".as_ref(),
        dir.as_os_str(),
        "--index".as_ref(),
        index.path().as_os_str(),
        "--json".as_ref(),
    ]);
    assert!(out.status.success(), "{}", describe(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).expect("JSON summary");
    assert_eq!(summary["failed"], Value::Array(vec![]), "no paper fails");
    for skipped in summary["skipped"].as_array().into_iter().flatten() {
        let path = skipped["path"].as_str().unwrap_or("");
        assert!(
            ![".pdf", ".html", ".htm", ".xml"]
                .iter()
                .any(|ext| path.ends_with(ext)),
            "{path} was skipped: {}",
            skipped["reason"]
        );
    }
    let added = summary["added"].as_u64().unwrap_or(0) as usize;
    assert!(
        added >= papers.len(),
        "{added} documents for {} papers",
        papers.len()
    );
    eprintln!(
        "indexed {added} real papers, {} passages",
        summary["passages"]
    );

    let (code, response) = util::search_json(index.path(), "\"zebra crossing\"", &[]);
    assert_eq!(code, 0, "{response}");
    let (code, _) = util::search_json(index.path(), "Cabinet committee:Cabinet council:Kent", &[]);
    assert_eq!(code, 0, "Kent Cabinet papers are found by their meeting");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
