//! The server under attack: requests written by hand over a raw TCP connection (so nothing
//! normalises them on the way), each answered with a 4xx JSON error or a bounded answer, never a
//! 5xx, never a byte of a file outside the index. The corpus holds symbolic links pointing out of
//! it, which must never be indexed or served.

mod util;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::Value;
use util::server::{query, Server};

/// Text of files outside the corpus that a leak would show: `/etc/passwd` and this repository's
/// `Cargo.toml`.
const LEAK_MARKERS: [&str; 4] = ["root:x:", "/bin/sh", "[package]", "[dependencies]"];

/// The longest any one of these requests may take: every query is bounded, so even the most
/// expensive one answers in well under this (a generous limit for a debug build on a busy
/// machine, not a performance assertion).
const BOUND: Duration = Duration::from_secs(30);

/// A raw HTTP/1.1 response.
struct Raw {
    status: u16,
    content_type: String,
    body: String,
}

impl Raw {
    fn json(&self) -> Option<Value> {
        serde_json::from_str(&self.body).ok()
    }
}

/// Send `target` verbatim as the request target of a GET and read the whole response.
fn raw_get(server: &Server, target: &[u8]) -> Raw {
    let address = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.set_read_timeout(Some(BOUND)).expect("timeout");
    let mut request = b"GET ".to_vec();
    request.extend_from_slice(target);
    request.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(&request).expect("send");
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line for {:?}: {text:?}", lossy(target)));
    let content_type = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-type")
                .then(|| value.trim().to_string())
        })
        .unwrap_or_default();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    Raw {
        status,
        content_type,
        body,
    }
}

/// The body of a chunked response.
fn dechunk(mut rest: &str) -> String {
    let mut body = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || after.len() < size {
            break;
        }
        body.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
    body
}

fn lossy(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    if text.chars().count() > 80 {
        let start: String = text.chars().take(80).collect();
        format!("{start}... ({} bytes)", bytes.len())
    } else {
        text.into_owned()
    }
}

/// Assert the answer to `target` is a 4xx error (JSON when the request reached quorum's routes,
/// which every well-formed request line does) or, when `may_answer`, a 200 with JSON; never a
/// 5xx, never slow, never leaking.
fn assert_refused_or_bounded(server: &Server, target: &[u8], may_answer: bool) {
    let started = Instant::now();
    let reply = raw_get(server, target);
    let took = started.elapsed();
    let shown = lossy(target);
    assert!(took < BOUND, "{shown}: took {took:?}");
    assert!(
        reply.status < 500,
        "{shown}: {} {}",
        reply.status,
        reply.body
    );
    for marker in LEAK_MARKERS {
        assert!(!reply.body.contains(marker), "{shown} leaked {marker:?}");
    }
    if reply.status == 200 {
        assert!(may_answer, "{shown}: answered 200: {}", reply.body);
        assert!(reply.json().is_some(), "{shown}: {}", reply.body);
        return;
    }
    assert!(
        (400..500).contains(&reply.status),
        "{shown}: {}",
        reply.status
    );
    // Hyper refuses a request line it cannot parse before any route sees it (with an empty
    // body); everything it passes on gets quorum's JSON error.
    if !reply.body.is_empty() {
        let body = reply
            .json()
            .unwrap_or_else(|| panic!("{shown}: not JSON: {}", reply.body));
        assert!(body["error"]["code"].is_string(), "{shown}: {body}");
        assert!(
            reply.content_type.starts_with("application/json"),
            "{shown}: {}",
            reply.content_type
        );
    }
}

/// A corpus of the sample papers plus symbolic links that point out of it.
fn corpus_with_escapes() -> tempfile::TempDir {
    let corpus = util::corpus_copy();
    let root = corpus.path();
    let cargo_toml = util::repo().join("Cargo.toml");
    std::os::unix::fs::symlink("/etc/passwd", root.join("passwd.txt")).expect("symlink");
    std::os::unix::fs::symlink("/etc", root.join("etc")).expect("symlink");
    std::os::unix::fs::symlink(&cargo_toml, root.join("cargo.md")).expect("symlink");
    std::os::unix::fs::symlink("../../../../../../../etc/passwd", root.join("up.txt"))
        .expect("symlink");
    corpus
}

