//! Human-readable output for the terminal, and the `inspect --json` shape.
//!
//! Text that comes from documents is stripped of control and bidirectional-override characters
//! before it reaches a terminal, so a paper cannot move the cursor or reorder what is shown.

use std::io::{self, Write};

use serde::Serialize;

use crate::index::IndexSummary;
use crate::model::{Acronym, Attendance, DocType, Document, Item, Meeting, Passage, Scanned};
use crate::search::{SearchRequest, SearchResponse};
use crate::understand::evidence::Provenance;

/// What `quorum inspect --json` prints: the document without its full text.
#[derive(Debug, Serialize)]
pub struct Inspection<'a> {
    /// File name.
    pub path: &'a str,
    /// Document type.
    #[serde(rename = "type")]
    pub doc_type: DocType,
    /// Title.
    pub title: &'a str,
    /// Meeting.
    pub meeting: &'a Meeting,
    /// Where each meeting fact came from: `text`, `title`, `path` or `sidecar`.
    pub sources: &'a Provenance,
    /// Link from sidecar metadata.
    pub url: Option<&'a str>,
    /// Numbered items.
    pub items: &'a [Item],
    /// Passages.
    pub passages: &'a [Passage],
    /// Who attended (minutes).
    pub attendance: &'a Attendance,
    /// Acronyms the paper defines.
    pub acronyms: &'a [Acronym],
    /// Scanned pages: read by OCR, or not readable (absent when the paper has none).
    #[serde(skip_serializing_if = "Scanned::is_empty")]
    pub scanned: &'a Scanned,
}

impl<'a> From<&'a Document> for Inspection<'a> {
    fn from(d: &'a Document) -> Self {
        Inspection {
            path: &d.path,
            doc_type: d.doc_type,
            title: &d.title,
            meeting: &d.meeting,
            sources: &d.provenance,
            url: d.url.as_deref(),
            items: &d.items,
            passages: &d.passages,
            attendance: &d.attendance,
            acronyms: &d.acronyms,
            scanned: &d.scanned,
        }
    }
}

/// The summary line(s) of an indexing run.
pub fn index_summary(out: &mut dyn Write, s: &IndexSummary) -> io::Result<()> {
    writeln!(
        out,
        "indexed in {:.2}s: {} added, {} updated, {} removed, {} unchanged, {} failed, {} skipped; {} passages written",
        s.seconds,
        s.added,
        s.updated,
        s.removed,
        s.unchanged,
        s.failed.len(),
        s.skipped.len(),
        s.passages
    )?;
    for f in &s.failed {
        writeln!(out, "  failed  {}: {}", clean(&f.path), clean(&f.reason))?;
    }
    for f in &s.skipped {
        writeln!(out, "  skipped {}: {}", clean(&f.path), clean(&f.reason))?;
    }
    Ok(())
}

/// What a harvest did, then each failure on its own line.
pub fn harvest_summary(out: &mut dyn Write, s: &crate::harvest::HarvestSummary) -> io::Result<()> {
    writeln!(
        out,
        "harvested {} in {:.1}s into {}: {} committees, {} meetings ({} read, {} records written), papers: {} fetched, {} updated, {} already held, {} restricted, {} failed; {:.1} MB in {} requests",
        clean(&s.site),
        s.seconds,
        s.out.display(),
        s.committees,
        s.meetings,
        s.meetings_read,
        s.records,
        s.documents.fetched,
        s.documents.updated,
        s.documents.skipped,
        s.documents.restricted,
        s.documents.failed,
        s.bytes as f64 / 1e6,
        s.requests
    )?;
    for m in &s.meetings_without_papers {
        writeln!(out, "  no papers {}", clean(m))?;
    }
    for f in &s.failures {
        writeln!(out, "  failed  {}: {}", clean(&f.what), clean(&f.reason))?;
    }
    if !s.failures.is_empty() {
        writeln!(out, "failures are retried by the next run")?;
    }
    Ok(())
}

/// Ranked hits, one block each.
pub fn search_results(
    out: &mut dyn Write,
    response: &SearchResponse,
    request: &SearchRequest,
    color: bool,
) -> io::Result<()> {
    for s in &response.suggestions {
        writeln!(
            out,
            "no passage has {:?}; did you mean {:?}? (quorum search {:?})",
            clean(&s.word),
            clean(&s.suggestion),
            clean(&s.query)
        )?;
    }
    if response.hits.is_empty() {
        return writeln!(out, "no passages match {:?}", clean(&response.query));
    }
    if response.matching == crate::search::Matching::Most {
        writeln!(
            out,
            "{} passages have every word; showing passages with most of them \
             (--matching all for the strict search)\n",
            response.all_words_total
        )?;
    }
    for (i, hit) in response.hits.iter().enumerate() {
        let rank = request.offset + i + 1;
        let committee = hit
            .meeting
            .committee
            .as_deref()
            .unwrap_or("(committee unknown)");
        let date = hit
            .meeting
            .date
            .map_or_else(|| "(date unknown)".to_string(), |d| d.to_string());
        writeln!(
            out,
            "{rank}. {} · {date} · {} · {}",
            clean(committee),
            hit.doc_type,
            hit.role
        )?;
        if let Some(item) = &hit.item {
            writeln!(
                out,
                "   Item {}: {}",
                clean(&item.number),
                clean(&item.title)
            )?;
        }
        if let Some(section) = &hit.section {
            writeln!(out, "   Section: {}", clean(section))?;
        }
        writeln!(out, "   {}", terminal_snippet(&hit.snippet, color))?;
        let page = hit.page.map(|p| format!(", page {p}")).unwrap_or_default();
        writeln!(out, "   {}{page}  [{}]", clean(&hit.document.path), hit.id)?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "{} of {} matching passages ({:.1} ms)",
        response.hits.len(),
        response.total,
        response.took_ms
    )
}

