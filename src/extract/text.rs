//! Plain text and Markdown.
//!
//! In: the bytes of a `.txt` or `.md` file (UTF-8 with or without a BOM, UTF-16 with a BOM, or
//! anything else, decoded lossily: reading text never fails).
//! Out: normalised text with no pages. For Markdown, the markup is removed so that no `**`,
//! `##`, `<sup>`, link syntax or backslash escape reaches the index, while the block structure
//! (lines, blank lines between paragraphs, `- ` bullets, tab-separated table cells) is kept.

use std::sync::LazyLock;

use regex::Regex;

use super::{normalize::normalize, ExtractError, Extracted};

/// Extract plain text: decode, then normalise.
pub fn extract_plain(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    Ok(Extracted {
        text: normalize(&decode_text(bytes)),
        ..Extracted::default()
    })
}

/// Extract Markdown: decode, strip the markup, then normalise.
pub fn extract_markdown(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    Ok(Extracted {
        text: normalize(&strip_markdown(&decode_text(bytes))),
        ..Extracted::default()
    })
}

/// Decode text bytes: a BOM decides UTF-8 or UTF-16; without one, UTF-8 with invalid bytes
/// replaced by U+FFFD.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// UTF-16 in the given byte order; a dangling odd byte and unpaired surrogates become U+FFFD.
fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let chunks = bytes.chunks_exact(2);
    let dangling = !chunks.remainder().is_empty();
    let units = chunks.map(|pair| unit([pair[0], pair[1]]));
    let mut text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if dangling {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
}

/// Remove Markdown markup, line by line, keeping the block structure.
pub fn strip_markdown(markdown: &str) -> String {
    let lines: Vec<&str> = markdown.lines().collect();
    let table_rows = find_table_rows(&lines);
    let mut out = String::with_capacity(markdown.len());
    let mut in_code_fence = false;
    for (index, line) in lines.iter().enumerate() {
        if is_code_fence(line) {
            in_code_fence = !in_code_fence;
            continue;
        }
        let stripped = if in_code_fence {
            Some((*line).to_string())
        } else if table_rows.get(index).copied().unwrap_or(false) {
            table_row(line)
        } else {
            block_line(line)
        };
        if let Some(stripped) = stripped {
            out.push_str(&stripped);
            out.push('\n');
        }
    }
    out
}

fn is_code_fence(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("```") || line.starts_with("~~~")
}

/// Which lines belong to a pipe table: a header row, the `|---|:--:|` row under it, and the
/// rows after it up to the first line without a pipe.
fn find_table_rows(lines: &[&str]) -> Vec<bool> {
    let mut rows = vec![false; lines.len()];
    for (index, line) in lines.iter().enumerate() {
        if !is_table_separator(line) || index == 0 {
            continue;
        }
        let header = index - 1;
        if !lines.get(header).is_some_and(|l| l.contains('|')) {
            continue;
        }
        let body_end = lines
            .iter()
            .skip(index + 1)
            .position(|l| !l.contains('|') || l.trim().is_empty())
            .map_or(lines.len(), |offset| index + 1 + offset);
        for row in rows.iter_mut().take(body_end).skip(header) {
            *row = true;
        }
    }
    rows
}

