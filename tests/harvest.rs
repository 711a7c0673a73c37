//! `quorum harvest moderngov` against a ModernGov-like site served on loopback by the test.
//!
//! The site's web service answers in the documented shape (`GetCommittees`, `GetMeetings`,
//! `GetMeeting`), written here; its papers are PDFs and an HTML page made here. Some papers
//! misbehave on purpose: one answers 503 before 200, one 404, one redirects to another host,
//! one is larger than the cap, one meeting's answer is not XML and one meeting has no papers.

mod util;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use util::{describe, quorum};

/// A one-page PDF whose lines are `lines`.
fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 11 Tf 72 740 Td 14 TL\n");
    for line in lines {
        let escaped = line
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("({escaped}) Tj T*\n"));
    }
    content.push_str("ET");
    let objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    util::pdf(&objects, "")
}

/// How the site answers one path.
#[derive(Clone)]
enum Answer {
    Body(&'static str, Vec<u8>),
    /// A body with an `ETag`, answered `304` to a request that already has this version.
    Versioned(&'static str, Vec<u8>),
    /// 503 this many times, then the body.
    Flaky(u32, &'static str, Vec<u8>),
    Status(u16),
    Redirect(String),
    /// Half the body, then nothing until the connection is dropped (a download to kill).
    Stall(Vec<u8>),
}

struct Site {
    port: u16,
    routes: Arc<Mutex<BTreeMap<String, Answer>>>,
    log: Arc<Mutex<Vec<String>>>,
    stalled: Arc<Mutex<bool>>,
}

impl Site {
    fn start() -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
        let routes = Arc::new(Mutex::new(BTreeMap::new()));
        let log = Arc::new(Mutex::new(Vec::new()));
        let stalled = Arc::new(Mutex::new(false));
        let site = Site {
            port,
            routes: routes.clone(),
            log: log.clone(),
            stalled: stalled.clone(),
        };
        site.publish();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (routes, log, stalled) = (routes.clone(), log.clone(), stalled.clone());
                std::thread::spawn(move || answer(stream, &routes, &log, &stalled));
            }
        });
        site
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    fn set(&self, path: &str, answer: Answer) {
        self.routes.lock().unwrap().insert(path.to_string(), answer);
    }

    fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    fn clear_log(&self) {
        self.log.lock().unwrap().clear();
    }

