//! Minutes published more than once, run with the real binary: the minutes of a meeting, the
//! same minutes reprinted in the next meeting's agenda pack (`tests/fixtures/republished/`),
//! the same minutes filed again under the later meeting's folder, and a pack reprinting minutes
//! whose original the archive does not hold.

mod util;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;
use util::server::Server;
use util::{hits, search_json};

const ORIGINAL: &str = "republished/2024-03-05_minutes.txt";
const PACK: &str = "republished/2024-04-02_agenda.txt";
const FILED: &str = "amenities/2024-04-02/minutes-of-the-previous-meeting.txt";
const ORPHAN: &str = "burial-board/2024-06-11/agenda.txt";

/// A pack whose reprinted minutes have no original in the archive.
const ORPHAN_PACK: &str = "\
HOLLOWFORD TOWN COUNCIL

BURIAL BOARD

AGENDA FOR THE MEETING TO BE HELD ON TUESDAY 11 JUNE 2024 AT 6.30 PM

1. APOLOGIES

2. MINUTES

To approve the minutes of the last meeting, printed below.

HOLLOWFORD TOWN COUNCIL
MINUTES OF THE MEETING OF THE BURIAL BOARD HELD ON TUESDAY 14 MAY 2024

7. CHAPEL ROOF

The sexton reported that lead flashing had been taken from the north side of the cemetery \
chapel roof overnight, and that rain was now reaching the vestry ceiling. Members agreed that \
a temporary covering be fitted at once and that the insurers be told.

8. MEMORIAL SAFETY

Members noted the topple testing of headstones in the old ground, where nine had been laid flat.

3. CORRESPONDENCE

A letter from the parochial church council about mowing.
";

/// The archive's folder, built once per test binary.
fn corpus() -> &'static Path {
    static CORPUS: OnceLock<PathBuf> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir").keep();
        let corpus = dir.join("corpus");
        let fixtures = util::repo().join("tests/fixtures");
        for (from, to) in [(ORIGINAL, ORIGINAL), (PACK, PACK), (ORIGINAL, FILED)] {
            let to = corpus.join(to);
            fs::create_dir_all(to.parent().expect("a folder")).expect("folder");
            fs::copy(fixtures.join(from), &to).expect("copy a fixture");
        }
        let orphan = corpus.join(ORPHAN);
        fs::create_dir_all(orphan.parent().expect("a folder")).expect("folder");
        fs::write(&orphan, ORPHAN_PACK).expect("write the pack");
        corpus
    })
}

fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| util::index_of(corpus()))
}

fn path(hit: &Value) -> &str {
    hit["document"]["path"].as_str().unwrap_or("")
}

fn by_path<'a>(hits: &'a [Value], wanted: &str) -> &'a Value {
    hits.iter()
        .find(|h| path(h) == wanted)
        .unwrap_or_else(|| panic!("no hit from {wanted}: {hits:#?}"))
}

#[test]
fn reprinted_minutes_are_the_earlier_meetings_and_copy_the_original() {
    let (code, response) = search_json(index(), "basket swing", &["--no-collapse"]);
    assert_eq!(code, 0, "{response}");
    let all = hits(&response);
    assert_eq!(all.len(), 3, "{all:#?}");

    let reprint = by_path(all, PACK);
    assert_eq!(reprint["type"], "minutes");
    assert_eq!(reprint["meeting"]["date"], "2024-03-05");
    assert_eq!(reprint["meeting"]["committee"], "Amenities Committee");
    assert_eq!(reprint["item"]["number"], "23", "the minute's own number");
    assert_eq!(reprint["published_in"]["date"], "2024-04-02");
    assert_eq!(reprint["copy_of"]["path"], ORIGINAL);

    let filed = by_path(all, FILED);
    assert_eq!(filed["meeting"]["date"], "2024-03-05");
    assert!(filed.get("published_in").is_none(), "{filed}");
    assert_eq!(
        filed["copy_of"]["path"], ORIGINAL,
        "filed under a later meeting"
    );

    let original = by_path(all, ORIGINAL);
    assert!(original.get("copy_of").is_none(), "{original}");
    assert!(original.get("published_in").is_none(), "{original}");

    // Filtered by date, the reprint is the March meeting's, not the April pack's.
    let (_, march) = search_json(index(), "basket swing date:2024-03-05", &["--no-collapse"]);
    assert_eq!(hits(&march).len(), 3, "{march}");
    let (_, april) = search_json(index(), "basket swing date:2024-04-02", &["--no-collapse"]);
    assert!(hits(&april).is_empty(), "{april}");
    let (_, agendas) = search_json(index(), "basket swing type:agenda", &["--no-collapse"]);
    assert!(hits(&agendas).is_empty(), "{agendas}");
}

#[test]
fn a_collapsed_hit_shows_the_original_with_its_copies_listed() {
    // Whichever copy ranks best, the group shows the meeting's own minutes.
    for query in [
        "basket swing",
        "standpipes frozen lagging",
        "toddler area reopen",
    ] {
        let (_, response) = search_json(index(), query, &[]);
        let first = hits(&response)
            .first()
            .unwrap_or_else(|| panic!("{query}: no hit"));
        assert_eq!(path(first), ORIGINAL, "{query}: {first:#}");
        let mut copies: Vec<&str> = first["copies"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["path"].as_str())
            .collect();
        copies.sort_unstable();
        assert_eq!(copies, [FILED, PACK], "{query}");
    }
}

