//! The web page in a real browser: Debian's headless Chromium, driven over the DevTools
//! protocol, against the real `quorum serve`. It types a query and presses Enter, sees results,
//! clicks a facet and sees them narrow, clicks a hit and sees the highlighted passage in its
//! document, and sees a bad query explained. Screenshots go to `$QUORUM_SCREENSHOT_DIR`
//! (default: a folder under cargo's test temp dir).
//!
//! Skipped, with a notice, when `/usr/bin/chromium` is absent (`.ci/run` installs it).

mod util;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Longest wait for the page to reach an expected state.
const PATIENCE: Duration = Duration::from_secs(20);

/// A headless Chromium and a DevTools connection to its one page.
struct Browser {
    child: Child,
    socket: WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let profile = tempfile::tempdir().expect("profile dir");
        let mut child = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--window-size=1200,900",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium starts");
        let endpoint = devtools_endpoint(&mut child);
        let port = endpoint
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .expect("host:port");
        let pages: Value = serde_json::from_str(
            &ureq::get(&format!("http://{port}/json/list"))
                .call()
                .expect("DevTools page list")
                .body_mut()
                .read_to_string()
                .expect("page list body"),
        )
        .expect("page list JSON");
        let page = pages
            .as_array()
            .and_then(|p| p.iter().find(|t| t["type"] == "page"))
            .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            .expect("a page target")
            .to_string();
        let (socket, _) = tungstenite::connect(page.as_str()).expect("DevTools socket");
        Browser {
            child,
            socket,
            next_id: 0,
            _profile: profile,
        }
    }

    /// Send one DevTools command and wait for its result (events in between are ignored).
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({"id": id, "method": method, "params": params}).to_string();
        self.socket
            .send(Message::Text(message.into()))
            .expect("send to DevTools");
        loop {
            let reply = self.socket.read().expect("read from DevTools");
            let Message::Text(text) = reply else { continue };
            let value: Value = serde_json::from_str(text.as_str()).expect("DevTools JSON");
            if value["id"] == id {
                assert!(value["error"].is_null(), "{method}: {}", value["error"]);
                return value["result"].clone();
            }
        }
    }

    /// Evaluate JavaScript in the page and return its value.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(
            result["exceptionDetails"].is_null(),
            "{expression}: {}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    /// Wait until `condition` (JavaScript) is true.
    fn wait_for(&mut self, condition: &str) {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if self.eval(&format!("Boolean({condition})")) == json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let page =
            self.eval("document.getElementById('content')?.innerText ?? document.body.innerText");
        panic!("timed out waiting for {condition}; the page says:\n{page}");
    }

    fn goto(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for("document.readyState === 'complete' && document.getElementById('q')");
    }

    /// Click the middle of the element `selector` finds, as a mouse would.
    fn click(&mut self, selector: &str) {
        let selector = serde_json::to_string(selector).expect("selector");
        let at = self.eval(&format!(
            "(() => {{ const e = document.querySelector({selector}); e.scrollIntoView({{block: 'center'}}); \
             const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
        ));
        let (x, y) = (at[0].as_f64().expect("x"), at[1].as_f64().expect("y"));
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }

    /// Type `text` into the focused element and press Enter.
    fn type_and_enter(&mut self, text: &str) {
        self.call("Input.insertText", json!({"text": text}));
        for kind in ["keyDown", "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                json!({"type": kind, "key": "Enter", "code": "Enter",
                       "windowsVirtualKeyCode": 13, "text": "\r"}),
            );
        }
    }

    fn screenshot(&mut self, dir: &Path, name: &str) {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("screenshot data"))
            .expect("base64 PNG");
        let path = dir.join(name);
        std::fs::write(&path, png).expect("write screenshot");
        eprintln!("screenshot: {}", path.display());
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.socket.close(None);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Read Chromium's standard error until it names its DevTools endpoint; keep draining it after.
fn devtools_endpoint(child: &mut Child) -> String {
    let stderr = child.stderr.take().expect("chromium stderr");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(at) = line.find("ws://") {
                let _ = sender.send(line[at..].trim().to_string());
            }
        }
    });
    receiver
        .recv_timeout(PATIENCE)
        .expect("chromium printed its DevTools endpoint")
}

fn screenshot_dir() -> PathBuf {
    let dir = std::env::var_os("QUORUM_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots"));
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

fn count(browser: &mut Browser, selector: &str) -> u64 {
    let selector = serde_json::to_string(selector).expect("selector");
    browser
        .eval(&format!("document.querySelectorAll({selector}).length"))
        .as_u64()
        .expect("a count")
}

