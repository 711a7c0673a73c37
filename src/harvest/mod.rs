//! Stage 0: build a corpus from a council's publishing site.
//!
//! In: a site's address and a [`Platform`] that knows how to ask it for committees, meetings
//! and papers ([`moderngov`] today; a US or Canadian platform is one more module implementing
//! the trait). Out: a folder of papers ready for [`crate::discover`], each with a sidecar
//! (`FILE.meta.json`, read by [`crate::understand::sidecar`]) stating what the site states:
//! committee, meeting date, type, title, agenda item and public address. And a
//! [`HarvestSummary`]: what was fetched, skipped and why anything failed.
//!
//! [`harvest`] lists the committees (all, or those asked for), the meetings of each in the date
//! range, reads each meeting that is new, changed, recent or incomplete, and fetches each of its
//! papers not already held (or held but changed, when the site gives a version to ask about:
//! `ETag`, `Last-Modified`), one request at a time through a polite [`http::Client`]. The
//! [`archive::Archive`] keeps the state that makes a second run fetch only what is new and a
//! killed run finish without duplicates or half-written files. A failure costs only the paper
//! or meeting it hit; it is listed with its reason, kept in the state, and retried next run.

pub mod archive;
pub mod http;
pub mod moderngov;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use url::Url;

use crate::discover::sniff_format;
use crate::extract::Format;
use crate::model::DocType;
use archive::{paper_path, Archive, DocumentRecord, MeetingRecord};
use http::{Client, FetchError, Politeness};

/// Days after a meeting during which it is read again on every run: its minutes and late
/// papers are published in the weeks after it.
pub const SETTLING_DAYS: i64 = 90;

/// A committee as the site lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committee {
    /// The site's identifier for it.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// A meeting as a committee's listing gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingStub {
    /// The site's identifier for it.
    pub id: String,
    /// Whose meeting it is.
    pub committee: Committee,
    /// When it is (or was) held.
    pub date: NaiveDate,
    /// What the listing says of it (date, time, status): a change means it is read again.
    pub listing: String,
}

/// One paper a meeting lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paper {
    /// Where to fetch it (on the site's host).
    pub url: Url,
    /// Its title as listed.
    pub title: String,
    /// What kind of paper it is.
    pub doc_type: DocType,
    /// The number of the agenda item it hangs from, as printed.
    pub item_number: Option<String>,
    /// The title of that item; `None` for the meeting's own papers.
    pub item_title: Option<String>,
}

impl Paper {
    /// Whether the paper records the meeting it is listed under. Minutes under an agenda item
    /// ("Minutes of the previous meeting") are an earlier meeting's: their date is left to
    /// their text.
    pub fn records_meeting(&self) -> bool {
        !(self.doc_type == DocType::Minutes && self.item_title.is_some())
    }
}

/// A meeting's papers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingPapers {
    /// The committee's name as the meeting gives it.
    pub committee: String,
    /// The meeting's date.
    pub date: NaiveDate,
    /// Its public papers, the meeting's own first.
    pub papers: Vec<Paper>,
    /// Papers listed as restricted (not public), left out.
    pub restricted: usize,
    /// Listed papers without a usable address, each described.
    pub unreadable: Vec<String>,
    /// The meeting's own record as the site answers it, when that is a paper quorum reads.
    pub record: Option<MeetingRecordPaper>,
}

/// A meeting's record as the site answers it (ModernGov's `GetMeeting` XML holds the agenda's
/// text and, once published, the minutes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRecordPaper {
    /// The answer.
    pub bytes: Vec<u8>,
    /// The file extension it is saved under.
    pub extension: &'static str,
    /// The meeting's page on the site: the record's public address.
    pub url: Url,
}

/// A publishing platform's way of listing a site's papers.
pub trait Platform {
    /// The platform's name, as the command line gives it (`moderngov`).
    fn name(&self) -> &'static str;
    /// The site's address.
    fn site(&self) -> &Url;
    /// Every committee the site lists.
    fn committees(&self, client: &mut Client) -> Result<Vec<Committee>, HarvestError>;
    /// The committee's meetings between `from` and `to` (inclusive, either open).
    fn meetings(
        &self,
        client: &mut Client,
        committee: &Committee,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<MeetingStub>, HarvestError>;
    /// One meeting's papers.
    fn meeting(
        &self,
        client: &mut Client,
        stub: &MeetingStub,
    ) -> Result<MeetingPapers, HarvestError>;
}

/// The kind of a harvest failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailKind {
    /// Not fetched on principle: not http(s), or on another host.
    Refused,
    /// Redirected too often, or to nowhere.
    Redirect,
    /// Larger than the size cap.
    TooLarge,
    /// The server answered with an error status.
    Status,
    /// The connection failed or timed out.
    Network,
    /// Writing to the folder failed.
    Io,
    /// An answer of the wrong shape (XML that is not what the operation returns).
    Malformed,
    /// A paper in a format quorum does not read.
    Unsupported,
}

