//! House styles not in the seeds, in `tests/fixtures/understand/`: a London borough's cabinet
//! minutes ("RESOLVED that", "Cllr X asked", a "6.30 - 8.10PM" time span), a county council
//! agenda with labelled date/time/place and sub-items 5(a), 5(b), and a cabinet member's
//! record of decision. Also: sidecar metadata wins over the text.

use std::path::Path;

use chrono::NaiveDate;
use quorum::discover::sniff_format;
use quorum::extract::extract;
use quorum::model::{DocType, Document, Role};
use quorum::understand::{understand, Manifest, Metadata, Source};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/understand")
}

fn read_with(name: &str, metadata: Option<&Metadata>) -> Document {
    let path = fixtures().join(name);
    let bytes = std::fs::read(&path).unwrap();
    let ext = path.extension().and_then(|e| e.to_str());
    let format = sniff_format(ext, &bytes).unwrap();
    let extracted = extract(&bytes, format).unwrap();
    understand(
        &extracted,
        Source {
            rel: name,
            hash: "test",
            metadata,
        },
    )
}

fn read(name: &str) -> Document {
    read_with(name, None)
}

fn items(doc: &Document) -> Vec<(&str, &str)> {
    doc.items
        .iter()
        .map(|i| (i.number.as_str(), i.title.as_str()))
        .collect()
}

#[test]
fn london_borough_cabinet_minutes() {
    let doc = read("haringey_cabinet_minutes.txt");
    assert_eq!(doc.doc_type, DocType::Minutes);
    assert_eq!(doc.meeting.council.as_deref(), Some("Haringey"));
    assert_eq!(doc.meeting.committee.as_deref(), Some("Cabinet"));
    assert_eq!(doc.meeting.date, NaiveDate::from_ymd_opt(2024, 6, 11));
    assert_eq!(doc.meeting.time.as_deref(), Some("18:30"));
    assert_eq!(
        items(&doc),
        [
            ("1", "FILMING AT MEETINGS"),
            ("2", "APOLOGIES"),
            ("3", "URGENT BUSINESS"),
            ("4", "DECLARATIONS OF INTEREST"),
            ("5", "MINUTES"),
            ("6", "HOUSING STRATEGY DELIVERY PLAN 2024-2026"),
            ("7", "HARINGEY SCHOOL STREETS PROGRAMME: PHASE 4"),
            ("8", "NEW ITEMS OF URGENT BUSINESS"),
        ]
    );
    let role_of = |needle: &str| {
        doc.passages
            .iter()
            .find(|p| p.text.contains(needle))
            .map(|p| p.role)
    };
    assert_eq!(
        role_of("Approve the Housing Strategy Delivery Plan"),
        Some(Role::Resolution)
    );
    assert_eq!(
        role_of("permanent traffic management orders"),
        Some(Role::Resolution)
    );
    assert_eq!(role_of("Cawley-Harrison asked"), Some(Role::Comment));
    assert_eq!(
        role_of("households in temporary accommodation"),
        Some(Role::Response)
    );
    assert_eq!(
        role_of("no declarations of interest"),
        Some(Role::Procedural)
    );
    assert_eq!(
        role_of("Not to produce a delivery plan"),
        Some(Role::Narrative)
    );
}

#[test]
fn county_council_agenda_with_sub_items() {
    let doc = read("devon_cabinet_agenda.txt");
    assert_eq!(doc.doc_type, DocType::Agenda);
    assert_eq!(doc.meeting.council.as_deref(), Some("Devon"));
    assert_eq!(doc.meeting.committee.as_deref(), Some("Cabinet"));
    assert_eq!(doc.meeting.date, NaiveDate::from_ymd_opt(2024, 10, 9));
    assert_eq!(doc.meeting.time.as_deref(), Some("10:30"));
    assert_eq!(
        doc.meeting.venue.as_deref(),
        Some("Committee Suite, County Hall, Topsham Road, Exeter")
    );
    assert_eq!(
        items(&doc),
        [
            ("1", "Apologies for Absence"),
            ("2", "Minutes"),
            ("3", "Items Requiring Urgent Attention"),
            ("4", "Announcements"),
            ("5", "Financial Matters"),
            ("5(a)", "Month 4 Budget Monitoring 2024/25"),
            (
                "5(b)",
                "Treasury Management Stewardship Mid-Year Report 2024/25"
            ),
            ("6", "Local Transport Plan 4: Consultation Response"),
            ("7", "Question(s) from Members of the Council"),
            ("8", "Minutes of Bodies Reporting to the Cabinet"),
        ]
    );
    // The "Minutes of the meeting held on 11 September 2024" inside item 2 is not the date.
    assert!(doc
        .passages
        .iter()
        .any(|p| p.item.as_ref().is_some_and(|i| i.number == "5(b)")
            && p.text.contains("DFPV/24/92")));
}

#[test]
fn cabinet_member_record_of_decision() {
    let doc = read("oxfordshire_decision_notice.txt");
    assert_eq!(doc.doc_type, DocType::Decision);
    assert_eq!(doc.meeting.council.as_deref(), Some("Oxfordshire"));
    assert_eq!(
        doc.meeting.committee.as_deref(),
        Some("Cabinet Member for Highway Management")
    );
    assert_eq!(doc.meeting.date, NaiveDate::from_ymd_opt(2024, 3, 21));
    assert_eq!(
        doc.title,
        "Oxford, Woodstock Road - Proposed Zebra Crossing and Waiting Restrictions"
    );
    assert!(doc.items.is_empty(), "{:?}", doc.items);
    let decided = doc
        .passages
        .iter()
        .find(|p| p.text.contains("approved the proposed zebra crossing"))
        .map(|p| p.role);
    assert_eq!(decided, Some(Role::Resolution));
}

#[test]
fn sidecar_metadata_wins_and_gives_the_url() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("manifest.csv"),
        "path,council,committee,url\nx.txt,Kent,Cabinet,https://democracy.example.gov.uk/x\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("x.txt.meta.json"),
        r#"{"date": "2024-06-12"}"#,
    )
    .unwrap();
    let manifest = Manifest::load(dir.path()).unwrap();
    let metadata = manifest.metadata_for(dir.path(), "x.txt").unwrap().unwrap();
    let doc = read_with("haringey_cabinet_minutes.txt", Some(&metadata));
    assert_eq!(doc.meeting.council.as_deref(), Some("Kent"));
    assert_eq!(doc.meeting.date, NaiveDate::from_ymd_opt(2024, 6, 12));
    assert_eq!(
        doc.meeting.time.as_deref(),
        Some("18:30"),
        "not given: kept"
    );
    assert_eq!(
        doc.url.as_deref(),
        Some("https://democracy.example.gov.uk/x")
    );

    std::fs::write(dir.path().join("y.txt.meta.json"), "{\"date\": 12}").unwrap();
    assert!(manifest.metadata_for(dir.path(), "y.txt").is_err());
}

#[test]
fn unknown_text_is_other_with_passages() {
    let extracted = extract(
        b"Shopping list\n\nEggs, flour and milk.\n",
        quorum::extract::Format::Text,
    )
    .unwrap();
    let doc = understand(
        &extracted,
        Source {
            rel: "list.txt",
            hash: "h",
            metadata: None,
        },
    );
    assert_eq!(doc.doc_type, DocType::Other);
    assert_eq!(doc.meeting, Default::default());
    assert!(doc.items.is_empty());
    assert_eq!(doc.passages.len(), 1);
}
