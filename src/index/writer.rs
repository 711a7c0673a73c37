//! The indexing run: compare the corpus with the index, prepare changed files in parallel,
//! write them one document at a time, commit in batches.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};
use tantivy::indexer::LogMergePolicy;
use tantivy::schema::Facet;
use tantivy::{DateTime, IndexWriter, TantivyDocument, Term};

use super::fingerprint::{print, Print};
use super::links::{add_passage_facets, write_links, write_outline};
use super::record::{DocumentRecord, DocumentSummary, FailureRecord, PassageRecord};
use super::schema::Fields;
use super::store::{self, Record, RecordKind, Store};
use super::worker::{Answer, Job, Worker, WorkerSettings};
use super::{CommitInfo, IndexError, IndexHandle};
use crate::discover::{discover, Skipped, SourceFile};
use crate::extract::ocr::{FileOcr, OcrSettings};
use crate::extract::Format;
use crate::limits::{
    DEFAULT_INDEX_MEMORY_MIB, DOCUMENTS_PER_COMMIT, MAX_MERGED_SEGMENT_DOCS, MIN_INDEX_MEMORY_MIB,
    MIN_WRITER_MEMORY_PER_THREAD,
};
use crate::model::{Document, FailureKind, Meeting, Scanned};
use crate::understand::sidecar::{Manifest, Metadata};
use crate::understand::{self, Source};

/// How to run an indexing pass.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Worker threads for extraction and understanding (and tantivy's writer).
    pub threads: usize,
    /// Show a progress bar on standard error.
    pub progress: bool,
    /// Drop everything in the index and index the whole corpus again.
    pub rebuild: bool,
    /// Where files are read.
    pub isolation: Isolation,
    /// Documents written between commits (at least 1): fewer makes new papers searchable sooner
    /// and loses less to a crash, more writes fewer, larger segments.
    pub commit_every: usize,
    /// Memory the run may use, in MiB (see [`crate::limits::DEFAULT_INDEX_MEMORY_MIB`]):
    /// bounded by this, not by the size of the archive.
    pub memory_mib: usize,
    /// How scanned pages are read. Without a cache of its own, OCR caches what it reads in
    /// `ocr-cache/` inside the index folder.
    pub ocr: OcrSettings,
}

impl IndexOptions {
    /// The index writer's threads and its memory in bytes: half the run's memory, and no more
    /// threads than that half gives each the least tantivy accepts.
    fn writer_budget(&self) -> Result<(usize, usize), IndexError> {
        if self.memory_mib < MIN_INDEX_MEMORY_MIB {
            return Err(IndexError::Setting(format!(
                "--memory {} is too little: indexing needs at least {MIN_INDEX_MEMORY_MIB} MiB",
                self.memory_mib
            )));
        }
        let bytes = (self.memory_mib << 20) / 2;
        let threads = self
            .threads
            .clamp(1, (bytes / MIN_WRITER_MEMORY_PER_THREAD).max(1));
        Ok((threads, bytes))
    }
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            progress: false,
            rebuild: false,
            isolation: Isolation::InProcess,
            commit_every: DOCUMENTS_PER_COMMIT,
            memory_mib: DEFAULT_INDEX_MEMORY_MIB,
            ocr: OcrSettings::default(),
        }
    }
}

/// What an indexing run did.
#[derive(Debug, Default, Serialize)]
pub struct IndexSummary {
    /// Files indexed for the first time.
    pub added: usize,
    /// Files whose content changed and were indexed again.
    pub updated: usize,
    /// Files gone from the corpus and removed from the index.
    pub removed: usize,
    /// Files whose content hash had not changed.
    pub unchanged: usize,
    /// Files that could not be indexed, with the reason (newly failed this run).
    pub failed: Vec<FailureRecord>,
    /// Files discovery passed over.
    pub skipped: Vec<SkippedFile>,
    /// Passages written this run.
    pub passages: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// A file discovery passed over, as reported.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedFile {
    /// Path relative to the corpus.
    pub path: String,
    /// Why.
    pub reason: String,
}

