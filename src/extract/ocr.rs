//! Reading scanned pages with Tesseract.
//!
//! In: the images drawn on a PDF page that has no text layer ([`super::image::OcrImage`]s,
//! each with the resolution it is shown at), and the run's [`OcrSettings`].
//! Out: an [`OcrText`] (the words Tesseract read, laid out as lines and paragraphs, stray
//! marks dropped, with its mean word confidence), or the reason the page stays unread
//! (OCR off, Tesseract not installed, a limit, an image quorum cannot decode).
//!
//! Tesseract runs as a child of the process reading the file (the worker), so it inherits the
//! worker's memory limit and dies with it; each page also has its own time limit
//! ([`OCR_PAGE_TIMEOUT_SECS`]). What it reads is kept in a cache keyed by a hash of the image
//! and of how it was read, so indexing the same page again never runs Tesseract twice.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::image::OcrImage;
use crate::limits::{DEFAULT_OCR_PAGES, OCR_PAGE_TIMEOUT_SECS};

/// How scanned pages are read in an indexing run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OcrSettings {
    /// Read scanned pages at all (`quorum index --no-ocr` turns it off).
    pub enabled: bool,
    /// The Tesseract program: `tesseract` on the `PATH` unless `QUORUM_TESSERACT` names
    /// another.
    pub tesseract: PathBuf,
    /// Tesseract's language code.
    pub language: String,
    /// Where read pages are cached; `None` keeps no cache.
    pub cache: Option<PathBuf>,
    /// Most pages of one file read by OCR ([`DEFAULT_OCR_PAGES`]).
    pub max_pages: usize,
}

impl Default for OcrSettings {
    fn default() -> Self {
        OcrSettings {
            enabled: true,
            tesseract: std::env::var_os("QUORUM_TESSERACT")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("tesseract")),
            language: "eng".into(),
            cache: None,
            max_pages: DEFAULT_OCR_PAGES,
        }
    }
}

impl OcrSettings {
    /// Settings that read no scanned page.
    pub fn off() -> Self {
        OcrSettings {
            enabled: false,
            ..OcrSettings::default()
        }
    }

    /// Whether scanned pages can be read now: Tesseract's version line, or why not. Asked of
    /// Tesseract once per process and program.
    pub fn engine(&self) -> Result<String, String> {
        if !self.enabled {
            return Err("OCR is off (--no-ocr)".into());
        }
        /// What each program said, with the language asked for.
        type Probe = (PathBuf, String, Result<String, String>);
        static PROBED: Mutex<Vec<Probe>> = Mutex::new(Vec::new());
        let mut probed = PROBED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, _, known)) = probed
            .iter()
            .find(|(path, language, _)| *path == self.tesseract && *language == self.language)
        {
            return known.clone();
        }
        let result = probe(&self.tesseract, &self.language);
        probed.push((
            self.tesseract.clone(),
            self.language.clone(),
            result.clone(),
        ));
        result
    }
}

/// Ask Tesseract its version and languages.
fn probe(tesseract: &Path, language: &str) -> Result<String, String> {
    let missing = || "install tesseract-ocr to read it".to_string();
    let version = Command::new(tesseract)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|_| missing())?;
    if !version.status.success() {
        return Err(missing());
    }
    // Tesseract 4 printed its version on standard error, 5 on standard output.
    let text = [version.stdout, version.stderr].concat();
    let line = String::from_utf8_lossy(&text)
        .lines()
        .next()
        .unwrap_or("tesseract")
        .trim()
        .to_string();
    let languages = Command::new(tesseract)
        .arg("--list-langs")
        .stdin(Stdio::null())
        .output()
        .map_err(|_| missing())?;
    let listed = String::from_utf8_lossy(&[languages.stdout, languages.stderr].concat())
        .lines()
        .any(|l| l.trim() == language);
    if !listed {
        return Err(format!(
            "install tesseract-ocr-{language} (Tesseract has no {language} language data)"
        ));
    }
    Ok(line)
}

/// What OCR read on one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrText {
    /// The words, a line of the page per line, paragraphs separated by a blank line.
    pub text: String,
    /// Tesseract's mean word confidence, 0 to 100 (0 when it read no word).
    pub confidence: f32,
    /// Words read.
    pub words: usize,
}

/// One file's OCR: its settings, how many pages it has read, and what it already read (a page
/// drawn twice is read once).
pub struct FileOcr<'a> {
    settings: &'a OcrSettings,
    /// Called before each page is read, so a worker can tell its parent it is not stuck.
    on_page: &'a dyn Fn(),
    engine: Option<Result<String, String>>,
    pages: usize,
    read: HashMap<String, OcrText>,
}

