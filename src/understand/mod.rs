//! Stage 3: read a paper the way a clerk does.
//!
//! In: an [`Extracted`] text and where it came from ([`Source`], with any sidecar
//! [`Metadata`]). Out: a [`Document`]: its type, [`crate::model::Meeting`], numbered items and
//! passages, each passage knowing its item, section, page, type and role.
//! Next: [`crate::index`] writes the document's passages, all or none.
//!
//! [`understand`] composes one module per concept, in this order:
//! [`noise`] (page furniture and site clutter to leave out) → [`items`] (numbered items) →
//! [`header`] (type, meeting, title: [`evidence`] weighed from the text before the first item,
//! the running headers and footers, the format's title and the file's [`path`]; [`dates`] and
//! [`council`] help) → [`packs`] (reports embedded in an agenda, report sections) →
//! [`reprints`] (earlier minutes carried in the paper, read as that meeting's) → segments
//! (stretches sharing item, section, type and [`roles`]) → [`passages`] → truncation flags →
//! [`sidecar`] metadata, whose given values win.
//!
//! Every pattern in these modules writes its word boundaries as ASCII ones, `(?-u:\b)`: a
//! Unicode `\b` keeps the regex crate off its fast lazy DFA whenever a paper holds one
//! non-ASCII character (a curly quote, a `£`), and that slow path was a fifth of indexing time.
//!
//! Understanding never fails: text it cannot make sense of becomes a document of type `other`
//! whose facts are `None` and whose passages still carry the text, so nothing is lost.

pub mod acronyms;
pub mod council;
pub mod dates;
pub mod evidence;
pub mod header;
pub mod items;
pub mod lines;
pub mod noise;
pub mod packs;
pub mod passages;
pub mod path;
pub mod people;
pub mod refs;
pub mod reprints;
pub mod roles;
pub mod sidecar;

use std::ops::Range;

use crate::extract::Extracted;
use crate::model::{short_id, DocType, Document, Item, ItemRef, Meeting, Passage, ReportRef, Role};

use items::ItemHeading;
use lines::{plain, Line, Plain};
use packs::{EmbeddedReport, SectionHeading};
use passages::Segment;
use reprints::Reprint;
use roles::RoleReader;
pub use sidecar::{Manifest, Metadata};

/// The version of the reading rules: raised when the same bytes would be understood
/// differently, so that incremental indexing reads every paper again (it is part of the
/// content hash, [`crate::index::content_hash`]). 2: meeting facts weighed as evidence.
/// 3: minutes reprinted in a pack read as the meeting they record.
pub const READER_VERSION: u32 = 3;

/// Where a text came from.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Path relative to the corpus root: the document's identity.
    pub rel: &'a str,
    /// Content hash of the file's bytes.
    pub hash: &'a str,
    /// Metadata given beside the file (`.meta.json`, `manifest.csv`); its values win.
    pub metadata: Option<&'a Metadata>,
}

/// A stretch of the text that shares item, type and role-reading context.
#[derive(Debug, Clone)]
struct Region {
    range: Range<usize>,
    item: Option<ItemRef>,
    doc_type: DocType,
    /// Report sections apply inside this region.
    sectioned: bool,
    /// For reprinted minutes, the meeting they record.
    reprint_of: Option<Meeting>,
}

