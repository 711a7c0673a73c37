//! Every row of `docs/query-syntax.md` runs against the sample corpus with the real binary.

mod util;

use util::{corpus_index, describe, quorum};

/// `(query, expectation)` for each table row; expectation is `ok` or `error: TEXT`.
fn rows() -> Vec<(String, String)> {
    let doc = std::fs::read_to_string(util::repo().join("docs/query-syntax.md"))
        .expect("docs/query-syntax.md is readable");
    doc.lines()
        .filter(|line| line.starts_with("| `"))
        .filter_map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
            let query = cells.first()?.trim().trim_matches('`').to_string();
            let expect = cells.last()?.trim().to_string();
            Some((query, expect))
        })
        .collect()
}

#[test]
fn every_documented_row_behaves_as_documented() {
    let rows = rows();
    assert!(rows.len() >= 30, "the table was read: {} rows", rows.len());
    let index = corpus_index();
    let mut wrong = Vec::new();
    for (query, expect) in rows {
        let out = quorum([
            "search",
            query.as_str(),
            "--index",
            index.to_str().unwrap_or_default(),
        ]);
        let code = out.status.code();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let ok = match expect.strip_prefix("error: ") {
            Some(text) => code == Some(2) && stderr.contains(text),
            None => expect == "ok" && matches!(code, Some(0) | Some(1)),
        };
        if !ok {
            wrong.push(format!("{query:?} expected {expect}: {}", describe(&out)));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}
