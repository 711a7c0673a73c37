//! Highlighted snippets: the best fragment of a passage with the matched words in `<mark>`.
//!
//! Document text is untrusted: it is HTML-escaped here, and only the `<mark>` tags quorum adds
//! are markup, so a paper containing `<script>` shows as text wherever the snippet is shown.

use tantivy::snippet::SnippetGenerator;

/// Longest snippet, in characters: about two lines of a results page.
pub const SNIPPET_CHARS: usize = 240;

/// The snippet for `text`: its best fragment with highlights, or its opening when no word of
/// the query is in the text (a match on the item title, a filter-only search).
pub fn snippet_html(generator: Option<&SnippetGenerator>, text: &str) -> String {
    if let Some(snippet) = generator.map(|g| g.snippet(text)) {
        if !snippet.is_empty() && !snippet.highlighted().is_empty() {
            return mark(snippet.fragment(), snippet.highlighted());
        }
    }
    let end = text
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let mut out = escape_html(&text[..end]);
    if end < text.len() {
        out.push('…');
    }
    out
}

/// `fragment` escaped, with each highlighted byte range wrapped in `<mark>`.
fn mark(fragment: &str, highlighted: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(fragment.len() + 16 * highlighted.len());
    let mut at = 0;
    for range in highlighted {
        let (Some(before), Some(word)) =
            (fragment.get(at..range.start), fragment.get(range.clone()))
        else {
            continue;
        };
        out.push_str(&escape_html(before));
        out.push_str("<mark>");
        out.push_str(&escape_html(word));
        out.push_str("</mark>");
        at = range.end;
    }
    out.push_str(&escape_html(fragment.get(at..).unwrap_or_default()));
    out
}

/// Escape the five characters that matter in HTML text and attributes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_the_only_markup() {
        let html = mark(
            "a <b> caseload & more",
            &[std::ops::Range { start: 6, end: 14 }],
        );
        assert_eq!(html, "a &lt;b&gt; <mark>caseload</mark> &amp; more");
    }

    #[test]
    fn without_a_match_the_opening_is_shown_escaped() {
        let text = format!("<script>{}", "x".repeat(500));
        let html = snippet_html(None, &text);
        assert!(html.starts_with("&lt;script&gt;"));
        assert!(html.ends_with('…'));
    }
}
