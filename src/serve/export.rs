//! Export rows: matching passages in, CSV or JSON Lines bytes out, one batch at a time.
//!
//! Every format carries the same flat [`Row`] per passage, so a spreadsheet and a script see
//! the same columns. In CSV only, a cell whose text begins with a character a spreadsheet reads
//! as the start of a formula (`=`, `+`, `-`, `@`, tab, carriage return) gets a leading `'`
//! ([`spreadsheet_safe`], as OWASP recommends against CSV injection): a paper quoting
//! `=HYPERLINK(...)` must open as text, not run. JSON Lines carries the text unchanged.
//! [`write_all`] runs on a blocking thread and hands batches to the HTTP
//! body through a bounded channel: memory stays flat however many rows are exported, and the
//! export stops as soon as the client goes away.

use chrono::NaiveDate;
use serde::Serialize;
use tokio::sync::mpsc::Sender;

use crate::index::record::PassageRecord;
use crate::model::{DocType, Role};
use crate::search::lookup::ExportPlan;

use super::error::ApiError;

/// Passages read and encoded per chunk of the response body.
const BATCH: usize = 500;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl Format {
    /// The `format` parameter's value; CSV when absent.
    pub fn parse(value: Option<&str>) -> Result<Format, ApiError> {
        match value {
            None | Some("csv") => Ok(Format::Csv),
            Some("jsonl") => Ok(Format::Jsonl),
            Some(other) => Err(ApiError::BadParameter(format!(
                "format {other:?}: expected csv or jsonl"
            ))),
        }
    }

    /// The response's content type.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Jsonl => "application/x-ndjson",
        }
    }

    /// The suggested file name.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Csv => "quorum-export.csv",
            Format::Jsonl => "quorum-export.jsonl",
        }
    }
}

/// One exported passage.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Passage id.
    pub id: String,
    /// Committee.
    pub committee: Option<String>,
    /// Council.
    pub council: Option<String>,
    /// Meeting date.
    pub date: Option<NaiveDate>,
    /// Item number.
    pub item_number: Option<String>,
    /// Item title.
    pub item_title: Option<String>,
    /// Passage type.
    #[serde(rename = "type")]
    pub doc_type: DocType,
    /// Passage role.
    pub role: Role,
    /// Page (PDF).
    pub page: Option<u32>,
    /// Report section.
    pub section: Option<String>,
    /// Document id.
    pub document_id: String,
    /// Document title.
    pub document_title: String,
    /// Path in the corpus.
    pub document_path: String,
    /// Where the document was published.
    pub document_url: Option<String>,
    /// The passage text.
    pub text: String,
    /// Read from a scanned page by OCR (last, with its confidence: columns are only added at
    /// the end, so that spreadsheets reading columns by position keep working).
    pub ocr: bool,
    /// For a passage read by OCR, Tesseract's mean word confidence on its page (0-100).
    pub ocr_confidence: Option<f32>,
    /// When the same text was exported in an earlier row (a near-identical passage, see
    /// [`crate::index::near`]), that row's passage id: every copy is exported, marked with the
    /// first of its group.
    pub copy_of: Option<String>,
    /// For a passage with near-identical copies in the archive, its group's id (16 hex
    /// digits), the same on every row of the group.
    pub group: Option<String>,
}

impl Row {
    /// The row with every text cell made [`spreadsheet_safe`]. Dates, numbers and the fixed
    /// `type` and `role` vocabularies cannot begin with a formula character.
    fn for_spreadsheet(self) -> Row {
        let cell = |s: Option<String>| s.map(spreadsheet_safe);
        Row {
            id: spreadsheet_safe(self.id),
            committee: cell(self.committee),
            council: cell(self.council),
            date: self.date,
            item_number: cell(self.item_number),
            item_title: cell(self.item_title),
            doc_type: self.doc_type,
            role: self.role,
            page: self.page,
            section: cell(self.section),
            document_id: spreadsheet_safe(self.document_id),
            document_title: spreadsheet_safe(self.document_title),
            document_path: spreadsheet_safe(self.document_path),
            document_url: cell(self.document_url),
            text: spreadsheet_safe(self.text),
            ocr: self.ocr,
            ocr_confidence: self.ocr_confidence,
            copy_of: cell(self.copy_of),
            group: self.group,
        }
    }
}

/// Characters that make a spreadsheet read a cell as a formula when they begin it.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` with a `'` in front when it begins with `=`, `+`, `-`, `@`, a tab or a carriage
/// return, so that Excel, LibreOffice and Google Sheets show it as text instead of evaluating
/// it; other text is returned as it is.
pub fn spreadsheet_safe(text: String) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text
    }
}

