//! The harvested folder on disk: the papers, a sidecar beside each, and the state of the
//! harvest so far (`.quorum-harvest.json`), which is what makes a second run fetch only what is
//! new and a killed run finish the job.
//!
//! Every file is written under a temporary hidden name (`.NAME.part`, which discovery skips)
//! and renamed into place once whole, so a run killed at any point leaves no half-written
//! paper; the state is rewritten the same way after each paper. Names are made of the
//! committee, the meeting date, the paper's title and a digest of its address, all reduced to
//! `[a-z0-9-]`, so nothing is written outside the folder and the same paper always gets the same
//! name.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::http::Validators;
use super::{Failure, HarvestError};
use crate::discover::SIDECAR_SUFFIX;

/// The state file's name inside the folder.
pub const STATE_NAME: &str = ".quorum-harvest.json";

/// Version of the state file's layout.
const STATE_VERSION: u32 = 1;

/// Longest slug of a title in a file name, in characters.
const SLUG_CHARS: usize = 60;

/// What is known of a meeting from earlier runs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MeetingRecord {
    /// The committee's name.
    pub committee: String,
    /// The meeting's date.
    pub date: NaiveDate,
    /// What the listing said of it when it was read ([`super::MeetingStub::listing`]).
    pub listing: String,
    /// Every paper it lists was fetched (or refused for good, as restricted).
    pub complete: bool,
}

/// A paper fetched by an earlier run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DocumentRecord {
    /// Its path inside the folder, `/`-separated.
    pub file: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// The version the server identified it as, when it did.
    #[serde(default, skip_serializing_if = "Validators::is_empty")]
    pub validators: Validators,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    version: u32,
    site: String,
    #[serde(default)]
    meetings: BTreeMap<String, MeetingRecord>,
    /// By the paper's address.
    #[serde(default)]
    documents: BTreeMap<String, DocumentRecord>,
    /// The failures of the last run, retried by the next.
    #[serde(default)]
    failures: Vec<Failure>,
}

/// The folder being harvested into.
pub struct Archive {
    root: PathBuf,
    state: State,
}

impl Archive {
    /// Open (or create) the folder for `site`: read the state of earlier runs and remove any
    /// temporary file a killed run left. A folder harvested from another site is refused.
    pub fn open(root: &Path, site: &str) -> Result<Archive, HarvestError> {
        fs::create_dir_all(root).map_err(|e| HarvestError::io(root, e))?;
        let path = root.join(STATE_NAME);
        let state = match fs::read(&path) {
            Ok(bytes) => {
                let state: State = serde_json::from_slice(&bytes).map_err(|e| {
                    HarvestError::State(format!("{}: not a harvest state: {e}", path.display()))
                })?;
                if state.version != STATE_VERSION {
                    return Err(HarvestError::State(format!(
                        "{}: state version {} (this quorum writes {STATE_VERSION})",
                        path.display(),
                        state.version
                    )));
                }
                if state.site != site {
                    return Err(HarvestError::State(format!(
                        "{} was harvested from {}, not {site}; give another --out",
                        root.display(),
                        state.site
                    )));
                }
                state
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => State {
                version: STATE_VERSION,
                site: site.to_string(),
                ..State::default()
            },
            Err(e) => return Err(HarvestError::io(&path, e)),
        };
        remove_partial(root).map_err(|e| HarvestError::io(root, e))?;
        Ok(Archive {
            root: root.to_path_buf(),
            state,
        })
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// What an earlier run knew of meeting `id`.
    pub fn meeting(&self, id: &str) -> Option<&MeetingRecord> {
        self.state.meetings.get(id)
    }

    /// Record what is now known of meeting `id`.
    pub fn set_meeting(&mut self, id: &str, record: MeetingRecord) {
        self.state.meetings.insert(id.to_string(), record);
    }

    /// The paper at `url`, when an earlier run fetched it and its file is still there.
    pub fn document(&self, url: &str) -> Option<&DocumentRecord> {
        self.state
            .documents
            .get(url)
            .filter(|d| self.root.join(&d.file).is_file())
    }

    /// Record a paper fetched.
    pub fn set_document(&mut self, url: &str, record: DocumentRecord) {
        self.state.documents.insert(url.to_string(), record);
    }

    /// Replace the recorded failures with this run's.
    pub fn set_failures(&mut self, failures: Vec<Failure>) {
        self.state.failures = failures;
    }

    /// Write the state (atomically).
    pub fn save(&self) -> Result<(), HarvestError> {
        let json = serde_json::to_vec_pretty(&self.state)
            .map_err(|e| HarvestError::State(e.to_string()))?;
        write_atomically(&self.root.join(STATE_NAME), &json)
            .map_err(|e| HarvestError::io(&self.root, e))
    }

    /// A new temporary file in the folder of `rel`, for a download in progress.
    pub fn temporary(&self, rel: &str) -> Result<(PathBuf, fs::File), HarvestError> {
        let path = partial_path(&self.root.join(rel));
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| HarvestError::io(dir, e))?;
        }
        let file = fs::File::create(&path).map_err(|e| HarvestError::io(&path, e))?;
        Ok((path, file))
    }