/// One thing a harvest could not do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// What failed: an address, or a meeting.
    pub what: String,
    /// Why, in a word.
    pub kind: FailKind,
    /// Why, in a line.
    pub reason: String,
}

/// Why a harvest, or one step of it, failed.
#[derive(Debug, Error)]
pub enum HarvestError {
    /// The site's address is not one.
    #[error("bad site address: {0}")]
    Address(String),
    /// A request failed.
    #[error("{what}: {source}")]
    Fetch {
        /// The address.
        what: String,
        /// Why.
        source: FetchError,
    },
    /// An answer was not what the operation returns.
    #[error("{what}: {reason}")]
    Malformed {
        /// The address.
        what: String,
        /// What was wrong with it.
        reason: String,
    },
    /// A paper in a format quorum does not read.
    #[error("{what}: not a format quorum reads (content type {content_type})")]
    Unsupported {
        /// The address.
        what: String,
        /// The content type the server stated.
        content_type: String,
    },
    /// A `--committee` the site does not list.
    #[error("the site lists no committee {0:?} (by name or id); it lists: {1}")]
    UnknownCommittee(String, String),
    /// The folder's state file cannot be used.
    #[error("{0}")]
    State(String),
    /// Reading or writing the folder failed.
    #[error("{path}: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl HarvestError {
    fn fetch(url: &Url, source: FetchError) -> HarvestError {
        HarvestError::Fetch {
            what: url.to_string(),
            source,
        }
    }

    fn io(path: &Path, source: std::io::Error) -> HarvestError {
        HarvestError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The kind of failure, for the summary.
    pub fn kind(&self) -> FailKind {
        match self {
            HarvestError::Fetch { source, .. } => source.kind(),
            HarvestError::Malformed { .. } => FailKind::Malformed,
            HarvestError::Unsupported { .. } => FailKind::Unsupported,
            HarvestError::Io { .. } | HarvestError::State(_) => FailKind::Io,
            HarvestError::Address(_) | HarvestError::UnknownCommittee(..) => FailKind::Refused,
        }
    }

    fn failure(self, what: String) -> Failure {
        Failure {
            what,
            kind: self.kind(),
            reason: self.to_string(),
        }
    }
}

/// What to harvest and how.
#[derive(Debug, Clone)]
pub struct HarvestOptions {
    /// The folder to write (the corpus).
    pub out: PathBuf,
    /// Committees to harvest, by name (case aside) or id; empty for all.
    pub committees: Vec<String>,
    /// Earliest meeting date.
    pub from: Option<NaiveDate>,
    /// Latest meeting date.
    pub to: Option<NaiveDate>,
    /// The council, when the caller states it; otherwise left to each paper's text.
    pub council: Option<String>,
    /// Pace, timeouts, retries and size cap.
    pub politeness: Politeness,
    /// Draw a progress bar.
    pub progress: bool,
    /// Today, for what counts as a recent meeting.
    pub today: NaiveDate,
}

/// How many papers went which way.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct DocumentCounts {
    /// Fetched in this run.
    pub fetched: usize,
    /// Held from an earlier run and fetched again because the site's copy changed.
    pub updated: usize,
    /// Already held from an earlier run (unchanged, when the site could say).
    pub skipped: usize,
    /// Listed as restricted, not fetched.
    pub restricted: usize,
    /// Could not be fetched (see the failures).
    pub failed: usize,
}