/// The total the page states ("13 passages match").
fn stated_total(browser: &mut Browser) -> u64 {
    let text = browser.eval("document.querySelector('.total')?.textContent ?? ''");
    let digits: String = text
        .as_str()
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no total in {text}"))
}

#[test]
fn search_narrow_open_in_a_real_browser() {
    if !Path::new(CHROMIUM).exists() {
        eprintln!("notice: {CHROMIUM} is absent; skipping the browser test");
        return;
    }
    let server = util::server::Server::over_index(util::corpus_index());
    let shots = screenshot_dir();
    let mut browser = Browser::start();

    // Type a query and press Enter.
    browser.goto(&format!("{}/", server.base));
    browser.eval("document.getElementById('q').focus()");
    browser.type_and_enter("foster carers");
    browser.wait_for(
        "location.search.includes('q=foster') && \
         document.querySelector('.total')?.textContent.includes('foster carers')",
    );
    let total = stated_total(&mut browser);
    assert!(total > 1, "several results");
    assert_eq!(count(&mut browser, ".hit"), total.min(10));
    assert!(
        count(&mut browser, ".hit .snippet mark") > 0,
        "matched words are highlighted"
    );
    assert!(count(&mut browser, ".chart .col") > 0, "per-year chart");
    browser.screenshot(&shots, "search.png");

    // Tick the committee with the fewest matches: the results narrow to it.
    let facet = browser.eval(
        "(() => { const boxes = [...document.querySelectorAll('#facets input[name=committee]')]; \
         const n = (b) => parseInt(b.labels[0].querySelector('.count').textContent.replace(/\\D/g, ''), 10); \
         boxes.sort((a, b) => n(a) - n(b)); return [boxes[0].id, boxes[0].value, n(boxes[0])]; })()",
    );
    let (id, committee, expected) = (
        facet[0].as_str().expect("id").to_string(),
        facet[1].as_str().expect("value").to_string(),
        facet[2].as_u64().expect("count"),
    );
    assert!(expected < total, "a narrower facet");
    browser.click(&format!("#{id}"));
    browser.wait_for("location.search.includes('committee=') && document.querySelector('.hit')");
    browser.wait_for(&format!(
        "document.querySelector('.total')?.textContent.startsWith('{expected} ')"
    ));
    assert_eq!(stated_total(&mut browser), expected);
    let committees =
        browser.eval("[...document.querySelectorAll('.hit .meta')].map(m => m.textContent)");
    for meta in committees.as_array().expect("metas") {
        assert!(
            meta.as_str().unwrap_or("").contains(&committee),
            "{meta} is not {committee}"
        );
    }
    assert_eq!(
        browser.eval(&format!("document.getElementById('{id}').checked")),
        json!(true)
    );
    browser.screenshot(&shots, "facet.png");

    // Open the first hit: the document view shows it highlighted, with its item and meeting.
    let hit = browser
        .eval("new URL(document.querySelector('.hit h3 a').href).searchParams.get('passage')");
    let hit = hit.as_str().expect("a passage id").to_string();
    browser.click(".hit h3 a");
    browser.wait_for("document.querySelector('.passage.current')");
    assert_eq!(
        browser.eval("document.querySelector('.passage.current').id"),
        json!(format!("p-{hit}"))
    );
    let cite = browser.eval("document.querySelector('.cite').textContent");
    assert!(cite.as_str().unwrap_or("").contains(&hit), "{cite}");
    let heading = browser.eval("document.querySelector('.meeting').textContent");
    assert!(
        heading.as_str().unwrap_or("").contains(&committee),
        "{heading}"
    );
    let visible = browser.eval(
        "(() => { const p = document.querySelector('.passage.current').getBoundingClientRect(); \
         return p.top < innerHeight && p.bottom > 0; })()",
    );
    assert_eq!(visible, json!(true), "the passage is scrolled into view");
    browser.screenshot(&shots, "passage.png");

    // Back to the results, through history.
    browser.eval("history.back()");
    browser.wait_for("document.querySelector('.hit') && location.search.includes('committee=')");

    // A bad query is explained, not a blank page.
    browser.goto(&format!("{}/?q=%22foster", server.base));
    browser.wait_for("document.querySelector('.error[role=alert]')");
    let message = browser.eval("document.querySelector('.error').textContent");
    assert!(
        message.as_str().unwrap_or("").contains("quote"),
        "{message}"
    );

    // The archive overview lists the committees.
    browser.goto(&format!("{}/?view=archive", server.base));
    browser.wait_for("document.querySelector('.archive table')");
    assert!(count(&mut browser, ".archive tbody tr") >= 3);
    browser.screenshot(&shots, "archive.png");
}
