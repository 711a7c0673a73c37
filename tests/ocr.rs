//! Scanned papers, made here: a typed PDF is rendered to page images (`pdftoppm`), and the
//! images are wrapped back into a PDF with no text layer, one page as greyscale Flate, one as
//! JPEG, one as a 1-bit scan. quorum must read them by OCR: the words it finds agree with the
//! typed text (bag-of-words F1 at least [`MIN_F1`] per page), on the right pages, marked as
//! OCR with a confidence in the JSON; a mixed file keeps its text layer where it has one; each
//! page is read by Tesseract once, however often the file is indexed; without Tesseract, or
//! with `--no-ocr`, the file is listed as scanned rather than empty.
//!
//! Needs `tesseract` (Debian `tesseract-ocr`, `tesseract-ocr-eng`) and `pdftoppm`
//! (`poppler-utils`), which `.ci/run` installs. Without them the test prints a notice and
//! passes, unless `QUORUM_REQUIRE_TOOLS=1` (set by `.ci/run`) makes their absence a failure.

mod util;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use util::describe;
use util::scan::{assemble, scanned_page, typed_pdf, Page, Scan};

/// Least bag-of-words F1 between the typed words of a page and the words OCR reads from it.
const MIN_F1: f64 = 0.95;

/// The typed pages: my own wording, in the shape of a parish council's minutes.
const PAGES: [&[&str]; 3] = [
    &[
        "MINUTES OF THE ORCHARD LANE PARISH COUNCIL",
        "Held at the Village Hall on Tuesday 4 March 1997 at 7.30 pm",
        "Present: Councillors Amberley, Fenwick, Okafor and Thistlewood",
        "41. Footpath between the church and the allotments",
        "The clerk reported that the stile beside the brook had collapsed",
        "during the February storms and that walkers were climbing the",
        "fence instead. Councillor Fenwick said the landowner had agreed",
        "to replace the stile with a kissing gate if the council paid",
        "for the timber. Resolved that the clerk order the timber.",
    ],
    &[
        "42. Bus shelter on the green",
        "Members discussed the cracked glass panels in the shelter opposite",
        "the post office. Three quotations had been received for new",
        "polycarbonate panels, the lowest from a firm in Market Weston.",
        "Councillor Okafor asked whether the county council would share",
        "the cost, since the shelter serves a county route. The clerk",
        "will write to the highways department before the next meeting.",
        "Resolved that the lowest quotation be accepted in principle.",
    ],
    &[
        "43. Village hall heating",
        "The hall committee reported that the boiler had failed twice this",
        "winter and that the engineer advised replacing it before October.",
        "A grant of up to half the cost may be available from the rural",
        "community fund. Councillor Thistlewood proposed that the council",
        "contribute the remainder from its reserves, seconded by Councillor",
        "Amberley and carried unanimously. The meeting closed at 9.05 pm.",
    ],
];

/// Words unique to each typed page, to check pages.
const PAGE_WORDS: [&str; 3] = ["stile", "polycarbonate", "boiler"];

