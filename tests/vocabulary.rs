//! The archive's own vocabulary: acronyms defined in the papers and a built-in list expand
//! queries both ways; British and American spellings meet; numbers and money are found as typed.

mod util;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;
use util::{corpus_index, describe, hits, quorum, search_json};

fn fixture_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir").keep();
        let index = dir.join("index");
        let corpus = util::repo().join("tests/fixtures/refs");
        let out = quorum([
            "index".as_ref(),
            corpus.as_os_str(),
            "--index".as_ref(),
            index.as_os_str(),
        ]);
        assert!(out.status.success(), "{}", describe(&out));
        index
    })
}

fn text(hit: &Value) -> String {
    hit["text"].as_str().unwrap_or("").to_string()
}

#[test]
fn mash_finds_passages_that_only_say_multi_agency_safeguarding_hub() {
    let (code, response) = search_json(fixture_index(), "MASH", &["--limit", "20"]);
    assert_eq!(code, 0);
    let only_expansion = hits(&response)
        .iter()
        .find(|h| text(h).contains("Multi Agency Safeguarding Hub") && !text(h).contains("MASH"))
        .unwrap_or_else(|| panic!("no passage found by its expansion alone: {response}"));
    assert_eq!(
        only_expansion["expansions"][0]["expansion"],
        "Multi Agency Safeguarding Hub"
    );
    assert_eq!(response["expansions"][0]["acronym"], "MASH");
    assert_eq!(response["expansions"][0]["typed"], "acronym");

    // And the reverse: the expansion finds a passage that only says MASH.
    for query in [
        "\"Multi Agency Safeguarding Hub\"",
        "multi agency safeguarding hub",
    ] {
        let (_, response) = search_json(fixture_index(), query, &["--limit", "20"]);
        assert!(
            hits(&response)
                .iter()
                .any(|h| text(h).contains("MASH") && !text(h).contains("Multi Agency")),
            "{query}: {response}"
        );
    }
}

#[test]
fn mash_is_expanded_on_the_sample_corpus_too() {
    let (code, response) = search_json(corpus_index(), "MASH", &[]);
    assert_eq!(code, 0);
    assert_eq!(
        response["expansions"][0]["expansion"],
        "Multi Agency Safeguarding Hub"
    );
}

#[test]
fn built_in_acronyms_expand() {
    let (_, response) = search_json(corpus_index(), "LAC", &["--limit", "50"]);
    assert!(
        hits(&response)
            .iter()
            .any(|h| text(h).to_lowercase().contains("children looked after")),
        "{response}"
    );
    let (_, response) = search_json(corpus_index(), "DfE", &["--limit", "50"]);
    assert!(hits(&response)
        .iter()
        .any(|h| text(h).contains("Department for Education")));
}

#[test]
fn focused_finds_focussed_and_back() {
    for (query, wanted) in [
        ("focused", "focussed"),
        ("focussed", "focused"),
        ("programme", "program"),
    ] {
        let (code, response) = search_json(corpus_index(), query, &["--limit", "100"]);
        assert_eq!(code, 0, "{query}");
        assert!(
            hits(&response)
                .iter()
                .any(|h| text(h).to_lowercase().contains(wanted)),
            "{query} should find {wanted}"
        );
    }
}

#[test]
fn numbers_and_money_as_typed() {
    for (query, wanted) in [
        ("£134,000", "£134,000"),
        ("134000", "£134,000"),
        ("£3.8m", "£3.8m"),
        ("17.8", "17.8"),
        ("2018/19", "2018-19"),
        ("2018-19", "2018-19"),
        ("\"work programme 2020/21\"", "2020/21"),
    ] {
        let (code, response) = search_json(corpus_index(), query, &["--limit", "100"]);
        assert_eq!(code, 0, "{query}: {response}");
        assert!(
            hits(&response).iter().any(|h| text(h).contains(wanted)),
            "{query} should find {wanted}"
        );
    }
    // A different amount is not a match.
    let (code, _) = search_json(corpus_index(), "£134,001", &[]);
    assert_eq!(code, 1);
}
