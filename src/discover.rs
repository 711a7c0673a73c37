//! Stage 1: find the papers in a corpus folder.
//!
//! In: a corpus root (and the index folder, which is never read as input).
//! Out: a [`Discovery`]: every [`SourceFile`] worth extracting, with its [`Format`] decided by
//! content as much as by extension, and every file passed over with the reason.
//! Next: [`crate::extract`] turns each source file's bytes into text.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::extract::Format;
use crate::limits::MAX_FILE_BYTES;

/// A file quorum will try to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its path relative to the corpus root, `/`-separated: its identity in the index.
    pub rel: String,
    /// How to read it.
    pub format: Format,
    /// Size in bytes when discovered.
    pub size: u64,
}

/// A file passed over, and why (unsupported, unreadable, too large).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Path relative to the corpus root (or as found, when outside it).
    pub rel: String,
    /// One line a person can act on.
    pub reason: String,
}

/// What a walk of the corpus found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Files to index, sorted by relative path so runs are deterministic.
    pub files: Vec<SourceFile>,
    /// Files passed over, sorted by relative path.
    pub skipped: Vec<Skipped>,
}

/// Suffix of a per-document sidecar (`paper.pdf.meta.json`), read by understanding, not indexed.
pub const SIDECAR_SUFFIX: &str = ".meta.json";
/// Name of the corpus-wide metadata table, read by understanding, not indexed.
pub const MANIFEST_NAME: &str = "manifest.csv";

/// Walk `root` and sort every file into indexable or skipped.
///
/// Hidden files and folders, and `index_dir` when it lies inside `root`, are not visited at all.
/// Symbolic links are not followed, so a link cannot pull files from outside the corpus in.
pub fn discover(root: &Path, index_dir: Option<&Path>) -> std::io::Result<Discovery> {
    let root_meta = fs::metadata(root)?;
    if !root_meta.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            format!("{} is not a folder", root.display()),
        ));
    }
    let index_dir = index_dir.and_then(|d| d.canonicalize().ok());
    let mut found = Discovery::default();
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let rel = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| root.display().to_string());
                found.skipped.push(Skipped {
                    rel,
                    reason: format!("unreadable: {err}"),
                });
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_dir() {
            continue;
        }
        if is_inside(path, index_dir.as_deref()) {
            continue;
        }
        let rel = relative(root, path);
        if is_metadata_file(&rel) {
            continue;
        }
        if entry.file_type().is_symlink() {
            found.skipped.push(Skipped {
                rel,
                reason: "symbolic link: not followed".into(),
            });
            continue;
        }
        if !entry.file_type().is_file() {
            // A FIFO or device would block or never end when read.
            found.skipped.push(Skipped {
                rel,
                reason: "not a regular file".into(),
            });
            continue;
        }
        match classify(path) {
            Ok((format, size)) => found.files.push(SourceFile {
                path: path.to_path_buf(),
                rel,
                format,
                size,
            }),
            Err(reason) => found.skipped.push(Skipped { rel, reason }),
        }
    }
    Ok(found)
}

/// Decide how to read one file, or say why it cannot be read.
pub fn classify(path: &Path) -> Result<(Format, u64), String> {
    let meta = fs::metadata(path).map_err(|e| format!("unreadable: {e}"))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "too large: {} bytes (limit {MAX_FILE_BYTES})",
            meta.len()
        ));
    }
    let mut head = Vec::with_capacity(4096);
    fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(|e| format!("unreadable: {e}"))?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    sniff_format(extension.as_deref(), &head)
        .map(|format| (format, meta.len()))
        .ok_or_else(|| match extension {
            Some(ext) => format!("unsupported format: .{ext}"),
            None => "unsupported format: no extension and no recognisable content".into(),
        })
}

