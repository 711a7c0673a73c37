//! End-to-end: index the sample corpus with the real binary, then search it as people would.

mod util;

use serde_json::Value;
use util::{corpus_copy, corpus_index, describe, hits, quorum, search_json};

/// Queries a councillor might type about the sample papers, with the document (file name
/// prefix) and item number that must be among the first five hits.
const COUNCILLOR_QUERIES: &[(&str, &str, &str)] = &[
    ("caseloads of newly qualified social workers", "000_", "37"),
    ("children missing from education", "000_", "40"),
    ("children missing from home", "000_", "39"),
    ("young carers covid", "002_", "9"),
    ("quality assurance and audit", "002_", "8"),
    ("social worker recruitment and retention", "003_", "56"),
    ("fostering enquiries approvals", "004_", "67"),
    ("apologies for absence", "003_", "53"),
    ("performance outturn", "004_", "66"),
    ("work programme 2018-19", "000_", "41"),
    ("Ofsted assurance visit vital signs", "002_", "7"),
    ("improvement plan commissioner", "003_", "56"),
];

fn item_number(hit: &Value) -> &str {
    hit["item"]["number"].as_str().unwrap_or("")
}

fn path(hit: &Value) -> &str {
    hit["document"]["path"].as_str().unwrap_or("")
}

