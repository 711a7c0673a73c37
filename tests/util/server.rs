//! Start the real `quorum serve` on a free loopback port and talk to it over HTTP.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

/// A running `quorum serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The index folder it serves.
    pub index: PathBuf,
    stderr: PathBuf,
    _dir: tempfile::TempDir,
}

/// One HTTP response.
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Content-Type, if any.
    pub content_type: String,
    /// Response headers, names lowercase.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl Reply {
    /// The body as JSON (panics with the body when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Server {
    /// Serve `corpus` with a fresh index in a temporary folder.
    pub fn start(corpus: &Path) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = dir.path().join("index");
        Server::start_in(dir, index, corpus)
    }

    /// Serve an existing index as it is (no corpus, so several servers can share it).
    pub fn over_index(index: &Path) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let no_corpus = dir.path().join("no-corpus");
        Server::start_in(dir, index.to_path_buf(), &no_corpus)
    }

    /// Serve `corpus` with the index at `index` (kept alive by `dir`).
    pub fn start_in(dir: tempfile::TempDir, index: PathBuf, corpus: &Path) -> Server {
        let stderr = dir.path().join("stderr.txt");
        let mut child = Command::new(env!("CARGO_BIN_EXE_quorum"))
            .arg("serve")
            .arg("--index")
            .arg(&index)
            .arg("--corpus")
            .arg(corpus)
            .args(["--addr", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(File::create(&stderr).expect("stderr file"))
            .spawn()
            .expect("quorum serve starts");
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            let _ = BufReader::new(stdout).read_line(&mut line);
        }
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .map(str::to_string)
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!(
                    "no 'listening on' line (got {line:?}); stderr:\n{}",
                    std::fs::read_to_string(&stderr).unwrap_or_default()
                )
            });
        Server {
            child,
            base,
            index,
            stderr,
            _dir: dir,
        }
    }

    /// GET `path_and_query` (already URL-encoded).
    pub fn get(&self, path_and_query: &str) -> Reply {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let url = format!("{}{}", self.base, path_and_query);
        let mut response = agent
            .get(&url)
            .call()
            .unwrap_or_else(|e| panic!("GET {url}: {e}\n{}", self.stderr_text()));
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect::<Vec<_>>();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_string()
            .unwrap_or_else(|e| panic!("reading {url}: {e}"));
        Reply {
            status,
            content_type,
            headers,
            body,
        }
    }

    /// GET a JSON endpoint, asserting the status.
    pub fn json(&self, path_and_query: &str, status: u16) -> Value {
        let reply = self.get(path_and_query);
        assert_eq!(reply.status, status, "GET {path_and_query}: {}", reply.body);
        assert!(
            reply.content_type.starts_with("application/json"),
            "GET {path_and_query}: content type {}",
            reply.content_type
        );
        reply.json()
    }

    /// What the server wrote on standard error so far.
    pub fn stderr_text(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `key=value&...`, URL-encoded.
pub fn query(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}