/// Understand one extracted text.
pub fn understand(extracted: &Extracted, source: Source<'_>) -> Document {
    let text = extracted.text.as_str();
    // Every line is read once, here; the recognisers below share this reading.
    let read: Vec<(Line<'_>, Plain<'_>)> = lines::lines(text)
        .into_iter()
        .map(|l| (l, plain(l.raw)))
        .collect();
    let noise = noise::find_in(extracted, &read);
    let content: Vec<(Line<'_>, Plain<'_>)> = read
        .into_iter()
        .filter(|(l, p)| !p.is_empty() && !in_noise(l, &noise.ranges))
        .collect();

    let (mut provisional, business_start) = items::read_items(&content);
    let head_end = provisional
        .first()
        .map(|h| h.start)
        .into_iter()
        .chain(business_start)
        .min()
        .unwrap_or(text.len());
    let head: Vec<String> = content
        .iter()
        .take_while(|(l, _)| l.start < head_end)
        .map(|(_, p)| p.to_string())
        .collect();
    let furniture = furniture(text, &noise.ranges, &content);
    let path_clues = path::read(source.rel);
    let letterhead = letterhead(&content, head_end);
    let header = header::read_header(&header::Clues {
        head: &head,
        furniture: &furniture,
        whole: text,
        format_title: extracted.title.as_deref(),
        path: &path_clues,
        letterhead: &letterhead,
    });
    // A report's numbered sections are its items; "2.1" headings under them are paragraphs.
    if header.doc_type == DocType::Report {
        provisional.retain(|h| !h.decimal);
    }

    // An agenda may carry the reports it lists; its items are those before the first report.
    let mut reports: Vec<EmbeddedReport> = Vec::new();
    let mut headings = provisional;
    if header.doc_type == DocType::Agenda && !headings.is_empty() {
        let found = packs::find_reports(&content, text.len(), head_end, &[], text);
        if let Some(first) = found.first() {
            let agenda_end = first.range.start;
            let agenda = content.partition_point(|(l, _)| l.start < agenda_end);
            headings = items::find_items_in(content.get(..agenda).unwrap_or(&content));
            headings.retain(|h| !h.decimal);
            let spans = item_spans(&headings, agenda_end);
            let titled: Vec<(String, Range<usize>)> = headings
                .iter()
                .zip(&spans)
                .map(|(h, r)| (h.title.clone(), r.clone()))
                .collect();
            reports = packs::find_reports(&content, text.len(), head_end, &titled, text);
        }
    }
    let agenda_end = reports.first().map_or(text.len(), |r| r.range.start);
    let report_starts: Vec<usize> = reports.iter().map(|r| r.range.start).collect();
    // Read again, the paper's items are read as they were first: before the first report,
    // without decimal sub-items where those are paragraphs.
    let decimals_are_paragraphs = header.doc_type == DocType::Report || !reports.is_empty();
    let first_read: Vec<usize> = headings.iter().map(|h| h.start).collect();
    let paper = reprints::Paper {
        content: &content,
        text,
        doc_type: header.doc_type,
        meeting: &header.meeting,
        head_end,
        reports: &report_starts,
    };
    let (reprints, headings) = reprints::find(&paper, headings, |kept| {
        let before = kept.partition_point(|(l, _)| l.start < agenda_end);
        let mut again = items::find_items_in(kept.get(..before).unwrap_or(kept));
        if decimals_are_paragraphs {
            again.retain(|h| !h.decimal);
        }
        again
    });
    if !reprints.is_empty() {
        // A report's item is an index into the headings: keep it pointing at the same one.
        for report in &mut reports {
            report.item = report
                .item
                .and_then(|i| first_read.get(i))
                .and_then(|start| headings.iter().position(|h| h.start == *start));
        }
    }

    let mut items: Vec<Item> = headings
        .iter()
        .map(|h| Item {
            number: h.number.clone(),
            title: h.title.clone(),
            reports: Vec::new(),
        })
        .collect();
    for report in &reports {
        if let Some(item) = report.item.and_then(|i| items.get_mut(i)) {
            item.reports.push(ReportRef {
                letter: report.letter.clone(),
                title: report.title.clone(),
                author: report.author.clone(),
                contact: report.contact.clone(),
            });
        }
    }

    let regions = regions(
        text,
        &content,
        &headings,
        &reports,
        &reprints,
        agenda_end,
        header.doc_type,
    );
    let segments = segments(text, &content, &regions, &noise.ranges);
    let mut passages = passages::split(text, &segments, extracted, source.rel);
    mark_truncated(text, &mut passages, &noise.truncations);

    let title = header
        .title
        .clone()
        .or_else(|| extracted.title.clone())
        .unwrap_or_else(|| source.rel.to_string());
    let mut document = Document {
        id: document_id(source.rel),
        path: source.rel.to_string(),
        hash: source.hash.to_string(),
        doc_type: header.doc_type,
        title,
        meeting: header.meeting,
        url: None,
        items,
        passages,
        text: text.to_string(),
        attendance: Default::default(),
        acronyms: Vec::new(),
        provenance: header.provenance,
        scanned: extracted.scanned.clone(),
    };
    connect(&mut document, text.get(..head_end).unwrap_or(""));
    if let Some(metadata) = source.metadata {
        metadata.apply(&mut document);
    }
    document
}

