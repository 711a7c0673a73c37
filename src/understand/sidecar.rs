//! Metadata given alongside the papers, which wins over what the text says.
//!
//! In: a corpus root and a document's relative path. Out: the document's [`Metadata`], merged
//! from two optional sources:
//! - `corpus/manifest.csv`: one row per document, keyed by the `path` column (relative to the
//!   corpus, `/`-separated); other columns, all optional: `council`, `committee`, `date`
//!   (`YYYY-MM-DD`), `type` (`agenda`, `minutes`, `report`, `decision`, `other`), `title`, `url`,
//!   `item` and `item_title` (the agenda item a paper is presented under: its passages that the
//!   text places in no item of its own are placed in it);
//! - `FILE.meta.json` next to the document (`paper.pdf.meta.json`), a JSON object with the
//!   same keys. Its values win over the manifest row's.
//!
//! Empty values count as absent. A malformed manifest or sidecar is an error message naming the
//! file; callers report it for that document and carry on. [`super::understand`] applies the
//! result over what it read from the text ([`Metadata::apply`]).

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::evidence::Origin;
use crate::discover::{MANIFEST_NAME, SIDECAR_SUFFIX};
use crate::model::{DocType, Document, Item, ItemRef};

/// Facts about one document given by whoever collected it. `None` means "not given".
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Metadata {
    /// The authority, e.g. "Kent".
    pub council: Option<String>,
    /// The committee, e.g. "Cabinet".
    pub committee: Option<String>,
    /// The meeting's date.
    pub date: Option<NaiveDate>,
    /// The document type.
    pub doc_type: Option<DocType>,
    /// A human title.
    pub title: Option<String>,
    /// Where the paper was published: becomes the hit's link.
    pub url: Option<String>,
    /// The number of the agenda item the paper is presented under, as printed ("7").
    #[serde(default)]
    pub item: Option<String>,
    /// That item's title.
    #[serde(default)]
    pub item_title: Option<String>,
}

impl Metadata {
    /// `self` with every value `over` gives replacing this one.
    pub fn merged_with(mut self, over: Metadata) -> Metadata {
        self.council = over.council.or(self.council);
        self.committee = over.committee.or(self.committee);
        self.date = over.date.or(self.date);
        self.doc_type = over.doc_type.or(self.doc_type);
        self.title = over.title.or(self.title);
        self.url = over.url.or(self.url);
        if over.item.is_some() {
            self.item = over.item;
            self.item_title = over.item_title;
        }
        self
    }

    /// True when nothing is given.
    pub fn is_empty(&self) -> bool {
        *self == Metadata::default()
    }

    /// Overwrite the document's facts with every value given here.
    pub fn apply(&self, document: &mut Document) {
        let given = Some(Origin::Sidecar);
        if let Some(c) = &self.council {
            document.meeting.council = Some(c.clone());
            document.provenance.council = given;
        }
        if let Some(c) = &self.committee {
            document.meeting.committee = Some(c.clone());
            document.provenance.committee = given;
        }
        if let Some(d) = self.date {
            document.meeting.date = Some(d);
            document.provenance.date = given;
        }
        if let Some(t) = self.doc_type {
            document.doc_type = t;
            document.provenance.doc_type = given;
        }
        if let Some(t) = &self.title {
            document.title = t.clone();
        }
        if let Some(u) = &self.url {
            document.url = Some(u.clone());
        }
        if let Some(number) = &self.item {
            let item = ItemRef {
                number: number.clone(),
                title: self.item_title.clone().unwrap_or_default(),
            };
            if document.items.is_empty() {
                document.items.push(Item {
                    number: item.number.clone(),
                    title: item.title.clone(),
                    reports: Vec::new(),
                });
            }
            for passage in document.passages.iter_mut().filter(|p| p.item.is_none()) {
                passage.item = Some(item.clone());
            }
        }
    }
}

/// The fields as written in a sidecar or manifest row: all strings, checked afterwards.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetadata {
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    council: Option<String>,
    #[serde(default)]
    committee: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default, rename = "type")]
    doc_type: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    item: Option<String>,
    #[serde(default)]
    item_title: Option<String>,
}

fn given(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

impl RawMetadata {
    fn check(self, origin: &str) -> Result<Metadata, String> {
        let date = match given(self.date) {
            None => None,
            Some(d) => Some(
                NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .map_err(|_| format!("{origin}: date {d:?} is not YYYY-MM-DD"))?,
            ),
        };
        let doc_type = match given(self.doc_type) {
            None => None,
            Some(t) => Some(t.parse::<DocType>().map_err(|e| format!("{origin}: {e}"))?),
        };
        Ok(Metadata {
            council: given(self.council),
            committee: given(self.committee),
            date,
            doc_type,
            title: given(self.title),
            url: given(self.url),
            item: given(self.item),
            item_title: given(self.item_title),
        })
    }
}

/// The corpus-wide table of metadata, keyed by relative path. Empty when there is none.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    rows: HashMap<String, Metadata>,
}

