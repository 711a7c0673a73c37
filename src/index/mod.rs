//! Stage 4: write understood documents into a tantivy index, incrementally.
//!
//! In: a corpus folder (walked by [`crate::discover`], read by [`crate::extract`], understood by
//! [`crate::understand`]) and an index folder. Out: a committed index in which every document
//! is present completely or not at all, and an [`IndexSummary`] of what changed.
//!
//! Invariant: a document becomes searchable only with the commit that adds all of its records,
//! and an old version is deleted in the same commit that adds the new one. Unchanged files (same
//! content hash) are not re-read; removed files are deleted.
//! Next: [`crate::search`] opens the same folder with [`IndexHandle::open`].

pub mod analysis;
pub mod copies;
pub mod fingerprint;
pub mod links;
pub mod near;
pub mod record;
pub mod resolve;
pub mod schema;
pub mod store;
pub mod worker;
mod writer;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};

pub use schema::Fields;
pub(crate) use writer::date_value;
pub use writer::{
    content_hash, municipal_year, read_job, understand_bytes, update_index, IndexOptions,
    IndexSummary, Isolation, SkippedFile,
};

/// Why the index could not be opened, read or written. None of these is the user's query's
/// fault; most are environmental (a missing or foreign folder, a full disk).
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// There is no index at the path yet.
    #[error("no index at {0}: run `quorum index` first")]
    Missing(PathBuf),
    /// The index was written by a different version of quorum.
    #[error(
        "the index at {path} was written by another version of quorum (schema {found}, this \
         version reads {expected}): rebuild it with `quorum index --rebuild`"
    )]
    SchemaVersion {
        /// The index folder.
        path: PathBuf,
        /// What the index says (`unknown` when it says nothing readable).
        found: String,
        /// What this build reads.
        expected: u32,
    },
    /// The corpus folder cannot be walked.
    #[error("cannot read the corpus at {path}: {source}")]
    Corpus {
        /// The corpus folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The corpus's metadata table (`manifest.csv`) is malformed.
    #[error("corpus metadata: {0}")]
    Metadata(String),
    /// An indexing setting is out of range.
    #[error("{0}")]
    Setting(String),
    /// A stored record could not be decoded: the index is damaged.
    #[error("damaged record in the index: {0}")]
    Record(String),
    /// tantivy reported an error.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A file-system operation on the index folder failed.
    #[error("index folder: {0}")]
    Io(#[from] std::io::Error),
}

/// What quorum writes as the payload of every commit, read back to check compatibility.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommitInfo {
    /// [`schema::SCHEMA_VERSION`] of the writer.
    pub schema_version: u32,
    /// When the commit was made (RFC 3339).
    pub indexed_at: String,
}

/// An open index: the tantivy index, its fields and a reader that follows new commits.
#[derive(Clone)]
pub struct IndexHandle {
    /// The tantivy index.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
    /// A reader that reloads shortly after each commit, so searches see new data without a
    /// restart.
    pub reader: IndexReader,
    /// Where it lives.
    pub path: PathBuf,
}

impl IndexHandle {
    /// Open the index at `path` for searching.
    pub fn open(path: &Path) -> Result<IndexHandle, IndexError> {
        if !exists(path) {
            return Err(IndexError::Missing(path.to_path_buf()));
        }
        let index = Index::open_in_dir(path)?;
        Self::from_index(index, path)
    }

    /// Open the index at `path`, creating the folder and an empty index when there is none.
    pub fn open_or_create(path: &Path) -> Result<IndexHandle, IndexError> {
        if exists(path) {
            return Self::open(path);
        }
        std::fs::create_dir_all(path)?;
        let (schema, _) = schema::build();
        let index = Index::create_in_dir(path, schema)?;
        Self::from_index(index, path)
    }

    fn from_index(index: Index, path: &Path) -> Result<IndexHandle, IndexError> {
        check_compatible(&index, path)?;
        schema::register_analyzers(&index);
        let (_, fields) = schema::build();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(IndexHandle {
            index,
            fields,
            reader,
            path: path.to_path_buf(),
        })
    }

    /// The payload of the last commit, if any commit carried one.
    pub fn commit_info(&self) -> Option<CommitInfo> {
        commit_info(&self.index)
    }
}

/// True when `path` holds a tantivy index.
pub fn exists(path: &Path) -> bool {
    MmapDirectory::open(path)
        .ok()
        .and_then(|dir| Index::exists(&dir).ok())
        .unwrap_or(false)
}

fn commit_info(index: &Index) -> Option<CommitInfo> {
    let metas = index.load_metas().ok()?;
    serde_json::from_str(metas.payload.as_deref()?).ok()
}

/// Refuse an index whose schema differs from this build's, or whose commits say another version
/// wrote them. A fresh index (no commit yet) is fine.
fn check_compatible(index: &Index, path: &Path) -> Result<(), IndexError> {
    let (expected_schema, _) = schema::build();
    let mismatch = |found: String| IndexError::SchemaVersion {
        path: path.to_path_buf(),
        found,
        expected: schema::SCHEMA_VERSION,
    };
    if index.schema() != expected_schema {
        let found = commit_info(index)
            .map(|c| c.schema_version.to_string())
            .unwrap_or_else(|| "unknown".into());
        return Err(mismatch(found));
    }
    match commit_info(index) {
        Some(info) if info.schema_version != schema::SCHEMA_VERSION => {
            Err(mismatch(info.schema_version.to_string()))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_index_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = IndexHandle::open(&dir.path().join("nope")).err().unwrap();
        assert!(err.to_string().contains("run `quorum index` first"));
    }

    #[test]
    fn foreign_schema_is_refused_with_a_rebuild_hint() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = tantivy::schema::Schema::builder();
        b.add_text_field("body", tantivy::schema::TEXT);
        Index::create_in_dir(dir.path(), b.build()).unwrap();
        let err = IndexHandle::open(dir.path()).err().unwrap();
        assert!(matches!(err, IndexError::SchemaVersion { .. }), "{err}");
        assert!(err.to_string().contains("--rebuild"));
    }
}