    /// Put a finished download in place at `rel`, its sidecar first (so the paper never
    /// appears without it).
    pub fn install(&self, temporary: &Path, rel: &str, sidecar: &[u8]) -> Result<(), HarvestError> {
        let target = self.root.join(rel);
        let sidecar_path = self.root.join(format!("{rel}{SIDECAR_SUFFIX}"));
        write_atomically(&sidecar_path, sidecar).map_err(|e| HarvestError::io(&sidecar_path, e))?;
        fs::rename(temporary, &target).map_err(|e| HarvestError::io(&target, e))
    }
}

/// `dir/.name.part` for `dir/name`.
fn partial_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.part"))
}

/// Write `bytes` to `path` through a temporary file renamed into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let temporary = partial_path(path);
    let mut file = fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&temporary, path)
}

/// Remove every `.*.part` file under `root`: downloads a killed run did not finish.
fn remove_partial(root: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.starts_with('.') && name.ends_with(".part") {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// `text` reduced to lowercase ASCII letters and digits joined by single hyphens, at most
/// `max` characters; `fallback` when nothing is left.
pub fn slug(text: &str, max: usize, fallback: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        fallback.to_string()
    } else {
        out
    }
}

/// The path inside the folder for a paper: `committee/date/title-digest.ext`.
pub fn paper_path(
    committee: &str,
    date: NaiveDate,
    title: &str,
    url: &str,
    extension: &str,
) -> String {
    let digest = blake3::hash(url.as_bytes()).to_hex();
    format!(
        "{}/{}/{}-{}.{extension}",
        slug(committee, SLUG_CHARS, "committee"),
        date.format("%Y-%m-%d"),
        slug(title, SLUG_CHARS, "paper"),
        &digest.as_str()[..8]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_inside_the_folder() {
        let date = NaiveDate::from_ymd_opt(2025, 3, 4).unwrap_or_default();
        let p = paper_path("../../etc", date, "/passwd\0 ..", "https://x/1", "pdf");
        assert!(p.starts_with("etc/2025-03-04/passwd-"), "{p}");
        assert!(!p.contains(".."));
        assert_eq!(slug("Écoles & Élus", 60, "x"), "coles-lus");
        assert_eq!(slug("   ", 60, "paper"), "paper");
        assert_eq!(slug(&"a b ".repeat(100), 10, "x").len(), 9);
    }

    #[test]
    fn the_state_survives_a_reopening_and_partial_files_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let mut archive = Archive::open(dir.path(), "https://s/").unwrap();
        let (temporary, mut file) = archive.temporary("c/d/p.pdf").unwrap();
        file.write_all(b"%PDF-1.4").unwrap();
        drop(file);
        archive.install(&temporary, "c/d/p.pdf", b"{}").unwrap();
        archive.set_document(
            "https://s/p",
            DocumentRecord {
                file: "c/d/p.pdf".into(),
                bytes: 8,
                validators: Validators::default(),
            },
        );
        archive.save().unwrap();
        let (left, _) = archive.temporary("c/d/q.pdf").unwrap();
        assert!(left.exists());

        let again = Archive::open(dir.path(), "https://s/").unwrap();
        assert!(again.document("https://s/p").is_some());
        assert!(!left.exists(), "a killed run's partial download is removed");
        assert!(dir.path().join("c/d/p.pdf.meta.json").is_file());
        assert!(matches!(
            Archive::open(dir.path(), "https://other/"),
            Err(HarvestError::State(_))
        ));
    }
}
