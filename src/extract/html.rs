//! HTML pages (ModernGov and similar committee sites).
//!
//! In: the bytes of an HTML page, decoded as text (see [`super::text::decode_text`]).
//! Out: normalised text with no pages, and the page's `<title>` as [`Extracted::title`].
//! Scripts, styles, `<head>` and other non-content elements are dropped; block elements
//! (paragraphs, list items, table rows, headings ...) become line breaks and table cells are
//! separated by a tab; entities are decoded by the parser.
//!
//! The element tree is walked with an explicit stack, never by recursion, so a page nested a
//! hundred thousand levels deep cannot overflow the stack; below [`MAX_HTML_DEPTH`] the
//! structure is flattened (block elements stop producing line breaks).

use scraper::{Html, Node};

use super::{normalize::normalize, text::decode_text, ExtractError, Extracted};
use crate::limits::MAX_HTML_DEPTH;

/// Extract the text and title of an HTML page. Parsing HTML never fails: the parser repairs
/// whatever it is given, as browsers do.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let document = Html::parse_document(&flatten_deep_markup(&decode_text(bytes)));
    let raw = visible_text(&document);
    Ok(Extracted {
        text: normalize(&trim_line_starts(&raw)),
        page_starts: Vec::new(),
        title: title(&document),
        ..Extracted::default()
    })
}

/// Remove the tags of elements nested deeper than [`MAX_HTML_DEPTH`], keeping their content.
///
/// Why before parsing: html5ever checks the stack of open elements on every start tag, so a
/// page nested 100,000 deep costs it billions of steps (minutes) even though it never
/// recurses. This scan counts nesting roughly (tags whose end tag is optional, void tags,
/// comments and raw text are not counted), and a real page stays far below the limit, so it
/// passes through unchanged.
fn flatten_deep_markup(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut depth = 0usize;
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let (before, from_tag) = rest.split_at(open);
        out.push_str(before);
        let Some(tag) = scan_tag(from_tag) else {
            out.push_str(from_tag);
            return out;
        };
        let keep = match tag.kind {
            TagKind::Start(counted) => {
                depth += usize::from(counted);
                !counted || depth <= MAX_HTML_DEPTH
            }
            TagKind::End(counted) => {
                let kept = !counted || depth <= MAX_HTML_DEPTH;
                depth = depth.saturating_sub(usize::from(counted));
                kept
            }
            TagKind::Other => true,
        };
        let (markup, after) = from_tag.split_at(tag.len);
        if keep {
            out.push_str(markup);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

enum TagKind {
    /// A start tag; `true` when it counts towards nesting.
    Start(bool),
    /// An end tag; `true` when it counts towards nesting.
    End(bool),
    /// A comment, doctype, raw-text element with its content, or a lone `<`.
    Other,
}

struct ScannedTag {
    kind: TagKind,
    /// Bytes from the `<` to just past what the tag covers.
    len: usize,
}

/// Scan the markup starting at a `<`; `None` when the rest of the input is one unfinished tag.
fn scan_tag(from_tag: &str) -> Option<ScannedTag> {
    if from_tag.starts_with("<!--") {
        let len = from_tag.find("-->").map_or(from_tag.len(), |end| end + 3);
        return Some(ScannedTag {
            kind: TagKind::Other,
            len,
        });
    }
    let body = from_tag.get(1..)?;
    let closing = body.starts_with('/');
    let name: String = body
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if name.is_empty() {
        return Some(ScannedTag {
            kind: TagKind::Other,
            len: 1,
        });
    }
    let len = from_tag.find('>')? + 1;
    let self_closing = from_tag.get(..len).is_some_and(|t| t.ends_with("/>"));
    if !closing && is_raw_text(&name) {
        // Skip the script or style content whole: `<` inside it is not markup.
        let end_tag = format!("</{name}");
        let content_end = from_tag
            .get(len..)
            .and_then(|after| find_ascii_case_insensitive(after, &end_tag))
            .map_or(from_tag.len(), |at| len + at);
        return Some(ScannedTag {
            kind: TagKind::Other,
            len: content_end,
        });
    }
    let counted = !self_closing && !has_optional_end_or_is_void(&name);
    let kind = if closing {
        TagKind::End(counted)
    } else {
        TagKind::Start(counted)
    };
    Some(ScannedTag { kind, len })
}

fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "title" | "xmp" | "plaintext"
    )
}

