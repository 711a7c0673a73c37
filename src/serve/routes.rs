//! The HTTP surface: which path calls which [`super::api`] function, and how its result is
//! written.
//!
//! In: requests routed by warp. Out: JSON, Atom, CSV/JSONL or the embedded page. Index work runs
//! with `blocking` (a blocking thread under [`REQUEST_TIME_LIMIT_SECS`], so a slow search
//! neither stalls the async workers nor holds a client forever, and a panic in it becomes a 500,
//! not a dead server). Every failure, from a handler or from routing, becomes JSON in
//! [`ApiError::into_response`].

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use serde::Serialize;
use warp::http::{header, HeaderValue};
use warp::reply::Response;
use warp::{Filter, Reply};

use crate::limits::{MAX_EXPORT_ROWS, REQUEST_TIME_LIMIT_SECS};
use crate::search::lookup::ExportPlan;

use super::api::{self, State};
use super::error::{self, ApiError};
use super::export::{self, Format};

const INDEX_HTML: &str = include_str!("static/index.html");
const APP_JS: &str = include_str!("static/app.js");
const STYLE_CSS: &str = include_str!("static/style.css");
const OPENAPI_JSON: &str = include_str!("openapi.json");

/// Chunks of an export in flight between the blocking writer and the response body.
const EXPORT_CHANNEL_CHUNKS: usize = 4;

/// The page may load only its own files and talk only to its own server.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

/// Every route, with errors turned into JSON.
pub fn routes(
    state: Arc<State>,
) -> impl Filter<Extract = (Response,), Error = Infallible> + Clone + Send + Sync + 'static {
    let with_state = warp::any().map(move || state.clone());
    let html = warp::path::end().map(|| page(INDEX_HTML, "text/html; charset=utf-8"));
    let js = warp::path!("app.js").map(|| page(APP_JS, "text/javascript; charset=utf-8"));
    let css = warp::path!("style.css").map(|| page(STYLE_CSS, "text/css; charset=utf-8"));
    let openapi =
        warp::path!("api" / "openapi.json").map(|| typed(OPENAPI_JSON.into(), "application/json"));
    let search = warp::path!("api" / "search")
        .and(with_state.clone())
        .and(raw_query())
        .then(|state, raw: String| async move {
            json(blocking(state, move |s| api::search(&s.engine, &raw)).await)
        });
    let passage = warp::path!("api" / "passages" / String)
        .and(with_state.clone())
        .and(raw_query())
        .then(|id: String, state, raw: String| async move {
            json(blocking(state, move |s| api::passage(&s.engine, &id, &raw)).await)
        });
    let thread = warp::path!("api" / "items" / String / "thread")
        .and(with_state.clone())
        .and(raw_query())
        .then(|id: String, state, raw: String| async move {
            json(blocking(state, move |s| api::thread(&s.engine, &id, &raw)).await)
        });
    let person = warp::path!("api" / "people" / String)
        .and(with_state.clone())
        .and(raw_query())
        .then(|name: String, state, raw: String| async move {
            json(blocking(state, move |s| api::person(&s.engine, &name, &raw)).await)
        });
    let document = warp::path!("api" / "documents" / String)
        .and(with_state.clone())
        .and(raw_query())
        .then(|id: String, state, raw: String| async move {
            json(blocking(state, move |s| api::document(&s.engine, &id, &raw)).await)
        });
    let stats = warp::path!("api" / "stats")
        .and(with_state.clone())
        .and(raw_query())
        .then(|state, raw: String| async move {
            json(blocking(state, move |s| api::stats(s, &raw)).await)
        });
    let health = warp::path!("api" / "health")
        .and(with_state.clone())
        .and(raw_query())
        .then(|state, raw: String| async move {
            json(blocking(state, move |s| api::health(&s.engine, &raw)).await)
        });
    let feed = warp::path!("api" / "feed.atom")
        .and(with_state.clone())
        .and(raw_query())
        .and(warp::header::optional::<String>("host"))
        .then(
            |state: Arc<State>, raw: String, host: Option<String>| async move {
                let base = base_url(host.as_deref(), &state.base_url);
                let result = blocking(state, move |s| api::feed(&s.engine, &raw, &base)).await;
                match result {
                    Ok(xml) => typed(xml.into(), "application/atom+xml; charset=utf-8"),
                    Err(e) => e.into_response(),
                }
            },
        );
    let export = warp::path!("api" / "export")
        .and(with_state)
        .and(raw_query())
        .then(|state, raw: String| async move {
            match blocking(state, move |s| api::export(&s.engine, &raw)).await {
                Ok((plan, format)) => stream_export(plan, format),
                Err(e) => e.into_response(),
            }
        });
    let api = search
        .or(passage)
        .unify()
        .or(document)
        .unify()
        .or(thread)
        .unify()
        .or(person)
        .unify()
        .or(stats)
        .unify()
        .or(health)
        .unify()
        .or(feed)
        .unify()
        .or(export)
        .unify()
        .or(openapi)
        .unify();
    let site = html.or(js).unify().or(css).unify();
    warp::get()
        .and(api.or(site).unify())
        .recover(error::recover)
        .unify()
        .map(|mut response: Response| {
            response.headers_mut().insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            response
        })
}

