//! What quorum's fuzz targets (`fuzz_targets/`) share with the regression test that replays
//! their findings (`tests/fuzz_regressions.rs` includes this file as a module, so both run
//! exactly the same code).
//!
//! Every target feeds arbitrary bytes to one stage of quorum and fails (aborts, so libFuzzer
//! saves the input) on a panic, a stack overflow, a hang past `-timeout` or memory past
//! `-rss_limit_mb`. Besides not crashing, a stage's output must keep the promises the next
//! stage relies on; the `assert_*` functions check them. [`paged_text`] turns the understand
//! target's bytes into its input, and [`search_engine`] and [`search_request`] set up the query
//! target's searches.

use std::panic::PanicHookInfo;

use quorum::extract::normalize::normalize;
use quorum::extract::Extracted;
use quorum::index::{update_index, IndexOptions, Isolation};
use quorum::search::{Dimension, Engine, Matching, SearchRequest, Sort};
use quorum::Document;
use unicode_normalization::is_nfc;

/// Assert what `quorum::extract::normalize` promises of every extracted text: Unicode NFC, `\n`
/// line endings, no control characters but `\n` and `\t`, only plain spaces, no zero-width or
/// soft-hyphen characters, no trailing white space on a line, at most one blank line in a row,
/// no blank lines at either end.
pub fn assert_normalized(text: &str) {
    for c in text.chars() {
        assert!(
            c == '\n' || c == '\t' || !c.is_control(),
            "control character {c:?} in normalised text {text:?}"
        );
        assert!(
            !matches!(
                c,
                '\u{00A0}' | '\u{1680}' | '\u{2000}'
                    ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\u{2028}' | '\u{2029}'
            ),
            "unusual space {c:?} in normalised text {text:?}"
        );
        assert!(
            !matches!(
                c,
                '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            ),
            "invisible character {c:?} in normalised text {text:?}"
        );
    }
    let mut previous_blank = true; // no blank line at the start
    for line in text.split('\n') {
        assert_eq!(
            line,
            line.trim_end(),
            "trailing white space on a line of {text:?}"
        );
        let blank = line.is_empty();
        assert!(
            !(blank && previous_blank),
            "blank line at the start or two in a row in {text:?}"
        );
        previous_blank = blank;
    }
    assert!(
        text.is_empty() || !previous_blank,
        "blank line at the end of {text:?}"
    );
    assert!(is_nfc(text), "normalised text is not NFC: {text:?}");
}

/// Assert what [`Extracted`] promises: page starts begin at 0, never decrease, and fall on
/// character boundaries inside the text.
pub fn assert_pages(extracted: &Extracted) {
    let starts = &extracted.page_starts;
    if let Some(first) = starts.first() {
        assert_eq!(*first, 0, "first page starts at {first}");
    }
    for pair in starts.windows(2) {
        assert!(pair[0] <= pair[1], "page starts decrease: {starts:?}");
    }
    for &start in starts {
        assert!(
            extracted.text.is_char_boundary(start),
            "page start {start} is not a character boundary of a {}-byte text",
            extracted.text.len()
        );
    }
}

/// Assert what a [`Document`] promises: each passage's `start..end` (in characters) is its text
/// inside the document's text, and its page, if any, is one of the document's pages.
pub fn assert_document(document: &Document, pages: usize) {
    // Byte offset of every character, and of the end.
    let offsets: Vec<usize> = document
        .text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(document.text.len()))
        .collect();
    for passage in &document.passages {
        assert!(
            passage.start <= passage.end && passage.end < offsets.len(),
            "passage {}..{} outside a text of {} characters",
            passage.start,
            passage.end,
            offsets.len() - 1
        );
        let body = &document.text[offsets[passage.start]..offsets[passage.end]];
        assert_eq!(body, passage.text, "passage text differs from its span");
        if let Some(page) = passage.page {
            assert!(
                page >= 1 && page as usize <= pages.max(1),
                "passage on page {page} of {pages}"
            );
        }
    }
}

