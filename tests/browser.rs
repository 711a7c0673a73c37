//! The web page in a real browser: Debian's headless Chromium, driven over the DevTools
//! protocol, against the real `quorum serve`. It types a query and presses Enter, sees results,
//! clicks a facet and sees them narrow, clicks a hit and sees the highlighted passage in its
//! document, and sees a bad query explained. In the passage view it sees the references
//! (resolved ones as links that open their target, unresolved ones with their year), the
//! passages citing it and the matter's thread as a timeline. A paper carrying
//! `<script>alert(1)</script>` and `"><img src=x onerror=alert(1)>` shows them as text: no
//! element is made from them, no dialog opens and the page's CSP never has to block anything.
//! Screenshots go to `$QUORUM_SCREENSHOT_DIR` (default: a folder under cargo's test temp dir).
//!
//! Skipped, with a notice, when `/usr/bin/chromium` is absent (`.ci/run` installs it).

mod util;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Longest wait for the page to reach an expected state.
const PATIENCE: Duration = Duration::from_secs(20);

/// One browser at a time: each test starts a Chromium and a server, and several at once on a
/// small machine make the waits slow enough to fail.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

/// A started Chromium and this test's turn at it, or `None` (with a notice) where Chromium is
/// not installed.
fn chromium_turn() -> Option<(MutexGuard<'static, ()>, Browser)> {
    if !Path::new(CHROMIUM).exists() {
        eprintln!("notice: {CHROMIUM} is absent; skipping the browser test");
        return None;
    }
    let turn = ONE_BROWSER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Some((turn, Browser::start()))
}

/// Run in every page before its own scripts: records what the Content Security Policy blocked,
/// so an injection the policy stopped is still seen.
const WATCH_POLICY: &str = "window.__blocked = []; \
    document.addEventListener('securitypolicyviolation', \
      (e) => window.__blocked.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample));";