impl<'a> FileOcr<'a> {
    /// OCR for one file under `settings`; `on_page` is called before each page is read.
    pub fn new(settings: &'a OcrSettings, on_page: &'a dyn Fn()) -> Self {
        FileOcr {
            settings,
            on_page,
            engine: None,
            pages: 0,
            read: HashMap::new(),
        }
    }

    /// Read one scanned page from its images (each with the resolution it is shown at, in
    /// dots per inch), in drawing order.
    pub fn read_page(&mut self, images: &[(OcrImage, u32)]) -> Result<OcrText, String> {
        let engine = self
            .engine
            .get_or_insert_with(|| self.settings.engine())
            .clone()?;
        if self.pages >= self.settings.max_pages {
            return Err(format!(
                "past the OCR limit of {} pages per file (--ocr-pages)",
                self.settings.max_pages
            ));
        }
        self.pages += 1;
        let mut parts = Vec::new();
        for (image, dpi) in images {
            let key = cache_key(&engine, &self.settings.language, *dpi, &image.bytes);
            if let Some(known) = self.read.get(&key) {
                parts.push(known.clone());
                continue;
            }
            let cached = self
                .settings
                .cache
                .as_deref()
                .and_then(|c| cache_get(c, &key));
            let text = match cached {
                Some(text) => text,
                None => {
                    (self.on_page)();
                    let text = run_tesseract(self.settings, image, *dpi)?;
                    if let Some(cache) = &self.settings.cache {
                        cache_put(cache, &key, &text);
                    }
                    text
                }
            };
            self.read.insert(key, text.clone());
            parts.push(text);
        }
        Ok(join(parts))
    }
}

/// The texts of a page's images as one, their confidence weighted by words.
fn join(parts: Vec<OcrText>) -> OcrText {
    let words: usize = parts.iter().map(|p| p.words).sum();
    let confidence = if words == 0 {
        0.0
    } else {
        parts
            .iter()
            .map(|p| p.confidence * p.words as f32)
            .sum::<f32>()
            / words as f32
    };
    let text = parts
        .into_iter()
        .map(|p| p.text)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    OcrText {
        text,
        confidence: (confidence * 10.0).round() / 10.0,
        words,
    }
}

fn cache_key(engine: &str, language: &str, dpi: u32, bytes: &[u8]) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(format!("quorum-ocr 1\0{engine}\0{language}\0{dpi}\0").as_bytes());
    hasher.update(bytes);
    hasher.finalize().to_hex().to_string()
}

fn cache_path(cache: &Path, key: &str) -> PathBuf {
    cache.join(&key[..2]).join(format!("{key}.json"))
}

