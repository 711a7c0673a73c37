//! ModernGov web service answers (`mgWebService.asmx`): a meeting as XML.
//!
//! In: the bytes of an XML document whose root is a `<meeting>` (`GetMeeting`), or that holds
//! `<meeting>` elements, or a `GetAttachment` answer (`<attachment>` with `title`,
//! `ownertitle`, `committeetitle`, `meetingdate`, `url`: a document's record, read as its
//! type, title, committee, meeting date and address). Out: the meeting as a clerk's text: a first line naming the paper
//! (`Minutes` when any item has minutes or the meeting's minutes are published, else
//! `Agenda`), the fields the service states as labels (`Committee:`, `Date:`, `Time:`,
//! `Venue:`), then each agenda item as `N. Title` with its attached documents (`Document: title
//! url`) and its agenda, decision and minutes text (HTML held in those elements is read as
//! HTML). The title is "Committee - date".
//!
//! The item's number is the one the paper prints (`fulldisplaynumberformat`, else
//! `minutesitemnumber`, else `agendaitemnumber`). The committee is the meeting's
//! `committeetitle`, else the one its items and documents name most. XML of another shape is
//! refused as a parse error naming what was expected; a DTD is refused (no entity expansion).

use roxmltree::{Document, Node, ParsingOptions};

use super::{normalize::normalize, ExtractError, Extracted};

fn parse_error(message: impl Into<String>) -> ExtractError {
    ExtractError::Parse {
        format: "xml",
        message: message.into(),
    }
}

/// Parse the text of a web service answer: UTF-8, no DTD (so no entity expansion). The harvest
/// reads the service's answers with this too ([`crate::harvest::moderngov`]).
pub(crate) fn parse(source: &str) -> Result<Document<'_>, String> {
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(source, options).map_err(|e| e.to_string())
}

/// Extract a ModernGov meeting.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let source = std::str::from_utf8(bytes).map_err(|e| parse_error(e.to_string()))?;
    let document = parse(source).map_err(parse_error)?;
    let root = document.root_element();
    let meetings: Vec<Node<'_, '_>> = if root.has_tag_name("meeting") {
        vec![root]
    } else {
        root.descendants()
            .filter(|n| n.has_tag_name("meeting"))
            .collect()
    };
    if meetings.is_empty() {
        let attachments: Vec<Node<'_, '_>> = root
            .descendants()
            .filter(|n| n.has_tag_name("attachment") || n.has_tag_name("linkeddoc"))
            .collect();
        if attachments.is_empty() {
            return Err(parse_error(format!(
                "expected a ModernGov meeting (<meeting>) or attachment (<attachment>), found <{}>",
                root.tag_name().name()
            )));
        }
        let (text, title) = attachments_text(&attachments);
        return Ok(Extracted {
            text: normalize(&text),
            page_starts: Vec::new(),
            title,
            ..Extracted::default()
        });
    }
    let mut text = String::new();
    let mut title = None;
    for meeting in meetings {
        let (part, part_title) = meeting_text(meeting);
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&part);
        title = title.or(part_title);
    }
    Ok(Extracted {
        text: normalize(&text),
        page_starts: Vec::new(),
        title,
        ..Extracted::default()
    })
}