fn tools_present() -> bool {
    let runs = |program: &str| {
        Command::new(program)
            .arg("-v")
            .output()
            .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
    };
    let present = runs("tesseract") && runs("pdftoppm");
    if !present {
        assert!(
            std::env::var("QUORUM_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "tesseract and pdftoppm are required here (QUORUM_REQUIRE_TOOLS=1): \
             install tesseract-ocr, tesseract-ocr-eng and poppler-utils"
        );
        eprintln!("notice: tesseract or pdftoppm is not installed; skipping the OCR checks");
    }
    present
}

/// Lower-case words of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Bag-of-words F1 of `found` against `expected`.
fn f1(expected: &[String], found: &[String]) -> f64 {
    fn count(ws: &[String]) -> BTreeMap<&str, usize> {
        let mut m: BTreeMap<&str, usize> = BTreeMap::new();
        for w in ws {
            *m.entry(w.as_str()).or_default() += 1;
        }
        m
    }
    let (e, f) = (count(expected), count(found));
    let common: usize = e
        .iter()
        .map(|(w, n)| (*n).min(f.get(w).copied().unwrap_or(0)))
        .sum();
    if common == 0 {
        return 0.0;
    }
    let precision = common as f64 / found.len() as f64;
    let recall = common as f64 / expected.len() as f64;
    2.0 * precision * recall / (precision + recall)
}

/// A Tesseract that logs each page it is asked to read, then runs the real one.
fn logging_tesseract(dir: &Path) -> (PathBuf, PathBuf) {
    let log = dir.join("tesseract.log");
    let script = dir.join("tesseract");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncase \"$1\" in stdin) echo page >> '{}';; esac\nexec tesseract \"$@\"\n",
            log.display()
        ),
    )
    .expect("write script");
    let mut permissions = std::fs::metadata(&script).expect("script").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&script, permissions).expect("chmod");
    (script, log)
}

fn pages_read(log: &Path) -> usize {
    std::fs::read_to_string(log).map_or(0, |t| t.lines().count())
}

fn index(corpus: &Path, index: &Path, tesseract: &Path, extra: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_quorum"))
        .arg("index")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .arg("--json")
        .args(extra)
        .env("QUORUM_TESSERACT", tesseract)
        .output()
        .expect("quorum runs");
    assert!(out.status.success(), "{}", describe(&out));
    serde_json::from_slice(&out.stdout).expect("summary JSON")
}

/// A temporary folder holding `typed.pdf` of `pages` and an empty `corpus/`.
fn workspace(pages: &[&[&str]]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let work = tempfile::tempdir().expect("temp dir");
    let typed = work.path().join("typed.pdf");
    std::fs::write(&typed, typed_pdf(pages)).expect("write typed");
    let corpus = work.path().join("corpus");
    std::fs::create_dir(&corpus).expect("corpus");
    (work, typed, corpus)
}