/// Decide a format from the first bytes of a file, falling back on its extension.
///
/// Content wins where it is unambiguous (a PDF renamed `.txt` is still a PDF, an XML
/// declaration is XML unless the document is XHTML); the extension decides between the text
/// formats.
pub fn sniff_format(extension: Option<&str>, head: &[u8]) -> Option<Format> {
    let trimmed = trim_start(head);
    if trimmed.starts_with(b"%PDF-") {
        return Some(Format::Pdf);
    }
    if looks_like_html(trimmed) {
        return Some(Format::Html);
    }
    if trimmed.starts_with(b"<?xml") {
        // XHTML carries an XML declaration too.
        let head = String::from_utf8_lossy(trimmed.get(..1024).unwrap_or(trimmed)).to_lowercase();
        return Some(if head.contains("<html") {
            Format::Html
        } else {
            Format::Xml
        });
    }
    match extension {
        Some("pdf") => Some(Format::Pdf),
        Some("xml") => Some(Format::Xml),
        Some("html" | "htm" | "xhtml") => Some(Format::Html),
        Some("md" | "markdown") => Some(Format::Markdown),
        Some("txt" | "text") if looks_like_markdown(head) => Some(Format::Markdown),
        Some("txt" | "text") => Some(Format::Text),
        None if !head.is_empty() && std::str::from_utf8(head).is_ok() => Some(Format::Text),
        _ => None,
    }
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

fn looks_like_html(head: &[u8]) -> bool {
    let prefix: Vec<u8> = head.iter().take(64).map(u8::to_ascii_lowercase).collect();
    prefix.starts_with(b"<!doctype html") || prefix.starts_with(b"<html")
}

/// Markdown conversions of papers are often saved as `.txt`: headings, bold and `<sup>` give
/// them away.
fn looks_like_markdown(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    text.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with("# ")
            || line.starts_with("## ")
            || line.starts_with("### ")
            || (line.starts_with("**") && line.trim_end().ends_with("**"))
    }) || text.contains("<sup>")
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

fn is_inside(path: &Path, dir: Option<&Path>) -> bool {
    match (dir, path.canonicalize()) {
        (Some(dir), Ok(p)) => p.starts_with(dir),
        _ => false,
    }
}

fn is_metadata_file(rel: &str) -> bool {
    rel.ends_with(SIDECAR_SUFFIX) || rel == MANIFEST_NAME
}

/// `path` relative to `root`, with `/` separators whatever the platform.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_beats_extension() {
        assert_eq!(sniff_format(Some("txt"), b"%PDF-1.7\n"), Some(Format::Pdf));
        assert_eq!(
            sniff_format(Some("txt"), b"\n <!DOCTYPE html><html>"),
            Some(Format::Html)
        );
    }

    #[test]
    fn extension_decides_among_text_formats() {
        assert_eq!(sniff_format(Some("txt"), b"Minutes"), Some(Format::Text));
        assert_eq!(
            sniff_format(Some("txt"), b"\n## Agenda for a meeting"),
            Some(Format::Markdown)
        );
        assert_eq!(sniff_format(Some("md"), b"plain"), Some(Format::Markdown));
        assert_eq!(
            sniff_format(None, b"<?xml version=\"1.0\"?><meeting/>"),
            Some(Format::Xml)
        );
        assert_eq!(
            sniff_format(Some("xml"), b"<?xml version=\"1.0\"?><html><body/></html>"),
            Some(Format::Html),
            "XHTML is HTML"
        );
        assert_eq!(sniff_format(Some("docx"), b"PK\x03\x04"), None);
    }

    #[test]
    fn walk_skips_hidden_index_and_sidecars_and_reports_unsupported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("a.txt"), "Minutes of a meeting").unwrap();
        fs::write(root.join("a.txt.meta.json"), "{}").unwrap();
        fs::write(root.join(".hidden.txt"), "x").unwrap();
        fs::write(root.join("b.docx"), "PK\x03\x04").unwrap();
        fs::create_dir(root.join("index")).unwrap();
        fs::write(root.join("index/meta.txt"), "x").unwrap();
        let found = discover(root, Some(&root.join("index"))).unwrap();
        let files: Vec<_> = found.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(files, ["a.txt"]);
        assert_eq!(found.skipped.len(), 1);
        assert_eq!(found.skipped[0].rel, "b.docx");
        assert!(found.skipped[0].reason.contains("unsupported"));
    }
}