impl From<Skipped> for SkippedFile {
    fn from(s: Skipped) -> Self {
        SkippedFile {
            path: s.rel,
            reason: s.reason,
        }
    }
}

/// What the index already holds for one path.
#[derive(Debug, Clone)]
struct Known {
    doc_id: String,
    hash: String,
    /// It has scanned pages that OCR could not read: read it again once OCR can.
    rescan: bool,
}

/// Bring the index at `index_dir` up to date with the corpus at `corpus`.
pub fn update_index(
    corpus: &Path,
    index_dir: &Path,
    options: &IndexOptions,
) -> Result<IndexSummary, IndexError> {
    let started = Instant::now();
    map_large_blocks_apart();
    let (writer_threads, writer_memory) = options.writer_budget()?;
    let handle = IndexHandle::open_or_create(index_dir)?;
    let found = discover(corpus, Some(index_dir)).map_err(|source| IndexError::Corpus {
        path: corpus.to_path_buf(),
        source,
    })?;
    let known = if options.rebuild {
        BTreeMap::new()
    } else {
        known_documents(&handle)?
    };
    let mut summary = IndexSummary {
        skipped: found.skipped.into_iter().map(SkippedFile::from).collect(),
        ..IndexSummary::default()
    };
    let threads = options.threads.max(1);
    let mut writer: IndexWriter = handle
        .index
        .writer_with_num_threads(writer_threads, writer_memory)?;
    writer.set_merge_policy(Box::new(merge_policy()));
    if options.rebuild {
        writer.delete_all_documents()?;
    }

    let present: BTreeSet<&str> = found.files.iter().map(|f| f.rel.as_str()).collect();
    for (rel, gone) in known
        .iter()
        .filter(|(rel, _)| !present.contains(String::as_str(rel)))
    {
        writer.delete_term(Term::from_field_text(handle.fields.doc_id, &gone.doc_id));
        tracing::debug!(path = %rel, "removed");
        summary.removed += 1;
    }

    let progress = progress_bar(options.progress, found.files.len());
    let mut pending = 0usize;
    let indexed_at = chrono::Utc::now().to_rfc3339();
    let manifest = Manifest::load(corpus).map_err(IndexError::Metadata)?;
    let mut ocr = options.ocr.clone();
    if ocr.cache.is_none() {
        ocr.cache = Some(index_dir.join(OCR_CACHE_FOLDER));
    }
    let reading = Reading {
        corpus,
        manifest: &manifest,
        known: &known,
        isolation: &options.isolation,
        // Asked of Tesseract only when some file waits for it (it costs two process starts).
        ocr_ready: known.values().any(|k| k.rescan) && ocr.engine().is_ok(),
        ocr: &ocr,
    };
    prepare_in_parallel(&found.files, &reading, threads, |file, prepared, prints| {
        progress.inc(1);
        let Some(prepared) = prepared else {
            summary.unchanged += 1;
            return Ok(());
        };
        let doc_id = understand::document_id(&file.rel);
        writer.delete_term(Term::from_field_text(handle.fields.doc_id, &doc_id));
        match known.get(&file.rel) {
            Some(_) => summary.updated += 1,
            None => summary.added += 1,
        }
        match prepared {
            Answer::Indexed(doc) => {
                summary.passages += doc.passages.len();
                write_document(&writer, &handle.fields, &doc, &prints, &indexed_at)?;
                write_outline(&writer, &handle.fields, &doc)?;
            }
            Answer::Failed { kind, reason, hash } => {
                let failure = FailureRecord {
                    path: file.rel.clone(),
                    hash,
                    kind,
                    reason,
                };
                write_failure(&writer, &handle.fields, &doc_id, &failure)?;
                summary.failed.push(failure);
            }
        }
        pending += 1;
        if pending >= options.commit_every.max(1) {
            commit(&mut writer, &indexed_at)?;
            pending = 0;
        }
        Ok(())
    })?;
    progress.finish_and_clear();
    commit(&mut writer, &indexed_at)?;
    // Links and vocabulary are derived from every document: read back from the index and
    // replaced as one set, in the run's final commit (see `links`).
    // Read back through a reader of its own that keeps few decompressed store blocks: the
    // outlines are read one at a time, and a block that holds a long paper's document record
    // is as large as its text, so a cache of the default hundred per segment would grow with
    // the archive.
    let outlines: tantivy::IndexReader = handle
        .index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .doc_store_cache_num_blocks(OUTLINE_STORE_BLOCKS)
        .try_into()?;
    if write_links(&outlines.searcher(), &writer, &handle.fields)? {
        commit(&mut writer, &indexed_at)?;
    }
    writer.wait_merging_threads()?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The folder, inside the index folder, where OCR keeps what it read.
pub const OCR_CACHE_FOLDER: &str = "ocr-cache";

/// Decompressed store blocks kept per segment while the outlines are read back.
const OUTLINE_STORE_BLOCKS: usize = 2;

/// tantivy's log merge policy, except that segments stop growing at
/// [`MAX_MERGED_SEGMENT_DOCS`]: a merge's memory grows with the documents it merges, so capping
/// them caps it, however large the archive.
fn merge_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_max_docs_before_merge(MAX_MERGED_SEGMENT_DOCS);
    policy
}

