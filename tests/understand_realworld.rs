//! Real papers from `../shared/realworld/` (see its `SOURCES.md`): Kent County Council Cabinet
//! PDFs and Royal Borough of Kingston ModernGov pages. Skipped, with a notice, only when the
//! folder is absent; a paper there that cannot be read fails the test.
//!
//! Decisions these expectations encode:
//! - Kent's "Proposed Record of Decision" (PRoD) papers are `decision`s; they name the decision
//!   maker (Cabinet) but not the meeting's date, so their date is `None` (a sidecar may give
//!   it): the scraper's `metadata.json` says which meeting they were published for, the paper
//!   does not.
//! - Appendices and the EQIA form are `other`: each is part of a report, but on its own it
//!   neither declares itself a report to a meeting nor names one, so committee and date are
//!   `None` too.
//! - "Minutes of the meeting held on 9th January 2025", published with the 30 January agenda,
//!   is the minutes *of* 9 January.
//! - The supplementary letter in `public_packs` ("CABINET - THURSDAY, 30 JANUARY 2025")
//!   encloses a document; it is `other`, with committee and date from its heading.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use quorum::discover::sniff_format;
use quorum::extract::extract;
use quorum::model::{DocType, Document};
use quorum::understand::{understand, Source};

fn realworld() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld");
    if root.is_dir() {
        Some(root)
    } else {
        eprintln!(
            "note: {} is absent; real-world understanding tests skipped",
            root.display()
        );
        None
    }
}

fn read(path: &Path) -> Option<Document> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let ext = path.extension().and_then(|e| e.to_str());
    let format =
        sniff_format(ext, &bytes).unwrap_or_else(|| panic!("{}: no format", path.display()));
    // ../shared is there: a paper that cannot be read is a failure, never a skip.
    let extracted = extract(&bytes, format).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // The file's name, as `quorum inspect` reads it: what the folders add is measured by the
    // gold sets (tests/understand_gold.rs).
    let rel = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Some(understand(
        &extracted,
        Source {
            rel: &rel,
            hash: "test",
            metadata: None,
        },
    ))
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// (file under kent-cabinet/, type, committee, date)
const KENT: &[(&str, DocType, Option<&str>, Option<&str>)] = &[
    ("2025-01-30/originals/24-00096 - Commissioning Plan for Education Provision in Kent 2025-29 - Report.pdf", DocType::Report, Some("Cabinet"), Some("2025-01-30")),
    ("2025-01-30/originals/24-00096 - EQIA.pdf", DocType::Other, None, None),
    ("2025-01-30/originals/24-00096 - PRoD.pdf", DocType::Decision, Some("Cabinet"), None),
    ("2025-01-30/originals/24-00108 - PROD.pdf", DocType::Decision, Some("Cabinet"), None),
    ("2025-01-30/originals/24-00108 - Revenue and Capital Budget Monitoring Report November 2024-25.pdf", DocType::Report, Some("Cabinet"), Some("2025-01-30")),
    ("2025-01-30/originals/24-00109 - Transfer the 18-25 section of the Strengthening Independence Service - Report.pdf", DocType::Report, Some("Cabinet"), Some("2025-01-30")),
    ("2025-01-30/originals/24-00115 - Adoption of Integrated Care Strategy delivery plan - Report.pdf", DocType::Report, Some("Cabinet"), Some("2025-01-30")),
    ("2025-01-30/originals/24-00115 - PROD.pdf", DocType::Decision, Some("Cabinet"), None),
    ("2025-01-30/originals/Agenda frontsheet 30th-Jan-2025 10.00 Cabinet.pdf", DocType::Agenda, Some("Cabinet"), Some("2025-01-30")),
    ("2025-01-30/originals/Appendix D 21.01.25.pdf", DocType::Other, None, None),
    ("2025-01-30/originals/Appendix G - Reserves Policy.pdf", DocType::Other, None, None),
    ("2025-01-30/originals/Appendix O - MRP.pdf", DocType::Other, None, None),
    ("2025-01-30/originals/Draft Revenue Budget 2025-26 MTFP 2025-28 Draft Capital Programme 2025-35 and Treasury Management .pdf", DocType::Report, Some("Cabinet"), Some("2025-01-30")),
    ("2025-01-30/originals/Item 7 - Supplementary - 24-00109 - Transfer the 18-25 section of the Strengthening Independence Ser.pdf", DocType::Report, Some("Cabinet"), Some("2025-01-30")),
    ("2025-01-30/originals/Minutes of the meeting held on 9th January 2025.pdf", DocType::Minutes, Some("Cabinet"), Some("2025-01-09")),
    ("2025-01-30/originals/Printed minutes 30th-Jan-2025 10.00 Cabinet.pdf", DocType::Minutes, Some("Cabinet"), Some("2025-01-30")),
    ("2025-01-30/public_packs/24-00096 - PROD 30th-Jan-2025 10.00 Cabinet.pdf", DocType::Other, Some("Cabinet"), Some("2025-01-30")),
    ("2025-03-04/originals/Adoption of the Kent Minerals and Waste Local Plan 2024-2039.pdf", DocType::Report, Some("Cabinet"), Some("2025-03-04")),
    ("2025-03-04/originals/Agenda frontsheet 04th-Mar-2025 10.00 Cabinet.pdf", DocType::Agenda, Some("Cabinet"), Some("2025-03-04")),
    ("2025-03-04/originals/Appendix 1 Cabinet - Budget Update.pdf", DocType::Other, None, None),
    ("2025-03-04/originals/Cabinet QPR Q3 Cover.pdf", DocType::Report, Some("Cabinet"), Some("2025-03-04")),
    ("2025-03-04/originals/Cabinet Report 4 March 2025.pdf", DocType::Report, Some("Cabinet"), Some("2025-03-04")),
    ("2025-03-04/originals/Minutes of Previous Meeting.pdf", DocType::Minutes, Some("Cabinet"), Some("2025-01-30")),
    ("2025-03-04/originals/Scrutiny Committee - call-in Family Hubs Report to Cabinet - FINAL.pdf", DocType::Report, Some("Cabinet"), Some("2025-03-04")),
    ("2025-03-13/originals/Agenda frontsheet 13th-Mar-2025 15.00 Cabinet.pdf", DocType::Agenda, Some("Cabinet"), Some("2025-03-13")),
    ("2025-03-13/public_packs/Public reports pack 13th-Mar-2025 15.00 Cabinet.pdf", DocType::Agenda, Some("Cabinet"), Some("2025-03-13")),
];