/// What a paper says about other business and people: each passage's references
/// ([`refs`]) and speakers ([`people`]), the attendance of minutes, the acronyms it defines.
fn connect(document: &mut Document, front: &str) {
    if document.doc_type == DocType::Minutes {
        let mut attendance = people::attendance(front);
        if attendance.apologies.is_empty() {
            attendance.apologies = people::apologies_in(&document.text);
        }
        document.attendance = attendance;
    }
    refs::annotate(&mut document.passages);
    people::annotate(&mut document.passages, &document.attendance);
    document.acronyms = acronyms::find(&document.text);
}

/// The running headers and footers (whole noise lines with letters) and the lines repeated
/// through the text, plain and distinct: where a paper prints its name and date on every page.
fn furniture(text: &str, noise: &[Range<usize>], content: &[(Line<'_>, Plain<'_>)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for range in noise {
        let Some(raw) = text.get(range.clone()) else {
            continue;
        };
        if raw.contains('\n') || !raw.chars().any(char::is_alphabetic) {
            continue;
        }
        let p = plain(raw);
        if p.split_whitespace().count() >= 2 && !out.iter().any(|o| *o == p) {
            out.push(p.into_owned());
        }
    }
    for line in header::repeated_lines(content.iter().map(|(_, p)| p.as_ref())) {
        if !out.contains(&line) {
            out.push(line);
        }
    }
    out
}

/// Lines at the top of a paper read as its letterhead.
const LETTERHEAD_LINES: usize = 5;

/// The first lines before `head_end` as printed, each column apart (runs of three spaces or
/// a tab split a line): a bilingual letterhead prints two names side by side.
fn letterhead(content: &[(Line<'_>, Plain<'_>)], head_end: usize) -> String {
    let mut out = String::new();
    for (line, _) in content
        .iter()
        .take_while(|(l, _)| l.start < head_end)
        .take(LETTERHEAD_LINES)
    {
        for cell in line.raw.split('\t').flat_map(|c| c.split("   ")) {
            let cell = plain(cell);
            if !cell.is_empty() {
                out.push_str(&cell);
                out.push('\n');
            }
        }
    }
    out
}

/// The stable id of the document at `rel`.
pub fn document_id(rel: &str) -> String {
    short_id(rel)
}

fn in_noise(line: &Line<'_>, noise: &[Range<usize>]) -> bool {
    let i = noise.partition_point(|r| r.end <= line.start);
    noise
        .get(i)
        .is_some_and(|r| r.start <= line.start && line.end <= r.end)
}

/// Byte range of each item's text: from its heading to the next heading (or `end`).
fn item_spans(headings: &[ItemHeading], end: usize) -> Vec<Range<usize>> {
    headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let next = headings.get(i + 1).map_or(end, |n| n.start);
            h.start..next.max(h.start)
        })
        .collect()
}