/// The trimmed text of the first child element called `name`, if not empty.
pub(crate) fn field(node: Node<'_, '_>, name: &str) -> Option<String> {
    node.children()
        .find(|c| c.has_tag_name(name))
        .and_then(|c| c.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// Text held as HTML in an element: read as HTML, one line per block.
fn html_text(html: &str) -> String {
    super::html::extract(html.as_bytes())
        .map(|e| e.text)
        .unwrap_or_default()
}

/// A date as the service writes it: `10/02/2026`, `2026-02-10`, or either with a time after it.
pub(crate) fn service_date(raw: &str) -> Option<chrono::NaiveDate> {
    let raw = raw.trim();
    let day = raw.split([' ', 'T']).next().unwrap_or(raw);
    chrono::NaiveDate::parse_from_str(day, "%d/%m/%Y")
        .or_else(|_| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d"))
        .ok()
}

/// "10/02/2026" as "10 February 2026", the form every reader of dates knows; anything else as
/// given.
fn written_date(raw: &str) -> String {
    match service_date(raw) {
        Some(d) => d.format("%-d %B %Y").to_string(),
        None => raw.trim().to_string(),
    }
}

/// The number an agenda item prints (`fulldisplaynumberformat`, else `minutesitemnumber`, else
/// `agendaitemnumber`), with its sub-number (`agendaitemsubnumber`) after it.
pub(crate) fn item_number(item: Node<'_, '_>) -> Option<String> {
    let number = field(item, "fulldisplaynumberformat")
        .map(|n| n.trim_end_matches('.').to_string())
        .or_else(|| field(item, "minutesitemnumber"))
        .or_else(|| field(item, "agendaitemnumber"))?;
    Some(format!(
        "{number}{}",
        field(item, "agendaitemsubnumber").unwrap_or_default()
    ))
}

fn meeting_text(meeting: Node<'_, '_>) -> (String, Option<String>) {
    let items: Vec<Node<'_, '_>> = meeting
        .descendants()
        .filter(|n| n.has_tag_name("agendaitem"))
        .collect();
    let minutes = field(meeting, "minutepublished").is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || items.iter().any(|i| {
            ["minutesnonemptyhtmlbody", "minutestext", "minutes"]
                .iter()
                .any(|f| field(*i, f).is_some())
        });
    let committee = field(meeting, "committeetitle").or_else(|| most_named_committee(meeting));
    let date = field(meeting, "meetingdate").map(|d| written_date(&d));
    let mut out = String::from(if minutes { "Minutes\n" } else { "Agenda\n" });
    let mut labelled = |label: &str, value: Option<&String>| {
        if let Some(v) = value {
            out.push_str(&format!("{label}: {v}\n"));
        }
    };
    labelled("Committee", committee.as_ref());
    labelled("Date", date.as_ref());
    labelled("Time", field(meeting, "meetingtime").as_ref());
    labelled(
        "Venue",
        field(meeting, "meetinglocation")
            .or_else(|| field(meeting, "meetingroom"))
            .as_ref(),
    );
    for item in items {
        let heading = field(item, "agendaitemtitle").unwrap_or_default();
        out.push('\n');
        match item_number(item) {
            Some(n) => out.push_str(&format!("{n}. {heading}\n")),
            None => out.push_str(&format!("{heading}\n")),
        }
        // The documents attached to the item, with their public addresses.
        for doc in item.descendants().filter(|n| n.has_tag_name("linkeddoc")) {
            let name = field(doc, "title").unwrap_or_default();
            if let Some(url) = field(doc, "url") {
                out.push_str(&format!("Document: {name} {url}\n"));
            }
        }
        for (element, label) in [
            ("agendatext", None),
            ("decisiontext", Some("Decision:")),
            ("minutesnonemptyhtmlbody", Some("Minutes:")),
            ("minutestext", Some("Minutes:")),
        ] {
            if let Some(html) = field(item, element) {
                let body = html_text(&html);
                if body.trim().is_empty() {
                    continue;
                }
                out.push('\n');
                if let Some(label) = label {
                    out.push_str(label);
                    out.push('\n');
                }
                out.push_str(&body);
                out.push('\n');
            }
        }
    }
    let title = match (&committee, &date) {
        (Some(c), Some(d)) => Some(format!("{c} - {d}")),
        (Some(c), None) => Some(c.clone()),
        _ => None,
    };
    (out, title)
}

/// A `GetAttachment` answer: what a document is (its owner's title, "Minutes", "Agenda",
/// "Report"), its title, the committee and meeting it belongs to and its address.
fn attachments_text(attachments: &[Node<'_, '_>]) -> (String, Option<String>) {
    let mut out = String::new();
    let mut title = None;
    for doc in attachments {
        if let Some(kind) = field(*doc, "ownertitle") {
            out.push_str(&kind);
            out.push('\n');
        }
        let name = field(*doc, "title");
        let mut labelled = |label: &str, value: Option<String>| {
            if let Some(v) = value {
                out.push_str(&format!("{label}: {v}\n"));
            }
        };
        labelled("Title", name.clone());
        labelled("Committee", field(*doc, "committeetitle"));
        labelled("Date", field(*doc, "meetingdate").map(|d| written_date(&d)));
        labelled(
            "Published",
            field(*doc, "publicationdate").map(|d| written_date(&d)),
        );
        labelled("Document", field(*doc, "url"));
        out.push('\n');
        title = title.or(name);
    }
    (out, title)
}

/// The committee a meeting's items and documents name most (`committeetitle`,
/// `refertocommittee` inside them).
fn most_named_committee(meeting: Node<'_, '_>) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for n in meeting.descendants() {
        if !(n.has_tag_name("committeetitle") || n.has_tag_name("refertocommittee")) {
            continue;
        }
        let Some(t) = n.text().map(str::trim).filter(|t| !t.is_empty()) else {
            continue;
        };
        match counts.iter_mut().find(|(c, _)| c == t) {
            Some(c) => c.1 += 1,
            None => counts.push((t.to_string(), 1)),
        }
    }
    counts
        .into_iter()
        .fold(None::<(String, usize)>, |best, c| match best {
            Some(b) if b.1 >= c.1 => Some(b),
            _ => Some(c),
        })
        .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_reads_as_labelled_minutes() {
        let xml = br#"<?xml version="1.0"?><meeting><meetingdate>10/02/2026</meetingdate>
<meetingtime>10.00 am</meetingtime><meetinglocation>Room 4, Civic Hall</meetinglocation>
<agendaitems><agendaitem><agendaitemtitle>Budget Update</agendaitemtitle>
<agendaitemnumber>12</agendaitemnumber><fulldisplaynumberformat>9.</fulldisplaynumberformat>
<minutesnonemptyhtmlbody>&lt;p&gt;The committee noted the update.&lt;/p&gt;</minutesnonemptyhtmlbody>
<refertocommittee>Audit Panel</refertocommittee></agendaitem></agendaitems></meeting>"#;
        let e = extract(xml).unwrap_or_default();
        assert!(e
            .text
            .starts_with("Minutes\nCommittee: Audit Panel\nDate: 10 February 2026\n"));
        assert!(e.text.contains("9. Budget Update"), "{}", e.text);
        assert!(e.text.contains("The committee noted the update."));
        assert_eq!(e.title.as_deref(), Some("Audit Panel - 10 February 2026"));
    }

    #[test]
    fn an_attachment_reads_as_its_record() {
        let xml = br#"<?xml version="1.0"?><attachment><attachmentid>7</attachmentid>
<title>Minutes of the meeting held on 4 March</title><ownertitle>Minutes</ownertitle>
<url>https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=7</url>
<meetingdate>04/03/2026</meetingdate><committeetitle>Licensing Panel</committeetitle></attachment>"#;
        let e = extract(xml).unwrap_or_default();
        assert!(e
            .text
            .starts_with("Minutes\nTitle: Minutes of the meeting held on 4 March\n"));
        assert!(e
            .text
            .contains("Committee: Licensing Panel\nDate: 4 March 2026\n"));
        assert_eq!(
            e.title.as_deref(),
            Some("Minutes of the meeting held on 4 March")
        );
    }

    #[test]
    fn other_xml_and_dtds_are_refused() {
        assert!(matches!(
            extract(b"<rss><channel/></rss>"),
            Err(ExtractError::Parse { .. })
        ));
        let bomb =
            br#"<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><meeting>&a;</meeting>"#;
        assert!(extract(bomb).is_err());
    }
}