fn item_numbers(doc: &Document) -> Vec<&str> {
    doc.items.iter().map(|i| i.number.as_str()).collect()
}

#[test]
fn kent_cabinet_papers() {
    let Some(root) = realworld() else { return };
    let kent = root.join("kent-cabinet");
    let mut failures = Vec::new();
    for (file, doc_type, committee, day) in KENT {
        let Some(doc) = read(&kent.join(file)) else {
            return;
        };
        let got = (
            doc.doc_type,
            doc.meeting.committee.as_deref(),
            doc.meeting.date,
        );
        let want = (*doc_type, *committee, day.and_then(date));
        if got != want {
            failures.push(format!("{file}: got {got:?}, want {want:?}"));
        }
        if doc.meeting.committee.is_some() && doc.meeting.council.as_deref() != Some("Kent") {
            failures.push(format!("{file}: council {:?}", doc.meeting.council));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));

    // Items: minute numbers with the agenda item kept in the title.
    let minutes =
        read(&kent.join("2025-01-30/originals/Printed minutes 30th-Jan-2025 10.00 Cabinet.pdf"))
            .unwrap();
    let first = minutes.items.first().unwrap();
    assert_eq!(
        (first.number.as_str(), first.title.as_str()),
        ("84", "Apologies (Item 1)")
    );
    let top: Vec<&str> = item_numbers(&minutes)
        .into_iter()
        .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(top, ["84", "85", "86", "87", "88", "89", "90", "91", "92"]);
    let previous = read(
        &kent.join("2025-01-30/originals/Minutes of the meeting held on 9th January 2025.pdf"),
    )
    .unwrap();
    assert_eq!(
        previous.items.first().map(|i| i.number.as_str()),
        Some("76")
    );

    let agenda =
        read(&kent.join("2025-01-30/originals/Agenda frontsheet 30th-Jan-2025 10.00 Cabinet.pdf"))
            .unwrap();
    assert_eq!(
        item_numbers(&agenda),
        ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
    );
    assert_eq!(
        agenda.items[2].title,
        "Minutes of the Meeting held on 9th January 2025"
    );
    assert_eq!(agenda.meeting.time.as_deref(), Some("10:00"));
    let report = read(&kent.join("2025-03-04/originals/Cabinet QPR Q3 Cover.pdf")).unwrap();
    assert_eq!(
        report
            .items
            .first()
            .map(|i| (i.number.as_str(), i.title.as_str())),
        Some(("1", "Introduction"))
    );
}

#[test]
fn kingston_moderngov_pages() {
    let Some(root) = realworld() else { return };
    let kingston = root.join("kingston-moderngov");
    let committee = Some("Kingston and North Kingston Neighbourhood Committee");
    let cases: [(&str, DocType, &str, Vec<&str>); 3] = [
        (
            "Agenda_151.html",
            DocType::Minutes,
            "2026-01-15",
            (54..=65).map(|n| n.to_string().leak() as &str).collect(),
        ),
        ("Agenda_412.html", DocType::Agenda, "2025-12-04", Vec::new()),
        (
            "Agenda_Irrelevant.html",
            DocType::Minutes,
            "2025-11-18",
            (29..=38).map(|n| n.to_string().leak() as &str).collect(),
        ),
    ];
    for (file, doc_type, day, numbers) in cases {
        let Some(doc) = read(&kingston.join(file)) else {
            return;
        };
        assert_eq!(doc.doc_type, doc_type, "{file}");
        assert_eq!(doc.meeting.committee.as_deref(), committee, "{file}");
        assert_eq!(doc.meeting.date, date(day), "{file}");
        assert_eq!(
            doc.meeting.council.as_deref(),
            Some("Kingston upon Thames"),
            "{file}"
        );
        assert_eq!(item_numbers(&doc), numbers, "{file}");
    }
    let page = read(&kingston.join("Agenda_151.html")).unwrap();
    let titles: Vec<&str> = page.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles.first(), Some(&"Public Question Time"));
    assert!(titles.contains(&"Minutes"), "{titles:?}");
    assert!(titles.contains(&"Coombe Lane West Zebra Crossing - Local Consultation Results"));
}