fn cache_get(cache: &Path, key: &str) -> Option<OcrText> {
    let bytes = std::fs::read(cache_path(cache, key)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Write a cache entry under a temporary name, then rename it: readers never see half of
/// one. A cache that cannot be written costs only the next run's time.
fn cache_put(cache: &Path, key: &str, text: &OcrText) {
    let path = cache_path(cache, key);
    let write = || -> std::io::Result<()> {
        let folder = path.parent().unwrap_or(cache);
        std::fs::create_dir_all(folder)?;
        let temporary = folder.join(format!(".{key}.{}.part", std::process::id()));
        std::fs::write(&temporary, serde_json::to_vec(text)?)?;
        std::fs::rename(&temporary, &path)
    };
    if let Err(e) = write() {
        tracing::debug!(path = %path.display(), "OCR cache not written: {e}");
    }
}

/// Run Tesseract over one image (fed on its standard input), with the page time limit.
fn run_tesseract(settings: &OcrSettings, image: &OcrImage, dpi: u32) -> Result<OcrText, String> {
    let mut child = Command::new(&settings.tesseract)
        .args(["stdin", "stdout", "-l", &settings.language, "--psm", "3"])
        .args(["--dpi", &dpi.to_string(), "tsv"])
        // One thread: indexing already reads one file per core.
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start Tesseract: {e}"))?;
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err("cannot talk to Tesseract".into());
    };
    let limit = Duration::from_secs(OCR_PAGE_TIMEOUT_SECS);
    let started = Instant::now();
    let (status, output, errors) = std::thread::scope(|scope| {
        scope.spawn(move || {
            // Tesseract may stop reading early (a malformed image); that shows in its status.
            let _ = stdin.write_all(&image.bytes);
        });
        let output = scope.spawn(move || {
            let mut out = Vec::new();
            let _ = stdout.read_to_end(&mut out);
            out
        });
        let errors = scope.spawn(move || {
            let mut out = Vec::new();
            let _ = stderr.read_to_end(&mut out);
            out
        });
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if started.elapsed() > limit => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(format!(
                        "Tesseract took longer than {OCR_PAGE_TIMEOUT_SECS} s over one page"
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(e) => break Err(format!("Tesseract: {e}")),
            }
        };
        (
            status,
            output.join().unwrap_or_default(),
            errors.join().unwrap_or_default(),
        )
    });
    let status = status?;
    if !status.success() {
        let errors = String::from_utf8_lossy(&errors);
        let last = errors
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .unwrap_or("no message");
        return Err(format!("Tesseract failed ({status}): {last}"));
    }
    Ok(parse_tsv(&String::from_utf8_lossy(&output)))
}

/// Tesseract's TSV: one row per page, block, paragraph, line and word; words (level 5) carry a
/// confidence. Lines become lines and paragraphs are separated by a blank line. A word with no
/// letter or digit read with low confidence is a speck on the scan, not a word, and is left
/// out.
pub fn parse_tsv(tsv: &str) -> OcrText {
    let mut text = String::new();
    let (mut words, mut confidence_sum) = (0usize, 0f64);
    let mut previous: Option<(u32, u32, u32)> = None;
    for row in tsv.lines().skip(1) {
        let columns: Vec<&str> = row.split('\t').collect();
        let [level, _page, block, paragraph, line, _word, _l, _t, _w, _h, confidence, word] =
            columns[..]
        else {
            continue;
        };
        let word = word.trim();
        if level != "5" || word.is_empty() {
            continue;
        }
        let confidence: f64 = confidence.parse().unwrap_or(-1.0);
        if confidence < 50.0 && !word.chars().any(char::is_alphanumeric) {
            continue;
        }
        let number = |s: &str| s.parse::<u32>().unwrap_or(0);
        let here = (number(block), number(paragraph), number(line));
        match previous {
            Some((b, p, _)) if (b, p) != (here.0, here.1) => text.push_str("\n\n"),
            Some(last) if last != here => text.push('\n'),
            Some(_) => text.push(' '),
            None => {}
        }
        previous = Some(here);
        text.push_str(word);
        if confidence >= 0.0 {
            words += 1;
            confidence_sum += confidence;
        }
    }
    let confidence = if words == 0 {
        0.0
    } else {
        (confidence_sum / words as f64 * 10.0).round() as f32 / 10.0
    };
    OcrText {
        text,
        confidence,
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";

    fn word(block: u32, par: u32, line: u32, conf: f32, text: &str) -> String {
        format!("5\t1\t{block}\t{par}\t{line}\t1\t0\t0\t10\t10\t{conf}\t{text}")
    }

    #[test]
    fn words_become_lines_and_paragraphs_and_specks_are_dropped() {
        let tsv = [
            HEADER.to_string(),
            "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t".into(),
            word(1, 1, 1, 96.0, "Minutes"),
            word(1, 1, 1, 90.0, "of"),
            word(1, 1, 2, 94.0, "the"),
            word(1, 1, 2, 12.0, "~"),
            word(2, 1, 1, 80.0, "Resolved"),
        ]
        .join("\n");
        let read = parse_tsv(&tsv);
        assert_eq!(read.text, "Minutes of\nthe\n\nResolved");
        assert_eq!(read.words, 4);
        assert_eq!(read.confidence, 90.0);
    }

    #[test]
    fn a_missing_tesseract_is_reported_as_something_to_install() {
        let settings = OcrSettings {
            tesseract: PathBuf::from("/nonexistent/quorum-test/tesseract"),
            ..OcrSettings::default()
        };
        assert_eq!(
            settings.engine(),
            Err("install tesseract-ocr to read it".to_string())
        );
        let off = OcrSettings::off();
        assert!(off.engine().unwrap_err().contains("--no-ocr"));
        let nothing = || {};
        let mut file = FileOcr::new(&settings, &nothing);
        let image = OcrImage {
            bytes: vec![],
            width: 1,
            height: 1,
        };
        assert!(file.read_page(&[(image, 300)]).is_err());
    }

    #[test]
    fn pieces_of_a_page_join_with_word_weighted_confidence() {
        let a = OcrText {
            text: "one two three".into(),
            confidence: 90.0,
            words: 3,
        };
        let b = OcrText {
            text: "four".into(),
            confidence: 50.0,
            words: 1,
        };
        let joined = join(vec![a, b]);
        assert_eq!(joined.text, "one two three\n\nfour");
        assert_eq!(joined.confidence, 80.0);
    }
}