/// What a harvest did.
#[derive(Debug, Clone, Serialize)]
pub struct HarvestSummary {
    /// The site.
    pub site: String,
    /// Its platform.
    pub platform: &'static str,
    /// The folder written.
    pub out: PathBuf,
    /// Committees harvested.
    pub committees: usize,
    /// Meetings in the range.
    pub meetings: usize,
    /// Meetings whose papers were listed in this run (the rest were known and settled).
    pub meetings_read: usize,
    /// Meetings that list no public paper.
    pub meetings_without_papers: Vec<String>,
    /// Meeting records written (new or changed) in this run.
    pub records: usize,
    /// Papers.
    pub documents: DocumentCounts,
    /// Bytes fetched in papers.
    pub bytes: u64,
    /// HTTP requests sent, retries included.
    pub requests: u64,
    /// What failed, and why; retried by the next run.
    pub failures: Vec<Failure>,
    /// Wall time.
    pub seconds: f64,
}

/// Harvest `platform`'s site into `options.out`.
///
/// Fails as a whole only when nothing can be done: the folder cannot be used, the committees
/// cannot be listed, or a `--committee` names none of them. Everything else is a [`Failure`] in
/// the summary.
pub fn harvest(
    platform: &dyn Platform,
    options: &HarvestOptions,
) -> Result<HarvestSummary, HarvestError> {
    let started = Instant::now();
    let site = platform.site().to_string();
    let mut archive = Archive::open(&options.out, &site)?;
    let mut client = Client::new(platform.site(), options.politeness.clone())
        .map_err(|e| HarvestError::fetch(platform.site(), e))?;
    let committees = chosen(platform.committees(&mut client)?, &options.committees)?;

    let mut failures = Vec::new();
    let mut stubs = Vec::new();
    for committee in &committees {
        match platform.meetings(&mut client, committee, options.from, options.to) {
            Ok(found) => stubs.extend(found),
            Err(e) => failures.push(e.failure(format!("meetings of {}", committee.name))),
        }
    }
    stubs.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    stubs.dedup_by(|a, b| a.id == b.id);

    let bar = progress_bar(options.progress, stubs.len() as u64);
    let mut summary = HarvestSummary {
        site,
        platform: platform.name(),
        out: options.out.clone(),
        committees: committees.len(),
        meetings: stubs.len(),
        meetings_read: 0,
        meetings_without_papers: Vec::new(),
        records: 0,
        documents: DocumentCounts::default(),
        bytes: 0,
        requests: 0,
        failures: Vec::new(),
        seconds: 0.0,
    };
    for stub in &stubs {
        bar.set_message(format!("{} {}", stub.committee.name, stub.date));
        if settled(archive.meeting(&stub.id), stub, options.today) {
            bar.inc(1);
            continue;
        }
        summary.meetings_read += 1;
        let described = format!(
            "meeting {} ({}, {})",
            stub.id, stub.committee.name, stub.date
        );
        let papers = match platform.meeting(&mut client, stub) {
            Ok(p) => p,
            Err(e) => {
                failures.push(e.failure(described));
                bar.inc(1);
                continue;
            }
        };
        if papers.papers.is_empty() {
            summary.meetings_without_papers.push(described.clone());
        }
        summary.documents.restricted += papers.restricted;
        let mut complete = papers.unreadable.is_empty();
        if let Some(record) = &papers.record {
            match save_record(&mut archive, stub, &papers, record, options) {
                Ok(true) => summary.records += 1,
                Ok(false) => {}
                Err(e) => {
                    complete = false;
                    failures.push(e.failure(described.clone()));
                }
            }
        }
        for reason in &papers.unreadable {
            failures.push(Failure {
                what: described.clone(),
                kind: FailKind::Malformed,
                reason: reason.clone(),
            });
        }
        for paper in &papers.papers {
            let held = archive.document(paper.url.as_str()).cloned();
            // A paper held without a version to ask about is taken as unchanged.
            if held.as_ref().is_some_and(|h| h.validators.is_empty()) {
                summary.documents.skipped += 1;
                continue;
            }
            match fetch_paper(
                &mut client,
                &mut archive,
                &papers,
                paper,
                held.as_ref(),
                options,
            ) {
                Ok(None) => summary.documents.skipped += 1,
                Ok(Some(bytes)) => {
                    if held.is_some() {
                        summary.documents.updated += 1;
                    } else {
                        summary.documents.fetched += 1;
                    }
                    summary.bytes += bytes;
                }
                Err(e) => {
                    complete = false;
                    summary.documents.failed += 1;
                    failures.push(e.failure(paper.url.to_string()));
                }
            }
            archive.save()?;
        }
        archive.set_meeting(
            &stub.id,
            MeetingRecord {
                committee: stub.committee.name.clone(),
                date: stub.date,
                listing: stub.listing.clone(),
                complete,
            },
        );
        archive.save()?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    archive.set_failures(failures.clone());
    archive.save()?;
    summary.failures = failures;
    summary.requests = client.requests();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The committees asked for (all when none is), or an error naming one the site lacks.
fn chosen(all: Vec<Committee>, wanted: &[String]) -> Result<Vec<Committee>, HarvestError> {
    if wanted.is_empty() {
        return Ok(all);
    }
    let mut out: Vec<Committee> = Vec::new();
    for w in wanted {
        let w = w.trim();
        let found: Vec<&Committee> = all
            .iter()
            .filter(|c| c.id == w || c.name.eq_ignore_ascii_case(w))
            .collect();
        if found.is_empty() {
            let names: Vec<String> = all
                .iter()
                .map(|c| format!("{} ({})", c.name, c.id))
                .collect();
            return Err(HarvestError::UnknownCommittee(
                w.to_string(),
                names.join(", "),
            ));
        }
        for c in found {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
    }
    Ok(out)
}

/// A meeting known from an earlier run, unchanged in the listing, complete and past its
/// settling time needs no reading.
fn settled(known: Option<&MeetingRecord>, stub: &MeetingStub, today: NaiveDate) -> bool {
    known.is_some_and(|k| {
        k.complete && k.listing == stub.listing && (today - stub.date).num_days() > SETTLING_DAYS
    })
}

/// Fetch one paper into the folder with its sidecar: the bytes fetched, or `None` when the
/// copy `held` is still the site's.
fn fetch_paper(
    client: &mut Client,
    archive: &mut Archive,
    meeting: &MeetingPapers,
    paper: &Paper,
    held: Option<&DocumentRecord>,
    options: &HarvestOptions,
) -> Result<Option<u64>, HarvestError> {
    // Downloaded under a name without its extension, known only from what comes back.
    let draft = paper_path(
        &meeting.committee,
        meeting.date,
        &paper.title,
        paper.url.as_str(),
        "download",
    );
    let (temporary, mut file) = archive.temporary(&draft)?;
    let known = held.map(|h| h.validators.clone()).unwrap_or_default();
    let fetched = client.download_if_changed(&paper.url, &known, &mut file);
    drop(file);
    let fetched = match fetched {
        Ok(Some(f)) => f,
        Ok(None) => {
            let _ = std::fs::remove_file(&temporary);
            return Ok(None);
        }
        Err(e) => {
            let _ = std::fs::remove_file(&temporary);
            return Err(HarvestError::fetch(&paper.url, e));
        }
    };
    let format = match format_of(&temporary, fetched.content_type.as_deref(), &paper.url) {
        Some(f) => f,
        None => {
            let _ = std::fs::remove_file(&temporary);
            return Err(HarvestError::Unsupported {
                what: paper.url.to_string(),
                content_type: fetched.content_type.unwrap_or_else(|| "not stated".into()),
            });
        }
    };
    let rel = paper_path(
        &meeting.committee,
        meeting.date,
        &paper.title,
        paper.url.as_str(),
        extension(format),
    );
    let sidecar = sidecar(meeting, paper, options.council.as_deref());
    archive.install(&temporary, &rel, &sidecar)?;
    // A new version in another format replaces the old file.
    if let Some(old) = held.filter(|h| h.file != rel) {
        let _ = std::fs::remove_file(archive.root().join(&old.file));
        let _ = std::fs::remove_file(archive.root().join(format!(
            "{}{}",
            old.file,
            crate::discover::SIDECAR_SUFFIX
        )));
    }
    archive.set_document(
        paper.url.as_str(),
        DocumentRecord {
            file: rel,
            bytes: fetched.bytes,
            validators: fetched.validators,
        },
    );
    Ok(Some(fetched.bytes))
}

/// Write a meeting's record, with its sidecar, when it is new or has changed; whether it was.
fn save_record(
    archive: &mut Archive,
    stub: &MeetingStub,
    meeting: &MeetingPapers,
    record: &MeetingRecordPaper,
    options: &HarvestOptions,
) -> Result<bool, HarvestError> {
    let rel = paper_path(
        &meeting.committee,
        meeting.date,
        &format!("meeting {}", stub.id),
        record.url.as_str(),
        record.extension,
    );
    if std::fs::read(archive.root().join(&rel)).is_ok_and(|held| held == record.bytes) {
        return Ok(false);
    }
    let (temporary, mut file) = archive.temporary(&rel)?;
    std::io::Write::write_all(&mut file, &record.bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| HarvestError::Io {
            path: temporary.clone(),
            source: e,
        })?;
    drop(file);
    let value = serde_json::json!({
        "council": options.council,
        "committee": meeting.committee,
        "date": meeting.date.format("%Y-%m-%d").to_string(),
        "url": record.url.as_str(),
    });
    let sidecar = serde_json::to_vec_pretty(&value).unwrap_or_default();
    archive.install(&temporary, &rel, &sidecar)?;
    Ok(true)
}

/// The format of a download: its first bytes, the extension its content type or address
/// implies.
fn format_of(path: &Path, content_type: Option<&str>, url: &Url) -> Option<Format> {
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, 4096), &mut head))
        .ok()?;
    let stated = match content_type {
        Some("application/pdf") => Some("pdf"),
        Some("text/html" | "application/xhtml+xml") => Some("html"),
        Some("text/xml" | "application/xml") => Some("xml"),
        Some("text/plain") => Some("txt"),
        Some("text/markdown") => Some("md"),
        _ => None,
    };
    let from_address = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase());
    let extension = stated.map(str::to_string).or(from_address);
    sniff_format(extension.as_deref(), &head)
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Pdf => "pdf",
        Format::Html => "html",
        Format::Xml => "xml",
        Format::Text => "txt",
        Format::Markdown => "md",
    }
}