#[test]
fn scanned_pages_are_read_by_ocr_on_the_right_pages() {
    if !tools_present() {
        return;
    }
    let (work, typed, corpus) = workspace(&PAGES);
    let scans = [Scan::Grey, Scan::Jpeg, Scan::Mono];
    let images: Vec<util::scan::Scanned> = scans
        .iter()
        .enumerate()
        .map(|(i, scan)| scanned_page(&typed, i + 1, *scan, work.path()))
        .collect();
    std::fs::write(
        corpus.join("scanned-minutes.pdf"),
        assemble(images.iter().cloned().map(Page::Image).collect()),
    )
    .expect("write scan");
    // A typed agenda with a scanned appendix.
    std::fs::write(
        corpus.join("mixed.pdf"),
        assemble(vec![
            Page::Typed(&[
                "AGENDA ITEM 7: APPENDIX",
                "The scanned letter from the hall committee follows this page. Members are",
                "asked to note its contents before the budget discussion, to say whether",
                "they support the request for a contribution from reserves, and to ask the",
                "clerk to report back on the grant application at the April meeting.",
            ]),
            Page::Image(images[2].clone()),
        ]),
    )
    .expect("write mixed");

    // The scanned file, read as indexing reads it.
    let (tesseract, log) = logging_tesseract(work.path());
    let out = Command::new(env!("CARGO_BIN_EXE_quorum"))
        .args(["inspect", "--json"])
        .arg(corpus.join("scanned-minutes.pdf"))
        .env("QUORUM_TESSERACT", &tesseract)
        .output()
        .expect("inspect runs");
    assert!(out.status.success(), "{}", describe(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("inspect JSON");
    let passages = doc["passages"].as_array().expect("passages");
    assert!(!passages.is_empty(), "no passages: {doc}");
    for p in passages {
        assert_eq!(p["ocr"], true, "{p}");
        let confidence = p["ocr_confidence"].as_f64().expect("confidence");
        assert!((50.0..=100.0).contains(&confidence), "{confidence}");
    }
    for (page, typed_lines) in PAGES.iter().enumerate() {
        let expected = words(&typed_lines.join("\n"));
        let found: Vec<String> = passages
            .iter()
            .filter(|p| p["page"] == page as u64 + 1)
            .flat_map(|p| words(p["text"].as_str().unwrap_or("")))
            .collect();
        let score = f1(&expected, &found);
        eprintln!(
            "page {} ({}): OCR F1 {score:.3} ({} words typed, {} read)",
            page + 1,
            ["grey", "jpeg", "1-bit"][page],
            expected.len(),
            found.len()
        );
        assert!(score >= MIN_F1, "page {}: F1 {score:.3}", page + 1);
    }
    let scanned = &doc["scanned"];
    assert_eq!(
        scanned["read"].as_array().map(Vec::len),
        Some(3),
        "{scanned}"
    );
    assert_eq!(pages_read(&log), 3);

    // Indexed: found by search, on the right page, marked as OCR.
    let index_dir = work.path().join("index");
    let summary = index(&corpus, &index_dir, &tesseract, &[]);
    assert_eq!(
        summary["failed"].as_array().map(Vec::len),
        Some(0),
        "{summary}"
    );
    // Inspecting keeps no cache; indexing does, and the mixed file's scan is the same image as
    // the third page, so it is read once.
    assert_eq!(pages_read(&log), 6, "3 for inspect, 3 for indexing");
    for (page, word) in PAGE_WORDS.iter().enumerate() {
        let (code, response) = util::search_json(&index_dir, word, &["--no-collapse"]);
        assert_eq!(code, 0);
        let hit = util::hits(&response)
            .iter()
            .find(|h| h["document"]["path"] == "scanned-minutes.pdf")
            .unwrap_or_else(|| panic!("{word} not found: {response}"));
        assert_eq!(hit["page"], page as u64 + 1, "{word}: {hit}");
        assert_eq!(hit["ocr"], true, "{hit}");
        assert!(hit["ocr_confidence"].as_f64().is_some(), "{hit}");
    }
    // The mixed file: the typed page from its text layer, the scan by OCR.
    let (_, response) = util::search_json(&index_dir, "engineer", &["--no-collapse"]);
    let mixed: Vec<&Value> = util::hits(&response)
        .iter()
        .filter(|h| h["document"]["path"] == "mixed.pdf")
        .collect();
    assert!(!mixed.is_empty(), "{response}");
    assert!(
        mixed.iter().all(|h| h["page"] == 2 && h["ocr"] == true),
        "{mixed:?}"
    );
    let (_, response) = util::search_json(&index_dir, "letter follows", &["--no-collapse"]);
    let typed_hit = util::hits(&response)
        .iter()
        .find(|h| h["document"]["path"] == "mixed.pdf")
        .unwrap_or_else(|| panic!("typed page not found: {response}"));
    assert_eq!(typed_hit["page"], 1);
    assert!(typed_hit.get("ocr").is_none(), "{typed_hit}");

    // Read again from scratch: every page comes from the cache.
    index(&corpus, &index_dir, &tesseract, &["--rebuild"]);
    assert_eq!(pages_read(&log), 6, "a rebuild read a page again");

    // The export carries the mark.
    let server = util::server::Server::over_index(&index_dir);
    let reply = server.get("/api/export?q=boiler&format=csv");
    let mut reader = csv::Reader::from_reader(reply.body.as_bytes());
    let header = reader.headers().expect("CSV header").clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("no {name} column: {header:?}"))
    };
    let (ocr, confidence) = (column("ocr"), column("ocr_confidence"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("CSV row")).collect();
    assert!(!rows.is_empty(), "{}", reply.body);
    for row in &rows {
        assert_eq!(&row[ocr], "true", "{row:?}");
        assert!(row[confidence].parse::<f64>().is_ok(), "{row:?}");
    }
}

#[test]
fn without_tesseract_or_with_no_ocr_a_scan_is_listed_as_scanned() {
    if !tools_present() {
        return;
    }
    let (work, typed, corpus) = workspace(&PAGES[..1]);
    let image = scanned_page(&typed, 1, Scan::Grey, work.path());
    std::fs::write(
        corpus.join("scan.pdf"),
        assemble(vec![Page::Image(image.clone())]),
    )
    .expect("write");
    let typed_page: &'static [&'static str] = &[
        "AGENDA ITEM 4: CORRESPONDENCE",
        "A scanned letter about the footpath and its stile follows this page. Members",
        "are asked to note it and to agree that the clerk replies on behalf of the",
        "council, thanking the landowner for the offer of a kissing gate, and asking",
        "when the work could start so that walkers can be told.",
    ];
    std::fs::write(
        corpus.join("mixed.pdf"),
        assemble(vec![Page::Typed(typed_page), Page::Image(image)]),
    )
    .expect("write");
    std::fs::write(
        corpus.join("typed.txt"),
        "Minutes of a typed meeting about the allotment rents.",
    )
    .expect("write");

    let index_dir = work.path().join("index");
    let missing = work.path().join("no-such-tesseract");
    let summary = index(&corpus, &index_dir, &missing, &[]);
    let failed = summary["failed"].as_array().expect("failed");
    assert_eq!(failed.len(), 1, "{summary}");
    assert_eq!(failed[0]["path"], "scan.pdf");
    assert_eq!(failed[0]["kind"], "scanned");
    assert_eq!(
        failed[0]["reason"],
        "scanned: install tesseract-ocr to read it"
    );
    // The overview's statistics list it the same way.
    let server = util::server::Server::over_index(&index_dir);
    let stats = server.json("/api/stats", 200);
    assert_eq!(stats["failed"][0]["kind"], "scanned", "{stats}");
    // The mixed file is indexed from its text layer, and its unread scan is listed.
    let unread = &stats["scanned"]["unread"];
    assert_eq!(unread.as_array().map(Vec::len), Some(1), "{stats}");
    assert_eq!(unread[0]["path"], "mixed.pdf");
    assert_eq!(unread[0]["pages"], 1);
    assert_eq!(unread[0]["reason"], "install tesseract-ocr to read it");
    assert_eq!(stats["scanned"]["pages_read"], 0);
    drop(server);

    // On purpose.
    let other = work.path().join("index-no-ocr");
    let summary = index(&corpus, &other, Path::new("tesseract"), &["--no-ocr"]);
    assert_eq!(
        summary["failed"][0]["reason"], "scanned: OCR is off (--no-ocr)",
        "{summary}"
    );

    // Once Tesseract is there, the next run reads the file, though it has not changed.
    let (tesseract, _) = logging_tesseract(work.path());
    let summary = index(&corpus, &index_dir, &tesseract, &[]);
    assert_eq!(
        summary["failed"].as_array().map(Vec::len),
        Some(0),
        "{summary}"
    );
    assert_eq!(summary["updated"], 2, "{summary}");
    let (_, response) = util::search_json(&index_dir, "timber", &["--no-collapse"]);
    for path in ["scan.pdf", "mixed.pdf"] {
        assert!(
            util::hits(&response)
                .iter()
                .any(|h| h["document"]["path"] == path && h["ocr"] == true),
            "{path}: {response}"
        );
    }
    let server = util::server::Server::over_index(&index_dir);
    let stats = server.json("/api/stats", 200);
    assert_eq!(stats["scanned"]["pages_read"], 2, "{stats}");
    assert_eq!(stats["scanned"]["documents_read"], 2, "{stats}");
    assert_eq!(stats["scanned"]["unread"].as_array().map(Vec::len), Some(0));
    drop(server);
    // And the run after that reads nothing.
    let summary = index(&corpus, &index_dir, &tesseract, &[]);
    assert_eq!(summary["unchanged"], 3, "{summary}");
}