/// Cut the text into regions, in reading order: front matter, items (with ModernGov's
/// "Minutes:" part apart), embedded reports, and reprinted minutes (taken out of the item that
/// carries them, each of their own items a region).
fn regions(
    text: &str,
    content: &[(Line<'_>, Plain<'_>)],
    headings: &[ItemHeading],
    reports: &[EmbeddedReport],
    reprints: &[Reprint],
    agenda_end: usize,
    doc_type: DocType,
) -> Vec<Region> {
    let sectioned = doc_type == DocType::Report;
    let mut out = Vec::new();
    let first = headings
        .first()
        .map_or(agenda_end, |h| h.start.min(agenda_end));
    out.push(Region {
        range: 0..first,
        item: None,
        doc_type,
        sectioned,
        reprint_of: None,
    });
    for (heading, span) in headings.iter().zip(item_spans(headings, agenda_end)) {
        let item = Some(ItemRef {
            number: heading.number.clone(),
            title: heading.title.clone(),
        });
        let minutes_part = (doc_type == DocType::Minutes)
            .then(|| {
                content
                    .iter()
                    .skip(content.partition_point(|(l, _)| l.start < span.start))
                    .take_while(|(l, _)| l.start < span.end)
                    .find(|(_, p)| p.eq_ignore_ascii_case("minutes:"))
                    .map(|(l, _)| l.start)
            })
            .flatten();
        match minutes_part {
            Some(at) => {
                out.push(Region {
                    range: span.start..at,
                    item: item.clone(),
                    doc_type: DocType::Agenda,
                    sectioned,
                    reprint_of: None,
                });
                out.push(Region {
                    range: at..span.end,
                    item,
                    doc_type: DocType::Minutes,
                    sectioned,
                    reprint_of: None,
                });
            }
            None => out.push(Region {
                range: span,
                item,
                doc_type,
                sectioned,
                reprint_of: None,
            }),
        }
    }
    for report in reports {
        let item = report.item.and_then(|i| headings.get(i)).map(|h| ItemRef {
            number: h.number.clone(),
            title: h.title.clone(),
        });
        out.push(Region {
            range: report.range.clone(),
            item,
            doc_type: DocType::Report,
            sectioned: true,
            reprint_of: None,
        });
    }
    let mut out = carve(out, reprints);
    for reprint in reprints {
        out.extend(reprint_regions(reprint));
    }
    out.retain(|r| r.range.start < r.range.end && r.range.end <= text.len());
    out.sort_by_key(|r| r.range.start);
    out
}

/// `regions` with the reprints' ranges taken out of them.
fn carve(regions: Vec<Region>, reprints: &[Reprint]) -> Vec<Region> {
    let mut out = Vec::with_capacity(regions.len());
    for region in regions {
        let mut rest = vec![region];
        for reprint in reprints {
            let mut next = Vec::with_capacity(rest.len() + 1);
            for r in rest {
                let (cut, range) = (&reprint.range, r.range.clone());
                if cut.end <= range.start || range.end <= cut.start {
                    next.push(r);
                    continue;
                }
                if range.start < cut.start {
                    next.push(Region {
                        range: range.start..cut.start,
                        ..r.clone()
                    });
                }
                if cut.end < range.end {
                    next.push(Region {
                        range: cut.end..range.end,
                        ..r
                    });
                }
            }
            rest = next;
        }
        out.extend(rest);
    }
    out
}

/// A reprint's regions: its heading, then each of its items.
fn reprint_regions(reprint: &Reprint) -> Vec<Region> {
    let first = reprint
        .headings
        .first()
        .map_or(reprint.range.end, |h| h.start);
    let mut out = vec![Region {
        range: reprint.range.start..first,
        item: None,
        doc_type: DocType::Minutes,
        sectioned: false,
        reprint_of: Some(reprint.meeting.clone()),
    }];
    for (heading, span) in reprint
        .headings
        .iter()
        .zip(item_spans(&reprint.headings, reprint.range.end))
    {
        out.push(Region {
            range: span,
            item: Some(ItemRef {
                number: heading.number.clone(),
                title: heading.title.clone(),
            }),
            doc_type: DocType::Minutes,
            sectioned: false,
            reprint_of: Some(reprint.meeting.clone()),
        });
    }
    out
}

/// One paragraph-like unit inside a region.
struct Unit {
    range: Range<usize>,
    first_line: usize,
}

