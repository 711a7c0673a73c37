//! Write a [`Paper`] in one of the formats quorum reads, in the house styles of the sample
//! corpus: Bradford-style plain text ("34. TITLE", "Resolved –"), Bromley-style Markdown
//! ("### **53 TITLE**", "## 5. TITLE"), a ModernGov-style HTML page (an item table) and a PDF
//! written with lopdf (Helvetica, text operators, about fifty lines a page).
//!
//! In: a [`Paper`]. Out: the file's bytes (and, for PDFs, the page count).

use std::fmt::Write as _;

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

use super::paper::{long_date, Block, Kind, Paper};

/// Lines per PDF page and characters per line.
const PDF_LINES_PER_PAGE: usize = 52;
const PDF_LINE_CHARS: usize = 95;

/// A file format the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// Plain text, `.txt`.
    Text,
    /// Markdown, `.md`.
    Markdown,
    /// HTML, `.html`.
    Html,
    /// PDF, `.pdf`.
    Pdf,
}

impl Style {
    /// Every style.
    pub const ALL: [Style; 4] = [Style::Text, Style::Markdown, Style::Html, Style::Pdf];

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Style::Text => "txt",
            Style::Markdown => "md",
            Style::Html => "html",
            Style::Pdf => "pdf",
        }
    }

    /// Parse a name (`text`, `txt`, `markdown`, `md`, `html`, `pdf`).
    pub fn parse(name: &str) -> Option<Style> {
        match name.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Some(Style::Text),
            "markdown" | "md" => Some(Style::Markdown),
            "html" | "htm" => Some(Style::Html),
            "pdf" => Some(Style::Pdf),
            _ => None,
        }
    }
}

/// The header lines of a paper, as its front page prints them.
fn front(p: &Paper) -> Vec<String> {
    let m = &p.meeting;
    let date = long_date(m.date);
    match p.kind {
        Kind::Minutes => vec![
            format!(
                "Minutes of a meeting of the {} held on {date} in {}, {}",
                m.committee, m.venue, m.council
            ),
            format!("Commenced {}", m.time),
            format!("Councillor {} in the Chair", chair(p)),
        ],
        Kind::Agenda => vec![
            format!(
                "Agenda for a meeting of the {} to be held on {date} at {} in {}, {}",
                m.committee, m.time, m.venue, m.council
            ),
            "From: City Solicitor".into(),
        ],
        Kind::Report => vec![
            format!(
                "Report of the {} to the meeting of {} to be held on {}",
                p.officer,
                m.committee,
                m.date.format("%-d %B %Y")
            ),
            p.letter.clone(),
            "Subject:".into(),
            p.subject.clone(),
        ],
    }
}

fn chair(p: &Paper) -> &'static str {
    ["Gibbons", "Ellis", "Thirkill", "Ward", "Pollard", "Engel"]
        [p.meeting.date.ordinal() as usize % 6]
}

use chrono::Datelike;

/// Plain text, Bradford style.
pub fn text(p: &Paper) -> String {
    let mut out = String::new();
    for line in front(p) {
        let _ = write!(out, "{line}\n\n");
    }
    for item in &p.items {
        let _ = write!(out, "{}. {}\n\n", item.number, item.title);
        for block in &item.blocks {
            match block {
                Block::Prose { text, .. } => {
                    let _ = write!(out, "{text}\n\n");
                }
                Block::Lead(l) => {
                    let _ = write!(out, "{l}\n\n");
                }
                Block::Heading(h) | Block::Line(h) => {
                    let _ = write!(out, "{h}\n\n");
                }
            }
        }
    }
    out
}

/// Markdown, Bromley style (minutes) or Bradford agenda style.
pub fn markdown(p: &Paper) -> String {
    let mut out = String::new();
    let m = &p.meeting;
    match p.kind {
        Kind::Minutes => {
            let _ = write!(
                out,
                "## **{}**\n\n## {}\n\nMinutes of the meeting held at {} on {}\n\n### **Present:**\n\nCouncillor {} (Chairman)\n\n",
                m.committee.to_uppercase(),
                m.council,
                m.time,
                m.date.format("%-d %B %Y"),
                chair(p)
            );
        }
        _ => {
            for (i, line) in front(p).into_iter().enumerate() {
                if i == 0 {
                    let _ = write!(out, "## {line}\n\n");
                } else {
                    let _ = write!(out, "**{line}**\n\n");
                }
            }
        }
    }
    for item in &p.items {
        match p.kind {
            Kind::Minutes => {
                let _ = write!(out, "### **{} {}**\n\n", item.number, item.title);
            }
            _ => {
                let _ = write!(out, "## {}. {}\n\n", item.number, item.title);
            }
        }
        for block in &item.blocks {
            match block {
                Block::Prose { text, .. } => {
                    let _ = write!(
                        out,
                        "{}\n\n",
                        text.replace("Document \"", "**Document \"")
                            .replace("\") ", "\"**) ")
                    );
                }
                Block::Lead(l) => {
                    let _ = write!(out, "**{l}**\n\n");
                }
                Block::Heading(h) => {
                    let _ = write!(out, "#### {h}\n\n");
                }
                Block::Line(l) => {
                    let _ = write!(out, "*{l}*\n\n");
                }
            }
        }
    }
    out
}