impl Manifest {
    /// Read `corpus_root/manifest.csv`; an absent file gives an empty manifest.
    pub fn load(corpus_root: &Path) -> Result<Manifest, String> {
        let path = corpus_root.join(MANIFEST_NAME);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Manifest::default()),
            Err(e) => return Err(format!("{MANIFEST_NAME}: cannot read: {e}")),
        };
        Manifest::parse(&bytes)
    }

    /// Parse the CSV text of a manifest.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, String> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let mut rows = HashMap::new();
        for (index, record) in reader.deserialize::<RawMetadata>().enumerate() {
            let line = index + 2;
            let origin = format!("{MANIFEST_NAME} line {line}");
            let raw = record.map_err(|e| format!("{origin}: {e}"))?;
            let Some(path) = given(raw.path.clone()) else {
                return Err(format!("{origin}: no path"));
            };
            let key = normalise_rel(&path);
            rows.insert(key, raw.check(&origin)?);
        }
        Ok(Manifest { rows })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when the manifest has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The manifest row for `rel`, if any.
    pub fn row(&self, rel: &str) -> Option<&Metadata> {
        self.rows.get(&normalise_rel(rel))
    }

    /// The metadata for the document at `rel`: its `.meta.json` merged over its manifest row.
    /// `Ok(None)` when neither says anything.
    pub fn metadata_for(&self, corpus_root: &Path, rel: &str) -> Result<Option<Metadata>, String> {
        let base = self.row(rel).cloned().unwrap_or_default();
        let sidecar_rel = format!("{rel}{SIDECAR_SUFFIX}");
        let sidecar = match std::fs::read(corpus_root.join(&sidecar_rel)) {
            Ok(bytes) => parse_sidecar(&bytes, &sidecar_rel)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Metadata::default(),
            Err(e) => return Err(format!("{sidecar_rel}: cannot read: {e}")),
        };
        let merged = base.merged_with(sidecar);
        Ok((!merged.is_empty()).then_some(merged))
    }
}

/// Parse the JSON of one `.meta.json` sidecar; `origin` names it in errors.
pub fn parse_sidecar(bytes: &[u8], origin: &str) -> Result<Metadata, String> {
    let raw: RawMetadata =
        serde_json::from_slice(bytes).map_err(|e| format!("{origin}: not valid metadata: {e}"))?;
    raw.check(origin)
}

fn normalise_rel(rel: &str) -> String {
    rel.trim()
        .replace('\\', "/")
        .trim_start_matches("./")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_rows_are_keyed_by_path_and_checked() {
        let csv = "path,council,committee,date,type,title,url\n\
                   ./a/x.pdf,Kent,Cabinet,2025-01-30,minutes,,https://e.org/x\n\
                   b.txt,,,,,,\n";
        let m = Manifest::parse(csv.as_bytes()).unwrap();
        let row = m.row("a/x.pdf").unwrap();
        assert_eq!(row.council.as_deref(), Some("Kent"));
        assert_eq!(row.doc_type, Some(DocType::Minutes));
        assert_eq!(row.title, None, "empty is absent");
        assert!(m.row("b.txt").unwrap().is_empty());
    }

    #[test]
    fn malformed_values_are_messages_not_panics() {
        let bad_date = "path,date\na.txt,12/01/2025\n";
        let err = Manifest::parse(bad_date.as_bytes()).unwrap_err();
        assert!(
            err.contains("line 2") && err.contains("YYYY-MM-DD"),
            "{err}"
        );
        assert!(Manifest::parse(b"path,type\na.txt,memo\n").is_err());
        assert!(Manifest::parse(b"path,colour\na.txt,red\n").is_err());
        assert!(parse_sidecar(b"{not json", "x.meta.json").is_err());
    }

    #[test]
    fn sidecar_wins_over_manifest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("manifest.csv"),
            "path,council,committee,url\np.pdf,Kent,Cabinet,https://m.org/p\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("p.pdf.meta.json"),
            r#"{"committee": "Governance and Audit Committee", "date": "2025-03-04"}"#,
        )
        .unwrap();
        let manifest = Manifest::load(dir.path()).unwrap();
        let m = manifest.metadata_for(dir.path(), "p.pdf").unwrap().unwrap();
        assert_eq!(m.council.as_deref(), Some("Kent"));
        assert_eq!(
            m.committee.as_deref(),
            Some("Governance and Audit Committee")
        );
        assert_eq!(m.url.as_deref(), Some("https://m.org/p"));
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2025, 3, 4));
        assert_eq!(manifest.metadata_for(dir.path(), "q.pdf").unwrap(), None);
    }

    #[test]
    fn a_given_item_holds_the_passages_the_text_places_in_none() {
        let extracted = crate::extract::Extracted {
            text: "Report of the Director of Housing\n\nThe scheme would cost forty thousand \
                   pounds a year.\n\n1. Background\n\nThe scheme began as a pilot in the \
                   eastern wards."
                .into(),
            ..Default::default()
        };
        let read = |metadata: Option<&Metadata>| {
            crate::understand::understand(
                &extracted,
                crate::understand::Source {
                    rel: "r.txt",
                    hash: "0",
                    metadata,
                },
            )
        };
        let given = parse_sidecar(
            br#"{"item": "7", "item_title": "Housing scheme", "type": "report"}"#,
            "r.txt.meta.json",
        )
        .unwrap();
        let plain = read(None);
        let placed = read(Some(&given));
        assert_eq!(plain.passages.len(), placed.passages.len());
        for (before, after) in plain.passages.iter().zip(&placed.passages) {
            match &before.item {
                Some(own) => assert_eq!(after.item.as_ref(), Some(own), "the text's item stays"),
                None => assert_eq!(
                    after
                        .item
                        .as_ref()
                        .map(|i| (i.number.as_str(), i.title.as_str())),
                    Some(("7", "Housing scheme"))
                ),
            }
        }
        assert!(plain.passages.iter().any(|p| p.item.is_none()));
    }

    #[test]
    fn absent_manifest_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Manifest::load(dir.path()).unwrap().is_empty());
    }
}