/// Cut every region into segments that share section and role, leaving noise out.
fn segments(
    text: &str,
    content: &[(Line<'_>, Plain<'_>)],
    regions: &[Region],
    noise: &[Range<usize>],
) -> Vec<Segment> {
    let mut out = Vec::new();
    for region in regions {
        let first = content.partition_point(|(l, _)| l.start < region.range.start);
        let lines: Vec<&(Line<'_>, Plain<'_>)> = content
            .iter()
            .skip(first)
            .take_while(|(l, _)| l.start < region.range.end)
            .collect();
        let sections: Vec<SectionHeading> = if region.sectioned {
            packs::report_sections(content, region.range.clone())
        } else {
            Vec::new()
        };
        let units = units(text, &lines, &sections);
        let mut reader = RoleReader::new(region.item.as_ref().map(|i| i.title.as_str()));
        let mut run: Option<(Range<usize>, Option<String>, Role)> = None;
        for unit in units {
            let section = sections
                .iter()
                .rev()
                .find(|s| s.start <= unit.first_line)
                .map(|s| s.heading.clone());
            let body = text.get(unit.range.clone()).unwrap_or("");
            let role = reader.next(body, section.as_deref());
            run = match run {
                Some((range, s, r)) if s == section && r == role => {
                    Some((range.start..unit.range.end, s, r))
                }
                Some((range, s, r)) => {
                    push_segment(&mut out, range, s, r, region, noise);
                    Some((unit.range, section, role))
                }
                None => Some((unit.range, section, role)),
            };
        }
        if let Some((range, s, r)) = run {
            push_segment(&mut out, range, s, r, region, noise);
        }
    }
    out
}

fn push_segment(
    out: &mut Vec<Segment>,
    range: Range<usize>,
    section: Option<String>,
    role: Role,
    region: &Region,
    noise: &[Range<usize>],
) {
    for piece in noise::subtract(range, noise) {
        out.push(Segment {
            range: piece,
            item: region.item.clone(),
            section: section.clone(),
            doc_type: region.doc_type,
            role,
            reprint_of: region.reprint_of.clone(),
        });
    }
}

/// Paragraph-like units: runs of lines between blank lines, also cut before a line that opens
/// a role ("Resolved -", "Action:"), a bullet, or a section heading.
fn units(text: &str, lines: &[&(Line<'_>, Plain<'_>)], sections: &[SectionHeading]) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut previous_end: Option<usize> = None;
    for (line, p) in lines {
        let blank_between = previous_end.is_some_and(|end| {
            text.get(end..line.start)
                .is_some_and(|gap| gap.matches('\n').count() >= 2)
        });
        let opens = roles::opens_role(p)
            || lines::has_bullet(p)
            || sections.iter().any(|s| s.start == line.start);
        match out.last_mut() {
            Some(unit) if !blank_between && !opens => unit.range.end = line.end,
            _ => out.push(Unit {
                range: line.start..line.end,
                first_line: line.start,
            }),
        }
        previous_end = Some(line.end);
    }
    out
}

/// Mark the passage that ends where the source cut its text short.
fn mark_truncated(text: &str, passages: &mut [Passage], truncations: &[usize]) {
    if truncations.is_empty() {
        return;
    }
    let mut sorted = truncations.to_vec();
    sorted.sort_unstable();
    let mut chars = 0;
    let mut last_byte = 0;
    for byte in sorted {
        chars += text.get(last_byte..byte).map_or(0, |s| s.chars().count());
        last_byte = byte;
        if let Some(p) = passages.iter_mut().rev().find(|p| p.end <= chars) {
            p.truncated = true;
        }
    }
}

#[cfg(test)]
mod tests {
    /// Guards the module doc's rule: a Unicode word boundary in a pattern here is a regression
    /// (correct, but several times slower on any text with a non-ASCII character).
    #[test]
    fn patterns_use_ascii_word_boundaries() {
        // Built, not written out, so this file does not trip its own check.
        let boundary = ["\\", "b"].concat();
        let ascii_boundary = format!("(?-u:{boundary})");
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/understand");
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
        for entry in entries {
            let path = entry.unwrap_or_else(|e| panic!("{dir}: {e}")).path();
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for (number, line) in source.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                let unicode_boundaries =
                    line.matches(&boundary).count() - line.matches(&ascii_boundary).count();
                assert_eq!(
                    unicode_boundaries,
                    0,
                    "{}:{}: a Unicode word boundary (see the module doc)",
                    path.display(),
                    number + 1
                );
            }
        }
    }
}
