//! References between papers, resolved across the archive, run with the real binary: on the
//! sample corpus (the seeds' own references) and on `tests/fixtures/refs/`, a series of minutes
//! of one committee over two municipal years that cite each other by minute number, document
//! letter and meeting date.

mod util;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;
use util::{corpus_index, describe, hits, quorum, search_json};

/// An index of `tests/fixtures/refs`, built once per test binary.
fn fixture_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| util::index_of(&util::repo().join("tests/fixtures/refs")))
}

fn path(hit: &Value) -> &str {
    hit["document"]["path"].as_str().unwrap_or("")
}

fn item(hit: &Value) -> &str {
    hit["item"]["number"].as_str().unwrap_or("")
}

/// The references of every hit for `query`, with the hit they come from.
fn references(index: &Path, query: &str) -> Vec<(Value, Value)> {
    let (_, response) = search_json(index, query, &["--limit", "50"]);
    hits(&response)
        .iter()
        .flat_map(|h| {
            h["references"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |r| (h.clone(), r))
        })
        .collect()
}

fn find_ref<'a>(refs: &'a [(Value, Value)], doc: &str, text: &str) -> &'a (Value, Value) {
    refs.iter()
        .find(|(h, r)| path(h).starts_with(doc) && r["text"] == text)
        .unwrap_or_else(|| panic!("no reference {text:?} in {doc}: {refs:#?}"))
}

#[test]
fn minute_37_in_the_december_2018_minutes_is_that_meetings_item_37() {
    let refs = references(corpus_index(), "\"Minute 37\"");
    let (hit, r) = find_ref(&refs, "000_", "Minute 37");
    assert_eq!(item(hit), "34", "the disclosure under item 34 cites it");
    assert_eq!(r["kind"], "minute");
    assert_eq!(r["status"], "resolved", "{r}");
    assert_eq!(r["target"]["item"], "37");
    assert_eq!(r["target"]["document"], hit["document"]["id"]);
    // The span is exact: the reference's characters in the passage text.
    let text: Vec<char> = hit["text"].as_str().unwrap_or("").chars().collect();
    let (start, end) = (
        r["start"].as_u64().unwrap_or(0) as usize,
        r["end"].as_u64().unwrap_or(0) as usize,
    );
    assert_eq!(text[start..end].iter().collect::<String>(), "Minute 37");
}

#[test]
fn item_37_is_cited_by_the_disclosure() {
    let (_, response) = search_json(corpus_index(), "caseload aspiration", &["--limit", "1"]);
    let hit = &hits(&response)[0];
    assert_eq!(item(hit), "37");
    let cited_by = hit["cited_by"].as_array().cloned().unwrap_or_default();
    assert!(
        cited_by
            .iter()
            .any(|c| c["item"] == "34" && c["text"] == "Minute 37"),
        "{cited_by:?}"
    );
}

#[test]
fn the_agenda_packs_document_ax_is_the_embedded_report_of_item_7() {
    let refs = references(corpus_index(), "AX");
    let (hit, r) = find_ref(&refs, "002_", "Document \"AX\"");
    assert_eq!(hit["type"], "agenda", "cited from the agenda part");
    assert_eq!(r["status"], "resolved", "{r}");
    assert_eq!(r["target"]["item"], "7");
    assert_eq!(r["target"]["document"], hit["document"]["id"]);
    assert_ne!(r["target"]["id"], hit["id"]);
    // The target passage is the embedded report's, under item 7.
    let target = r["target"]["id"].as_str().unwrap_or("");
    let (_, response) = search_json(
        corpus_index(),
        "Ofsted assurance visit",
        &["--limit", "100"],
    );
    let report = hits(&response)
        .iter()
        .find(|h| h["id"] == target)
        .unwrap_or_else(|| panic!("target {target} is not among the report's passages"));
    assert_eq!(report["type"], "report");
    assert_eq!(item(report), "7");
}

#[test]
fn minute_46_of_2018_19_in_the_moderngov_page_is_unresolved_with_its_year() {
    let refs = references(corpus_index(), "\"Previous Reference\"");
    let (_, r) = find_ref(&refs, "004_", "Minute 46 (2018/19)");
    assert_eq!(r["status"], "unresolved");
    assert!(r["target"].is_null());
    assert_eq!(r["year"], "2018/19");
    assert_eq!(r["key"], "46");
    assert!(
        r["reason"].as_str().unwrap_or("").contains("2018/19"),
        "the reason says what it would need: {r}"
    );
}

