//! A polite HTTP client for one site: one request at a time, at most `rate` a second, with
//! timeouts, retries with back-off on 429 and 5xx, a size cap on every body, `http(s)` only and
//! no redirect to another host.
//!
//! In: addresses on the site given to [`Client::new`]. Out: bodies, streamed into a writer
//! ([`Client::download`]) or returned ([`Client::get`]), with the content type the server
//! stated; or a [`FetchError`] saying why not, whose [`FetchError::kind`] is what the harvest
//! summary and its state record.

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use thiserror::Error;
use url::Url;

use super::FailKind;

/// Sent with every request: names quorum and its version, so a site's administrator can tell
/// who is fetching.
pub const USER_AGENT: &str = concat!(
    "quorum/",
    env!("CARGO_PKG_VERSION"),
    " (committee papers harvester)"
);

/// Redirects followed for one request (each on the same host) before giving up.
const MAX_REDIRECTS: usize = 5;

/// Longest wait a server's `Retry-After` may ask for; longer waits are cut to this.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// How a client behaves.
#[derive(Debug, Clone)]
pub struct Politeness {
    /// Requests a second, at most (one request at a time in any case).
    pub rate: f64,
    /// Longest time one request may take, body included.
    pub timeout: Duration,
    /// Tries after the first when the server answers 429 or 5xx, or the connection fails.
    pub retries: u32,
    /// The first wait before a retry; each later one doubles it.
    pub backoff: Duration,
    /// Largest body read, in bytes; a larger one is refused.
    pub max_bytes: u64,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness {
            rate: 1.0,
            timeout: Duration::from_secs(60),
            retries: 4,
            backoff: Duration::from_secs(1),
            max_bytes: 100 << 20,
        }
    }
}

/// Why an address could not be fetched.
#[derive(Debug, Error)]
pub enum FetchError {
    /// Not an `http` or `https` address, or not one at all.
    #[error("not an http(s) address: {0}")]
    Scheme(String),
    /// The address, or a redirect, leads off the site.
    #[error("leads to another host ({0}); only the site's own host is fetched")]
    Offsite(String),
    /// Too many redirects, or one without a usable `Location`.
    #[error("{0}")]
    Redirect(String),
    /// The body is larger than the cap.
    #[error("larger than the {0}-byte cap")]
    TooLarge(u64),
    /// The server answered with an error status (after any retries).
    #[error("HTTP {0}")]
    Status(u16),
    /// The connection failed or timed out (after any retries).
    #[error("{0}")]
    Network(String),
    /// Writing the body failed.
    #[error("writing: {0}")]
    Io(#[from] io::Error),
}

impl FetchError {
    /// The kind of failure, as the summary and the state record it.
    pub fn kind(&self) -> FailKind {
        match self {
            FetchError::Scheme(_) | FetchError::Offsite(_) => FailKind::Refused,
            FetchError::Redirect(_) => FailKind::Redirect,
            FetchError::TooLarge(_) => FailKind::TooLarge,
            FetchError::Status(_) => FailKind::Status,
            FetchError::Network(_) => FailKind::Network,
            FetchError::Io(_) => FailKind::Io,
        }
    }
}

/// What came back with a body.
#[derive(Debug, Clone, Default)]
pub struct Fetched {
    /// The `Content-Type` the server stated, without parameters, lowercase.
    pub content_type: Option<String>,
    /// Bytes of the body.
    pub bytes: u64,
    /// What the server said identifies this version of the body.
    pub validators: Validators,
}

/// A body's version as the server identifies it (`ETag`, `Last-Modified`): sent back with the
/// next request for it, so an unchanged body is answered `304 Not Modified` and not sent again.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    /// The `ETag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The `Last-Modified` date, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    /// True when the server gave neither.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// The client for one site.
pub struct Client {
    agent: ureq::Agent,
    host: String,
    politeness: Politeness,
    last: Option<Instant>,
    requests: u64,
}

impl Client {
    /// A client for the site at `site` (its host is the only one fetched).
    pub fn new(site: &Url, politeness: Politeness) -> Result<Client, FetchError> {
        let host = site_host(site)?;
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(politeness.timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .build();
        Ok(Client {
            agent: config.into(),
            host,
            politeness,
            last: None,
            requests: 0,
        })
    }

    /// Requests sent so far, retries included.
    pub fn requests(&self) -> u64 {
        self.requests
    }

    /// The body at `url`, read whole (within the cap).
    pub fn get(&mut self, url: &Url) -> Result<(Vec<u8>, Fetched), FetchError> {
        let mut body = Vec::new();
        let fetched = self.download(url, &mut body)?;
        Ok((body, fetched))
    }

    /// Stream the body at `url` into `sink`. On an error part of the body may have been
    /// written; the caller discards it.
    pub fn download(&mut self, url: &Url, sink: &mut dyn Write) -> Result<Fetched, FetchError> {
        self.download_if_changed(url, &Validators::default(), sink)?
            .ok_or(FetchError::Status(304))
    }

    /// Like [`Client::download`], but asking the server to send the body only if it is no
    /// longer the version `known` identifies: `None` when it is unchanged (`304`).
    pub fn download_if_changed(
        &mut self,
        url: &Url,
        known: &Validators,
        sink: &mut dyn Write,
    ) -> Result<Option<Fetched>, FetchError> {
        let mut at = url.clone();
        for _ in 0..=MAX_REDIRECTS {
            self.check(&at)?;
            let response = self.send(&at, known)?;
            let status = response.status().as_u16();
            if status == 304 && !known.is_empty() {
                return Ok(None);
            }
            if (300..400).contains(&status) && status != 304 {
                let location = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| {
                        FetchError::Redirect(format!("HTTP {status} without a Location"))
                    })?;
                at = at.join(location).map_err(|e| {
                    FetchError::Redirect(format!("redirect to a bad address {location:?}: {e}"))
                })?;
                continue;
            }
            if !(200..300).contains(&status) {
                return Err(FetchError::Status(status));
            }
            return self.read_body(response, sink).map(Some);
        }
        Err(FetchError::Redirect(format!(
            "more than {MAX_REDIRECTS} redirects"
        )))
    }