/// The understand target's input: text (invalid UTF-8 replaced) in which a form feed (`\x0c`)
/// starts a new page, as in `pdftotext` output. Each page is normalised and pages are joined as
/// the PDF extractor joins them, so the text has the shape `understand` receives in production.
/// Input starting with `\x01` gives its first line as the format's title (an HTML `<title>`, a
/// PDF's `/Title`).
pub fn paged_text(data: &[u8]) -> Extracted {
    let input = String::from_utf8_lossy(data);
    let (title, body) = match input.strip_prefix('\u{1}') {
        Some(rest) => {
            let (first, rest) = rest.split_once('\n').unwrap_or((rest, ""));
            let title = first.split_whitespace().collect::<Vec<_>>().join(" ");
            ((!title.is_empty()).then_some(title), rest.to_string())
        }
        None => (None, input.into_owned()),
    };
    if !body.contains('\u{c}') {
        return Extracted {
            text: normalize(&body),
            page_starts: Vec::new(),
            title,
            ..Extracted::default()
        };
    }
    let mut text = String::new();
    let mut page_starts = Vec::new();
    for page in body.split('\u{c}') {
        let page = normalize(page);
        if !text.is_empty() && !page.is_empty() {
            text.push_str("\n\n");
        }
        page_starts.push(text.len());
        text.push_str(&page);
    }
    Extracted {
        text,
        page_starts,
        title,
        ..Extracted::default()
    }
}

// The papers `search_engine` indexes: short, but with items, resolutions, dates and
// multi-token words ("2018/19", "e-mail") for queries to meet.
const AGENDA: &str = "Executive\n\nAgenda\n\nTuesday 6 November 2018 at 10.00 am\n\n\
1. Apologies for absence\n\n2. Minutes of the previous meeting\n\n\
3. Foster carers allowances\n\nTo consider a report on foster care fees and the \
recruitment of foster carers across the district.\n\n4. Planning applications\n\n\
The planning committee's recommendations on the local plan and highway schemes.\n";

const MINUTES: &str = "Minutes of a meeting of the Executive held on 4 December 2018\n\n\
Present: Councillor Hinchcliffe (Chair)\n\n37. FOSTER CARERS ALLOWANCES\n\n\
The Strategic Director reported on allowances paid to foster carers and adoption fees.\n\n\
Resolved -\n\nThat the revised allowances be approved with effect from 1 April 2019.\n\n\
38. BUDGET MONITORING\n\nMembers noted the revenue budget position and the capital \
programme for 2018/19.\n\nResolved - That the report be noted.\n";

const REPORT: &str = "Report of the Strategic Director of Place to the meeting of the \
Executive to be held on 8 January 2019\n\nSubject:\n\nLOCAL PLAN REVIEW\n\n1. SUMMARY\n\n\
1.1 This report sets out progress on the local plan, housing numbers and the \
e-mail consultation of 2018-19.\n\n2. RECOMMENDATIONS\n\n2.1 That the Executive notes the \
timetable for the planning inspector's examination.\n";

const MANIFEST: &str = "path,council,committee,date,type\n\
agenda.txt,Bradford,Executive,2018-11-06,agenda\n\
minutes.txt,Bradford,Executive,2018-12-04,minutes\n\
report.txt,Leeds,Planning Committee,2019-01-08,report\n";

/// An engine over three short papers (agenda, minutes, report) written here, with manifest
/// metadata so every filter and facet has values, indexed in a temporary folder that lives as
/// long as the returned guard.
pub fn search_engine() -> (Engine, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let corpus = dir.path().join("corpus");
    let index = dir.path().join("index");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    for (name, text) in [
        ("agenda.txt", AGENDA),
        ("minutes.txt", MINUTES),
        ("report.txt", REPORT),
        ("manifest.csv", MANIFEST),
    ] {
        std::fs::write(corpus.join(name), text).expect("seed paper");
    }
    let options = IndexOptions {
        threads: 1,
        isolation: Isolation::InProcess,
        ..IndexOptions::default()
    };
    let summary = update_index(&corpus, &index, &options).expect("index the seed papers");
    assert_eq!(summary.added, 3, "every seed paper indexed");
    let engine = Engine::open(&index).expect("open the index");
    (engine, dir)
}

/// The search the query target runs for `query`: its length picks the sort order, grouping and
/// page, so that all of them get inputs.
pub fn search_request(query: &str) -> SearchRequest {
    let n = query.len();
    SearchRequest {
        sort: [Sort::Relevance, Sort::Date, Sort::DateDesc][n % 3],
        group_by_item: n % 2 == 1,
        offset: n % 5,
        limit: 1 + n % 10,
        matching: [None, Some(Matching::All), Some(Matching::Most)][(n / 3) % 3],
        facets: match (n / 9) % 3 {
            0 => Dimension::default_facets(),
            1 => Vec::new(),
            _ => Dimension::facets().collect(),
        },
        ..SearchRequest::new(query)
    }
}

/// True when a panic happened in a dependency or the standard library rather than in quorum's
/// source. `extract::pdf` catches lopdf's panics by design, so only quorum's own are findings.
pub fn in_dependency(info: &PanicHookInfo<'_>) -> bool {
    info.location().is_some_and(|location| {
        let file = location.file();
        file.contains("/.cargo/registry/")
            || file.contains("/.cargo/git/")
            || file.starts_with("/rustc/")
    })
}