/// Where files are read: in this process, or in `quorum worker` children that a hostile file
/// can crash or hang without harming the run (see [`super::worker`]).
#[derive(Debug, Clone, Default)]
pub enum Isolation {
    /// Read in the indexing process (library use, tests, benchmarks).
    #[default]
    InProcess,
    /// Read in worker processes with these limits.
    Workers(WorkerSettings),
}

/// What every reading thread shares.
struct Reading<'a> {
    corpus: &'a Path,
    manifest: &'a Manifest,
    known: &'a BTreeMap<String, Known>,
    isolation: &'a Isolation,
    ocr: &'a OcrSettings,
    /// OCR can read scanned pages in this run.
    ocr_ready: bool,
}

/// A file's place in the list, what reading it gave, and its passages' prints.
type Prepared = (usize, Option<Answer>, Vec<Print>);

/// Hash every file, prepare (extract and understand) the changed ones on `threads` threads,
/// and hand each result, with its passages' prints, to `write` on this thread, in no
/// particular order. `None` means the file is unchanged.
fn prepare_in_parallel<W>(
    files: &[SourceFile],
    reading: &Reading<'_>,
    threads: usize,
    mut write: W,
) -> Result<(), IndexError>
where
    W: FnMut(&SourceFile, Option<Answer>, Vec<Print>) -> Result<(), IndexError>,
{
    let next = AtomicUsize::new(0);
    // Bounded, so fast readers cannot pile up prepared documents in memory.
    let (sender, receiver) = mpsc::sync_channel::<Prepared>(threads * 4);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                let mut worker = None;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    let prepared = prepare(file, reading, &mut worker);
                    // Prints are computed here, on the reading threads, not on the one that
                    // writes.
                    let prints = match &prepared {
                        Some(Answer::Indexed(doc)) => {
                            doc.passages.iter().map(|p| print(&p.text)).collect()
                        }
                        _ => Vec::new(),
                    };
                    if sender.send((i, prepared, prints)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for (i, prepared, prints) in receiver.iter() {
            if let Some(file) = files.get(i) {
                write(file, prepared, prints)?;
            }
        }
        Ok(())
    })
}