    fn check(&self, url: &Url) -> Result<(), FetchError> {
        let host = site_host(url)?;
        if host != self.host {
            return Err(FetchError::Offsite(host));
        }
        Ok(())
    }

    /// One request, retried on 429, 5xx and failed connections, paced by the rate.
    fn send(
        &mut self,
        url: &Url,
        known: &Validators,
    ) -> Result<ureq::http::Response<ureq::Body>, FetchError> {
        let mut attempt = 0;
        loop {
            self.pace();
            self.requests += 1;
            let mut request = self.agent.get(url.as_str());
            if let Some(etag) = &known.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(date) = &known.last_modified {
                request = request.header("If-Modified-Since", date);
            }
            let wait = match request.call() {
                Ok(response) => {
                    let status = response.status().as_u16();
                    if status != 429 && !(500..600).contains(&status) {
                        return Ok(response);
                    }
                    if attempt >= self.politeness.retries {
                        return Err(FetchError::Status(status));
                    }
                    retry_after(&response).unwrap_or_else(|| self.backoff(attempt))
                }
                Err(e) => {
                    if attempt >= self.politeness.retries || !transient(&e) {
                        return Err(network(e));
                    }
                    self.backoff(attempt)
                }
            };
            attempt += 1;
            tracing::debug!(url = %url, attempt, wait_ms = wait.as_millis() as u64, "retrying");
            std::thread::sleep(wait);
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        self.politeness
            .backoff
            .saturating_mul(1u32 << attempt.min(16))
    }

    /// Sleep until the rate allows the next request.
    fn pace(&mut self) {
        if self.politeness.rate > 0.0 {
            let gap = Duration::from_secs_f64(1.0 / self.politeness.rate);
            if let Some(last) = self.last {
                let since = last.elapsed();
                if since < gap {
                    std::thread::sleep(gap - since);
                }
            }
        }
        self.last = Some(Instant::now());
    }

    fn read_body(
        &self,
        mut response: ureq::http::Response<ureq::Body>,
        sink: &mut dyn Write,
    ) -> Result<Fetched, FetchError> {
        let cap = self.politeness.max_bytes;
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty());
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        if response.body().content_length().is_some_and(|n| n > cap) {
            return Err(FetchError::TooLarge(cap));
        }
        // No limit of ureq's own: the cap is checked here, one byte past it.
        let reader = response.body_mut().with_config().limit(u64::MAX).reader();
        let mut limited = reader.take(cap + 1);
        let mut buffer = [0u8; 64 * 1024];
        let mut bytes = 0u64;
        loop {
            let n = match limited.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(FetchError::Network(format!("reading the body: {e}"))),
            };
            bytes += n as u64;
            if bytes > cap {
                return Err(FetchError::TooLarge(cap));
            }
            sink.write_all(&buffer[..n])?;
        }
        Ok(Fetched {
            content_type,
            bytes,
            validators,
        })
    }
}

/// The lowercase host (with any port) of an http(s) address.
pub fn site_host(url: &Url) -> Result<String, FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::Scheme(url.to_string()));
    }
    let host = url
        .host_str()
        .ok_or_else(|| FetchError::Scheme(url.to_string()))?;
    Ok(match url.port() {
        Some(port) => format!("{}:{port}", host.to_ascii_lowercase()),
        None => host.to_ascii_lowercase(),
    })
}

fn retry_after(response: &ureq::http::Response<ureq::Body>) -> Option<Duration> {
    let seconds: u64 = response
        .headers()
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

fn transient(e: &ureq::Error) -> bool {
    matches!(
        e,
        ureq::Error::Io(_) | ureq::Error::Timeout(_) | ureq::Error::ConnectionFailed
    )
}

fn network(e: ureq::Error) -> FetchError {
    FetchError::Network(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_compare_without_case_and_with_port() {
        let a = Url::parse("https://Democracy.Example.gov.uk/x").unwrap();
        assert_eq!(site_host(&a).unwrap(), "democracy.example.gov.uk");
        let b = Url::parse("http://127.0.0.1:8081/y").unwrap();
        assert_eq!(site_host(&b).unwrap(), "127.0.0.1:8081");
        let c = Url::parse("file:///etc/passwd").unwrap();
        assert!(matches!(site_host(&c), Err(FetchError::Scheme(_))));
    }

    #[test]
    fn backoff_doubles() {
        let site = Url::parse("http://127.0.0.1/").unwrap();
        let client = Client::new(
            &site,
            Politeness {
                backoff: Duration::from_millis(100),
                ..Politeness::default()
            },
        )
        .unwrap();
        assert_eq!(client.backoff(0), Duration::from_millis(100));
        assert_eq!(client.backoff(2), Duration::from_millis(400));
    }
}
