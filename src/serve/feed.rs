//! The Atom feed: a search's newest matching passages in, an Atom 1.0 document out.
//!
//! One entry per passage, newest meeting first, each carrying its meeting, item and snippet and
//! linking to the passage's permalink on the web page (`/?passage=ID`), which is also its Atom
//! id: stable while the file's content is unchanged. Everything inserted is XML-escaped, and
//! characters XML 1.0 forbids (form feeds from PDFs, say) are dropped.

use std::fmt::Write as _;

use crate::search::{Hit, SearchResponse};

/// What the feed is about and where it lives.
pub struct FeedContext<'a> {
    /// `http://host:port`, without a trailing slash.
    pub base: &'a str,
    /// The search's parameters, URL-encoded (without `?`), for the feed's own links.
    pub query_string: &'a str,
    /// A human description of the search ("foster carers").
    pub description: &'a str,
    /// When the index was last written (RFC 3339): the feed's date when no entry has one.
    pub indexed_at: Option<&'a str>,
}

/// The Atom document for `response`.
pub fn atom(response: &SearchResponse, context: &FeedContext<'_>) -> String {
    let base = context.base;
    let qs = if context.query_string.is_empty() {
        String::new()
    } else {
        format!("?{}", context.query_string)
    };
    let updated = response
        .hits
        .iter()
        .filter_map(entry_date)
        .max()
        .or_else(|| context.indexed_at.map(str::to_string))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let title = if context.description.is_empty() {
        "quorum: newest passages".to_string()
    } else {
        format!("quorum: {}", context.description)
    };
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(out, "  <title>{}</title>", xml(&title));
    let _ = writeln!(
        out,
        "  <id>{}</id>",
        xml(&format!("{base}/api/feed.atom{qs}"))
    );
    let _ = writeln!(out, "  <updated>{}</updated>", xml(&updated));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml(&format!("{base}/api/feed.atom{qs}"))
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml(&format!("{base}/{qs}"))
    );
    out.push_str("  <author><name>quorum</name></author>\n");
    out.push_str("  <generator>quorum</generator>\n");
    // An undated passage is dated by when it was indexed: when it became news.
    let undated = context.indexed_at.unwrap_or(&updated);
    for hit in &response.hits {
        entry(&mut out, hit, base, undated);
    }
    out.push_str("</feed>\n");
    out
}

fn entry(out: &mut String, hit: &Hit, base: &str, fallback_date: &str) {
    let link = format!("{base}/?passage={}", hit.id);
    let updated = entry_date(hit).unwrap_or_else(|| fallback_date.to_string());
    out.push_str("  <entry>\n");
    let _ = writeln!(out, "    <title>{}</title>", xml(&entry_title(hit)));
    let _ = writeln!(out, "    <id>{}</id>", xml(&link));
    let _ = writeln!(out, "    <updated>{}</updated>", xml(&updated));
    let _ = writeln!(
        out,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml(&link)
    );
    let _ = writeln!(out, "    <category term=\"{}\"/>", hit.doc_type);
    let _ = writeln!(out, "    <category term=\"{}\"/>", hit.role);
    let summary = format!("<p>{}</p><p>{}</p>", meeting_html(hit), hit.snippet);
    let _ = writeln!(
        out,
        "    <summary type=\"html\">{}</summary>",
        xml(&summary)
    );
    out.push_str("  </entry>\n");
}

/// "Executive, 12 December 2018: 5(a) Budget".
fn entry_title(hit: &Hit) -> String {
    let who = hit
        .meeting
        .committee
        .clone()
        .unwrap_or_else(|| hit.document.title.clone());
    let when = hit
        .meeting
        .date
        .map(|d| format!(", {}", d.format("%-d %B %Y")))
        .unwrap_or_default();
    let what = hit
        .item
        .as_ref()
        .map(|i| format!(": {} {}", i.number, i.title))
        .unwrap_or_default();
    format!("{who}{when}{what}")
}

/// The meeting line of an entry, as escaped HTML.
fn meeting_html(hit: &Hit) -> String {
    let m = &hit.meeting;
    let parts: Vec<String> = [
        m.committee.clone(),
        m.council.clone(),
        m.date.map(|d| d.format("%-d %B %Y").to_string()),
        Some(hit.document.title.clone()),
    ]
    .into_iter()
    .flatten()
    .collect();
    xml(&parts.join(" · "))
}

fn entry_date(hit: &Hit) -> Option<String> {
    hit.meeting
        .date
        .map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d")))
}

/// Escape text for XML content and attributes, dropping characters XML 1.0 does not allow.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_drops_forbidden_characters() {
        assert_eq!(
            xml("a<b>&\"c\"\u{c}'"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;"
        );
    }

    #[test]
    fn an_empty_result_is_still_a_valid_feed() {
        let response = SearchResponse {
            query: String::new(),
            total: 0,
            matching: Default::default(),
            all_words_total: 0,
            distinct_total: 0,
            facet_counts: crate::search::FacetCounting::Passages,
            suggestions: Vec::new(),
            took_ms: 0.0,
            hits: Vec::new(),
            facets: Default::default(),
            expansions: Vec::new(),
        };
        let context = FeedContext {
            base: "http://127.0.0.1:1",
            query_string: "q=a%26b",
            description: "a&b",
            indexed_at: None,
        };
        let feed = atom(&response, &context);
        assert!(feed.contains("<title>quorum: a&amp;b</title>"));
        assert!(feed.contains("<updated>1970-01-01T00:00:00Z</updated>"));
        assert!(feed.ends_with("</feed>\n"));
    }
}