/// Read one file; `None` when its content (and metadata) is what the index already holds.
fn prepare(
    file: &SourceFile,
    reading: &Reading<'_>,
    worker: &mut Option<Worker>,
) -> Option<Answer> {
    let failed =
        |kind: FailureKind, reason: String, hash: String| Answer::Failed { kind, reason, hash };
    let metadata = match reading.manifest.metadata_for(reading.corpus, &file.rel) {
        Ok(metadata) => metadata,
        Err(reason) => return Some(failed(FailureKind::Metadata, reason, String::new())),
    };
    let bytes = match std::fs::read(&file.path) {
        Ok(bytes) => bytes,
        Err(e) => {
            return Some(failed(
                FailureKind::Io,
                format!("cannot read: {e}"),
                String::new(),
            ))
        }
    };
    let hash = content_hash(&bytes, metadata.as_ref());
    if reading
        .known
        .get(&file.rel)
        .is_some_and(|k| k.hash == hash && !(k.rescan && reading.ocr_ready))
    {
        return None;
    }
    Some(match reading.isolation {
        Isolation::InProcess => {
            let mut ocr = FileOcr::new(reading.ocr, &|| {});
            let metadata = metadata.as_ref();
            understand_bytes(&file.rel, file.format, &bytes, hash, metadata, &mut ocr)
        }
        Isolation::Workers(settings) => {
            let job = Job {
                path: file.path.clone(),
                rel: file.rel.clone(),
                format: file.format,
                metadata,
                ocr: reading.ocr.clone(),
            };
            run_in_worker(worker, settings, &job, hash)
        }
    })
}

/// Run `job` in this thread's worker, starting one when there is none; a worker that dies is
/// dropped, and the next file gets a fresh one.
fn run_in_worker(
    worker: &mut Option<Worker>,
    settings: &WorkerSettings,
    job: &Job,
    hash: String,
) -> Answer {
    if worker.is_none() {
        match Worker::spawn(settings) {
            Ok(w) => *worker = Some(w),
            Err(e) => {
                return Answer::Failed {
                    kind: FailureKind::Crash,
                    reason: format!("cannot start a worker process: {e}"),
                    hash,
                }
            }
        }
    }
    let Some(running) = worker.as_mut() else {
        return Answer::Failed {
            kind: FailureKind::Crash,
            reason: "no worker process".into(),
            hash,
        };
    };
    match running.run(job) {
        Ok(answer) => answer,
        Err(lost) => {
            *worker = None;
            tracing::warn!(path = %job.rel, kind = %lost.kind, "{}", lost.reason);
            Answer::Failed {
                kind: lost.kind,
                reason: lost.reason,
                hash,
            }
        }
    }
}

/// The body of a worker job: read the file, then extract and understand it. `on_page` is
/// called before each page read by OCR.
pub fn read_job(job: &Job, on_page: &dyn Fn()) -> Answer {
    match std::fs::read(&job.path) {
        Ok(bytes) => {
            let hash = content_hash(&bytes, job.metadata.as_ref());
            let mut ocr = FileOcr::new(&job.ocr, on_page);
            let metadata = job.metadata.as_ref();
            understand_bytes(&job.rel, job.format, &bytes, hash, metadata, &mut ocr)
        }
        Err(e) => Answer::Failed {
            kind: FailureKind::Io,
            reason: format!("cannot read: {e}"),
            hash: String::new(),
        },
    }
}

/// What incremental indexing compares: the file's bytes, when given its sidecar metadata (so
/// editing only the sidecar re-indexes the document), and the version of the reader
/// ([`crate::understand::READER_VERSION`], so a new way of reading papers re-reads them).
pub fn content_hash(bytes: &[u8], metadata: Option<&Metadata>) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(&crate::understand::READER_VERSION.to_le_bytes());
    hasher.update(bytes);
    if let Some(m) = metadata {
        hasher.update(b"\0metadata\0");
        hasher.update(serde_json::to_string(m).unwrap_or_default().as_bytes());
    }
    hasher.finalize().to_hex().to_string()
}

/// Extract and understand one file's bytes.
pub fn understand_bytes(
    rel: &str,
    format: Format,
    bytes: &[u8],
    hash: String,
    metadata: Option<&Metadata>,
    ocr: &mut FileOcr<'_>,
) -> Answer {
    match crate::extract::extract_with(bytes, format, ocr) {
        Ok(extracted) => {
            let source = Source {
                rel,
                hash: &hash,
                metadata,
            };
            Answer::Indexed(Box::new(understand::understand(&extracted, source)))
        }
        Err(e) => Answer::Failed {
            kind: e.kind(),
            reason: e.to_string(),
            hash,
        },
    }
}