/// The raw query string, empty when the request has none.
fn raw_query() -> impl Filter<Extract = (String,), Error = Infallible> + Clone {
    warp::query::raw().or(warp::any().map(String::new)).unify()
}

/// Run `work` on a blocking thread once a work slot is free, all under the request time limit
/// (the client's wait is what the limit bounds, queueing included).
async fn blocking<T, F>(state: Arc<State>, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&State) -> Result<T, ApiError> + Send + 'static,
{
    let run = async move {
        let permit = Arc::clone(&state.work_slots)
            .acquire_owned()
            .await
            .map_err(|e| ApiError::Internal(format!("work slots closed: {e}")))?;
        // The permit moves into the task: a request that times out still holds its slot until
        // its work really ends, so the cores are never oversubscribed.
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&state)
        });
        task.await
            .map_err(|join| ApiError::Internal(format!("request worker failed: {join}")))?
    };
    match tokio::time::timeout(Duration::from_secs(REQUEST_TIME_LIMIT_SECS), run).await {
        Err(_) => Err(ApiError::Timeout(REQUEST_TIME_LIMIT_SECS)),
        Ok(result) => result,
    }
}

/// A value as a JSON response, or its error.
fn json<T: Serialize>(result: Result<T, ApiError>) -> Response {
    let bytes = result.and_then(|value| {
        serde_json::to_vec(&value).map_err(|e| ApiError::Internal(format!("encoding JSON: {e}")))
    });
    match bytes {
        Ok(bytes) => typed(bytes.into(), "application/json"),
        Err(e) => e.into_response(),
    }
}

fn typed(body: warp::hyper::body::Bytes, content_type: &'static str) -> Response {
    let mut response = Response::new(body.into());
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// One of the embedded page's files.
fn page(body: &'static str, content_type: &'static str) -> Response {
    let mut response = typed(body.into(), content_type);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// `http://HOST` from the request's Host header when it is a plain host\[:port\], else the
/// server's own address: feed links must point where the reader reached us.
fn base_url(host: Option<&str>, fallback: &str) -> String {
    let usable = |h: &&str| {
        !h.is_empty()
            && h.len() <= 255
            && h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    };
    match host.filter(usable) {
        Some(h) => format!("http://{h}"),
        None => fallback.to_string(),
    }
}

/// Stream an export's rows as the response body, with the cap and counts in headers.
fn stream_export(plan: ExportPlan, format: Format) -> Response {
    let (sender, receiver) = tokio::sync::mpsc::channel(EXPORT_CHANNEL_CHUNKS);
    let (rows, total) = (plan.len(), plan.total);
    let matching = match plan.matching {
        crate::search::Matching::All => "all",
        crate::search::Matching::Most => "most",
    };
    tokio::task::spawn_blocking(move || export::write_all(&plan, format, &sender));
    let mut response = warp::reply::stream(Chunks(receiver)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    let disposition = format!("attachment; filename=\"{}\"", format.file_name());
    for (name, value) in [
        ("content-disposition", disposition),
        ("x-export-cap", MAX_EXPORT_ROWS.to_string()),
        ("x-export-rows", rows.to_string()),
        ("x-total-matches", total.to_string()),
        ("x-matching", matching.to_string()),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}

/// The receiving end of an export, as a body stream.
struct Chunks(tokio::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>);

impl warp::Stream for Chunks {
    type Item = std::io::Result<Vec<u8>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_links_use_a_plain_host_header_only() {
        assert_eq!(
            base_url(Some("example.org:8080"), "x"),
            "http://example.org:8080"
        );
        assert_eq!(base_url(Some("[::1]:80"), "x"), "http://[::1]:80");
        assert_eq!(
            base_url(Some("evil\"><x"), "http://fallback"),
            "http://fallback"
        );
        assert_eq!(base_url(None, "http://fallback"), "http://fallback");
    }

    #[test]
    fn openapi_document_is_json_describing_every_api_path() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI_JSON).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        for path in [
            "/api/search",
            "/api/passages/{id}",
            "/api/documents/{id}",
            "/api/stats",
            "/api/health",
            "/api/feed.atom",
            "/api/export",
            "/api/openapi.json",
        ] {
            assert!(paths.contains_key(path), "{path} is not in openapi.json");
        }
    }
}
