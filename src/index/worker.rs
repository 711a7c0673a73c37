//! Reading untrusted files in a child process, so that no file can take the indexer down.
//!
//! A panic can be caught, but a stack overflow or an allocation failure aborts the whole
//! process, and a parser stuck in a loop never returns. So each indexing thread drives its own
//! `quorum worker` child: the parent sends one [`Job`] per line on the child's standard input,
//! the child extracts and understands the file and answers one [`Answer`] per line. The child
//! caps its own address space; the parent kills it when a file takes longer than the time limit.
//! A dead child costs only the file it was reading (recorded as `timeout`, `oom` or `crash`)
//! and is replaced for the next file.
//!
//! Reading a scanned page by OCR takes seconds, and the child runs Tesseract as a child of its
//! own. So the child says [`HEARTBEAT`] before each page it reads that way, which gives the file
//! another time limit plus Tesseract's own per page ([`OCR_PAGE_TIMEOUT_SECS`]); the
//! number of such pages per file is capped (`--ocr-pages`). Each worker leads a process group
//! of its own, and a worker killed for its time takes its Tesseract with it.

use std::cell::RefCell;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::extract::ocr::OcrSettings;
use crate::extract::Format;
use crate::limits::OCR_PAGE_TIMEOUT_SECS;
use crate::model::{Document, FailureKind};
use crate::understand::sidecar::Metadata;

/// One file for a worker to read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// Where the file is.
    pub path: PathBuf,
    /// Its path relative to the corpus.
    pub rel: String,
    /// How to read it.
    pub format: Format,
    /// Sidecar metadata, when the corpus gives any for this file.
    #[serde(default)]
    pub metadata: Option<Metadata>,
    /// How scanned pages are read.
    pub ocr: OcrSettings,
}

/// The line a worker writes while it reads a file, before each page it reads by OCR: "still
/// working, and on a slow page".
pub const HEARTBEAT: &str = ".";

/// What a worker answers for one job.
#[derive(Debug, Serialize, Deserialize)]
pub enum Answer {
    /// The file, understood.
    Indexed(Box<Document>),
    /// The file could not be read: why, in a word and in a line.
    Failed {
        /// The kind of failure.
        kind: FailureKind,
        /// What went wrong.
        reason: String,
        /// Content hash, when the file could be read.
        hash: String,
    },
}

/// Limits a worker runs under.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    /// The quorum executable to run as `quorum worker`.
    pub exe: PathBuf,
    /// Longest time one file may take before its worker is killed.
    pub file_timeout: Duration,
    /// Address-space limit of a worker, in bytes.
    pub memory_bytes: u64,
}

/// Serve jobs from `input` to `output` until `input` closes: the body of `quorum worker`.
///
/// `read` does the work for one job, calling its second argument before each slow step (a
/// page read by OCR) to write a [`HEARTBEAT`]; a panic in it becomes a `crash` answer.
pub fn serve_jobs(
    input: impl Read,
    output: impl Write,
    read: impl Fn(&Job, &dyn Fn()) -> Answer,
) -> io::Result<()> {
    let output = RefCell::new(output);
    let beat = || {
        let mut output = output.borrow_mut();
        // A parent that stopped listening sees the answer fail instead.
        let _ = writeln!(output, "{HEARTBEAT}").and_then(|_| output.flush());
    };
    for line in BufReader::new(input).lines() {
        let line = line?;
        let answer = match serde_json::from_str::<Job>(&line) {
            Ok(job) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&job, &beat)))
                .unwrap_or_else(|panic| Answer::Failed {
                    kind: FailureKind::Crash,
                    reason: format!("the reader panicked: {}", panic_message(&panic)),
                    hash: String::new(),
                }),
            Err(e) => Answer::Failed {
                kind: FailureKind::Io,
                reason: format!("malformed job: {e}"),
                hash: String::new(),
            },
        };
        let json = serde_json::to_string(&answer).map_err(io::Error::other)?;
        let mut output = output.borrow_mut();
        writeln!(output, "{json}")?;
        output.flush()?;
    }
    Ok(())
}

pub(crate) fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Cap this process's address space (called by the worker on itself at start).
pub fn limit_own_memory(bytes: u64) -> io::Result<()> {
    rlimit::setrlimit(rlimit::Resource::AS, bytes, bytes)
}

/// Why a worker produced no answer for a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lost {
    /// [`FailureKind::Timeout`], [`FailureKind::Oom`] or [`FailureKind::Crash`].
    pub kind: FailureKind,
    /// One line.
    pub reason: String,
}

/// A running `quorum worker` child, driven by one indexing thread.
pub struct Worker {
    child: Child,
    stdin: ChildStdin,
    answers: Receiver<String>,
    stderr_tail: Arc<Mutex<String>>,
    settings: WorkerSettings,
}

/// How much of a worker's standard error is kept to explain its death.
const STDERR_TAIL_BYTES: usize = 4096;