impl From<PassageRecord> for Row {
    fn from(r: PassageRecord) -> Self {
        let p = r.passage;
        Row {
            id: p.id,
            committee: r.meeting.committee,
            council: r.meeting.council,
            date: r.meeting.date,
            item_number: p.item.as_ref().map(|i| i.number.clone()),
            item_title: p.item.map(|i| i.title),
            doc_type: p.doc_type,
            role: p.role,
            page: p.page,
            section: p.section,
            document_id: r.document.id,
            document_title: r.document.title,
            document_path: r.document.path,
            document_url: r.document.url,
            text: p.text,
            ocr: p.ocr,
            ocr_confidence: p.ocr_confidence,
            copy_of: None,
            group: None,
        }
    }
}

/// The CSV header row (nothing for JSON Lines).
fn header(format: Format) -> Vec<u8> {
    match format {
        Format::Csv => b"id,committee,council,date,item_number,item_title,type,role,page,section,\
document_id,document_title,document_path,document_url,text,ocr,ocr_confidence,copy_of,group\n"
            .to_vec(),
        Format::Jsonl => Vec::new(),
    }
}

/// Encode rows in `format`, without a header.
pub fn encode(format: Format, rows: Vec<Row>) -> Result<Vec<u8>, String> {
    match format {
        Format::Csv => {
            let mut writer = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::new());
            for row in rows {
                writer
                    .serialize(row.for_spreadsheet())
                    .map_err(|e| e.to_string())?;
            }
            writer.into_inner().map_err(|e| e.to_string())
        }
        Format::Jsonl => {
            let mut out = Vec::new();
            for row in rows {
                serde_json::to_writer(&mut out, &row).map_err(|e| e.to_string())?;
                out.push(b'\n');
            }
            Ok(out)
        }
    }
}

/// The first row exported of each group of near-identical passages. Bounded by
/// [`crate::limits::MAX_EXPORT_ROWS`].
#[derive(Default)]
struct Groups {
    first: std::collections::HashMap<u64, String>,
}

impl Groups {
    /// `row` marked with its group, `group`, and as a copy of the group's first row when an
    /// earlier row was of it.
    fn mark(&mut self, mut row: Row, group: Option<u64>) -> Row {
        if let Some(group) = group {
            row.group = Some(format!("{group:016x}"));
            match self.first.get(&group) {
                Some(first) => row.copy_of = Some(first.clone()),
                None => {
                    self.first.insert(group, row.id.clone());
                }
            }
        }
        row
    }
}