/// Tags that leave no open element behind (void) or are often left unclosed: counting them
/// would make ordinary sloppy pages look deep.
fn has_optional_end_or_is_void(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "td"
            | "th"
            | "tr"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "html"
            | "head"
            | "body"
            | "br"
            | "img"
            | "hr"
            | "meta"
            | "link"
            | "input"
            | "area"
            | "base"
            | "col"
            | "embed"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Elements whose content is never shown as page text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
    )
}

/// Elements that start and end a line.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "br"
            | "legend"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "option"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "ul"
    )
}

fn is_table_cell(name: &str) -> bool {
    matches!(name, "td" | "th")
}

/// Accumulates page text, collapsing white space as a browser would outside `<pre>`.
#[derive(Default)]
struct TextSink {
    text: String,
    /// How many `<pre>` elements enclose the current position.
    pre_depth: usize,
}

impl TextSink {
    fn push_text(&mut self, text: &str) {
        if self.pre_depth > 0 {
            self.text.push_str(text);
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() {
                if !self.at_white_space() {
                    self.text.push(' ');
                }
            } else {
                self.text.push(c);
            }
        }
    }

    fn at_white_space(&self) -> bool {
        self.text
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace)
    }

    /// End the current line, unless it is already ended or a table cell has just begun (a
    /// `<p>` inside a `<td>` should not tear the cell from its row).
    fn line_break(&mut self) {
        if !self.text.ends_with(['\n', '\t']) {
            self.text.push('\n');
        }
    }

    /// A tab before every cell of a row but the first.
    fn cell_break(&mut self) {
        let line_start = self.text.rfind('\n').map_or(0, |i| i + 1);
        let line_has_text = self
            .text
            .get(line_start..)
            .is_some_and(|line| !line.trim().is_empty());
        if line_has_text {
            while self.text.ends_with(' ') {
                self.text.pop();
            }
            self.text.push('\t');
        }
    }
}

/// What to do when the walk comes back up out of an element.
enum Leave {
    LineBreak,
    EndPre,
    Nothing,
}

/// The page's visible text, walked iteratively in document order.
fn visible_text(document: &Html) -> String {
    let mut sink = TextSink::default();
    // Each entry is a node to enter, or an element being left (node, what to do on leaving).
    let mut stack = vec![(document.tree.root(), 0usize, None::<Leave>)];
    while let Some((node, depth, leaving)) = stack.pop() {
        if let Some(leave) = leaving {
            match leave {
                Leave::LineBreak => sink.line_break(),
                Leave::EndPre => {
                    sink.pre_depth = sink.pre_depth.saturating_sub(1);
                    sink.line_break();
                }
                Leave::Nothing => {}
            }
            continue;
        }
        match node.value() {
            Node::Text(text) => sink.push_text(text),
            Node::Element(element) => {
                let name = element.name();
                if is_skipped(name) {
                    continue;
                }
                let structured = depth <= MAX_HTML_DEPTH;
                let leave = if !structured {
                    Leave::Nothing
                } else if name == "pre" {
                    sink.line_break();
                    sink.pre_depth += 1;
                    Leave::EndPre
                } else if is_block(name) {
                    sink.line_break();
                    Leave::LineBreak
                } else {
                    if is_table_cell(name) {
                        sink.cell_break();
                    }
                    Leave::Nothing
                };
                stack.push((node, depth, Some(leave)));
                push_children(&mut stack, node.children(), depth + 1);
            }
            Node::Document | Node::Fragment => {
                push_children(&mut stack, node.children(), depth + 1)
            }
            _ => {}
        }
    }
    sink.text
}