/// Add every record of `doc`: its passages (with their prints, `prints`, in order) and
/// its document record.
fn write_document(
    writer: &IndexWriter,
    fields: &Fields,
    doc: &Document,
    prints: &[Print],
    indexed_at: &str,
) -> Result<(), IndexError> {
    let summary = DocumentSummary::from(doc);
    for (ordinal, passage) in doc.passages.iter().enumerate() {
        let record = PassageRecord {
            passage: passage.clone(),
            ordinal,
            meeting: passage
                .reprint_of
                .clone()
                .unwrap_or_else(|| doc.meeting.clone()),
            published_in: passage.reprint_of.as_ref().map(|_| doc.meeting.clone()),
            document: summary.clone(),
        };
        let none = Print::default();
        let print = prints.get(ordinal).unwrap_or(&none);
        writer.add_document(passage_document(fields, &record, print)?)?;
    }
    let record = DocumentRecord::new(doc, indexed_at.to_string());
    let mut d = store::new_document(fields, Some(&doc.id), &record)?;
    d.add_text(fields.path, &doc.path);
    writer.add_document(d)?;
    Ok(())
}

/// The tantivy document for one passage.
fn passage_document(
    fields: &Fields,
    record: &PassageRecord,
    print: &Print,
) -> Result<TantivyDocument, IndexError> {
    let p = &record.passage;
    let mut d = store::new_document(fields, Some(&record.document.id), record)?;
    d.add_text(fields.path, &record.document.path);
    d.add_text(fields.passage_id, &p.id);
    // Reprinted minutes number their items apart from the paper that carries them.
    let place = p.reprint_of.as_ref().map_or_else(
        || record.document.id.clone(),
        |m| format!("{}\0reprint\0{:?}", record.document.id, m.date),
    );
    d.add_u64(
        fields.group_key,
        group_key(&place, p.item.as_ref().map(|i| i.number.as_str()), &p.id),
    );
    d.add_text(fields.text, &p.text);
    d.add_u64(fields.fingerprint, print.simhash);
    for &band in &print.bands {
        d.add_u64(fields.bands, band);
    }
    if let Some(item) = &p.item {
        d.add_text(fields.item_number, &item.number);
        d.add_text(fields.item_title, format!("{} {}", item.number, item.title));
    }
    if let Some(section) = &p.section {
        d.add_text(fields.section, section);
    }
    d.add_u64(fields.ordinal, record.ordinal as u64);
    add_meeting_facets(&mut d, fields, &record.meeting);
    d.add_facet(fields.doc_type, Facet::from_path([p.doc_type.as_str()]));
    d.add_facet(fields.role, Facet::from_path([p.role.as_str()]));
    add_passage_facets(&mut d, fields, p);
    Ok(d)
}

fn add_meeting_facets(d: &mut TantivyDocument, fields: &Fields, meeting: &Meeting) {
    if let Some(council) = &meeting.council {
        d.add_facet(fields.council, Facet::from_path([council.as_str()]));
    }
    if let Some(committee) = &meeting.committee {
        d.add_facet(fields.committee, Facet::from_path([committee.as_str()]));
    }
    if let Some(date) = meeting.date {
        d.add_date(fields.date, date_value(date));
        d.add_facet(
            fields.year,
            Facet::from_path([date.format("%Y").to_string()]),
        );
        d.add_facet(
            fields.municipal_year,
            Facet::from_path([municipal_year(date)]),
        );
    }
}

/// The key grouping a passage with the others of its item (document id and item number); a
/// passage outside any item is a group of its own. The first 8 bytes of a BLAKE3 hash: a
/// collision between two items among the top matches of one query is vanishingly unlikely.
pub fn group_key(doc_id: &str, item_number: Option<&str>, passage_id: &str) -> u64 {
    let mut hasher = blake3::Hasher::new();
    hasher.update(doc_id.as_bytes());
    match item_number {
        Some(number) => hasher.update(b"\0item\0").update(number.as_bytes()),
        None => hasher.update(b"\0passage\0").update(passage_id.as_bytes()),
    };
    let mut first = [0u8; 8];
    first.copy_from_slice(&hasher.finalize().as_bytes()[..8]);
    u64::from_le_bytes(first)
}