/// Send the header and every row of `plan` to `sender`, in batches. Stops when the receiver
/// is gone; a read failure is sent as an error, which cuts the response short.
pub fn write_all(plan: &ExportPlan, format: Format, sender: &Sender<std::io::Result<Vec<u8>>>) {
    let head = header(format);
    if !head.is_empty() && sender.blocking_send(Ok(head)).is_err() {
        return;
    }
    let mut groups = Groups::default();
    for start in (0..plan.len()).step_by(BATCH) {
        let chunk = plan
            .batch(start, BATCH)
            .map_err(|e| e.to_string())
            .and_then(|records| {
                let rows = records
                    .into_iter()
                    .map(|(record, group)| groups.mark(Row::from(record), group))
                    .collect();
                encode(format, rows)
            });
        let failed = chunk.is_err();
        let message = chunk.map_err(|e| {
            tracing::error!(error = %e, "export stopped");
            std::io::Error::other(e)
        });
        if sender.blocking_send(message).is_err() || failed {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> Row {
        Row {
            id: "p1".into(),
            committee: Some("Executive, \"Main\"".into()),
            council: None,
            date: NaiveDate::from_ymd_opt(2018, 12, 12),
            item_number: Some("5(a)".into()),
            item_title: Some("Budget".into()),
            doc_type: DocType::Minutes,
            role: Role::Resolution,
            page: Some(3),
            section: None,
            document_id: "d1".into(),
            document_title: "Minutes".into(),
            document_path: "a.pdf".into(),
            document_url: None,
            text: "line one\nline two".into(),
            ocr: true,
            ocr_confidence: Some(88.5),
            copy_of: None,
            group: None,
        }
    }

    #[test]
    fn csv_rows_match_the_header_and_quote_what_needs_it() {
        let bytes = [
            header(Format::Csv),
            encode(Format::Csv, vec![row()]).unwrap(),
        ]
        .concat();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let headers = reader.headers().unwrap().clone();
        let records: Vec<_> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].len(), headers.len());
        assert_eq!(&records[0][1], "Executive, \"Main\"");
        assert_eq!(&records[0][3], "2018-12-12");
        assert_eq!(&records[0][14], "line one\nline two");
        assert_eq!(&records[0][15], "true");
        assert_eq!(&records[0][16], "88.5");
    }

    #[test]
    fn csv_header_names_the_row_fields_in_order() {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.serialize(row()).unwrap();
        let bytes = writer.into_inner().unwrap();
        let first = bytes.split(|b| *b == b'\n').next().unwrap();
        assert_eq!([first, b"\n"].concat(), header(Format::Csv));
    }

    #[test]
    fn a_later_row_of_a_group_is_marked_as_a_copy_of_the_first() {
        let mut groups = Groups::default();
        let rows: Vec<Row> = [("a", Some(7)), ("b", None), ("c", Some(7)), ("d", Some(9))]
            .into_iter()
            .map(|(id, group)| {
                let mut r = row();
                r.id = id.into();
                groups.mark(r, group)
            })
            .collect();
        let marks: Vec<Option<&str>> = rows.iter().map(|r| r.copy_of.as_deref()).collect();
        assert_eq!(marks, [None, None, Some("a"), None]);
        let named: Vec<Option<&str>> = rows.iter().map(|r| r.group.as_deref()).collect();
        assert_eq!(
            named,
            [
                Some("0000000000000007"),
                None,
                Some("0000000000000007"),
                Some("0000000000000009")
            ]
        );
    }

    #[test]
    fn jsonl_is_one_object_per_line() {
        let bytes = encode(Format::Jsonl, vec![row(), row()]).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(v["type"], "minutes");
        assert_eq!(v["page"], 3);
    }

    #[test]
    fn csv_cells_that_would_start_a_formula_are_text() {
        for start in ["=", "+", "-", "@", "\t", "\r"] {
            assert_eq!(
                spreadsheet_safe(format!("{start}1+1")),
                format!("'{start}1+1")
            );
        }
        for plain in [
            "",
            "Budget",
            "'=already quoted",
            " =spaced",
            "5(a)",
            "£3.8m",
        ] {
            assert_eq!(spreadsheet_safe(plain.to_string()), plain);
        }

        // Every text column of a CSV row is neutralised; dates, numbers and vocabularies are
        // untouched, and JSON Lines keeps the text as it is.
        let formula = "=HYPERLINK(\"http://x\",\"y\")";
        let mut hostile = row();
        hostile.id = "@id".into();
        hostile.committee = Some(formula.into());
        hostile.council = Some("+council".into());
        hostile.item_number = Some("-1".into());
        hostile.item_title = Some("\ttitle".into());
        hostile.section = Some("\rsection".into());
        hostile.document_id = "=d".into();
        hostile.document_title = "=t".into();
        hostile.document_path = "-p.pdf".into();
        hostile.document_url = Some("=u".into());
        hostile.text = "=1+1\nsecond line".into();
        let bytes = [
            header(Format::Csv),
            encode(Format::Csv, vec![hostile.clone()]).unwrap(),
        ]
        .concat();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let headers = reader.headers().unwrap().clone();
        let record = reader.records().next().unwrap().unwrap();
        for (name, cell) in headers.iter().zip(record.iter()) {
            match name {
                "date" => assert_eq!(cell, "2018-12-12"),
                "type" => assert_eq!(cell, "minutes"),
                "role" => assert_eq!(cell, "resolution"),
                "page" => assert_eq!(cell, "3"),
                "ocr" => assert_eq!(cell, "true"),
                "ocr_confidence" => assert_eq!(cell, "88.5"),
                "copy_of" | "group" => assert_eq!(cell, ""),
                _ => assert!(cell.starts_with('\''), "{name}: {cell:?}"),
            }
        }
        assert_eq!(&record[1], format!("'{formula}"));
        assert_eq!(&record[14], "'=1+1\nsecond line");

        let line = encode(Format::Jsonl, vec![hostile]).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(v["committee"], formula);
        assert_eq!(v["text"], "=1+1\nsecond line");
    }

    #[test]
    fn formats_parse() {
        assert_eq!(Format::parse(None).unwrap(), Format::Csv);
        assert_eq!(Format::parse(Some("jsonl")).unwrap(), Format::Jsonl);
        assert!(Format::parse(Some("xlsx")).is_err());
    }
}