/// What `inspect` prints for a person.
pub fn inspection(out: &mut dyn Write, d: &Document) -> io::Result<()> {
    let m = &d.meeting;
    let show = |v: &Option<String>| v.as_deref().map(clean).unwrap_or_else(|| "-".into());
    writeln!(
        out,
        "{}: {} — {}",
        clean(&d.path),
        d.doc_type,
        clean(&d.title)
    )?;
    writeln!(out, "council:   {}", show(&m.council))?;
    writeln!(out, "committee: {}", show(&m.committee))?;
    writeln!(
        out,
        "date:      {}",
        m.date.map_or("-".into(), |d| d.to_string())
    )?;
    writeln!(out, "time:      {}", show(&m.time))?;
    writeln!(out, "venue:     {}", show(&m.venue))?;
    writeln!(out, "items:")?;
    for item in &d.items {
        writeln!(out, "  {:>5}  {}", clean(&item.number), clean(&item.title))?;
        for r in &item.reports {
            let letter = r.letter.as_deref().unwrap_or("-");
            writeln!(
                out,
                "         report {}: {}",
                clean(letter),
                clean(&r.title)
            )?;
        }
    }
    writeln!(out, "passages: {}", d.passages.len())?;
    let scanned = &d.scanned;
    if !scanned.read.is_empty() {
        let mean =
            scanned.read.iter().map(|p| p.confidence).sum::<f32>() / scanned.read.len() as f32;
        writeln!(
            out,
            "scanned:   {} pages read by OCR (mean confidence {mean:.1})",
            scanned.read.len()
        )?;
    }
    if !scanned.unread.is_empty() {
        writeln!(
            out,
            "unread:    {} scanned pages: {}",
            scanned.unread.len(),
            clean(scanned.reason.as_deref().unwrap_or("unreadable"))
        )?;
    }
    Ok(())
}

/// A snippet's HTML for a terminal: marks become bold (or plain when not a terminal),
/// entities are decoded, control characters dropped.
fn terminal_snippet(html: &str, color: bool) -> String {
    let (on, off) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("", "")
    };
    let text = unescape_html(&html.replace("<mark>", "\u{1}").replace("</mark>", "\u{2}"));
    let text = clean(&text.replace('\n', " "));
    // The markers survive `clean` as private placeholders only if re-inserted after it.
    text.replace('\u{E001}', on).replace('\u{E002}', off)
}

fn unescape_html(s: &str) -> String {
    s.replace('\u{1}', "\u{E001}")
        .replace('\u{2}', "\u{E002}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Remove control characters (but tab) and bidirectional controls from text bound for a
/// terminal.
pub fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| {
            (!c.is_control() || *c == '\t')
                && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        })
        .collect()
}

/// A thread, one step per line group: date, meeting, item, excerpt, and how it connects.
pub fn thread(out: &mut dyn Write, thread: &crate::search::thread::Thread) -> io::Result<()> {
    if thread.steps.len() <= 1 {
        writeln!(
            out,
            "nothing in the archive cites or is cited by {}",
            clean(&thread.id)
        )?;
    }
    for step in &thread.steps {
        let date = step
            .meeting
            .date
            .map_or_else(|| "date unknown".to_string(), |d| d.to_string());
        let committee = step
            .meeting
            .committee
            .as_deref()
            .unwrap_or("committee unknown");
        let item = step.item.as_ref().map_or_else(String::new, |i| {
            format!(" · item {} {}", clean(&i.number), clean(&i.title))
        });
        let marker = if step.start { "▶" } else { "•" };
        writeln!(
            out,
            "{marker} {date} · {} · {}{item}",
            clean(committee),
            clean(&step.document.path)
        )?;
        writeln!(out, "    {}", clean(&step.excerpt))?;
        for link in &step.links {
            let arrow = if link.direction == "cites" {
                "→"
            } else {
                "←"
            };
            writeln!(
                out,
                "    {arrow} {} {:?} ({})",
                link.kind.as_str(),
                clean(&link.text),
                clean(&link.other)
            )?;
        }
        writeln!(
            out,
            "    id {}  passage {}",
            clean(&step.id),
            clean(&step.passage)
        )?;
    }
    if thread.truncated {
        writeln!(
            out,
            "(thread cut at {} items)",
            crate::limits::MAX_THREAD_STEPS
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_loses_escapes_and_bidi_controls() {
        assert_eq!(clean("a\x1b[2Jb\u{202E}c\td"), "a[2Jbc\td");
    }

    #[test]
    fn snippets_render_marks_for_terminals() {
        let html = "a &lt;b&gt; <mark>caseload</mark>";
        assert_eq!(terminal_snippet(html, false), "a <b> caseload");
        assert_eq!(
            terminal_snippet(html, true),
            "a <b> \x1b[1;33mcaseload\x1b[0m"
        );
    }
}