/// The sidecar of one paper: what the site states of it.
fn sidecar(meeting: &MeetingPapers, paper: &Paper, council: Option<&str>) -> Vec<u8> {
    let date_text = meeting.date.format("%-d %B %Y").to_string();
    let title = match &paper.item_title {
        Some(item) if !item.eq_ignore_ascii_case(&paper.title) && !paper.title.is_empty() => {
            format!("{item}: {}", paper.title)
        }
        Some(item) => item.clone(),
        None => format!("{}, {date_text}: {}", meeting.committee, paper.title),
    };
    let value = serde_json::json!({
        "council": council,
        "committee": meeting.committee,
        "date": paper.records_meeting().then(|| meeting.date.format("%Y-%m-%d").to_string()),
        "type": paper.doc_type.as_str(),
        "title": title,
        "url": paper.url.as_str(),
        "item": paper.item_number,
        "item_title": paper.item_title,
    });
    serde_json::to_vec_pretty(&value).unwrap_or_default()
}

fn progress_bar(wanted: bool, meetings: u64) -> indicatif::ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(meetings);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} harvesting [{bar:30}] {pos}/{len} meetings {msg}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stub(days_ago: i64, listing: &str) -> (MeetingStub, NaiveDate) {
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default();
        let stub = MeetingStub {
            id: "1".into(),
            committee: Committee {
                id: "c".into(),
                name: "Cabinet".into(),
            },
            date: today - chrono::Duration::days(days_ago),
            listing: listing.into(),
        };
        (stub, today)
    }

    #[test]
    fn only_known_complete_unchanged_old_meetings_are_settled() {
        let (old, today) = stub(200, "a");
        let record = MeetingRecord {
            committee: "Cabinet".into(),
            date: old.date,
            listing: "a".into(),
            complete: true,
        };
        assert!(settled(Some(&record), &old, today));
        assert!(!settled(None, &old, today), "new");
        let (recent, _) = stub(10, "a");
        assert!(!settled(Some(&record), &recent, today), "recent");
        let (changed, _) = stub(200, "b");
        assert!(!settled(Some(&record), &changed, today), "changed listing");
        let incomplete = MeetingRecord {
            complete: false,
            ..record
        };
        assert!(!settled(Some(&incomplete), &old, today), "failed before");
    }

    #[test]
    fn committees_are_chosen_by_name_or_id() {
        let all = vec![
            Committee {
                id: "1".into(),
                name: "Cabinet".into(),
            },
            Committee {
                id: "2".into(),
                name: "Planning Board".into(),
            },
        ];
        assert_eq!(chosen(all.clone(), &[]).map(|c| c.len()).ok(), Some(2));
        let picked = chosen(all.clone(), &["planning board".into(), "1".into()]).unwrap();
        assert_eq!(picked.len(), 2);
        let err = chosen(all, &["Licensing".into()]).unwrap_err().to_string();
        assert!(
            err.contains("\"Licensing\"") && err.contains("Cabinet (1)"),
            "{err}"
        );
    }
}