    /// The site's committees, meetings and papers.
    fn publish(&self) {
        let base = self.base();
        let ws = "/mgWebService.asmx";
        self.set(
            &format!("{ws}/GetCommittees?lDays=0"),
            xml("<committees><committeescount>3</committeescount>\
                <committee><committeeid>10</committeeid><committeetitle>Planning Board</committeetitle>\
                <committeedeleted>False</committeedeleted></committee>\
                <committee><committeeid>20</committeeid><committeetitle>Licensing Panel</committeetitle>\
                <committeedeleted>False</committeedeleted></committee>\
                <committee><committeeid>30</committeeid><committeetitle>Abolished Forum</committeetitle>\
                <committeedeleted>True</committeedeleted></committee></committees>"),
        );
        // Like some real sites, the listing ignores the date range; quorum filters it.
        self.set(
            &format!("{ws}/GetMeetings?lCommitteeId=10&sFromDate=01%2F01%2F2025&sToDate=31%2F12%2F2025"),
            xml("<getmeetings><meeting><meetingid>101</meetingid><meetingdate>14/01/2025</meetingdate>\
                <meetingtime>18:00</meetingtime><meetingstatus>Confirmed</meetingstatus></meeting>\
                <meeting><meetingid>102</meetingid><meetingdate>11/02/2025</meetingdate>\
                <meetingtime>18:00</meetingtime></meeting>\
                <meeting><meetingid>103</meetingid><meetingdate>11/03/2025</meetingdate></meeting>\
                <meeting><meetingid>99</meetingid><meetingdate>10/12/2024</meetingdate></meeting>\
                </getmeetings>"),
        );
        self.set(
            &format!("{ws}/GetMeetings?lCommitteeId=20&sFromDate=01%2F01%2F2025&sToDate=31%2F12%2F2025"),
            xml("<getmeetings><meeting><meetingid>201</meetingid><meetingdate>20/02/2025</meetingdate>\
                </meeting></getmeetings>"),
        );
        self.set(
            &format!("{ws}/GetMeeting?lMeetingId=101"),
            xml(&format!(
                "<meeting><meetingid>101</meetingid><meetingdate>14/01/2025</meetingdate>\
                <committeetitle>Planning Board</committeetitle>\
                <linkeddocuments>\
                <linkeddoc><title>Agenda frontsheet</title><url>{base}docs/agenda-101.pdf</url></linkeddoc>\
                <linkeddoc><title>Printed minutes</title><url>/docs/minutes-101.pdf</url></linkeddoc>\
                </linkeddocuments><agendaitems>\
                <agendaitem><agendaitemnumber>5</agendaitemnumber><agendaitemtitle>Land at Orchard Road</agendaitemtitle>\
                <linkeddocuments><linkeddoc><title>Officer report</title><url>{base}docs/orchard.pdf</url></linkeddoc>\
                <linkeddoc><title>Site plan</title><url>{base}docs/missing.pdf</url></linkeddoc>\
                <linkeddoc><title>Consultation responses</title><url>{base}docs/moved.pdf</url></linkeddoc>\
                <linkeddoc><title>Drawings</title><url>{base}docs/huge.pdf</url></linkeddoc>\
                <linkeddoc><title>Exempt valuation</title><url>{base}docs/exempt.pdf</url><isrestricted>True</isrestricted></linkeddoc>\
                </linkeddocuments></agendaitem></agendaitems></meeting>"
            )),
        );
        self.set(
            &format!("{ws}/GetMeeting?lMeetingId=102"),
            xml(&format!(
                "<meeting><meetingid>102</meetingid><meetingdate>11/02/2025</meetingdate>\
                <committeetitle>Planning Board</committeetitle><agendaitems>\
                <agendaitem><agendaitemnumber>3</agendaitemnumber><agendaitemtitle>Minutes of the previous meeting</agendaitemtitle>\
                <linkeddocuments><linkeddoc><title>Minutes, 14 January</title><url>{base}docs/minutes-101-reprint.pdf</url></linkeddoc>\
                </linkeddocuments></agendaitem>\
                <agendaitem><agendaitemnumber>4</agendaitemnumber><agendaitemtitle>Tree preservation</agendaitemtitle>\
                <linkeddocuments><linkeddoc><title>Tree order report</title><url>{base}docs/trees</url></linkeddoc>\
                </linkeddocuments></agendaitem></agendaitems></meeting>"
            )),
        );
        self.set(
            &format!("{ws}/GetMeeting?lMeetingId=103"),
            xml(
                "<meeting><meetingid>103</meetingid><meetingdate>11/03/2025</meetingdate>\
                <committeetitle>Planning Board</committeetitle><agendaitems/></meeting>",
            ),
        );
        self.set(
            &format!("{ws}/GetMeeting?lMeetingId=201"),
            Answer::Body("text/xml", b"<meeting><meetingid>201</meeting".to_vec()),
        );

        self.set(
            "/docs/agenda-101.pdf",
            Answer::Versioned(
                "\"v1\"",
                pdf(&[
                    "Planning Board",
                    "Agenda for the meeting on Tuesday 14 January 2025 at 6.00 pm",
                    "5. Land at Orchard Road",
                ]),
            ),
        );
        self.set(
            "/docs/minutes-101.pdf",
            Answer::Body(
                "application/pdf",
                pdf(&[
                    "Minutes of the Planning Board held on 14 January 2025",
                    "5. Land at Orchard Road",
                    "RESOLVED that permission be granted subject to a legal agreement.",
                ]),
            ),
        );
        self.set(
            "/docs/minutes-101-reprint.pdf",
            Answer::Body(
                "application/pdf",
                pdf(&[
                    "Minutes of the Planning Board held on 14 January 2025",
                    "RESOLVED that permission be granted subject to a legal agreement.",
                ]),
            ),
        );
        self.set(
            "/docs/orchard.pdf",
            Answer::Flaky(
                1,
                "application/pdf",
                pdf(&[
                    "Report of the Head of Planning",
                    "The application proposes forty homes on the orchard, a third of them affordable.",
                    "The hedgerow along the lane is to be kept and replanted where it is breached.",
                ]),
            ),
        );
        self.set("/docs/missing.pdf", Answer::Status(404));
        self.set(
            "/docs/moved.pdf",
            Answer::Redirect(format!("http://localhost:{}/docs/elsewhere.pdf", self.port)),
        );
        self.set(
            "/docs/huge.pdf",
            Answer::Body("application/pdf", vec![b'x'; (1 << 20) + 10]),
        );
        self.set(
            "/docs/trees",
            Answer::Body(
                "text/html; charset=utf-8",
                b"<html><head><title>Tree order</title></head><body><h1>Tree Preservation Order</h1>\
                  <p>The order protects three oaks beside the village green.</p></body></html>"
                    .to_vec(),
            ),
        );
    }
}