#[test]
fn path_traversal_on_every_route_reads_nothing_outside() {
    let corpus = corpus_with_escapes();
    let server = Server::start(corpus.path());

    let attempts: &[&str] = &[
        "..",
        "%2e%2e",
        "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "..%5C..%5C..%5Cetc%5Cpasswd",
        "%252e%252e%252fetc%252fpasswd",
        "%2Fetc%2Fpasswd",
        "%2F%2Fetc%2Fpasswd",
        "....%2F%2F....%2F%2Fetc%2Fpasswd",
        "passwd.txt",
        "etc%2Fpasswd",
        "cargo.md",
        "up.txt",
        "%00",
        "..%00.txt",
        "%C0%AE%C0%AE%2F",
        "file%3A%2F%2F%2Fetc%2Fpasswd",
    ];
    let routes = [
        "/api/passages/{}",
        "/api/documents/{}",
        "/api/items/{}/thread",
        "/api/people/{}",
    ];
    for route in routes {
        for attempt in attempts {
            let target = route.replace("{}", attempt);
            assert_refused_or_bounded(&server, target.as_bytes(), route.contains("people"));
        }
    }
    // Raw `..` segments, absolute forms and static-file names around the embedded assets.
    for target in [
        "/../../etc/passwd",
        "/static/../../Cargo.toml",
        "/app.js/../../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/Cargo.toml",
        "/index/meta.json",
        "/etc/passwd",
        "//etc/passwd",
        "/api/../Cargo.toml",
        "/api/documents/../../../etc/passwd",
        "http://localhost/../../etc/passwd",
        "../../etc/passwd",
        "*",
    ] {
        assert_refused_or_bounded(&server, target.as_bytes(), false);
    }

    // Nothing reached through a link was indexed: no hit, no document, no failure naming it.
    let stats = server.json("/api/stats", 200);
    assert_eq!(stats["documents"], 5, "{stats}");
    for q in ["root", "nologin", "package", "dependencies", "tantivy"] {
        let found = server.json(&format!("/api/search?{}", query(&[("q", q)])), 200);
        for hit in found["hits"].as_array().into_iter().flatten() {
            let text = hit.to_string();
            for marker in LEAK_MARKERS {
                assert!(!text.contains(marker), "{q}: {text}");
            }
            for link in ["passwd.txt", "cargo.md", "up.txt", "etc/"] {
                assert!(!text.contains(link), "{q}: {text}");
            }
        }
    }
}

#[test]
fn oversized_and_malformed_requests_get_bounded_answers() {
    let server = Server::start(&util::corpus());
    let search = |q: &str| format!("/api/search?{}", query(&[("q", q)]));

    let long = "foster ".repeat(100_000 / 7);
    let nested = format!("{}carers{}", "(".repeat(10_000), ")".repeat(10_000));
    let nested_short = format!("{}carers{}", "(".repeat(400), ")".repeat(400));
    let quotes = "\"".repeat(10_000);
    let plus_nested = format!("{}carers", "+(".repeat(5_000));
    let many_ors = (0..3_000)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let some_ors = (0..150)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let many_prefixes = (0..200).map(|_| "c*").collect::<Vec<_>>().join(" ");
    let refused = [
        search(&long),
        search(&nested),
        search(&nested_short),
        search(&plus_nested),
        search(&many_ors),
        "/api/search?limit=18446744073709551616".into(),
        "/api/search?limit=-1".into(),
        "/api/search?offset=-1".into(),
        "/api/search?offset=1000000000".into(),
        "/api/search?limit=100&offset=9950".into(),
        "/api/search?from=99999-01-01".into(),
        "/api/export?format=csv&limit=100000000".into(),
    ];
    for target in &refused {
        let reply = raw_get(&server, target.as_bytes());
        let shown = lossy(target.as_bytes());
        assert!(
            (400..500).contains(&reply.status),
            "{shown}: {} {}",
            reply.status,
            reply.body
        );
        // A request line past hyper's buffer is refused by hyper itself (414, no body) before
        // quorum sees it; everything else gets quorum's JSON error.
        if reply.status != 414 {
            assert!(
                reply.json().is_some(),
                "{shown}: {} {:?}",
                reply.status,
                reply.body
            );
        }
    }

    // Either answered (bounded) or refused; never an error of the server.
    let bounded = [
        search(&quotes),
        search(&some_ors),
        search(&many_prefixes),
        search("*"),
        search("a*"),
        search("c*"),
        search("carers~2"),
        search("c~2 f~2 a~2"),
        search("\"a* b* c*\""),
        search("committee:*"),
        "/api/search?q=%FF%FE%FD".into(),
        "/api/search?q=%C3%28".into(),
        "/api/search?q=%ED%A0%80".into(),
        "/api/search?q=%".into(),
        "/api/search?q=%zz".into(),
        "/api/search?q=%%%".into(),
        "/api/search?q=%00%01%1b%5b31m".into(),
        "/api/search?committee=%FF".into(),
        "/api/search?q=foster&&&&==&=".into(),
        "/api/feed.atom?q=%FF".into(),
        "/api/export?format=csv&q=%C3%28".into(),
    ];
    for target in &bounded {
        let started = Instant::now();
        let reply = raw_get(&server, target.as_bytes());
        let shown = lossy(target.as_bytes());
        assert!(started.elapsed() < BOUND, "{shown}");
        assert!(
            reply.status == 200 || (400..500).contains(&reply.status),
            "{shown}: {} {}",
            reply.status,
            reply.body
        );
        if reply.status != 200 {
            assert!(reply.json().is_some(), "{shown}: {}", reply.body);
        }
    }

    // Raw bytes that are not UTF-8 in the request target itself.
    for target in [
        &b"/api/search?q=\xff\xfe"[..],
        &b"/api/passages/\xc3\x28"[..],
        &b"/\xff"[..],
    ] {
        assert_refused_or_bounded(&server, target, true);
    }

    // After all of that the server still answers normally.
    let healthy = server.json("/api/search?q=foster", 200);
    assert!(healthy["total"].as_u64().unwrap_or(0) > 0, "{healthy}");
}