/// A calendar date as tantivy's date value (midnight UTC).
///
/// tantivy keeps dates as nanoseconds in an `i64`, which spans 1677 to 2262; dates beyond
/// (a typed `date:4018..`, a mis-read year) are clamped to its ends rather than overflowing,
/// so a range past 2262 matches nothing instead of wrapping round (found by fuzzing).
pub(crate) fn date_value(date: chrono::NaiveDate) -> DateTime {
    const LIMIT_SECS: i64 = i64::MAX / 1_000_000_000;
    let seconds = date
        .and_hms_opt(0, 0, 0)
        .map_or(0, |dt| dt.and_utc().timestamp());
    DateTime::from_timestamp_secs(seconds.clamp(-LIMIT_SECS, LIMIT_SECS))
}

/// The UK municipal year a date falls in: they run from May to April, so 12 December 2018
/// is in "2018/19" and 11 March 2021 in "2020/21".
pub fn municipal_year(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let start = if date.month() >= 5 {
        date.year()
    } else {
        date.year() - 1
    };
    format!("{start}/{:02}", (start + 1).rem_euclid(100))
}

fn write_failure(
    writer: &IndexWriter,
    fields: &Fields,
    doc_id: &str,
    failure: &FailureRecord,
) -> Result<(), IndexError> {
    let mut d = store::new_document(fields, Some(doc_id), failure)?;
    d.add_text(fields.path, &failure.path);
    writer.add_document(d)?;
    Ok(())
}

fn commit(writer: &mut IndexWriter, indexed_at: &str) -> Result<(), IndexError> {
    let info = CommitInfo {
        schema_version: super::schema::SCHEMA_VERSION,
        indexed_at: indexed_at.to_string(),
    };
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&to_json(&info)?);
    prepared.commit()?;
    release_freed_memory();
    Ok(())
}

/// Blocks from this size up are mapped apart by the allocator, and unmapped when freed
/// ([`map_large_blocks_apart`]).
const LARGE_BLOCK_BYTES: i32 = 4 << 20;

/// Have glibc's allocator map every block of [`LARGE_BLOCK_BYTES`] or more on its own, so that
/// it goes back to the system the moment it is freed. By default the allocator raises that
/// threshold each time a large block is freed, and from then on serves large blocks (a merge's
/// buffers, a long paper's JSON) from its arenas, where what is freed stays: together with
/// [`release_freed_memory`] this keeps the heap between commits flat over a run instead of
/// creeping up with it. Set once per process.
fn map_large_blocks_apart() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // SAFETY: `mallopt` takes no pointers; it sets one parameter that the allocator
            // reads when it next places a block.
            unsafe {
                libc::mallopt(libc::M_MMAP_THRESHOLD, LARGE_BLOCK_BYTES);
            }
        });
    }
}

/// Give the memory freed since the last commit back to the system.
///
/// A commit flushes the writer's in-memory segments (half of `--memory`), and merges free
/// theirs as they finish. glibc's allocator keeps freed memory in its arenas for reuse and
/// rarely returns it on its own: the heap's high-water mark rose with the run, to 522 MiB at
/// 3M generated passages, though the writer never held more than its budget. Trimming after
/// each commit (every [`DOCUMENTS_PER_COMMIT`] files) returns it.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes no pointers; it only hands free pages of the allocator's
    // arenas back to the kernel, and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String, IndexError> {
    serde_json::to_string(value).map_err(|e| IndexError::Record(e.to_string()))
}

/// Every document and failure record in the index, by path.
fn known_documents(handle: &IndexHandle) -> Result<BTreeMap<String, Known>, IndexError> {
    handle.reader.reload()?;
    let searcher = handle.reader.searcher();
    let store = Store::new(&searcher, &handle.fields);
    let mut known = BTreeMap::new();
    for document in store.all::<DocumentKey>()? {
        let rescan = !document.scanned.unread.is_empty();
        known.insert(
            document.path,
            Known {
                doc_id: document.id,
                hash: document.hash,
                rescan,
            },
        );
    }
    for failure in store.all::<FailureRecord>()? {
        known.insert(
            failure.path.clone(),
            Known {
                doc_id: understand::document_id(&failure.path),
                hash: failure.hash,
                rescan: failure.kind == FailureKind::Scanned,
            },
        );
    }
    Ok(known)
}