fn xml(body: &str) -> Answer {
    Answer::Body(
        "text/xml; charset=utf-8",
        format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{body}").into_bytes(),
    )
}

fn answer(
    mut stream: TcpStream,
    routes: &Mutex<BTreeMap<String, Answer>>,
    log: &Mutex<Vec<String>>,
    stalled: &Mutex<bool>,
) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let mut agent = String::new();
    let mut if_none_match = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            match name.trim().to_ascii_lowercase().as_str() {
                "user-agent" => agent = value.trim().to_string(),
                "if-none-match" => if_none_match = Some(value.trim().to_string()),
                _ => {}
            }
        }
    }
    let target = first.split_whitespace().nth(1).unwrap_or("/").to_string();
    log.lock().unwrap().push(if agent.starts_with("quorum/") {
        target.clone()
    } else {
        format!("without quorum's user agent: {target}")
    });
    let route = routes.lock().unwrap().get(&target).cloned();
    let reply = |stream: &mut TcpStream, status: &str, headers: &str, body: &[u8]| {
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
    };
    match route {
        None => reply(&mut stream, "404 Not Found", "", b"not here"),
        Some(Answer::Body(kind, body)) => reply(
            &mut stream,
            "200 OK",
            &format!("Content-Type: {kind}\r\n"),
            &body,
        ),
        Some(Answer::Versioned(etag, body)) => {
            if if_none_match.as_deref() == Some(etag) {
                reply(&mut stream, "304 Not Modified", "", b"")
            } else {
                let headers = format!("Content-Type: application/pdf\r\nETag: {etag}\r\n");
                reply(&mut stream, "200 OK", &headers, &body)
            }
        }
        Some(Answer::Flaky(left, kind, body)) => {
            if left > 0 {
                routes
                    .lock()
                    .unwrap()
                    .insert(target, Answer::Flaky(left - 1, kind, body));
                reply(&mut stream, "503 Service Unavailable", "", b"busy")
            } else {
                reply(
                    &mut stream,
                    "200 OK",
                    &format!("Content-Type: {kind}\r\n"),
                    &body,
                )
            }
        }
        Some(Answer::Status(code)) => reply(&mut stream, &format!("{code} Status"), "", b""),
        Some(Answer::Redirect(to)) => reply(
            &mut stream,
            "302 Found",
            &format!("Location: {to}\r\n"),
            b"",
        ),
        Some(Answer::Stall(body)) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body[..body.len() / 2]);
            let _ = stream.flush();
            *stalled.lock().unwrap() = true;
            // Hold the connection until the client goes away.
            let mut sink = [0u8; 64];
            let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
            let _ = stream.read(&mut sink);
        }
    }
}