#[test]
fn without_the_original_the_reprint_stands_for_it() {
    let (_, response) = search_json(index(), "lead flashing chapel roof", &[]);
    let first = hits(&response).first().cloned().unwrap_or_default();
    assert_eq!(path(&first), ORPHAN, "{response:#}");
    assert_eq!(first["meeting"]["date"], "2024-05-14");
    assert_eq!(first["meeting"]["committee"], "Burial Board");
    assert_eq!(first["item"]["number"], "7");
    assert_eq!(first["published_in"]["date"], "2024-06-11");
    assert!(first.get("copy_of").is_none(), "{first:#}");
    // The pack's own items stay its own.
    let (_, own) = search_json(index(), "parochial church council mowing", &[]);
    let own = hits(&own).first().cloned().unwrap_or_default();
    assert_eq!(own["meeting"]["date"], "2024-06-11", "{own:#}");
    assert_eq!(own["item"]["number"], "3");
    assert_eq!(own["type"], "agenda");
}

#[test]
fn a_document_lists_the_copies_it_makes_and_those_made_of_it() {
    let server = Server::over_index(index());
    let (_, response) = search_json(index(), "basket swing", &["--no-collapse"]);
    let all = hits(&response);
    let id = |p: &str| {
        by_path(all, p)["document"]["id"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };

    let original = server.json(&format!("/api/documents/{}", id(ORIGINAL)), 200);
    let copies: Vec<(&str, bool)> = original["copies"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["copy"]["path"].as_str().unwrap_or(""),
                c["reprint"] == true,
            )
        })
        .collect();
    assert_eq!(copies, [(FILED, false), (PACK, true)], "{original:#}");
    assert!(original["copy_of"].as_array().is_some_and(Vec::is_empty));

    let pack = server.json(&format!("/api/documents/{}", id(PACK)), 200);
    let copy_of = pack["copy_of"].as_array().cloned().unwrap_or_default();
    assert_eq!(copy_of.len(), 1, "{pack:#}");
    assert_eq!(copy_of[0]["original"]["path"], ORIGINAL);
    assert_eq!(copy_of[0]["copy"]["date"], "2024-03-05");
    assert_eq!(
        pack["meeting"]["date"], "2024-04-02",
        "the pack keeps its own meeting"
    );
}

#[test]
fn facets_count_every_copy_unless_asked_for_distinct_passages() {
    let server = Server::over_index(index());
    let count = |response: &Value, dimension: &str, value: &str| -> u64 {
        response["facets"][dimension]
            .as_array()
            .into_iter()
            .flatten()
            .find(|f| f["value"] == value)
            .and_then(|f| f["count"].as_u64())
            .unwrap_or(0)
    };
    let every = server.json("/api/search?q=basket+swing", 200);
    assert_eq!(every["facet_counts"], "passages");
    assert_eq!(every["total"], 3, "{every:#}");
    assert_eq!(every["distinct_total"], 1, "{every:#}");
    assert_eq!(count(&every, "committee", "Amenities Committee"), 3);
    assert_eq!(count(&every, "type", "minutes"), 3);

    let distinct = server.json("/api/search?q=basket+swing&distinct=true", 200);
    assert_eq!(distinct["facet_counts"], "distinct");
    assert_eq!(distinct["total"], 3, "the total still counts every passage");
    assert_eq!(count(&distinct, "committee", "Amenities Committee"), 1);
    assert_eq!(count(&distinct, "type", "minutes"), 1);
    assert_eq!(count(&distinct, "year", "2024"), 1);

    // A passage without copies counts once either way; a filter's own dimension is counted
    // distinct as well.
    let own = server.json(
        "/api/search?q=basket+swing+OR+mowing&distinct=true&committee=Amenities+Committee",
        200,
    );
    assert_eq!(
        count(&own, "committee", "Amenities Committee"),
        1,
        "{own:#}"
    );
    assert_eq!(count(&own, "committee", "Burial Board"), 1, "{own:#}");

    let bad = server.get("/api/search?q=basket&distinct=maybe");
    assert_eq!(bad.status, 400, "{}", bad.body);
}

#[test]
fn an_export_keeps_every_copy_marked_with_its_group() {
    let server = Server::over_index(index());
    let reply = server.get("/api/export?q=basket+swing&format=jsonl");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let rows: Vec<Value> = reply
        .body
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON row"))
        .collect();
    assert_eq!(rows.len(), 3, "{}", reply.body);
    let group = rows[0]["group"].as_str().unwrap_or_default();
    assert_eq!(group.len(), 16, "{:#}", rows[0]);
    assert!(rows.iter().all(|r| r["group"] == group), "{}", reply.body);
    assert!(rows[0]["copy_of"].is_null());
    for row in &rows[1..] {
        assert_eq!(row["copy_of"], rows[0]["id"], "{row:#}");
    }
    // A passage with no copy has no group.
    let reply = server.get("/api/export?q=parochial+mowing&format=jsonl");
    let row: Value = serde_json::from_str(reply.body.lines().next().unwrap_or("")).expect("a row");
    assert!(row["group"].is_null(), "{row:#}");
}
