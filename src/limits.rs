//! Every hard limit quorum enforces, in one place, each with the reason it exists.
//!
//! `docs/RELIABILITY.md` lists these too; change both together.

/// Longest query accepted, in bytes. Longer queries are refused before parsing: real queries are
/// a few words, and a bounded input bounds the parser's work.
pub const MAX_QUERY_BYTES: usize = 1_000;

/// Deepest nesting of parentheses accepted in a query. tantivy's parser recurses per level and
/// overflows its stack at about 1,000 levels, aborting the process; nobody types 32.
pub const MAX_QUERY_NESTING: usize = 32;

/// Most clauses (terms, phrases, groups) in one query: bounds the cost of `a OR b OR ...`.
pub const MAX_QUERY_CLAUSES: usize = 256;

/// Most terms a prefix (`plan*`) may expand to: `a*` would otherwise match the whole dictionary.
pub const MAX_PREFIX_EXPANSIONS: usize = 500;

/// Default number of hits returned.
pub const DEFAULT_LIMIT: usize = 10;

/// Most hits returned in one page of results.
pub const MAX_LIMIT: usize = 100;

/// Largest `offset + limit`: deep paging costs a top-k collector of that size per request.
pub const MAX_OFFSET_PLUS_LIMIT: usize = 10_000;

/// Most facet values listed per facet.
pub const MAX_FACET_VALUES: usize = 50;

/// Largest file read for indexing, in bytes. Committee papers are rarely over 50 MB; a larger
/// file is almost certainly not one, and reading it whole would cost its size in memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Most bytes one PDF stream may inflate to. Stops decompression bombs (a few KB that inflate
/// to gigabytes) while leaving room for image-heavy pages.
pub const MAX_PDF_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// Most characters of text taken from one PDF page: a page holds a few thousand; more means
/// a pathological content stream.
pub const MAX_PDF_PAGE_CHARS: usize = 200_000;

/// Most pages read from one PDF: the largest agenda packs run to several hundred pages.
pub const MAX_PDF_PAGES: usize = 5_000;

/// Deepest nesting of PDF form XObjects (content drawn by another content stream) followed when
/// extracting text. Real files nest two or three; a form that draws itself would loop forever.
pub const MAX_PDF_FORM_DEPTH: usize = 12;

/// Deepest `q` (save graphics state) nesting tracked in one PDF content stream: a stream of a
/// million `q`s would otherwise cost a saved state each.
pub const MAX_PDF_GRAPHICS_STATES: usize = 256;

/// Most pixels in one image read by OCR. An A4 page scanned at 600 dpi has 35 million; an
/// image stating far more is a plan drawing or a bomb, and Tesseract would need several bytes
/// of memory for each pixel.
pub const MAX_OCR_IMAGE_PIXELS: u64 = 50_000_000;

/// Default most pages of one file read by OCR (`quorum index --ocr-pages`). A scanned agenda
/// pack runs to a few hundred pages at a second or two each; a file of thousands of scanned
/// pages is cut off here rather than occupying a worker for hours. Pages past it are reported
/// as unread.
pub const DEFAULT_OCR_PAGES: usize = 300;

/// Longest Tesseract may take over one page before it is stopped and the page reported as
/// unread. A page takes one to three seconds here.
pub const OCR_PAGE_TIMEOUT_SECS: u64 = 60;

/// Most images on one scanned page read by OCR: a scan is one image, or a few strips.
pub const MAX_OCR_IMAGES_PER_PAGE: usize = 16;

/// Deepest HTML element nesting walked when extracting text; deeper content is flattened.
/// Real pages nest a few dozen levels; recursion past this would risk the stack.
pub const MAX_HTML_DEPTH: usize = 256;

/// Target passage length in words: long enough to carry a point, short enough to read in a hit.
pub const PASSAGE_MIN_WORDS: usize = 40;
/// See [`PASSAGE_MIN_WORDS`].
pub const PASSAGE_MAX_WORDS: usize = 250;

/// Default memory an indexing run may use, in MiB (`quorum index --memory`). Half is the
/// index writer's in-memory segment (shared by its threads, flushed to disk when full); the
/// other half is left for prepared documents on their way to it, resolution's directory
/// (see `index::resolve`) and merges. It does not grow with the archive.
pub const DEFAULT_INDEX_MEMORY_MIB: usize = 512;

/// Most records a segment grows to by merging: a merge holds a few bytes per record it merges
/// (the mapping of old to new record numbers, field norms, column indexes), so capping the
/// segments caps a merge's memory whatever the archive's size. An archive of 3M passages is
/// searched over a handful of segments.
pub const MAX_MERGED_SEGMENT_DOCS: usize = 400_000;

/// Least `--memory` accepted, in MiB: the index writer needs 16 MiB for one thread.
pub const MIN_INDEX_MEMORY_MIB: usize = 32;

/// The index writer's share of an indexing run's memory for each of its threads, at least.
/// tantivy refuses less than 15 MB per thread; with less memory, fewer writer threads run.
pub const MIN_WRITER_MEMORY_PER_THREAD: usize = 16 << 20;

/// Documents written between commits: bounds memory and the work a crash can lose.
pub const DOCUMENTS_PER_COMMIT: usize = 2_000;

/// Most items one thread (`quorum refs`) lists: a matter followed across years touches a few
/// dozen items; more means a hub (a standing item cited by every meeting) and would flood it.
pub const MAX_THREAD_STEPS: usize = 200;

/// Most passages one export returns.
pub const MAX_EXPORT_ROWS: usize = 100_000;

/// Default longest time one file may take to read before its worker is killed. A 500-page
/// agenda pack reads in a few seconds; thirty means something is stuck.
pub const DEFAULT_FILE_TIMEOUT_SECS: u64 = 30;

/// Default address-space limit of a worker process reading one file, in bytes. Enough for the
/// largest real papers (their text is a few MB; lopdf needs several times the PDF's size), small
/// enough that a decompression bomb or a runaway parser cannot exhaust the machine.
pub const DEFAULT_WORKER_MEMORY_BYTES: u64 = 1 << 30;

/// Longest time the server spends on one request's index work (a search, a lookup, preparing
/// an export) before answering `503 timeout`. Searches of the sample corpus take milliseconds;
/// one past this is pathological, and the client is better told than kept waiting.
pub const REQUEST_TIME_LIMIT_SECS: u64 = 10;

/// Requests doing index work at once, per core; the rest wait their turn. Searches are
/// CPU-bound: running more at once only shares the cores, so under load every request would
/// slow down together until all ran past the time limit (measured: 256 connections on 2 cores
/// with tokio's default of up to 512 blocking threads).
pub const CONCURRENT_REQUESTS_PER_CORE: usize = 2;

/// Most hits the engine keeps in search answers for the index's current commit, least recently
/// asked dropped first (an answer weighs its hits plus one: about 930 first pages of ten): the
/// same request asked again is answered without searching. A hit is its passage's text, a
/// snippet and its references, a few kilobytes, so the cache stays within a few tens of MB
/// whatever page sizes are asked for.
pub const CACHED_ANSWER_HITS: usize = 10_240;

/// Most parameters accepted in one request's query string. Each filter value adds a clause and
/// a facet count to the search; real searches use a handful.
pub const MAX_QUERY_PARAMETERS: usize = 64;

/// Entries in an Atom feed: a feed carries what is new, and readers poll it often.
pub const FEED_ENTRIES: usize = 50;

/// Longest the server waits, after Ctrl-C, for requests in flight to finish.
pub const SHUTDOWN_GRACE_SECS: u64 = 10;