impl Worker {
    /// Start a worker.
    pub fn spawn(settings: &WorkerSettings) -> io::Result<Worker> {
        let mut child = Command::new(&settings.exe)
            .arg("worker")
            .arg("--memory-bytes")
            .arg(settings.memory_bytes.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // A group of its own, so that killing it kills the Tesseract it runs.
            .process_group(0)
            .spawn()?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| io::Error::other("no stdin"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| io::Error::other("no stdout"))?;
        let stderr = child
            .stderr
            .take()
            .ok_or_else(|| io::Error::other("no stderr"))?;
        let (sender, answers) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr_tail = Arc::new(Mutex::new(String::new()));
        let tail = Arc::clone(&stderr_tail);
        std::thread::spawn(move || keep_tail(stderr, &tail));
        Ok(Worker {
            child,
            stdin,
            answers,
            stderr_tail,
            settings: settings.clone(),
        })
    }

    /// Run one job. On `Err`, the worker is dead and must be replaced.
    pub fn run(&mut self, job: &Job) -> Result<Answer, Lost> {
        let line = serde_json::to_string(job).map_err(|e| Lost {
            kind: FailureKind::Crash,
            reason: format!("cannot encode job: {e}"),
        })?;
        if writeln!(self.stdin, "{line}")
            .and_then(|_| self.stdin.flush())
            .is_err()
        {
            return Err(self.death());
        }
        let mut deadline = Instant::now() + self.settings.file_timeout;
        let mut slow_pages = 0u64;
        loop {
            let wait = deadline.saturating_duration_since(Instant::now());
            match self.answers.recv_timeout(wait) {
                Ok(line) if line == HEARTBEAT => {
                    slow_pages += 1;
                    deadline = Instant::now()
                        + self.settings.file_timeout
                        + Duration::from_secs(OCR_PAGE_TIMEOUT_SECS);
                }
                Ok(answer) => {
                    return serde_json::from_str(&answer).map_err(|e| Lost {
                        kind: FailureKind::Crash,
                        reason: format!("unreadable answer from worker: {e}"),
                    })
                }
                Err(RecvTimeoutError::Timeout) => {
                    self.kill();
                    let reason = match slow_pages {
                        0 => format!(
                            "took longer than {} s to read",
                            self.settings.file_timeout.as_secs()
                        ),
                        n => format!(
                            "took longer than {} s to read after reading {n} pages by OCR",
                            self.settings.file_timeout.as_secs()
                        ),
                    };
                    return Err(Lost {
                        kind: FailureKind::Timeout,
                        reason,
                    });
                }
                Err(RecvTimeoutError::Disconnected) => return Err(self.death()),
            }
        }
    }

    /// Kill the worker and everything it started (its process group), and wait for it.
    fn kill(&mut self) {
        self.kill_group();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Kill what the worker started; called before the worker is waited for.
    fn kill_group(&self) {
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: `kill` has no memory effects; the group is the worker's own (it was
            // started with `process_group(0)`, so its group id is its pid) and it has not been
            // waited for, so the id cannot have been reused.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }

    /// Why the child died, from its exit status and the end of its standard error.
    fn death(&mut self) -> Lost {
        self.kill_group();
        let status = self.child.wait();
        // Give the stderr thread a moment to collect the last words.
        std::thread::sleep(Duration::from_millis(20));
        let tail = self
            .stderr_tail
            .lock()
            .map(|t| t.clone())
            .unwrap_or_default();
        let last_line = tail.lines().last().unwrap_or("").trim().to_string();
        let status = status.map_or_else(|e| e.to_string(), |s| s.to_string());
        if tail.contains("memory allocation") || tail.contains("out of memory") {
            Lost {
                kind: FailureKind::Oom,
                reason: format!(
                    "needed more than {} MiB of memory ({status})",
                    self.settings.memory_bytes >> 20
                ),
            }
        } else {
            Lost {
                kind: FailureKind::Crash,
                reason: format!("the reader died ({status}): {last_line}"),
            }
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.kill();
    }
}

fn keep_tail(mut stderr: impl Read, tail: &Mutex<String>) {
    let mut buf = [0u8; 1024];
    while let Ok(n) = stderr.read(&mut buf) {
        if n == 0 {
            break;
        }
        if let Ok(mut t) = tail.lock() {
            t.push_str(&String::from_utf8_lossy(&buf[..n]));
            if t.len() > STDERR_TAIL_BYTES {
                let cut = t.len() - STDERR_TAIL_BYTES;
                let cut = (cut..t.len()).find(|i| t.is_char_boundary(*i)).unwrap_or(0);
                t.drain(..cut);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_answered_line_by_line_and_panics_become_crashes() {
        let jobs = [
            Job {
                path: "a.txt".into(),
                rel: "a.txt".into(),
                format: Format::Text,
                metadata: None,
                ocr: OcrSettings::off(),
            },
            Job {
                path: "boom.txt".into(),
                rel: "boom.txt".into(),
                format: Format::Text,
                metadata: None,
                ocr: OcrSettings::off(),
            },
        ];
        let input: String = jobs
            .iter()
            .map(|j| serde_json::to_string(j).unwrap() + "\n")
            .collect::<String>()
            + "not json\n";
        let mut output = Vec::new();
        serve_jobs(input.as_bytes(), &mut output, |job, beat| {
            beat();
            if job.rel == "boom.txt" {
                panic!("kaboom");
            }
            Answer::Failed {
                kind: FailureKind::Empty,
                reason: "no text".into(),
                hash: "h".into(),
            }
        })
        .unwrap();
        let text = String::from_utf8(output).unwrap();
        assert_eq!(text.lines().filter(|l| *l == HEARTBEAT).count(), 2);
        let answers: Vec<Answer> = text
            .lines()
            .filter(|l| *l != HEARTBEAT)
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(answers.len(), 3);
        assert!(matches!(&answers[0], Answer::Failed { kind, .. } if *kind == FailureKind::Empty));
        assert!(
            matches!(&answers[1], Answer::Failed { kind, reason, .. } if *kind == FailureKind::Crash && reason.contains("kaboom"))
        );
        assert!(matches!(&answers[2], Answer::Failed { kind, .. } if *kind == FailureKind::Io));
    }
}