/// A headless Chromium and a DevTools connection to its one page.
struct Browser {
    child: Child,
    socket: WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
    next_id: u64,
    /// Every JavaScript dialog (alert, confirm, prompt) the page opened; each is dismissed.
    dialogs: Vec<Value>,
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
        let mut browser = Browser {
            child,
            socket,
            next_id: 0,
            dialogs: Vec::new(),
            _profile: profile,
        };
        browser.call("Page.enable", json!({}));
        browser.call(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": WATCH_POLICY}),
        );
        browser
    }

    /// Send one DevTools command without waiting; returns its id.
    fn send(&mut self, method: &str, params: Value) -> u64 {
        self.next_id += 1;
        let message = json!({"id": self.next_id, "method": method, "params": params}).to_string();
        self.socket
            .send(Message::Text(message.into()))
            .expect("send to DevTools");
        self.next_id
    }

    /// Send one DevTools command and wait for its result. Events in between are ignored, but
    /// a JavaScript dialog is recorded and dismissed (it would block the page otherwise).
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.try_call(method, params)
            .unwrap_or_else(|error| panic!("{method}: {error}"))
    }

    /// [`Browser::call`], returning DevTools' error rather than failing on it.
    fn try_call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send(method, params);
        loop {
            let reply = self.socket.read().expect("read from DevTools");
            let Message::Text(text) = reply else { continue };
            let value: Value = serde_json::from_str(text.as_str()).expect("DevTools JSON");
            if value["method"] == "Page.javascriptDialogOpening" {
                self.dialogs.push(value["params"].clone());
                self.send("Page.handleJavaScriptDialog", json!({"accept": false}));
            } else if value["id"] == id {
                return match value["error"].is_null() {
                    true => Ok(value["result"].clone()),
                    false => Err(value["error"].clone()),
                };
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
            let asked = self.try_call(
                "Runtime.evaluate",
                json!({"expression": format!("Boolean({condition})"), "returnByValue": true}),
            );
            match asked {
                Ok(result) if result["result"]["value"] == json!(true) => return,
                Ok(_) => {}
                // A page being left answers nothing: ask the next one.
                Err(error) if navigating(&error) => {}
                Err(error) => panic!("waiting for {condition}: {error}"),
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

    /// Click the middle of the element `selector` finds, as a mouse would: the middle of its
    /// first line box, since the middle of a link that wraps can fall between its lines.
    fn click(&mut self, selector: &str) {
        let selector = serde_json::to_string(selector).expect("selector");
        let at = self.eval(&format!(
            "(() => {{ const e = document.querySelector({selector}); e.scrollIntoView({{block: 'center'}}); \
             const r = e.getClientRects()[0] ?? e.getBoundingClientRect(); \
             return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
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

/// The value of JavaScript `expression` as a string.
fn text(browser: &mut Browser, expression: &str) -> String {
    browser.eval(expression).as_str().unwrap_or("").to_string()
}

/// The passage ids the links `selector` finds point at, in order.
fn linked_passages(browser: &mut Browser, selector: &str) -> Vec<String> {
    let selector = serde_json::to_string(selector).expect("selector");
    let ids = browser.eval(&format!(
        "[...document.querySelectorAll({selector})].map(a => new URL(a.href).searchParams.get('passage'))"
    ));
    ids.as_array()
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Wait until the passage view shows passage `id` with its references and thread drawn.
/// Open the page at `base`, type `query` into the search box, press Enter and wait until the
/// page shows that query's results.
fn search_from_the_box(browser: &mut Browser, base: &str, query: &str) {
    browser.goto(&format!("{base}/"));
    browser.eval("document.getElementById('q').focus()");
    browser.type_and_enter(query);
    let first_word = query.split_whitespace().next().unwrap_or(query);
    browser.wait_for(&format!(
        "location.search.includes('q={first_word}') && \
         document.querySelector('.total')?.textContent.includes('{query}')"
    ));
}

fn wait_for_passage(browser: &mut Browser, id: &str) {
    browser.wait_for(&format!(
        "new URLSearchParams(location.search).get('passage') === '{id}' && \
         document.querySelector('.passage.current')?.id === 'p-{id}' && \
         document.querySelector('.connections .thread')"
    ));
}

/// The timeline as the page shows it: per step, its date attribute, its link's text, the
/// passage it links to, whether it is the highlighted one, and the step's whole text.
fn timeline(browser: &mut Browser) -> Vec<(String, String, String, bool, String)> {
    let steps = browser.eval(
        "[...document.querySelectorAll('.timeline > li.step')].map(li => { \
           const a = li.querySelector('.step-item a'); \
           return [li.querySelector('time')?.getAttribute('datetime') ?? '', a.textContent, \
                   new URL(a.href).searchParams.get('passage'), \
                   li.classList.contains('current') && li.getAttribute('aria-current') === 'step', \
                   li.innerText]; })",
    );
    steps
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| {
            (
                s[0].as_str().unwrap_or("").to_string(),
                s[1].as_str().unwrap_or("").to_string(),
                s[2].as_str().unwrap_or("").to_string(),
                s[3] == json!(true),
                s[4].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// "Item 37: TITLE" as the page labels a step or a hit.
fn item_label(item: &Value) -> String {
    format!(
        "Item {}: {}",
        item["number"].as_str().unwrap_or(""),
        item["title"].as_str().unwrap_or("")
    )
}

/// Check the page's timeline against the API's thread for `id`: same steps, same order, the
/// start highlighted, each with its date, committee and excerpt.
fn assert_timeline_is_the_thread(browser: &mut Browser, server: &util::server::Server, id: &str) {
    let thread = server.json(&format!("/api/items/{id}/thread"), 200);
    let steps = thread["steps"].as_array().expect("thread steps");
    let shown = timeline(browser);
    assert_eq!(shown.len(), steps.len(), "{shown:#?}");
    for (step, (date, label, passage, current, all)) in steps.iter().zip(&shown) {
        assert_eq!(date, step["meeting"]["date"].as_str().unwrap_or(""));
        assert_eq!(label, &item_label(&step["item"]));
        assert_eq!(passage, step["passage"].as_str().unwrap_or(""));
        assert_eq!(*current, step["start"] == json!(true), "{label}");
        for part in [&step["meeting"]["committee"], &step["excerpt"]] {
            let part = part.as_str().unwrap_or("");
            assert!(all.contains(part), "{all:?} lacks {part:?}");
        }
    }
    let dates: Vec<&String> = shown.iter().map(|s| &s.0).collect();
    assert!(
        dates.windows(2).all(|w| w[0] <= w[1]),
        "oldest first: {dates:?}"
    );
    assert_eq!(shown.iter().filter(|s| s.3).count(), 1, "one current step");
    assert_eq!(count(browser, ".timeline li.current"), 1);
}

#[test]
fn search_narrow_open_in_a_real_browser() {
    let Some((_turn, mut browser)) = chromium_turn() else {
        return;
    };
    let server = util::server::Server::over_index(util::corpus_index());
    let shots = screenshot_dir();

    // Type a query and press Enter.
    search_from_the_box(&mut browser, &server.base, "foster carers");
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

#[test]
fn a_question_gets_passages_with_most_of_its_words_and_a_misspelling_a_suggestion() {
    let Some((_turn, mut browser)) = chromium_turn() else {
        return;
    };
    let server = util::server::Server::over_index(util::corpus_index());
    let shots = screenshot_dir();

    // No passage has every word of this question: the page says so and ranks passages with
    // most of them, the foster carers first.
    let question = "what training do foster carers get in wibblethorpe";
    search_from_the_box(&mut browser, &server.base, question);
    browser.wait_for("document.querySelector('.relaxed')");
    let said = text(
        &mut browser,
        "document.querySelector('.relaxed').textContent",
    );
    assert!(said.contains("No passage has every word"), "{said}");
    assert!(said.contains("most of them"), "{said}");
    assert!(count(&mut browser, ".hit") > 0);
    let first = text(
        &mut browser,
        "document.querySelector('.hit .snippet').textContent",
    );
    assert!(first.to_lowercase().contains("foster"), "{first}");
    browser.screenshot(&shots, "relaxed.png");

    // Its link is the strict search, which finds nothing and says why.
    browser.click(".relaxed a.strict");
    browser
        .wait_for("location.search.includes('matching=all') && document.querySelector('.notice')");
    assert_eq!(count(&mut browser, ".hit"), 0);
    assert_eq!(count(&mut browser, ".relaxed"), 0);

    // A word no passage has gets the index's nearest word, as a link to that search.
    browser.goto(&format!("{}/?q=fostr%20carers", server.base));
    browser.wait_for("document.querySelector('.suggestion a.suggested')");
    let suggested = text(
        &mut browser,
        "document.querySelector('.suggestion a.suggested').textContent",
    );
    assert_eq!(suggested, "foster carers");
    browser.click(".suggestion a.suggested");
    browser.wait_for(
        "new URLSearchParams(location.search).get('q') === 'foster carers' && \
         document.querySelector('.hit') && !document.querySelector('.relaxed')",
    );
    assert_eq!(count(&mut browser, ".suggestion"), 0);
}

#[test]
fn a_passage_shows_its_references_citations_and_thread() {
    let Some((_turn, mut browser)) = chromium_turn() else {
        return;
    };
    let server = util::server::Server::over_index(util::corpus_index());
    let shots = screenshot_dir();

    // The disclosure under item 34 of the December 2018 minutes cites "Minute 37", which is
    // that meeting's item 37 (tests/references.rs).
    let found = server.json("/api/search?q=%22Minute%2037%22", 200);
    let hit = found["hits"]
        .as_array()
        .and_then(|h| h.iter().find(|h| h["item"]["number"] == "34"))
        .unwrap_or_else(|| panic!("no item 34 hit: {found}"))
        .clone();
    let disclosure = hit["id"].as_str().expect("id").to_string();
    let reference = &hit["references"][0];
    assert_eq!(reference["text"], "Minute 37");
    let target = reference["target"]["id"]
        .as_str()
        .expect("resolved")
        .to_string();

    browser.goto(&format!(
        "{}/?passage={disclosure}&q=%22Minute+37%22",
        server.base
    ));
    wait_for_passage(&mut browser, &disclosure);

    // The references list: the text as printed, linked to the target, with where it leads.
    let refs = browser.eval(
        "[...document.querySelectorAll('.references li.ref')].map(li => \
           [li.dataset.status, li.querySelector('.ref-link, .ref-text').textContent, li.innerText])",
    );
    let refs = refs.as_array().expect("references").clone();
    assert_eq!(refs.len(), 1, "{refs:?}");
    assert_eq!(refs[0][0], "resolved");
    assert_eq!(refs[0][1], "Minute 37");
    let line = refs[0][2].as_str().unwrap_or("");
    assert!(
        line.contains("Item 37: UPDATED INFORMATION FOR MEMBERS")
            && line.contains("12 December 2018"),
        "{line}"
    );
    assert_eq!(
        linked_passages(&mut browser, ".references a.ref-link"),
        std::slice::from_ref(&target)
    );
    assert_eq!(
        count(&mut browser, ".cited-by li"),
        0,
        "nothing cites item 34"
    );

    // The thread: item 34, the current one, then item 37, which it cites.
    assert_timeline_is_the_thread(&mut browser, &server, &disclosure);
    let steps = timeline(&mut browser);
    assert_eq!(steps.len(), 2);
    assert!(steps[0].1.starts_with("Item 34: DISCLOSURES OF INTEREST") && steps[0].3);
    assert!(steps[1].1.starts_with("Item 37: ") && !steps[1].3);
    assert!(steps[0]
        .4
        .contains("Children's Services Overview and Scrutiny Committee"));
    browser.screenshot(&shots, "references.png");

    // Clicking the reference opens item 37, which lists the disclosure under "Cited by" and
    // is now the highlighted step of the same thread; the search is kept for "Back".
    browser.click(".references a.ref-link");
    wait_for_passage(&mut browser, &target);
    assert_eq!(
        text(
            &mut browser,
            "new URLSearchParams(location.search).get('q')"
        ),
        "\"Minute 37\""
    );
    assert!(text(
        &mut browser,
        "document.getElementById('passage-heading').textContent"
    )
    .starts_with("Item 37: UPDATED INFORMATION"));
    assert_eq!(
        linked_passages(&mut browser, ".cited-by li a"),
        std::slice::from_ref(&disclosure)
    );
    let cited = text(
        &mut browser,
        "document.querySelector('.cited-by li').innerText",
    );
    assert!(
        cited.contains("“Minute 37”") && cited.contains("Item 34"),
        "{cited}"
    );
    assert_timeline_is_the_thread(&mut browser, &server, &target);
    assert!(
        timeline(&mut browser)[1].3,
        "item 37 is now the current step"
    );
    // Its Document "P" is not among the archive's papers: unresolved, not a link.
    let unresolved = text(
        &mut browser,
        "document.querySelector('.references li[data-status=unresolved]').innerText",
    );
    assert!(
        unresolved.contains("Document \"P\"") && unresolved.to_lowercase().contains("unresolved"),
        "{unresolved}"
    );

    // A timeline step is a link too: back to item 34.
    browser.click(".timeline li:not(.current) .step-item a");
    wait_for_passage(&mut browser, &disclosure);

    // "Minute 46 (2018/19)" in the ModernGov page names a year the archive lacks: shown as
    // unresolved, with its year, and not as a link.
    let found = server.json("/api/search?q=%22Previous+Reference%22", 200);
    let moderngov = found["hits"][0]["id"].as_str().expect("a hit").to_string();
    browser.goto(&format!("{}/?passage={moderngov}", server.base));
    wait_for_passage(&mut browser, &moderngov);
    let minute = browser.eval(
        "(() => { const li = [...document.querySelectorAll('.references li.ref')] \
           .find(li => li.querySelector('.ref-text')?.textContent === 'Minute 46 (2018/19)'); \
           return li && [li.dataset.status, li.querySelector('.ref-year')?.textContent ?? '', \
                         li.querySelectorAll('a').length]; })()",
    );
    assert_eq!(minute[0], "unresolved", "{minute}");
    assert!(
        minute[1].as_str().unwrap_or("").contains("2018/19"),
        "{minute}"
    );
    assert_eq!(minute[2], 0, "an unresolved reference is not a link");
}

#[test]
fn the_timeline_orders_a_matter_across_meetings() {
    let Some((_turn, mut browser)) = chromium_turn() else {
        return;
    };
    // Minutes of one committee over two municipal years citing each other
    // (tests/fixtures/refs; the thread is checked through the CLI in tests/references.rs).
    let server = util::server::Server::start(&util::repo().join("tests/fixtures/refs"));
    let found = server.json("/api/search?q=%22Previous+Reference%3A+Minute+47%22", 200);
    let start = found["hits"][0]["id"].as_str().expect("a hit").to_string();
    browser.goto(&format!("{}/?passage={start}", server.base));
    wait_for_passage(&mut browser, &start);
    assert_timeline_is_the_thread(&mut browser, &server, &start);
    let steps = timeline(&mut browser);
    let shown: Vec<(&str, bool)> = steps.iter().map(|s| (s.0.as_str(), s.3)).collect();
    assert_eq!(
        shown,
        [
            ("2019-03-13", false),
            ("2019-03-13", false),
            ("2019-07-17", false),
            ("2019-07-17", true),
            ("2019-10-09", false),
        ]
    );
    assert!(steps[3].1.starts_with("Item 7: "), "{steps:#?}");
    assert!(
        steps[3].4.contains("cites") && steps[3].4.contains("Minute 47 (2018/19)"),
        "{}",
        steps[3].4
    );

    // The earliest step opens the March agenda's item 47, now highlighted in the same thread.
    let first = steps[0].2.clone();
    browser.click(".timeline li.step:first-child .step-item a");
    wait_for_passage(&mut browser, &first);
    let again = timeline(&mut browser);
    assert_eq!(again.len(), 5);
    assert!(again[0].3 && again.iter().filter(|s| s.3).count() == 1);

    // Two meetings fit "the minutes of the meeting held on 17 July 2019": both are offered,
    // neither is chosen.
    let found = server.json(
        "/api/search?q=%22minutes+of+the+meeting+held+on+17+July+2019%22",
        200,
    );
    let october = found["hits"]
        .as_array()
        .and_then(|h| {
            h.iter()
                .find(|h| h["document"]["path"] == "2019-10-09_minutes.txt")
        })
        .and_then(|h| h["id"].as_str())
        .unwrap_or_else(|| panic!("no October hit: {found}"))
        .to_string();
    browser.goto(&format!("{}/?passage={october}", server.base));
    wait_for_passage(&mut browser, &october);
    let ambiguous = browser.eval(
        "(() => { const li = document.querySelector('.references li[data-status=ambiguous]'); \
           return li && [li.querySelector('.ref-text').textContent, \
                         li.querySelectorAll('.candidates a').length, li.innerText]; })()",
    );
    assert_eq!(
        ambiguous[0], "the minutes of the meeting held on 17 July 2019",
        "{ambiguous}"
    );
    assert_eq!(ambiguous[1], 2, "{ambiguous}");
    let line = ambiguous[2].as_str().unwrap_or("");
    assert!(
        line.contains("2019-07-17_minutes.txt") && line.contains("2019-07-17_special_minutes.txt"),
        "{line}"
    );
}

/// A paper whose text and item title carry markup: script tags, an image with an error
/// handler, and attribute-breaking quotes.
const HOSTILE_PAPER: &str = "\
Minutes of a meeting of the Corporate Parenting Panel held on Tuesday, 5 March 2019

Present: Councillors Quill and Marsh

1. PAPERS TABLED LATE

Councillor Quill asked why the attachment titled <script>alert(1)</script> and the zanzibarquill \
link \"><img src=x onerror=alert(1)> beside it had reached members late. The Clerk undertook to \
find out.

Resolved - That the papers be circulated a week before each meeting.

2. REVIEW OF <IMG SRC=X ONERROR=ALERT(2)> LINKS

Further to Minute 1, members noted the zanzibarquill progress and asked for \
\"><script>alert(3)</script> to be removed from the portal.
";

/// No element the paper's markup could have made: the only script is the page's own, there
/// is no image, no dialog opened, and the Content Security Policy blocked nothing.
fn assert_nothing_injected(browser: &mut Browser, at: &str) {
    let scripts = browser.eval(
        "[...document.scripts].map(s => s.getAttribute('src') ?? ('inline: ' + s.textContent))",
    );
    assert_eq!(scripts, json!(["/app.js"]), "{at}: scripts");
    assert_eq!(
        count(browser, "img, [onerror], [onload], iframe, object"),
        0,
        "{at}"
    );
    assert_eq!(
        browser.eval("window.__blocked"),
        json!([]),
        "{at}: CSP violations"
    );
    assert!(
        browser.dialogs.is_empty(),
        "{at}: dialogs {:?}",
        browser.dialogs
    );
}

#[test]
fn markup_in_a_paper_shows_as_text() {
    let Some((_turn, mut browser)) = chromium_turn() else {
        return;
    };
    let corpus = util::corpus_copy();
    std::fs::write(corpus.path().join("zz_hostile.txt"), HOSTILE_PAPER).expect("write paper");
    let server = util::server::Server::start(corpus.path());
    let shots = screenshot_dir();

    search_from_the_box(&mut browser, &server.base, "zanzibarquill");
    assert_eq!(count(&mut browser, ".hit"), 2);

    // Result titles and snippets show the markup as literal, visible text.
    let titles = text(
        &mut browser,
        "[...document.querySelectorAll('.hit h3')].map(h => h.innerText).join('\\n')",
    );
    assert!(
        titles.contains("Item 2: REVIEW OF <IMG SRC=X ONERROR=ALERT(2)> LINKS"),
        "{titles}"
    );
    let snippets = text(
        &mut browser,
        "[...document.querySelectorAll('.hit .snippet')].map(s => s.innerText).join('\\n')",
    );
    for literal in [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "\"><script>alert(3)</script>",
    ] {
        assert!(snippets.contains(literal), "{literal} not in {snippets}");
    }
    assert!(
        count(&mut browser, ".hit .snippet mark") > 0,
        "matches still marked"
    );
    assert_nothing_injected(&mut browser, "results");

    // The passage in its document: the same text, literally.
    let item_one = browser.eval(
        "[...document.querySelectorAll('.hit h3 a')].find(a => a.textContent.startsWith('Item 1:')) \
           ?.closest('li').querySelector('h3 a').href",
    );
    let item_one = item_one.as_str().expect("item 1 hit").to_string();
    let passage = item_one
        .split("passage=")
        .nth(1)
        .and_then(|s| s.split('&').next())
        .expect("passage id")
        .to_string();
    browser.click(&format!("a[href*='passage={passage}']"));
    wait_for_passage(&mut browser, &passage);
    let current = text(
        &mut browser,
        "document.querySelector('.passage.current').innerText",
    );
    for literal in [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
    ] {
        assert!(current.contains(literal), "{literal} not in {current}");
    }
    let document_text = text(
        &mut browser,
        "document.querySelector('.doc-text').innerText",
    );
    assert!(document_text.contains("2. REVIEW OF <IMG SRC=X ONERROR=ALERT(2)> LINKS"));
    assert!(document_text.contains("\"><script>alert(3)</script>"));
    assert_nothing_injected(&mut browser, "passage view");

    // Item 2 cites "Minute 1": its title and text go through "Cited by", the heading and the
    // timeline as text as well.
    assert!(
        count(&mut browser, ".cited-by li a") >= 1,
        "item 2 cites item 1"
    );
    browser.click(".cited-by li a");
    browser.wait_for(
        "document.getElementById('passage-heading')?.textContent.startsWith('Item 2:') && \
         document.querySelector('.connections .thread')",
    );
    assert_eq!(
        text(
            &mut browser,
            "document.getElementById('passage-heading').innerText"
        ),
        "Item 2: REVIEW OF <IMG SRC=X ONERROR=ALERT(2)> LINKS"
    );
    let steps = timeline(&mut browser);
    assert!(
        steps
            .iter()
            .any(|s| s.3 && s.1 == "Item 2: REVIEW OF <IMG SRC=X ONERROR=ALERT(2)> LINKS"),
        "{steps:#?}"
    );
    assert!(text(&mut browser, "document.title").contains("<IMG SRC=X ONERROR=ALERT(2)>"));
    browser.screenshot(&shots, "hostile.png");
    assert_nothing_injected(&mut browser, "item 2");
}

/// Minutes reprinted in the next meeting's agenda pack come back as one hit, which says where
/// else the text appears; each place is a link to it.
#[test]
fn a_reprinted_minute_is_one_hit_that_lists_its_other_place() {
    let Some((_turn, mut browser)) = chromium_turn() else {
        return;
    };
    let server = util::server::Server::start(&util::repo().join("tests/fixtures/republished"));

    search_from_the_box(&mut browser, &server.base, "basket swing");
    assert_eq!(
        count(&mut browser, ".hit"),
        1,
        "the reprint is not a hit of its own"
    );
    let summary = text(
        &mut browser,
        "document.querySelector('.hit .copies summary')?.textContent ?? ''",
    );
    assert_eq!(summary, "Also in 1 other place");
    let total = text(
        &mut browser,
        "document.querySelector('.total')?.textContent ?? ''",
    );
    assert!(
        total.starts_with("2 passages match (1 distinct)"),
        "{total}"
    );
    let facet = "[...document.querySelectorAll('#facets label')].map(l => l.textContent).join('|')";
    assert!(
        text(&mut browser, facet).contains("minutes (2)"),
        "{}",
        text(&mut browser, facet)
    );
    // The export links give every copy, whatever the page's grouping and counting.
    exports_answer(&mut browser, &server);

    // Counting each text once: the facets count the group once, and say so.
    browser.click("#distinct");
    browser.wait_for(
        "location.search.includes('distinct=true') && document.querySelector('.facet-counting')",
    );
    assert!(
        text(&mut browser, facet).contains("minutes (1)"),
        "{}",
        text(&mut browser, facet)
    );
    exports_answer(&mut browser, &server);
    browser.eval("document.querySelector('.hit .copies summary').click()");
    let copies = linked_passages(&mut browser, ".hit .copies a");
    assert_eq!(copies.len(), 1);
    browser.click(".hit .copies a");
    wait_for_passage(&mut browser, &copies[0]);
    let shown = text(
        &mut browser,
        "document.querySelector('.passage.current')?.innerText ?? ''",
    );
    assert!(shown.contains("basket swing"), "{shown}");
}

/// The page's export links answer 200, and carry only what an export takes.
fn exports_answer(browser: &mut Browser, server: &util::server::Server) {
    for link in [
        ".tools a[href*='format=csv']",
        ".tools a[href*='format=jsonl']",
    ] {
        let href = text(
            browser,
            &format!("document.querySelector(\"{link}\").getAttribute('href')"),
        );
        assert!(
            !href.contains("distinct") && !href.contains("group"),
            "{href}"
        );
        let reply = server.get(&href);
        assert_eq!(reply.status, 200, "{href}: {}", reply.body);
    }
}

/// Whether DevTools' `error` says the page it asked was being left (a link followed).
fn navigating(error: &Value) -> bool {
    let message = error["message"].as_str().unwrap_or("");
    message.contains("navigated or closed") || message.contains("context")
}
