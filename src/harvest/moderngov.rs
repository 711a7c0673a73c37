//! ModernGov sites, through their web service (`mgWebService.asmx`, answered over plain GET).
//!
//! In: the site's address (`https://democracy.example.gov.uk`). Out: its committees
//! (`GetCommittees`), the meetings of one in a date range (`GetMeetings`, filtered here too,
//! since some sites ignore the range) and a meeting's papers (`GetMeeting`): the documents
//! linked to the meeting itself (agenda frontsheet, reports pack, printed minutes, decisions) and
//! to each agenda item, with the item's printed number and title.
//!
//! The answers are read with the same parser and field readers as the extraction of saved
//! answers ([`crate::extract::xml`]). An answer of another shape is an error naming what was
//! expected, and costs only what it lists.

use chrono::NaiveDate;
use roxmltree::Node;
use url::Url;

use super::http::Client;
use super::{
    Committee, HarvestError, MeetingPapers, MeetingRecordPaper, MeetingStub, Paper, Platform,
};
use crate::extract::xml::{field, item_number, parse, service_date};
use crate::model::DocType;

/// The start of the range asked for when no `--from` is given: before any site's first paper.
const EARLIEST_LISTED: NaiveDate = match NaiveDate::from_ymd_opt(1990, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// A ModernGov site.
pub struct ModernGov {
    base: Url,
}

impl ModernGov {
    /// The site at `base` (any path after the host is kept: `https://host/democracy/`).
    pub fn new(base: Url) -> ModernGov {
        let mut base = base;
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        base.set_query(None);
        base.set_fragment(None);
        ModernGov { base }
    }

    fn endpoint(&self, operation: &str, params: &[(&str, &str)]) -> Result<Url, HarvestError> {
        let mut url = self
            .base
            .join(&format!("mgWebService.asmx/{operation}"))
            .map_err(|e| HarvestError::Address(e.to_string()))?;
        url.query_pairs_mut().extend_pairs(params);
        Ok(url)
    }

    fn answer(&self, client: &mut Client, url: &Url) -> Result<String, HarvestError> {
        let (body, _) = client.get(url).map_err(|e| HarvestError::fetch(url, e))?;
        String::from_utf8(body).map_err(|_| HarvestError::Malformed {
            what: url.to_string(),
            reason: "the answer is not UTF-8".into(),
        })
    }

    /// A linked document's address on this site: relative ones joined to the site, and an
    /// `http` address on the site's own host upgraded to `https` when the site is served so.
    fn document_url(&self, raw: &str) -> Option<Url> {
        let mut url = self.base.join(raw.trim()).ok()?;
        if url.scheme() == "http"
            && self.base.scheme() == "https"
            && url.host_str() == self.base.host_str()
        {
            url.set_scheme("https").ok()?;
        }
        Some(url)
    }
}

impl Platform for ModernGov {
    fn name(&self) -> &'static str {
        "moderngov"
    }

    fn site(&self) -> &Url {
        &self.base
    }

    fn committees(&self, client: &mut Client) -> Result<Vec<Committee>, HarvestError> {
        let url = self.endpoint("GetCommittees", &[("lDays", "0")])?;
        let xml = self.answer(client, &url)?;
        parse_committees(&xml).map_err(|reason| HarvestError::Malformed {
            what: url.to_string(),
            reason,
        })
    }

    fn meetings(
        &self,
        client: &mut Client,
        committee: &Committee,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<MeetingStub>, HarvestError> {
        // Some sites refuse a listing without both dates: an open end is sent as a wide one.
        let from_text = from
            .unwrap_or(EARLIEST_LISTED)
            .format("%d/%m/%Y")
            .to_string();
        let to_text = to
            .unwrap_or_else(|| chrono::Local::now().date_naive() + chrono::Days::new(366))
            .format("%d/%m/%Y")
            .to_string();
        let params = [
            ("lCommitteeId", committee.id.as_str()),
            ("sFromDate", from_text.as_str()),
            ("sToDate", to_text.as_str()),
        ];
        let url = self.endpoint("GetMeetings", &params)?;
        let xml = self.answer(client, &url)?;
        let stubs = parse_meetings(&xml, committee).map_err(|reason| HarvestError::Malformed {
            what: url.to_string(),
            reason,
        })?;
        Ok(stubs
            .into_iter()
            .filter(|m| from.is_none_or(|f| m.date >= f) && to.is_none_or(|t| m.date <= t))
            .collect())
    }

    fn meeting(
        &self,
        client: &mut Client,
        stub: &MeetingStub,
    ) -> Result<MeetingPapers, HarvestError> {
        let url = self.endpoint("GetMeeting", &[("lMeetingId", stub.id.as_str())])?;
        let xml = self.answer(client, &url)?;
        let mut papers =
            parse_meeting(&xml, stub, |raw| self.document_url(raw)).map_err(|reason| {
                HarvestError::Malformed {
                    what: url.to_string(),
                    reason,
                }
            })?;
        // The answer is itself a paper: the agenda's text and the minutes as the site holds
        // them ([`crate::extract::xml`] reads it), linked to the meeting's page on the site.
        let page = self
            .base
            .join(&format!(
                "ieListDocuments.aspx?CId={}&MId={}",
                stub.committee.id, stub.id
            ))
            .map_err(|e| HarvestError::Address(e.to_string()))?;
        papers.record = Some(MeetingRecordPaper {
            bytes: xml.into_bytes(),
            extension: "xml",
            url: page,
        });
        Ok(papers)
    }
}

fn root_named<'a, 'i>(
    document: &'a roxmltree::Document<'i>,
    names: &[&str],
) -> Result<Node<'a, 'i>, String> {
    let root = document.root_element();
    if names.iter().any(|n| root.has_tag_name(*n)) {
        Ok(root)
    } else {
        Err(format!(
            "expected <{}>, found <{}>",
            names.join("> or <"),
            root.tag_name().name()
        ))
    }
}

fn is_true(value: Option<String>) -> bool {
    value.is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// `GetCommittees`: every committee not marked deleted.
pub fn parse_committees(xml: &str) -> Result<Vec<Committee>, String> {
    let document = parse(xml)?;
    let root = root_named(&document, &["committees", "getcommittees"])?;
    Ok(root
        .descendants()
        .filter(|n| n.has_tag_name("committee"))
        .filter(|c| !is_true(field(*c, "committeedeleted")))
        .filter_map(|c| {
            Some(Committee {
                id: field(c, "committeeid")?,
                name: field(c, "committeetitle")?,
            })
        })
        .collect())
}

/// `GetMeetings`: the listed meetings with a readable date.
pub fn parse_meetings(xml: &str, committee: &Committee) -> Result<Vec<MeetingStub>, String> {
    let document = parse(xml)?;
    let root = root_named(&document, &["getmeetings", "meetings", "getmeetingsbydate"])?;
    Ok(root
        .descendants()
        .filter(|n| n.has_tag_name("meeting"))
        .filter_map(|m| {
            let id = field(m, "meetingid")?;
            let date = field(m, "meetingdate").and_then(|d| service_date(&d))?;
            // What the listing says of the meeting: when it changes, the meeting is read again.
            let listing = ["meetingdate", "meetingtime", "meetingstatus"]
                .iter()
                .filter_map(|f| field(m, f))
                .collect::<Vec<_>>()
                .join("|");
            Some(MeetingStub {
                id,
                committee: committee.clone(),
                date,
                listing,
            })
        })
        .collect())
}

/// `GetMeeting`: the meeting's papers, those linked to the meeting first, then each item's.
/// Restricted documents are left out. `resolve` turns a listed address into a fetchable one.
pub fn parse_meeting(
    xml: &str,
    stub: &MeetingStub,
    resolve: impl Fn(&str) -> Option<Url>,
) -> Result<MeetingPapers, String> {
    let document = parse(xml)?;
    let root = root_named(&document, &["meeting", "getmeeting"])?;
    let meeting = if root.has_tag_name("meeting") {
        root
    } else {
        root.descendants()
            .find(|n| n.has_tag_name("meeting"))
            .ok_or("expected a <meeting> inside <getmeeting>")?
    };
    let committee = field(meeting, "committeetitle").unwrap_or_else(|| stub.committee.name.clone());
    let date = field(meeting, "meetingdate")
        .and_then(|d| service_date(&d))
        .unwrap_or(stub.date);
    let mut papers = Vec::new();
    let mut restricted = 0;
    let mut unreadable = Vec::new();
    let mut add = |doc: Node<'_, '_>, item: Option<(Option<String>, String)>| {
        if is_true(field(doc, "isrestricted")) {
            restricted += 1;
            return;
        }
        // A link to a web page elsewhere, not a document the council holds.
        if is_true(field(doc, "isurl")) {
            return;
        }
        let title = field(doc, "title").unwrap_or_default();
        let Some(raw) = field(doc, "url") else {
            unreadable.push(format!("{title:?} has no address"));
            return;
        };
        let Some(url) = resolve(&raw) else {
            unreadable.push(format!("{title:?} has a bad address {raw:?}"));
            return;
        };
        // The kind the site gives the document (`ownertitle`: "Minutes", "Report"), else its
        // title says.
        let item_title = item.as_ref().map(|(_, t)| t.as_str());
        let doc_type = field(doc, "ownertitle")
            .map(|owner| paper_type(&owner, item_title))
            .filter(|t| !matches!(t, DocType::Other | DocType::Report))
            .unwrap_or_else(|| paper_type(&title, item_title));
        papers.push(Paper {
            url,
            title,
            doc_type,
            item_number: item.as_ref().and_then(|(n, _)| n.clone()),
            item_title: item.map(|(_, t)| t),
        });
    };
    // Documents of the meeting itself: any not inside an agenda item.
    for doc in meeting
        .descendants()
        .filter(|n| n.has_tag_name("linkeddoc"))
    {
        if !doc.ancestors().any(|a| a.has_tag_name("agendaitem")) {
            add(doc, None);
        }
    }
    for item in meeting
        .descendants()
        .filter(|n| n.has_tag_name("agendaitem"))
    {
        let number = item_number(item);
        let title = field(item, "agendaitemtitle").unwrap_or_default();
        for doc in item.descendants().filter(|n| n.has_tag_name("linkeddoc")) {
            add(doc, Some((number.clone(), title.clone())));
        }
    }
    Ok(MeetingPapers {
        committee,
        date,
        papers,
        restricted,
        unreadable,
        record: None,
    })
}

/// What kind of paper a linked document is, from its title and the item it hangs from.
///
/// A meeting's own documents are its agenda (frontsheet, pack, supplement), its minutes or its
/// decisions. Under an item, minutes are an earlier meeting's (see [`Paper::records_meeting`])
/// and anything else is a report to the item.
fn paper_type(title: &str, item: Option<&str>) -> DocType {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let title_words = words(title);
    let has = |w: &[&str]| title_words.iter().any(|t| w.contains(&t.as_str()));
    if has(&["minutes", "minute"]) {
        return DocType::Minutes;
    }
    if has(&["decision", "decisions"]) {
        return DocType::Decision;
    }
    match item {
        None if has(&[
            "agenda",
            "frontsheet",
            "pack",
            "supplement",
            "supplementary",
        ]) =>
        {
            DocType::Agenda
        }
        None => DocType::Other,
        // "Minutes of the previous meeting": what hangs from it is those minutes.
        Some(item) if words(item).iter().any(|w| w == "minutes") => DocType::Minutes,
        Some(_) => DocType::Report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn committee() -> Committee {
        Committee {
            id: "12".into(),
            name: "Planning Board".into(),
        }
    }

    #[test]
    fn committees_leave_out_deleted_ones() {
        let xml = "<committees><committee><committeeid>12</committeeid>\
            <committeetitle>Planning Board</committeetitle><committeedeleted>False</committeedeleted>\
            </committee><committee><committeeid>13</committeeid><committeetitle>Old Panel</committeetitle>\
            <committeedeleted>True</committeedeleted></committee></committees>";
        assert_eq!(parse_committees(xml).unwrap(), vec![committee()]);
        assert!(parse_committees("<rss/>")
            .unwrap_err()
            .contains("expected <committees>"));
        assert!(parse_committees("<committees><committee>").is_err());
    }

    #[test]
    fn meetings_carry_their_date_and_listing() {
        let xml =
            "<getmeetings><meeting><meetingid>501</meetingid><meetingdate>04/03/2025</meetingdate>\
            <meetingtime>18:30</meetingtime></meeting><meeting><meetingid>502</meetingid>\
            <meetingdate>soon</meetingdate></meeting></getmeetings>";
        let stubs = parse_meetings(xml, &committee()).unwrap();
        assert_eq!(
            stubs.len(),
            1,
            "a meeting without a readable date is left out"
        );
        assert_eq!(stubs[0].date, NaiveDate::from_ymd_opt(2025, 3, 4).unwrap());
        assert_eq!(stubs[0].listing, "04/03/2025|18:30");
    }

    #[test]
    fn a_meeting_lists_its_own_papers_then_each_items() {
        let site = ModernGov::new(Url::parse("https://democracy.example.gov.uk").unwrap());
        let stub = MeetingStub {
            id: "501".into(),
            committee: committee(),
            date: NaiveDate::from_ymd_opt(2025, 3, 4).unwrap(),
            listing: String::new(),
        };
        let xml = r#"<meeting><meetingid>501</meetingid><meetingdate>04/03/2025</meetingdate>
            <linkeddocuments><linkeddoc><title>Agenda frontsheet</title>
            <url>http://democracy.example.gov.uk/documents/g501/Agenda.pdf</url></linkeddoc>
            <linkeddoc><title>Printed minutes</title><url>mgConvert2PDF.aspx?ID=9</url></linkeddoc>
            </linkeddocuments><agendaitems>
            <agendaitem><agendaitemnumber>3</agendaitemnumber><agendaitemtitle>Minutes of the previous meeting</agendaitemtitle>
            <linkeddocuments><linkeddoc><title>Minutes, 4 February</title><url>/m.pdf</url></linkeddoc></linkeddocuments></agendaitem>
            <agendaitem><fulldisplaynumberformat>7.</fulldisplaynumberformat><agendaitemtitle>Land at Mill Lane</agendaitemtitle>
            <linkeddocuments><linkeddoc><title>Officer report</title><url>/r.pdf</url></linkeddoc>
            <linkeddoc><title>Exempt appendix</title><url>/x.pdf</url><isrestricted>True</isrestricted></linkeddoc>
            <linkeddoc><title>Applicant's website</title><url>https://example.com/</url><isurl>True</isurl></linkeddoc>
            </linkeddocuments></agendaitem>
            <agendaitem><agendaitemnumber>8</agendaitemnumber><agendaitemtitle>Chair's business</agendaitemtitle>
            <linkeddocuments><linkeddoc><title>Note of 9 January</title><url>/n.pdf</url><ownertitle>Minutes</ownertitle></linkeddoc>
            </linkeddocuments></agendaitem></agendaitems></meeting>"#;
        let m = parse_meeting(xml, &stub, |raw| site.document_url(raw)).unwrap();
        let summary: Vec<(DocType, Option<&str>, &str)> = m
            .papers
            .iter()
            .map(|p| (p.doc_type, p.item_number.as_deref(), p.url.path()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (DocType::Agenda, None, "/documents/g501/Agenda.pdf"),
                (DocType::Minutes, None, "/mgConvert2PDF.aspx"),
                (DocType::Minutes, Some("3"), "/m.pdf"),
                (DocType::Report, Some("7"), "/r.pdf"),
                (DocType::Minutes, Some("8"), "/n.pdf"),
            ]
        );
        assert_eq!(
            m.papers[0].url.scheme(),
            "https",
            "upgraded on the site's host"
        );
        assert_eq!(m.restricted, 1);
        assert!(
            !m.papers[2].records_meeting(),
            "an item's minutes are an earlier meeting's"
        );
        assert!(m.papers[1].records_meeting());
    }

    #[test]
    fn the_service_address_keeps_the_sites_path() {
        let site = ModernGov::new(Url::parse("https://council.example.org/democracy").unwrap());
        let url = site.endpoint("GetMeeting", &[("lMeetingId", "7")]).unwrap();
        assert_eq!(
            url.as_str(),
            "https://council.example.org/democracy/mgWebService.asmx/GetMeeting?lMeetingId=7"
        );
    }
}