/// What incremental indexing reads of a document record: the text is skipped, not kept.
#[derive(Deserialize)]
struct DocumentKey {
    id: String,
    path: String,
    hash: String,
    #[serde(default)]
    scanned: Scanned,
}

impl Record for DocumentKey {
    const KIND: RecordKind = RecordKind::Document;
}

fn progress_bar(visible: bool, len: usize) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} indexing [{bar:30}] {pos}/{len} files ({per_sec}, {eta} left)",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn memory_bounds_the_writer() {
        let options = |threads, memory_mib| IndexOptions {
            threads,
            memory_mib,
            ..IndexOptions::default()
        };
        assert_eq!(options(2, 512).writer_budget().unwrap(), (2, 256 << 20));
        // 16 MiB each at least: fewer writer threads than readers when memory is short.
        assert_eq!(options(8, 64).writer_budget().unwrap(), (2, 32 << 20));
        assert_eq!(options(1, 32).writer_budget().unwrap(), (1, 16 << 20));
        let too_little = options(2, 8).writer_budget().unwrap_err().to_string();
        assert!(too_little.contains("--memory 8"), "{too_little}");
    }

    #[test]
    fn municipal_years_start_in_may() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(municipal_year(d(2018, 12, 12)), "2018/19");
        assert_eq!(municipal_year(d(2021, 3, 11)), "2020/21");
        assert_eq!(municipal_year(d(2019, 5, 1)), "2019/20");
        assert_eq!(municipal_year(d(2000, 1, 1)), "1999/00");
    }

    /// A file discovered, then deleted (or made unreadable) before it is read, in both ways of
    /// reading: a one-line `io` failure for that file, never an error of the run.
    #[test]
    fn a_file_gone_after_discovery_is_an_io_failure() {
        let corpus = tempfile::tempdir().unwrap();
        let gone = corpus.path().join("gone.txt");
        std::fs::write(&gone, "Minutes of a meeting").unwrap();
        let found = discover(corpus.path(), None).unwrap();
        assert_eq!(found.files.len(), 1);
        std::fs::remove_file(&gone).unwrap();

        let manifest = Manifest::default();
        let known = BTreeMap::new();
        let in_process = Isolation::InProcess;
        let ocr = OcrSettings::off();
        let reading = Reading {
            corpus: corpus.path(),
            manifest: &manifest,
            known: &known,
            isolation: &in_process,
            ocr: &ocr,
            ocr_ready: false,
        };
        let answer = prepare(&found.files[0], &reading, &mut None);
        assert!(
            matches!(&answer, Some(Answer::Failed { kind, reason, .. })
                if *kind == FailureKind::Io && reason.contains("cannot read")),
            "{answer:?}"
        );

        let file = &found.files[0];
        let job = Job {
            path: file.path.clone(),
            rel: file.rel.clone(),
            format: file.format,
            metadata: None,
            ocr: OcrSettings::off(),
        };
        assert!(
            matches!(read_job(&job, &|| {}), Answer::Failed { kind, .. } if kind == FailureKind::Io),
            "the worker's read"
        );
    }

    #[test]
    fn dates_outside_tantivys_span_are_clamped_in_order() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let ordered = [
            d(1, 1, 1),
            d(1600, 1, 1),
            d(2018, 12, 12),
            d(4018, 1, 1),
            d(9999, 1, 1),
        ];
        let values: Vec<DateTime> = ordered.iter().map(|&day| date_value(day)).collect();
        assert!(
            values.windows(2).all(|pair| pair[0] <= pair[1]),
            "{values:?}"
        );
        assert!(values[2] < values[3], "a year past 2262 sorts after 2018");
        assert_eq!(values[3], values[4], "both clamped to the end of the span");
    }
}