#[test]
fn councillor_queries_find_the_right_item_in_the_top_five() {
    let index = corpus_index();
    let mut misses = Vec::new();
    for (query, doc, item) in COUNCILLOR_QUERIES {
        let (_, response) = search_json(index, query, &["--limit", "5"]);
        let found = hits(&response)
            .iter()
            .any(|h| path(h).starts_with(doc) && item_number(h).starts_with(item));
        if !found {
            let got: Vec<String> = hits(&response)
                .iter()
                .map(|h| format!("{} item {}", path(h), item_number(h)))
                .collect();
            misses.push(format!("{query:?}: wanted {doc}* item {item}, got {got:?}"));
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn every_hit_says_where_it_comes_from() {
    let (code, response) = search_json(corpus_index(), "caseload", &[]);
    assert_eq!(code, 0);
    assert!(response["total"].as_u64().unwrap_or(0) > 0);
    for hit in hits(&response) {
        assert!(hit["id"].as_str().is_some_and(|id| !id.is_empty()));
        assert!(
            hit["snippet"].as_str().unwrap_or("").contains("<mark>"),
            "{hit}"
        );
        assert!(hit["document"]["path"].is_string());
        assert!(hit["meeting"].is_object());
        assert!(hit["type"].is_string() && hit["role"].is_string());
    }
}

#[test]
fn a_phrase_matches_only_adjacent_words() {
    let (_, response) = search_json(corpus_index(), "\"foster carers\"", &["--limit", "50"]);
    assert!(!hits(&response).is_empty());
    for hit in hits(&response) {
        let text = hit["text"].as_str().unwrap_or("").to_lowercase();
        let title = hit["item"]["title"].as_str().unwrap_or("").to_lowercase();
        assert!(
            text.contains("foster carer") || title.contains("foster carer"),
            "{text}"
        );
    }
}

#[test]
fn boolean_operators_include_and_exclude() {
    let index = corpus_index();
    let (_, with) = search_json(index, "caseload", &["--limit", "100"]);
    let (_, without) = search_json(index, "caseload -agency", &["--limit", "100"]);
    let total = |r: &Value| r["total"].as_u64().unwrap_or(0);
    assert!(total(&without) < total(&with), "excluding a word narrows");
    for hit in hits(&without) {
        let text = hit["text"].as_str().unwrap_or("").to_lowercase();
        assert!(!text.contains("agency"), "{text}");
    }
    let (_, either) = search_json(
        index,
        "ILACS OR \"missing from education\"",
        &["--limit", "1"],
    );
    let (_, one) = search_json(index, "ILACS", &["--limit", "1"]);
    assert!(total(&either) > total(&one));
}

#[test]
fn type_and_committee_filters_narrow_and_agree_with_facets() {
    let index = corpus_index();
    let (_, all) = search_json(index, "children", &["--limit", "100"]);
    let committees = all["facets"]["committee"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!committees.is_empty(), "committee facet: {}", all["facets"]);
    for facet in committees {
        let name = facet["value"].as_str().unwrap_or("");
        let (_, only) = search_json(index, "children", &["--committee", name, "--limit", "100"]);
        assert_eq!(only["total"], facet["count"], "count for {name}");
        for hit in hits(&only) {
            assert_eq!(hit["meeting"]["committee"], name);
        }
    }
    let (_, minutes) = search_json(index, "children", &["--type", "minutes", "--limit", "100"]);
    assert!(!hits(&minutes).is_empty());
    assert!(hits(&minutes).iter().all(|h| h["type"] == "minutes"));
}

#[test]
fn type_facet_counts_add_up_to_the_total() {
    let (_, response) = search_json(corpus_index(), "social workers", &[]);
    let sum: u64 = response["facets"]["type"]
        .as_array()
        .map(|a| a.iter().map(|f| f["count"].as_u64().unwrap_or(0)).sum())
        .unwrap_or(0);
    assert_eq!(sum, response["total"].as_u64().unwrap_or(0));
}

#[test]
fn council_year_and_date_filters() {
    let index = corpus_index();
    let (_, bradford) = search_json(
        index,
        "children",
        &["--council", "Bradford", "--limit", "100"],
    );
    assert!(!hits(&bradford).is_empty());
    assert!(hits(&bradford)
        .iter()
        .all(|h| h["meeting"]["council"] == "Bradford"));

    let (_, ranged) = search_json(
        index,
        "children",
        &[
            "--from",
            "2018-01-01",
            "--to",
            "2018-12-31",
            "--limit",
            "100",
        ],
    );
    assert!(!hits(&ranged).is_empty());
    for hit in hits(&ranged) {
        let date = hit["meeting"]["date"].as_str().unwrap_or("");
        assert!(date.starts_with("2018-"), "{date}");
    }
    let (_, year) = search_json(index, "children year:2018", &["--limit", "1"]);
    assert_eq!(
        year["total"], ranged["total"],
        "year:2018 typed = the 2018 date range"
    );
}

#[test]
fn role_filter_returns_only_resolutions() {
    let index = corpus_index();
    // The issue's own example: in the sample corpus no resolution mentions foster carers, so
    // the answer is empty rather than padded with other roles.
    let (code, response) = search_json(
        index,
        "foster carers",
        &["--role", "resolution", "--limit", "100"],
    );
    assert!(code == 0 || code == 1);
    assert!(hits(&response).iter().all(|h| h["role"] == "resolution"));
    // "What did they decide": resolutions that note reports exist in three papers.
    let (code, decided) = search_json(index, "noted", &["--role", "resolution", "--limit", "100"]);
    assert_eq!(code, 0);
    assert!(hits(&decided).len() >= 3, "{decided}");
    assert!(hits(&decided).iter().all(|h| h["role"] == "resolution"));
}

#[test]
fn grouping_by_item_keeps_the_best_passage_per_item() {
    let index = corpus_index();
    let (_, grouped) = search_json(index, "caseload", &["--group", "item", "--limit", "100"]);
    let mut seen = std::collections::HashSet::new();
    for hit in hits(&grouped) {
        let key = (path(hit).to_string(), item_number(hit).to_string());
        if !key.1.is_empty() {
            assert!(seen.insert(key.clone()), "item {key:?} appears twice");
        }
        assert!(hit["other_matches"].is_u64());
    }
    let (_, flat) = search_json(index, "caseload", &["--limit", "100"]);
    let others: u64 = hits(&grouped)
        .iter()
        .map(|h| h["other_matches"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(
        hits(&grouped).len() as u64 + others,
        flat["total"].as_u64().unwrap_or(0)
    );
}

#[test]
fn no_match_exits_one_and_a_bad_query_exits_two_with_a_message() {
    let index = corpus_index();
    let (code, response) = search_json(index, "zyxwombat", &[]);
    assert_eq!(code, 1);
    assert_eq!(response["total"], 0);

    for bad in ["(foster carers", "\"unclosed", "colour:red", "plan^2"] {
        let out = quorum(["search", bad, "--index", index.to_str().unwrap_or_default()]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", describe(&out));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("quorum: bad query"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    }
}

#[test]
fn human_output_shows_rank_item_and_highlight() {
    let out = quorum([
        "search",
        "caseloads",
        "--limit",
        "2",
        "--index",
        corpus_index().to_str().unwrap_or_default(),
    ]);
    assert!(out.status.success(), "{}", describe(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("1. "), "{text}");
    assert!(text.contains("Item "), "{text}");
    assert!(text.contains("caseloads"), "{text}");
    assert!(
        !text.contains("<mark>"),
        "no HTML in terminal output: {text}"
    );
}

fn index_json(corpus: &std::path::Path, index: &std::path::Path) -> Value {
    let out = quorum([
        "index".as_ref(),
        corpus.as_os_str(),
        "--index".as_ref(),
        index.as_os_str(),
        "--json".as_ref(),
    ]);
    assert!(out.status.success(), "{}", describe(&out));
    serde_json::from_slice(&out.stdout).expect("index --json prints JSON")
}

#[test]
fn reindexing_is_incremental_edits_replace_and_deletions_remove() {
    let corpus = corpus_copy();
    let index = tempfile::tempdir().expect("temp dir");
    let index = index.path().join("index");

    let first = index_json(corpus.path(), &index);
    assert_eq!(first["added"], 5);
    let again = index_json(corpus.path(), &index);
    assert_eq!(
        (again["added"].clone(), again["updated"].clone()),
        (0.into(), 0.into())
    );
    assert_eq!(again["unchanged"], 5);
    assert_eq!(again["passages"], 0, "nothing re-indexed");

    let edited = corpus.path().join("001_d0c4f529ca7e2791.txt");
    let mut text = std::fs::read_to_string(&edited).expect("seed readable");
    text.push_str("\n\nThe zyxwombat pilot was agreed by the Executive.\n");
    std::fs::write(&edited, text).expect("edit");
    let after_edit = index_json(corpus.path(), &index);
    assert_eq!(after_edit["updated"], 1);
    let (code, found) = search_json(&index, "zyxwombat", &[]);
    assert_eq!(code, 0);
    assert_eq!(
        found["total"], 1,
        "the edited file's passages replaced, not duplicated"
    );
    let (_, ofsted) = search_json(&index, "ILACS", &["--limit", "100"]);
    let from_edited = hits(&ofsted)
        .iter()
        .filter(|h| path(h).starts_with("001_"))
        .count();
    let (_, fresh) = {
        let fresh_index = tempfile::tempdir().expect("temp dir");
        let p = fresh_index.path().join("i");
        index_json(corpus.path(), &p);
        search_json(&p, "ILACS", &["--limit", "100"])
    };
    let fresh_count = hits(&fresh)
        .iter()
        .filter(|h| path(h).starts_with("001_"))
        .count();
    assert_eq!(
        from_edited, fresh_count,
        "no stale passages of the old version"
    );

    std::fs::remove_file(&edited).expect("delete");
    let after_delete = index_json(corpus.path(), &index);
    assert_eq!(after_delete["removed"], 1);
    let (code, _) = search_json(&index, "zyxwombat", &[]);
    assert_eq!(code, 1, "the deleted file's passages are gone");
}

#[test]
fn search_builds_a_missing_index_from_the_corpus_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("fresh");
    let corpus = util::corpus();
    let out = quorum([
        "search".as_ref(),
        "caseloads".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
        "--corpus".as_ref(),
        corpus.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", describe(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("5 added"));
}

#[test]
fn inspect_reads_one_file_without_an_index() {
    let out = quorum(["inspect", "corpus/000_5af795796b427d82.txt", "--json"]);
    assert!(out.status.success(), "{}", describe(&out));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    for key in ["type", "meeting", "title", "items", "passages"] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let out = quorum(["inspect", "corpus/no-such-file.txt"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    let index = corpus_index();
    let mut child = Command::new(env!("CARGO_BIN_EXE_quorum"))
        .args(["search", "children", "--limit", "100", "--index"])
        .arg(index)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", describe(&out));
}

#[test]
fn a_question_is_answered_and_a_misspelling_gets_a_suggestion() {
    let index = corpus_index();
    let (code, relaxed) = search_json(
        index,
        "what training do foster carers get in wibblethorpe",
        &[],
    );
    assert_eq!(code, 0, "{relaxed}");
    assert_eq!(relaxed["matching"], "most");
    assert_eq!(relaxed["all_words_total"], 0);
    assert!(!hits(&relaxed).is_empty());

    let (code, strict) = search_json(
        index,
        "what training do foster carers get in wibblethorpe",
        &["--matching", "all"],
    );
    assert_eq!(code, 1, "no hits is exit status 1");
    assert_eq!(strict["matching"], "all");

    let text = quorum([
        "search".as_ref(),
        "fostr carers".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
    ]);
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(
        out.contains("did you mean \"foster\""),
        "{}",
        describe(&text)
    );
    assert!(out.contains("most of them"), "{}", describe(&text));

    let refused = quorum([
        "search".as_ref(),
        "foster".as_ref(),
        "--matching".as_ref(),
        "some".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
    ]);
    assert_eq!(refused.status.code(), Some(2), "{}", describe(&refused));
}

/// `--memory` bounds an indexing run: the least memory accepted gives the same answers as the
/// default (the writer flushes smaller segments more often), and too little is refused with
/// the setting named, before anything is written.
#[test]
fn the_memory_setting_bounds_the_run_not_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = util::corpus();
    let index_with = |memory: &str| {
        let index = dir.path().join(format!("index-{memory}"));
        let out = quorum([
            "index".as_ref(),
            corpus.as_os_str(),
            "--index".as_ref(),
            index.as_os_str(),
            "--memory".as_ref(),
            memory.as_ref(),
            "--in-process".as_ref(),
        ]);
        (index, out)
    };
    let (small, out) = index_with("32");
    assert!(out.status.success(), "{}", describe(&out));
    let (default, out) = index_with("512");
    assert!(out.status.success(), "{}", describe(&out));
    for query in ["caseload", "foster carers", "minute 46"] {
        let ids = |index: &std::path::Path| -> Vec<String> {
            let (_, response) = search_json(index, query, &["--limit", "20"]);
            hits(&response)
                .iter()
                .map(|h| h["id"].as_str().unwrap_or_default().to_string())
                .collect()
        };
        let (a, b) = (ids(&small), ids(&default));
        assert!(!a.is_empty(), "{query}");
        let (mut a_sorted, mut b_sorted) = (a.clone(), b.clone());
        a_sorted.sort();
        b_sorted.sort();
        assert_eq!(a_sorted, b_sorted, "{query}: {a:?} against {b:?}");
    }

    let (refused, out) = index_with("8");
    assert!(!out.status.success(), "{}", describe(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--memory 8"), "{}", describe(&out));
    assert!(!refused.join("meta.json").exists(), "nothing is written");
}