/// A table's separator row: pipes, dashes, colons and spaces, with at least one pipe and dash.
fn is_table_separator(line: &str) -> bool {
    let line = line.trim();
    line.contains('|')
        && line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// A table row as tab-separated cells; the separator row disappears.
fn table_row(line: &str) -> Option<String> {
    if is_table_separator(line) {
        return None;
    }
    let protected = protect_escapes(line.trim());
    let inner = protected.strip_prefix('|').unwrap_or(&protected);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let cells: Vec<String> = inner
        .split('|')
        .map(|cell| strip_inline(cell.trim()))
        .collect();
    Some(restore_escapes(&cells.join("\t")))
}

/// One line outside tables and code: block markers, then inline markup. `None` drops the line.
fn block_line(line: &str) -> Option<String> {
    static HEADING: LazyLock<Regex> = LazyLock::new(|| compile(r"^\s{0,3}#{1,6}(\s+|$)"));
    static HEADING_CLOSE: LazyLock<Regex> = LazyLock::new(|| compile(r"\s+#+\s*$"));
    static RULE: LazyLock<Regex> = LazyLock::new(|| compile(r"^\s{0,3}([-*_=]\s*){3,}$"));
    static QUOTE: LazyLock<Regex> = LazyLock::new(|| compile(r"^\s{0,3}(>\s?)+"));
    static BULLET: LazyLock<Regex> = LazyLock::new(|| compile(r"^(\s*)[-*+]\s+"));
    static LINK_DEFINITION: LazyLock<Regex> =
        LazyLock::new(|| compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+"));

    if RULE.is_match(line) || LINK_DEFINITION.is_match(line) {
        return None;
    }
    let line = protect_escapes(line);
    let line = QUOTE.replace(&line, "");
    let line = match HEADING.find(&line) {
        Some(marker) => {
            let heading = line.get(marker.end()..).unwrap_or_default();
            HEADING_CLOSE.replace(heading, "").into_owned()
        }
        None => line.into_owned(),
    };
    let line = BULLET.replace(&line, "$1- ");
    // A trailing backslash is a hard line break: the line break itself stays.
    let line = line.strip_suffix(HARD_BREAK_BACKSLASH).unwrap_or(&line);
    Some(restore_escapes(&strip_inline(line)))
}

/// A hard line break written as a trailing backslash (escaped backslashes are protected first).
const HARD_BREAK_BACKSLASH: char = '\\';

/// Inline markup: images, links, autolinks, HTML tags, code spans, emphasis.
fn strip_inline(text: &str) -> String {
    static IMAGE: LazyLock<Regex> = LazyLock::new(|| compile(r"!\[[^\]]*\]\([^)]*\)"));
    static LINK: LazyLock<Regex> = LazyLock::new(|| compile(r"\[([^\]]*)\]\([^)]*\)"));
    static REFERENCE_LINK: LazyLock<Regex> = LazyLock::new(|| compile(r"\[([^\]]+)\]\[[^\]]*\]"));
    static AUTOLINK: LazyLock<Regex> =
        LazyLock::new(|| compile(r"<((?:https?|ftp)://[^>\s]+|mailto:[^>\s]+)>"));
    static LINE_BREAK_TAG: LazyLock<Regex> = LazyLock::new(|| compile(r"(?i)<br\s*/?>"));
    static HTML_TAG: LazyLock<Regex> =
        LazyLock::new(|| compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>"));
    static CODE_SPAN: LazyLock<Regex> = LazyLock::new(|| compile(r"`+([^`]*)`+"));
    static STRONG: LazyLock<Regex> = LazyLock::new(|| compile(r"\*\*|__"));
    static EMPHASIS_STAR: LazyLock<Regex> =
        LazyLock::new(|| compile(r"(^|[^\w*])\*([^*\s](?:[^*]*[^*\s])?)\*"));
    static EMPHASIS_UNDERSCORE: LazyLock<Regex> =
        LazyLock::new(|| compile(r"(^|[^\w_])_([^_\s](?:[^_]*[^_\s])?)_($|[^\w_])"));

    let text = IMAGE.replace_all(text, "");
    let text = LINK.replace_all(&text, "$1");
    let text = REFERENCE_LINK.replace_all(&text, "$1");
    let text = AUTOLINK.replace_all(&text, "$1");
    let text = text.replace("mailto:", "");
    let text = LINE_BREAK_TAG.replace_all(&text, "\n");
    let text = HTML_TAG.replace_all(&text, "");
    let text = CODE_SPAN.replace_all(&text, "$1");
    // Bold markers are removed wherever they stand: bold often spans lines in converted
    // papers, so a `**` may have its partner on another line.
    let text = STRONG.replace_all(&text, "");
    let text = EMPHASIS_STAR.replace_all(&text, "$1$2");
    let text = EMPHASIS_UNDERSCORE.replace_all(&text, "$1$2$3");
    decode_common_entities(&text)
}

/// The entities Markdown converters leave behind.
fn decode_common_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Stand-ins for backslash-escaped punctuation (`\*`, `\_`, `\#` ...) so the markup passes
/// leave them alone: each becomes a private-use character, restored by [`restore_escapes`].
const ESCAPE_BASE: u32 = 0xF0000;

fn protect_escapes(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let escaped = chars.peek().copied().filter(|n| n.is_ascii_punctuation());
        match (c, escaped) {
            ('\\', Some(punct)) => {
                chars.next();
                out.push(char::from_u32(ESCAPE_BASE + punct as u32).unwrap_or(punct));
            }
            _ => out.push(c),
        }
    }
    out
}

fn restore_escapes(text: &str) -> String {
    text.chars()
        .map(|c| {
            let code = c as u32;
            if (ESCAPE_BASE..ESCAPE_BASE + 128).contains(&code) {
                char::from_u32(code - ESCAPE_BASE).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// Compile a pattern literal; every pattern in this module runs in the tests below, so a typo
/// fails them rather than a user's run.
#[allow(clippy::expect_used)]
fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("literal regex compiles")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> String {
        extract_markdown(text.as_bytes())
            .map(|e| e.text)
            .unwrap_or_default()
    }

    #[test]
    fn plain_text_decodes_boms_and_never_fails() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFMinutes"), "Minutes");
        assert_eq!(decode_text(b"\xFF\xFEM\0i\0n\0"), "Min");
        assert_eq!(decode_text(b"\xFE\xFF\0M\0i\0n"), "Min");
        assert_eq!(decode_text(b"\xFE\xFF\0M\0"), "M\u{fffd}");
        assert_eq!(decode_text(b"caf\xE9"), "caf\u{fffd}");
        let plain = extract_plain(b"a\r\n\r\n\r\nb  ").map(|e| e.text);
        assert_eq!(plain.ok().as_deref(), Some("a\n\nb"));
    }

    #[test]
    fn headings_bold_and_superscripts_go() {
        assert_eq!(md("## 5. TITLE ##"), "5. TITLE");
        assert_eq!(md("### **Present:**"), "Present:");
        assert_eq!(md("on 15<sup>th</sup> May"), "on 15th May");
        assert_eq!(md("*Reports were considered.*"), "Reports were considered.");
        assert_eq!(
            md("__bold__ and _it_ but snake_case_name"),
            "bold and it but snake_case_name"
        );
    }

    #[test]
    fn bold_spanning_lines_leaves_no_markers() {
        let text = md("**7.7 AREA COMMITTEE ACTION PLAN IMPLICATIONS  \nNone arising.**\n\nNext");
        assert_eq!(
            text,
            "7.7 AREA COMMITTEE ACTION PLAN IMPLICATIONS\nNone arising.\n\nNext"
        );
        assert_eq!(md("remotely.**"), "remotely.");
    }

    #[test]
    fn links_keep_their_text_and_images_go() {
        assert_eq!(
            md("email [jill.bell@bradford.gov.uk](mailto:jill.bell@bradford.gov.uk) now"),
            "email jill.bell@bradford.gov.uk now"
        );
        assert_eq!(
            md("at <https://bradford.public-i.tv/core/portal/home> and"),
            "at https://bradford.public-i.tv/core/portal/home and"
        );
        assert_eq!(md("![logo](logo.png)Council"), "Council");
        assert_eq!(md("[ref]: https://x.test\nbody"), "body");
    }

    #[test]
    fn html_tags_go_and_br_breaks_lines() {
        assert_eq!(
            md("one<br>two <span class=\"x\">three</span>"),
            "one\ntwo three"
        );
    }

    #[test]
    fn escapes_give_the_literal_character() {
        assert_eq!(
            md(r"5 \* 3 \_x\_ \# not a heading"),
            "5 * 3 _x_ # not a heading"
        );
        assert_eq!(md(r"\## literal"), "## literal");
    }

    #[test]
    fn lists_and_structure_are_kept() {
        assert_eq!(
            md("* one\n  + two\n\n\n1. three"),
            "- one\n  - two\n\n1. three"
        );
        assert_eq!(
            md("para one  \nline two\n\npara two"),
            "para one\nline two\n\npara two"
        );
        assert_eq!(md("above\n\n---\n\nbelow"), "above\n\nbelow");
    }

    #[test]
    fn tables_become_tab_separated_cells() {
        let table = "| Item | **Lead** |\n|---|:---:|\n| 1 | Ms A \\| B |\n\nAfter";
        assert_eq!(md(table), "Item\tLead\n1\tMs A | B\n\nAfter");
    }

    #[test]
    fn code_keeps_its_content() {
        assert_eq!(
            md("use `**x**` here\n```\n## raw\n```"),
            "use x here\n## raw"
        );
    }

    #[test]
    fn seed_corpus_markdown_leaves_no_markup() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        for entry in entries.flatten() {
            let bytes = std::fs::read(entry.path()).unwrap_or_default();
            let text = md(&String::from_utf8_lossy(&bytes));
            for marker in ["**", "__", "##", "<sup>", "</sup>", "<br>", "](", "<http"] {
                assert!(
                    !text.contains(marker),
                    "{} still holds {marker}",
                    entry.path().display()
                );
            }
        }
    }
}