/// Push a node's children so the first child is popped first. Generic over the node type so
/// this module needs no direct dependency on scraper's tree crate.
fn push_children<N>(
    stack: &mut Vec<(N, usize, Option<Leave>)>,
    children: impl DoubleEndedIterator<Item = N>,
    depth: usize,
) {
    stack.extend(children.rev().map(|child| (child, depth, None)));
}

/// Leading white space on each line is indentation from the markup, not text.
fn trim_line_starts(text: &str) -> String {
    text.lines()
        .map(|line| line.trim_start_matches(' '))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of the first `<title>` element, white space collapsed.
fn title(document: &Html) -> Option<String> {
    let title_node = document.tree.nodes().find(|node| {
        node.value()
            .as_element()
            .is_some_and(|element| element.name() == "title")
    })?;
    let text: String = title_node
        .children()
        .filter_map(|child| child.value().as_text().map(|t| t.to_string()))
        .collect();
    let title = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> Extracted {
        extract(html.as_bytes()).unwrap_or_default()
    }

    const MODERNGOV_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
  <title>Agenda for Planning Committee on Wednesday, 5 March 2025, 7.30 pm | Royal Borough</title>
  <style>body { color: red }</style>
  <script>var tracking = "do not index";</script>
</head>
<body>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/mgListCommittees.aspx">Committees</a></li></ul></nav>
  <noscript>Enable JavaScript</noscript>
  <h1 class="title">Agenda and minutes</h1>
  <p>Venue: Guildhall&nbsp;2, High&nbsp;Street. Contact: Democratic&nbsp;Services &amp; Elections</p>
  <table class="mgItemTable">
    <tr><th>No.</th><th>Item</th></tr>
    <tr><td>1.</td><td><p>Apologies for absence</p></td></tr>
    <tr><td>2.</td><td>Declarations
          of   interest</td></tr>
  </table>
  <div class="mgSubItemTitleTxt">Minutes:</div>
  <div><p>The Committee <strong>RESOLVED</strong> that the application be approved.<br>Vote: 5 for, 2 against.</p></div>
  <template><p>hidden template</p></template>
  <svg><title>icon</title><text>svg text</text></svg>
</body></html>"#;

    #[test]
    fn moderngov_page_gives_title_lines_and_cells() {
        let extracted = page(MODERNGOV_PAGE);
        assert_eq!(
            extracted.title.as_deref(),
            Some(
                "Agenda for Planning Committee on Wednesday, 5 March 2025, 7.30 pm | Royal Borough"
            )
        );
        assert_eq!(
            extracted.text,
            "Home\nCommittees\nAgenda and minutes\n\
             Venue: Guildhall 2, High Street. Contact: Democratic Services & Elections\n\
             No.\tItem\n1.\tApologies for absence\n2.\tDeclarations of interest\n\
             Minutes:\n\
             The Committee RESOLVED that the application be approved.\nVote: 5 for, 2 against."
        );
        assert!(extracted.page_starts.is_empty());
    }

    #[test]
    fn pre_keeps_its_white_space() {
        let text = page("<body><p>a   b</p><pre>x   y\nz\tw</pre></body>").text;
        assert_eq!(text, "a b\nx   y\nz\tw");
    }

    #[test]
    fn deep_nesting_is_flattened_without_overflowing_the_stack() {
        let depth = 100_000;
        let mut html = String::with_capacity(depth * 11 + 64);
        html.push_str("<html><body>");
        for _ in 0..depth {
            html.push_str("<div>");
        }
        html.push_str("deep text");
        for _ in 0..depth {
            html.push_str("</div>");
        }
        html.push_str("<p>after</p></body></html>");
        let text = page(&html).text;
        assert!(text.contains("deep text"), "{text:?}");
        assert!(text.ends_with("after"));
        let flattened = flatten_deep_markup(&html);
        assert!(
            flattened.len() < 300 * 11 + 64,
            "deep tags are removed before parsing"
        );
    }

    #[test]
    fn empty_and_garbage_input_do_not_fail() {
        assert_eq!(page("").text, "");
        assert_eq!(page("<<<>>>&&&\u{0}</p></div>").text, "<<<>>>&&&");
        assert_eq!(
            page("<html><head><title> </title></head></html>").title,
            None
        );
    }
}
