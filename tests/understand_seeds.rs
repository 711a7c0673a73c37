//! What quorum must understand of the five seed papers in `corpus/`, written from reading them.
//!
//! Each test extracts the file the way indexing does (format sniffed from its content) and
//! checks the document's type, meeting, every item, and for the agenda pack its embedded reports.

use std::path::Path;

use chrono::NaiveDate;
use quorum::discover::sniff_format;
use quorum::extract::{extract, Format};
use quorum::model::{DocType, Document, Role};
use quorum::understand::{understand, Source};

fn read(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    let ext = path.extension().and_then(|e| e.to_str());
    let format = sniff_format(ext, &bytes).unwrap();
    let extracted = extract(&bytes, format).unwrap();
    let rel = format!("corpus/{name}");
    understand(
        &extracted,
        Source {
            rel: &rel,
            hash: "test",
            metadata: None,
        },
    )
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn items(doc: &Document) -> Vec<(&str, &str)> {
    doc.items
        .iter()
        .map(|i| (i.number.as_str(), i.title.as_str()))
        .collect()
}

/// True once the Markdown extractor removes markup (until then the markup checks are skipped).
fn markdown_is_cleaned() -> bool {
    extract(b"## **5. TITLE**\n\n15<sup>th</sup>\n", Format::Markdown)
        .map(|e| !e.text.contains("**") && !e.text.contains("<sup>"))
        .unwrap_or(false)
}

fn assert_passages_cover_items(doc: &Document) {
    for item in &doc.items {
        assert!(
            doc.passages
                .iter()
                .any(|p| p.item.as_ref().is_some_and(|i| i.number == item.number)),
            "item {} has no passage",
            item.number
        );
    }
}

#[test]
fn bradford_minutes_000() {
    let doc = read("000_5af795796b427d82.txt");
    assert_eq!(doc.doc_type, DocType::Minutes);
    assert_eq!(doc.meeting.council.as_deref(), Some("Bradford"));
    assert_eq!(
        doc.meeting.committee.as_deref(),
        Some("Children's Services Overview and Scrutiny Committee")
    );
    assert_eq!(doc.meeting.date, date(2018, 12, 12));
    assert_eq!(doc.meeting.time.as_deref(), Some("16:30"));
    assert_eq!(
        doc.meeting.venue.as_deref(),
        Some("Committee Room 1 - City Hall, Bradford")
    );
    assert_eq!(
        items(&doc),
        [
            ("34", "DISCLOSURES OF INTEREST"),
            ("35", "INSPECTION OF REPORTS AND BACKGROUND PAPERS"),
            ("36", "REFERRALS TO THE OVERVIEW AND SCRUTINY COMMITTEE"),
            (
                "37",
                "UPDATED INFORMATION FOR MEMBERS ON THE WORKLOADS OF CHILDREN'S SOCIAL CARE SERVICES"
            ),
            (
                "38",
                "OFSTED INSPECTION OF LOCAL AUTHORITY CHILDREN'S SERVICES (ILACS)"
            ),
            ("39", "CHILDREN MISSING FROM HOME AND CARE"),
            ("40", "CHILDREN MISSING FROM EDUCATION"),
            (
                "41",
                "CHILDREN'S SERVICES OVERVIEW AND SCRUTINY COMMITTEE WORK PROGRAMME 2018-19"
            ),
        ]
    );
    assert_passages_cover_items(&doc);
    // Roles: the resolutions of minute 37, the comments and answers, the action lines.
    let of = |number: &str, role: Role| {
        doc.passages
            .iter()
            .filter(|p| p.item.as_ref().is_some_and(|i| i.number == number) && p.role == role)
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
    };
    assert!(of("37", Role::Resolution)
        .iter()
        .any(|t| t.contains("results of the staff survey be circulated")));
    assert!(of("37", Role::Comment)
        .iter()
        .any(|t| t.contains("recruiting foster carers")));
    assert!(of("37", Role::Response)
        .iter()
        .any(|t| t.contains("maximum of 16")));
    assert!(of("34", Role::Action)
        .iter()
        .any(|t| t.contains("City Solicitor")));
    assert!(of("34", Role::Procedural)
        .iter()
        .any(|t| t.contains("Claire Parr")));
    assert!(of("39", Role::Resolution)
        .iter()
        .any(|t| t.contains("safeguard children who go missing")));
}

#[test]
fn bradford_report_001() {
    let doc = read("001_d0c4f529ca7e2791.txt");
    assert_eq!(doc.doc_type, DocType::Report);
    assert_eq!(doc.meeting.council.as_deref(), Some("Bradford"));
    assert_eq!(doc.meeting.committee.as_deref(), Some("Executive"));
    assert_eq!(doc.meeting.date, date(2018, 11, 6));
    assert_eq!(
        doc.title,
        "OFSTED INSPECTION OF LOCAL AUTHORITY CHILDREN'S SERVICES (ILACS)"
    );
    assert_eq!(
        items(&doc),
        [
            ("1", "SUMMARY"),
            ("2", "BACKGROUND"),
            ("3", "OTHER CONSIDERATIONS"),
            ("4", "FINANCIAL & RESOURCE APPRAISAL"),
            ("5", "RISK MANAGEMENT AND GOVERNANCE ISSUES"),
            ("6", "LEGAL APPRAISAL"),
            ("7", "OTHER IMPLICATIONS"),
            ("8", "NOT FOR PUBLICATION DOCUMENTS"),
            ("9", "RECOMMENDATIONS"),
            ("10", "APPENDICES"),
        ]
    );
    assert_passages_cover_items(&doc);
    let recommendations: Vec<_> = doc
        .passages
        .iter()
        .filter(|p| p.role == Role::Recommendation)
        .collect();
    assert!(!recommendations.is_empty());
    assert!(recommendations
        .iter()
        .all(|p| p.item.as_ref().is_some_and(|i| i.number == "9")));
    assert!(doc
        .passages
        .iter()
        .any(|p| p.section.as_deref() == Some("7.2 SUSTAINABILITY IMPLICATIONS")));
}

#[test]
fn bradford_agenda_pack_002() {
    let doc = read("002_97945917fc853ae4.txt");
    assert_eq!(doc.doc_type, DocType::Agenda);
    assert_eq!(doc.meeting.council.as_deref(), Some("Bradford"));
    assert_eq!(
        doc.meeting.committee.as_deref(),
        Some("Children's Services Overview and Scrutiny Committee")
    );
    assert_eq!(doc.meeting.date, date(2021, 3, 11));
    assert_eq!(doc.meeting.time.as_deref(), Some("16:30"));
    // "1. A. PROCEDURAL ITEMS" and "B. OVERVIEW AND SCRUTINY ACTIVITIES" are group headings.
    assert_eq!(
        items(&doc),
        [
            ("2", "ALTERNATE MEMBERS (Standing Order 34)"),
            ("3", "DISCLOSURES OF INTEREST"),
            ("4", "MINUTES"),
            ("5", "INSPECTION OF REPORTS AND BACKGROUND PAPERS"),
            ("6", "REFERRALS TO THE OVERVIEW AND SCRUTINY COMMITTEE"),
            ("7", "CHILDREN'S SERVICES IMPROVEMENT PROGRAMME"),
            ("8", "QUALITY ASSURANCE AND AUDIT IN CHILDREN'S SOCIAL CARE"),
            ("9", "YOUNG CARERS"),
            (
                "10",
                "CHILDREN'S SERVICES OVERVIEW AND SCRUTINY COMMITTEE - WORK PROGRAMME 2020/21"
            ),
        ]
    );
    let reports: Vec<(&str, Option<&str>, &str)> = doc
        .items
        .iter()
        .flat_map(|i| {
            i.reports
                .iter()
                .map(move |r| (i.number.as_str(), r.letter.as_deref(), r.title.as_str()))
        })
        .collect();
    assert_eq!(
        reports,
        [
            ("7", Some("AX"), "Children's Services Improvement Programme"),
            (
                "8",
                Some("AY"),
                "Quality Assurance and Audit in Children's Social Care"
            ),
            ("9", Some("AZ"), "YOUNG CARERS"),
            (
                "10",
                Some("BA"),
                "Children's Services Overview and Scrutiny Committee – Work Programme 2020/21"
            ),
        ]
    );
    let ax = &doc.items[5].reports[0];
    assert_eq!(
        ax.author.as_deref(),
        Some("Strategic Director Children's Services")
    );
    assert_eq!(ax.contact.as_deref(), Some("Irfan Alam"));

    // Document "AX": its passages are item 7's, typed report, with its sections.
    let ax_passages: Vec<_> = doc
        .passages
        .iter()
        .filter(|p| {
            p.doc_type == DocType::Report && p.item.as_ref().is_some_and(|i| i.number == "7")
        })
        .collect();
    assert!(ax_passages.len() > 5);
    let sections: Vec<&str> = ax_passages
        .iter()
        .filter_map(|p| p.section.as_deref())
        .collect();
    for wanted in [
        "1. SUMMARY",
        "2. BACKGROUND",
        "7.1 SUSTAINABILITY IMPLICATIONS",
        "10. RECOMMENDATIONS",
    ] {
        assert!(
            sections.contains(&wanted),
            "AX lacks section {wanted}: {sections:?}"
        );
    }
    assert!(ax_passages
        .iter()
        .any(|p| p.text.contains("Vital Signs report demonstrates")));
    // Its appendix (the Vital Signs report) stays with it.
    assert!(ax_passages
        .iter()
        .any(|p| p.text.contains("Integrated Front door remains high")));
    // The agenda part of item 7 is agenda text, and its recommendation is one.
    assert!(doc.passages.iter().any(|p| p.doc_type == DocType::Agenda
        && p.role == Role::Recommendation
        && p.item.as_ref().is_some_and(|i| i.number == "7")));
    // AY's report heading names another date: the pack's meeting date is still 11 March.
    let ay: Vec<_> = doc
        .passages
        .iter()
        .filter(|p| {
            p.doc_type == DocType::Report && p.item.as_ref().is_some_and(|i| i.number == "8")
        })
        .collect();
    assert!(ay
        .iter()
        .any(|p| p.section.as_deref() == Some("2. BACKGROUND")));
    // Page furniture never becomes passage text.
    assert!(doc
        .passages
        .iter()
        .all(|p| !p.text.lines().any(|l| l.trim() == "Page 5")));
    if markdown_is_cleaned() {
        for p in &doc.passages {
            for markup in ["**", "##", "<sup>"] {
                assert!(!p.text.contains(markup), "{markup} in passage {:?}", p.text);
            }
        }
    } else {
        eprintln!("note: Markdown extraction does not clean markup yet; markup check skipped");
    }
}

#[test]
fn bromley_minutes_003() {
    let doc = read("003_5b0a6dd4e6822a10.txt");
    assert_eq!(doc.doc_type, DocType::Minutes);
    assert_eq!(doc.meeting.council.as_deref(), Some("Bromley"));
    assert_eq!(
        doc.meeting.committee.as_deref(),
        Some("Care Services Policy Development and Scrutiny Committee")
    );
    assert_eq!(doc.meeting.date, date(2016, 12, 6));
    assert_eq!(doc.meeting.time.as_deref(), Some("19:00"));
    assert_eq!(
        items(&doc),
        [
            (
                "53",
                "APOLOGIES FOR ABSENCE AND NOTIFICATION OF SUBSTITUTE MEMBERS"
            ),
            ("54", "DECLARATIONS OF INTEREST"),
            (
                "55",
                "QUESTIONS FROM COUNCILLORS AND MEMBERS OF THE PUBLIC ATTENDING THE MEETING"
            ),
            (
                "56",
                "HOLDING THE PORTFOLIO HOLDER AND EXECUTIVE TO ACCOUNT"
            ),
            ("56A", "CHILDREN'S SERVICES IMPROVEMENT PLAN UPDATE"),
            (
                "56B",
                "CHILDREN'S SOCIAL CARE - RECRUITMENT AND RETENTION UPDATE"
            ),
        ]
    );
    let resolutions: Vec<_> = doc
        .passages
        .iter()
        .filter(|p| p.role == Role::Resolution)
        .map(|p| p.item.as_ref().map(|i| i.number.as_str()))
        .collect();
    assert_eq!(resolutions, [Some("56A"), Some("56B")]);
    assert!(doc
        .passages
        .iter()
        .all(|p| !p.text.contains("This page is left intentionally blank")));
}

#[test]
fn moderngov_page_004() {
    let doc = read("004_12370fbe631e31a3.txt");
    assert_eq!(doc.doc_type, DocType::Minutes);
    // The page names the venue (City Hall, Bradford) but neither its committee nor its date.
    assert_eq!(doc.meeting.council.as_deref(), Some("Bradford"));
    assert_eq!(doc.meeting.committee, None);
    assert_eq!(doc.meeting.date, None);
    assert_eq!(
        doc.meeting.venue.as_deref(),
        Some("Committee Room 1 - City Hall, Bradford")
    );
    assert_eq!(
        items(&doc),
        [
            ("61", "DISCLOSURES OF INTEREST"),
            ("62", "MINUTES"),
            ("63", "INSPECTION OF REPORTS AND BACKGROUND PAPERS"),
            ("64", "REFERRALS TO THE OVERVIEW AND SCRUTINY COMMITTEE"),
            (
                "65",
                "PROGRESS UPDATE FOLLOWING THE OFSTED INSPECTION OF LOCAL AUTHORITIES CHILDREN'S SERVICES (ILAC)"
            ),
            ("66", "CHILDREN'S SERVICES PERFORMANCE OUTTURN REPORT"),
            ("67", "PROGRESS OF THE FOSTERING SERVICE"),
        ]
    );
    // Each item's "Minutes:" part is minutes, the rest agenda.
    for number in ["61", "62", "63", "64", "65", "66", "67"] {
        let of_item: Vec<_> = doc
            .passages
            .iter()
            .filter(|p| p.item.as_ref().is_some_and(|i| i.number == number))
            .collect();
        assert!(
            of_item.iter().any(|p| p.doc_type == DocType::Agenda),
            "{number}"
        );
        assert!(
            of_item.iter().any(|p| p.doc_type == DocType::Minutes),
            "{number}"
        );
    }
    // The cut-off summaries: marker removed, the passage before it marked truncated.
    let truncated: Vec<&str> = doc
        .passages
        .iter()
        .filter(|p| p.truncated)
        .filter_map(|p| p.item.as_ref().map(|i| i.number.as_str()))
        .collect();
    assert_eq!(truncated, ["65", "66", "67"]);
    assert!(doc
        .passages
        .iter()
        .all(|p| !p.text.contains("view the full minutes text")));
    assert!(doc.passages.iter().all(|p| !p.text.contains("pdf icon")));
    assert!(doc
        .passages
        .iter()
        .any(|p| p.role == Role::Resolution && p.text.contains("signed as a correct record")));
}

#[test]
fn passages_point_into_the_text_and_ids_are_stable() {
    for name in [
        "000_5af795796b427d82.txt",
        "001_d0c4f529ca7e2791.txt",
        "002_97945917fc853ae4.txt",
        "003_5b0a6dd4e6822a10.txt",
        "004_12370fbe631e31a3.txt",
    ] {
        let a = read(name);
        let b = read(name);
        assert_eq!(a.passages, b.passages, "{name}");
        let chars: Vec<char> = a.text.chars().collect();
        for p in &a.passages {
            let s: String = chars.get(p.start..p.end).unwrap().iter().collect();
            assert_eq!(s, p.text, "{name}");
        }
    }
}