/// `quorum harvest moderngov SITE` into `out`, fast and with a 1 MiB cap, as JSON.
fn harvest_args(site: &Site, out: &Path) -> Vec<String> {
    [
        "harvest",
        "moderngov",
        &site.base(),
        "--out",
        &out.to_string_lossy(),
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--rate",
        "500",
        "--backoff-ms",
        "20",
        "--max-mib",
        "1",
        "--council",
        "Wealdmoor",
        "--json",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn harvest(site: &Site, out: &Path) -> Value {
    let run = quorum(harvest_args(site, out));
    assert!(run.status.success(), "{}", describe(&run));
    serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", describe(&run)))
}

/// Every file under `dir` but the harvest state, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".quorum-harvest.json")
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn sidecar_of(dir: &Path, url_suffix: &str) -> Value {
    tree(dir)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".meta.json"))
        .map(|(_, bytes)| serde_json::from_slice::<Value>(&bytes).unwrap())
        .find(|v| v["url"].as_str().is_some_and(|u| u.ends_with(url_suffix)))
        .unwrap_or_else(|| panic!("no sidecar for {url_suffix}"))
}

fn failure_kinds(summary: &Value) -> BTreeMap<String, String> {
    summary["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let what = f["what"].as_str().unwrap();
            let key = what.rsplit('/').next().unwrap_or(what).to_string();
            (key, f["kind"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn a_site_becomes_a_searchable_corpus_and_a_second_run_fetches_nothing() {
    let site = Site::start();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus");
    let summary = harvest(&site, &out);

    assert_eq!(
        summary["committees"], 2,
        "the deleted committee is left out"
    );
    assert_eq!(
        summary["meetings"], 4,
        "the 2024 meeting is outside the range: {summary}"
    );
    assert_eq!(summary["documents"]["fetched"], 5, "{summary:#}");
    assert_eq!(summary["documents"]["restricted"], 1);
    assert_eq!(
        summary["records"], 3,
        "each readable meeting's own record is kept"
    );
    assert_eq!(summary["documents"]["failed"], 3);
    let kinds = failure_kinds(&summary);
    assert_eq!(
        kinds.get("missing.pdf").map(String::as_str),
        Some("status"),
        "{kinds:?}"
    );
    assert_eq!(
        kinds.get("moved.pdf").map(String::as_str),
        Some("refused"),
        "{kinds:?}"
    );
    assert_eq!(
        kinds.get("huge.pdf").map(String::as_str),
        Some("too_large"),
        "{kinds:?}"
    );
    let malformed = summary["failures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["what"].as_str().unwrap_or("").contains("meeting 201"))
        .unwrap_or_else(|| panic!("the malformed meeting is reported: {summary:#}"));
    assert_eq!(malformed["kind"], "malformed");
    let empty = summary["meetings_without_papers"].as_array().unwrap();
    assert!(
        empty.len() == 1 && empty[0].as_str().unwrap_or("").contains("meeting 103"),
        "{summary:#}"
    );
    assert!(
        !site.requests().iter().any(|r| r.contains("user agent")),
        "every request names quorum"
    );
    assert!(
        !site.requests().iter().any(|r| r.contains("elsewhere")),
        "the redirect to another host is not followed"
    );
    let orchard = site
        .requests()
        .iter()
        .filter(|r| *r == "/docs/orchard.pdf")
        .count();
    assert_eq!(orchard, 2, "the report answered 503, then 200 to the retry");
    assert!(
        !site.requests().iter().any(|r| r.contains("exempt")),
        "restricted papers are not fetched"
    );

    // Sidecars say what the site states.
    let report = sidecar_of(&out, "/docs/orchard.pdf");
    assert_eq!(report["committee"], "Planning Board");
    assert_eq!(report["council"], "Wealdmoor");
    assert_eq!(report["date"], "2025-01-14");
    assert_eq!(report["type"], "report");
    assert_eq!(report["item"], "5");
    assert_eq!(report["item_title"], "Land at Orchard Road");
    let printed = sidecar_of(&out, "/docs/minutes-101.pdf");
    assert_eq!(printed["type"], "minutes");
    assert_eq!(printed["date"], "2025-01-14");
    let reprint = sidecar_of(&out, "/docs/minutes-101-reprint.pdf");
    assert_eq!(reprint["type"], "minutes");
    assert!(
        reprint["date"].is_null(),
        "minutes under an item are an earlier meeting's: {reprint}"
    );
    let trees = tree(&out);
    assert!(
        trees.keys().any(
            |k| k.starts_with("planning-board/2025-02-11/tree-order-report-")
                && k.ends_with(".html")
        ),
        "the HTML paper is named from its content type: {:?}",
        trees.keys().collect::<Vec<_>>()
    );

    let record = sidecar_of(&out, "ieListDocuments.aspx?CId=10&MId=101");
    assert_eq!(record["date"], "2025-01-14");

    // Indexed and searched, a hit carries the harvested facts and links to the site.
    let index = dir.path().join("index");
    let run = quorum([
        "index",
        &out.to_string_lossy(),
        "--index",
        &index.to_string_lossy(),
    ]);
    assert!(run.status.success(), "{}", describe(&run));
    let (code, response) = util::search_json(&index, "hedgerow", &[]);
    assert_eq!(code, 0, "{response}");
    let hit = &util::hits(&response)[0];
    assert_eq!(hit["meeting"]["committee"], "Planning Board");
    assert_eq!(hit["meeting"]["date"], "2025-01-14");
    assert_eq!(hit["meeting"]["council"], "Wealdmoor");
    assert_eq!(hit["item"]["number"], "5");
    assert_eq!(
        hit["document"]["url"].as_str(),
        Some(format!("{}docs/orchard.pdf", site.base()).as_str())
    );

    // A second run: nothing new, nothing fetched; only the failed papers are tried again.
    let before = tree(&out);
    site.clear_log();
    let again = harvest(&site, &out);
    assert_eq!(again["documents"]["fetched"], 0, "{again:#}");
    assert_eq!(
        again["records"], 0,
        "an unchanged meeting record is not rewritten"
    );
    assert_eq!(
        again["documents"]["skipped"], 3,
        "the unfinished meeting's held papers: {again:#}"
    );
    let asked = site.requests();
    let papers: Vec<&String> = asked.iter().filter(|r| r.starts_with("/docs/")).collect();
    assert_eq!(
        papers,
        vec![
            "/docs/agenda-101.pdf",
            "/docs/missing.pdf",
            "/docs/moved.pdf",
            "/docs/huge.pdf"
        ],
        "the failures are retried, and a held paper with a version is asked after (304)"
    );
    for settled in ["lMeetingId=102", "lMeetingId=103"] {
        assert!(
            !asked.iter().any(|r| r.contains(settled)),
            "a complete old meeting is not read again: {asked:?}"
        );
    }
    assert_eq!(tree(&out), before, "the folder is unchanged");

    // The missing paper is published: the next run fetches it, and only it.
    site.set(
        "/docs/missing.pdf",
        Answer::Body("application/pdf", pdf(&["Site plan for Orchard Road"])),
    );
    // And the agenda is republished: its new version replaces the old.
    let revised = pdf(&["Planning Board", "Revised agenda: item 5 is withdrawn"]);
    site.set(
        "/docs/agenda-101.pdf",
        Answer::Versioned("\"v2\"", revised.clone()),
    );
    let third = harvest(&site, &out);
    assert_eq!(third["documents"]["fetched"], 1, "{third:#}");
    assert_eq!(third["documents"]["updated"], 1, "{third:#}");
    assert!(
        tree(&out).values().any(|bytes| *bytes == revised),
        "the revised agenda is in the folder"
    );
    assert_eq!(third["documents"]["failed"], 2, "{third:#}");
}

#[test]
fn a_run_killed_mid_download_finishes_with_the_same_files() {
    // The uninterrupted run.
    let reference_site = Site::start();
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("reference");
    harvest(&reference_site, &reference);

    // The same site, whose report stalls half-way until the harvest is killed.
    let site = Site::start();
    let report = pdf(&[
        "Report of the Head of Planning",
        "The application proposes forty homes on the orchard, a third of them affordable.",
        "The hedgerow along the lane is to be kept and replanted where it is breached.",
    ]);
    site.set("/docs/orchard.pdf", Answer::Stall(report.clone()));
    let out = dir.path().join("killed");
    let mut child = Command::new(env!("CARGO_BIN_EXE_quorum"))
        .args(harvest_args(&site, &out))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("quorum runs");
    let started = Instant::now();
    while !*site.stalled.lock().unwrap() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the download never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("the harvest is killed");
    let _ = child.wait();
    let partial = tree(&out);
    assert!(
        !partial
            .iter()
            .any(|(rel, bytes)| !rel.contains("/.") && bytes.len() == report.len() / 2),
        "no half-written paper under its final name"
    );

    site.set(
        "/docs/orchard.pdf",
        Answer::Flaky(1, "application/pdf", report),
    );
    harvest(&site, &out);
    let finished = tree(&out);
    let expected = tree(&reference);
    let differ_only_by_port = |a: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, String> {
        a.iter()
            .map(|(k, v)| {
                let text = String::from_utf8_lossy(v)
                    .replace(&site.port.to_string(), "PORT")
                    .replace(&reference_site.port.to_string(), "PORT");
                (k.clone(), text)
            })
            .collect()
    };
    // Names carry a digest of the address, which holds the port: compare by paper.
    let by_paper = |m: BTreeMap<String, String>| -> Vec<String> {
        let mut v: Vec<String> = m
            .into_iter()
            .map(|(k, text)| {
                let stem = k.rsplit_once('-').map(|(a, _)| a.to_string()).unwrap_or(k);
                format!("{stem}\n{text}")
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        by_paper(differ_only_by_port(&finished)),
        by_paper(differ_only_by_port(&expected)),
        "the restarted run ends with the uninterrupted run's files"
    );
    assert!(
        !finished.keys().any(|k| k.ends_with(".part")),
        "no temporary file is left"
    );
}

#[test]
fn bad_arguments_are_refused_before_anything_is_fetched() {
    let site = Site::start();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus");
    let run = quorum([
        "harvest",
        "moderngov",
        &site.base(),
        "--out",
        &out.to_string_lossy(),
        "--committee",
        "Cemeteries Board",
    ]);
    assert_eq!(run.status.code(), Some(2), "{}", describe(&run));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("no committee \"Cemeteries Board\"")
            && stderr.contains("Planning Board (10)"),
        "{stderr}"
    );
    let run = quorum([
        "harvest",
        "moderngov",
        "ftp://example.org/",
        "--out",
        &out.to_string_lossy(),
    ]);
    assert_eq!(run.status.code(), Some(2), "{}", describe(&run));
    let run = quorum(["harvest", "moderngov", &site.base(), "--from", "March"]);
    assert_eq!(run.status.code(), Some(2), "{}", describe(&run));
    assert!(
        !site.requests().iter().any(|r| r.contains("GetMeetings")),
        "nothing past the committee list was asked"
    );
}

#[test]
fn a_real_get_meeting_answer_is_read() {
    let Some(realworld) = util::realworld() else {
        return;
    };
    let answer = std::fs::read(realworld.join("lgsf-fragments/meeting_with_minutes.xml"))
        .expect("the real GetMeeting answer reads");
    let site = Site::start();
    site.set(
        "/mgWebService.asmx/GetMeeting?lMeetingId=101",
        Answer::Body("text/xml", answer),
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus");
    let mut args = harvest_args(&site, &out);
    args.extend(["--committee".to_string(), "Planning Board".to_string()]);
    let run = quorum(args);
    assert!(run.status.success(), "{}", describe(&run));
    let summary: Value = serde_json::from_slice(&run.stdout).unwrap();
    // Its paper lives on the council's own host, not this test's: listed, refused, not fetched.
    let refused: Vec<&Value> = summary["failures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["what"]
                .as_str()
                .is_some_and(|w| w.contains("mgConvert2PDF"))
        })
        .collect();
    assert_eq!(refused.len(), 2, "both its papers: {summary:#}");
    assert_eq!(refused[0]["kind"], "refused");
    // The record itself is kept, and reads as minutes with the item the site numbers.
    let record = tree(&out)
        .into_keys()
        .find(|k| k.contains("meeting-101") && k.ends_with(".xml"))
        .unwrap_or_else(|| panic!("the record is saved: {summary:#}"));
    let inspected = quorum(["inspect", "--json", &out.join(record).to_string_lossy()]);
    assert!(inspected.status.success(), "{}", describe(&inspected));
    let document: Value = serde_json::from_slice(&inspected.stdout).unwrap();
    assert_eq!(document["type"], "minutes", "{document:#}");
}