/// HTML, a ModernGov-style page: one table row per item.
pub fn html(p: &Paper) -> String {
    let m = &p.meeting;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} - {}</title>\n</head>\n<body>\n<div id=\"mgContent\">\n<h1>{}</h1>\n<h2 class=\"mgSubTitleTxt\">Agenda, decisions and minutes</h2>\n",
        escape(&p.title()),
        escape(m.council),
        escape(m.council),
    );
    for line in front(p) {
        let _ = writeln!(out, "<p class=\"mgMainTxt\">{}</p>", escape(&line));
    }
    out.push_str("<table class=\"mgItemTable\">\n<tr><th>No.</th><th>Item</th></tr>\n");
    for item in &p.items {
        let _ = write!(
            out,
            "<tr>\n<td class=\"mgItemNumberCell\"><p>{}.</p></td>\n<td>\n<p class=\"mgAiTitleTxt\"><strong>{}</strong></p>\n",
            escape(&item.number),
            escape(&item.title)
        );
        for block in &item.blocks {
            match block {
                Block::Prose { text, .. } => {
                    let _ = writeln!(out, "<p>{}</p>", escape(text));
                }
                Block::Lead(l) => {
                    let _ = writeln!(
                        out,
                        "<p><strong>Minutes:</strong></p>\n<p>{}</p>",
                        escape(l)
                    );
                }
                Block::Heading(h) => {
                    let _ = writeln!(out, "<h3>{}</h3>", escape(h));
                }
                Block::Line(l) => {
                    let _ = writeln!(out, "<p class=\"mgSubItemTxt\">{}</p>", escape(l));
                }
            }
        }
        out.push_str("</td>\n</tr>\n");
    }
    out.push_str("</table>\n</div>\n</body>\n</html>\n");
    out
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A PDF: the plain-text rendering laid out in lines and pages, written with lopdf.
/// Returns the bytes and the page count.
pub fn pdf(p: &Paper) -> Result<(Vec<u8>, usize), lopdf::Error> {
    let lines = wrap(&text(p), PDF_LINE_CHARS);
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut kids: Vec<Object> = Vec::new();
    for chunk in lines.chunks(PDF_LINES_PER_PAGE) {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 10.into()]),
            Operation::new("TL", vec![14.into()]),
            Operation::new("Td", vec![50.into(), 780.into()]),
        ];
        for line in chunk {
            if !line.is_empty() {
                ops.push(Operation::new(
                    "Tj",
                    vec![Object::string_literal(win_ansi(line))],
                ));
            }
            ops.push(Operation::new("T*", vec![]));
        }
        ops.push(Operation::new("ET", vec![]));
        let content = Content { operations: ops };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode()?));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = kids.len();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count as i64,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    let info_id = doc.add_object(dictionary! {
        "Title" => Object::string_literal(win_ansi(&p.title())),
    });
    doc.trailer.set("Info", info_id);
    doc.compress();
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)?;
    Ok((bytes, count))
}

/// Lines of at most `width` characters, cut at spaces; blank lines kept between paragraphs.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split("\n\n") {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            lines.push(line);
            lines.push(String::new());
        }
    }
    lines
}

/// Bytes in WinAnsiEncoding for the standard Helvetica font: ASCII as is, the few typographic
/// characters papers use mapped to their code points, anything else as `?`.
fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            c if c.is_ascii() => c as u8,
            '–' => 0x96,
            '—' => 0x97,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '£' => 0xA3,
            'é' => 0xE9,
            _ => b'?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_whole_and_lines_short() {
        let lines = wrap("one two three four five\n\nsix", 9);
        assert_eq!(lines, ["one two", "three", "four five", "", "six", ""]);
    }

    #[test]
    fn html_escapes_markup_characters() {
        assert_eq!(
            escape("Children's <b> & \"x\""),
            "Children&#39;s &lt;b&gt; &amp; &quot;x&quot;"
        );
    }

    #[test]
    fn win_ansi_maps_dashes_and_pounds() {
        assert_eq!(win_ansi("a–£"), vec![b'a', 0x96, 0xA3]);
    }
}