#[test]
fn the_act_facet_lists_legislation() {
    let (code, response) = search_json(
        corpus_index(),
        "act:\"Education and Inspections Act 1996\"",
        &["--facets", "act"],
    );
    assert_eq!(code, 0, "{response}");
    let acts: Vec<&str> = response["facets"]["act"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["value"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        acts.contains(&"Education and Inspections Act 1996"),
        "{acts:?}"
    );
    for hit in hits(&response) {
        assert!(hit["text"].as_str().unwrap_or("").contains("Section 436A"));
    }
    let (code, response) = search_json(
        corpus_index(),
        "statutory",
        &["--act", "Education Act 1996"],
    );
    assert_eq!(code, 0);
    assert!(hits(&response).iter().all(|h| h["text"]
        .as_str()
        .unwrap_or("")
        .contains("S497A Education Act 1996")));
}

#[test]
fn minutes_cite_earlier_minutes_across_municipal_years() {
    let refs = references(fixture_index(), "\"Previous Reference\"");
    let (_, r) = find_ref(&refs, "2019-07-17_minutes", "Minute 47 (2018/19)");
    assert_eq!(r["status"], "resolved", "{r}");
    assert_eq!(r["target"]["path"], "2019-03-13_minutes.txt");
    assert_eq!(r["target"]["item"], "47");
    let (_, r) = find_ref(&refs, "2019-10-09_minutes", "Minute 7 (2019/20)");
    assert_eq!(r["target"]["path"], "2019-07-17_minutes.txt");
    assert_eq!(r["target"]["item"], "7");
    // Not in the archive: listed, with what it would need.
    let refs = references(fixture_index(), "exit interviews findings");
    let (_, r) = find_ref(&refs, "2019-10-09_minutes", "Minute 52 (2018/19)");
    assert_eq!(r["status"], "unresolved");
    assert!(
        r["reason"].as_str().unwrap_or("").contains("minute 52"),
        "{r}"
    );
}

#[test]
fn a_bare_minute_number_inside_minutes_is_this_meetings_item() {
    let refs = references(fixture_index(), "transparency Kaur");
    let (hit, r) = find_ref(&refs, "2019-07-17_minutes", "Minute 7");
    assert_eq!(r["target"]["document"], hit["document"]["id"]);
    assert_eq!(r["target"]["item"], "7");
}

#[test]
fn a_document_letter_in_minutes_is_the_same_meetings_agenda_item() {
    let refs = references(fixture_index(), "recruitment retention caseloads");
    let (hit, r) = find_ref(&refs, "2019-03-13_minutes", "Document \"K\"");
    assert_eq!(item(hit), "47");
    assert_eq!(r["status"], "resolved", "{r}");
    assert_eq!(r["target"]["path"], "2019-03-13_agenda.txt");
    assert_eq!(r["target"]["item"], "47");
    // A letter no paper of that meeting carries stays unresolved.
    let refs = references(fixture_index(), "work programme");
    let (_, r) = find_ref(&refs, "2019-07-17_minutes", "Document \"D\"");
    assert_eq!(r["status"], "unresolved");
}

#[test]
fn an_earlier_meeting_by_date_resolves_and_two_fitting_meetings_are_ambiguous() {
    let refs = references(fixture_index(), "\"minutes of the meeting held\"");
    let (_, r) = find_ref(
        &refs,
        "2019-07-17_minutes",
        "the minutes of the meeting held on 13 March 2019",
    );
    assert_eq!(r["status"], "resolved");
    assert_eq!(r["target"]["path"], "2019-03-13_minutes.txt");
    // 17 July 2019 had a special meeting and an ordinary one: quorum does not choose.
    let (_, r) = find_ref(
        &refs,
        "2019-10-09_minutes",
        "the minutes of the meeting held on 17 July 2019",
    );
    assert_eq!(r["status"], "ambiguous", "{r}");
    assert!(r["target"].is_null());
    let candidates: Vec<&str> = r["candidates"]
        .as_array()
        .map(|c| c.iter().filter_map(|t| t["path"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        candidates.len(),
        2,
        "both meetings are listed: {candidates:?}"
    );
    assert!(candidates.contains(&"2019-07-17_minutes.txt"));
    assert!(candidates.contains(&"2019-07-17_special_minutes.txt"));
}

#[test]
fn earlier_minutes_are_cited_by_later_ones() {
    let (_, response) = search_json(fixture_index(), "aspiration agency", &["--limit", "5"]);
    let hit = hits(&response)
        .iter()
        .find(|h| path(h) == "2019-03-13_minutes.txt" && item(h) == "47")
        .cloned()
        .unwrap_or_else(|| panic!("March item 47 not found: {response}"));
    let cited_by = hit["cited_by"].as_array().cloned().unwrap_or_default();
    assert!(
        cited_by
            .iter()
            .any(|c| c["path"] == "2019-07-17_minutes.txt"
                && c["item"] == "7"
                && c["text"] == "Minute 47 (2018/19)"),
        "{cited_by:#?}"
    );
}

#[test]
fn the_thread_follows_the_matter_back_and_forward_in_date_order() {
    let (_, response) = search_json(fixture_index(), "\"Previous Reference: Minute 47\"", &[]);
    let start = hits(&response)[0]["id"].as_str().unwrap_or("").to_string();
    let out = quorum([
        "refs",
        start.as_str(),
        "--json",
        "--index",
        fixture_index().to_str().unwrap_or_default(),
    ]);
    assert!(out.status.success(), "{}", describe(&out));
    let thread: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let steps: Vec<(String, String, String)> = thread["steps"]
        .as_array()
        .map(|s| {
            s.iter()
                .map(|s| {
                    (
                        s["meeting"]["date"].as_str().unwrap_or("").to_string(),
                        s["document"]["path"].as_str().unwrap_or("").to_string(),
                        s["item"]["number"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let expected = [
        ("2019-03-13", "2019-03-13_agenda.txt", "47"),
        ("2019-03-13", "2019-03-13_minutes.txt", "47"),
        ("2019-07-17", "2019-07-17_minutes.txt", "5"),
        ("2019-07-17", "2019-07-17_minutes.txt", "7"),
        ("2019-10-09", "2019-10-09_minutes.txt", "17"),
    ]
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()));
    assert_eq!(steps, expected);
    let starts: Vec<bool> = thread["steps"]
        .as_array()
        .map(|s| s.iter().map(|s| s["start"] == true).collect())
        .unwrap_or_default();
    assert_eq!(starts, [false, false, false, true, false]);
    for step in thread["steps"].as_array().into_iter().flatten() {
        assert!(!step["excerpt"].as_str().unwrap_or("").is_empty(), "{step}");
    }

    // The same thread from the item id, and in text.
    let out = quorum([
        "refs",
        thread["steps"][3]["id"].as_str().unwrap_or(""),
        "--index",
        fixture_index().to_str().unwrap_or_default(),
    ]);
    assert!(out.status.success(), "{}", describe(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2019-03-13") && text.contains("2019-10-09"),
        "{text}"
    );
}

#[test]
fn refs_of_an_unknown_id_is_an_error() {
    let out = quorum([
        "refs",
        "0000000000000000",
        "--index",
        fixture_index().to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no passage or item"));
}

#[test]
fn reindexing_a_changed_paper_updates_the_links() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    for name in ["2019-03-13_minutes.txt", "2019-07-17_minutes.txt"] {
        std::fs::copy(
            util::repo().join("tests/fixtures/refs").join(name),
            corpus.join(name),
        )
        .expect("copy");
    }
    let index = dir.path().join("index");
    let run = |args: &[&std::ffi::OsStr]| {
        let out = quorum(args);
        assert!(out.status.success(), "{}", describe(&out));
    };
    run(&[
        "index".as_ref(),
        corpus.as_os_str(),
        "--index".as_ref(),
        index.as_os_str(),
    ]);
    let status = |index: &Path| {
        let refs = references(index, "\"Previous Reference\"");
        find_ref(&refs, "2019-07-17_minutes", "Minute 47 (2018/19)").1["status"].clone()
    };
    assert_eq!(status(&index), "resolved");
    std::fs::remove_file(corpus.join("2019-03-13_minutes.txt")).expect("rm");
    run(&[
        "index".as_ref(),
        corpus.as_os_str(),
        "--index".as_ref(),
        index.as_os_str(),
    ]);
    assert_eq!(status(&index), "unresolved", "the cited minutes are gone");
}

#[test]
fn the_api_serves_the_thread_and_people() {
    use quorum::search::Engine;
    use quorum::serve::api;
    let engine = Engine::open(fixture_index()).expect("index opens");
    let (_, response) = search_json(fixture_index(), "\"Previous Reference: Minute 47\"", &[]);
    let start = hits(&response)[0]["id"].as_str().unwrap_or("").to_string();
    let thread = api::thread(&engine, &start, "").expect("thread by passage id");
    assert_eq!(thread.steps.len(), 5);
    let item = thread.steps[3].id.clone();
    let again = api::thread(&engine, &item, "").expect("thread by item id");
    assert_eq!(again.steps.len(), 5);
    assert!(api::thread(&engine, "ffffffffffffffff:7", "").is_err());
    assert!(api::thread(&engine, "../etc", "").is_err());

    let corpus_engine = Engine::open(corpus_index()).expect("index opens");
    let person =
        api::person(&corpus_engine, "Councillor%20Nicholas%20Bennett%20JP", "").expect("person");
    assert_eq!(person.name, "Nicholas Bennett");
    assert!(!person.spoke.is_empty() && !person.attended.is_empty());
    let nobody = api::person(&corpus_engine, "Nobody%20Atall", "").expect("person");
    assert!(nobody.attended.is_empty() && nobody.spoke.is_empty());
}
