//! The API as plain functions over the engine: parameters in, a value or an [`ApiError`] out.
//!
//! Nothing here knows about HTTP; [`super::routes`] calls these on a blocking thread under a
//! time limit and turns the result into a response. Ids are checked for shape before any
//! lookup, and a well-formed id that matches nothing is a 404 like a malformed one.

use std::sync::{Arc, Mutex};

use serde::Serialize;
use tokio::sync::Semaphore;

use crate::limits::{CONCURRENT_REQUESTS_PER_CORE, FEED_ENTRIES, MAX_EXPORT_ROWS};
use crate::search::connect::PersonRecord;
use crate::search::lookup::DocumentView;
use crate::search::lookup::{ExportPlan, PassageView, Stats};
use crate::search::thread::Thread;
use crate::search::{Engine, SearchResponse, Sort};

use super::error::ApiError;
use super::export::Format;
use super::feed::{self, FeedContext};
use super::params::{self, Params};

/// Longest id accepted; ids are 16 hex digits today.
const MAX_ID_CHARS: usize = 64;

/// What every handler shares: the engine and a cache of the archive statistics.
pub struct State {
    /// The search engine.
    pub engine: Engine,
    /// `http://addr` the server listens on: links in feeds when a request has no usable Host.
    pub base_url: String,
    stats: Mutex<Option<(u64, Arc<Stats>)>>,
    /// Permits to do index work (see [`CONCURRENT_REQUESTS_PER_CORE`]).
    pub(crate) work_slots: Arc<Semaphore>,
}

impl State {
    /// Handler state over `engine`, reachable at `base_url`.
    pub fn new(engine: Engine, base_url: String) -> State {
        State {
            engine,
            base_url,
            stats: Mutex::new(None),
            work_slots: Arc::new(Semaphore::new(
                CONCURRENT_REQUESTS_PER_CORE
                    * std::thread::available_parallelism().map_or(1, |n| n.get()),
            )),
        }
    }
}

/// What `/api/health` returns.
#[derive(Debug, Serialize)]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: &'static str,
    /// When the index was last written (RFC 3339).
    pub last_indexed: Option<String>,
}

/// `GET /api/search`.
pub fn search(engine: &Engine, raw_query: &str) -> Result<SearchResponse, ApiError> {
    let request = Params::parse(raw_query, params::SEARCH)?.to_request()?;
    Ok(engine.search(&request)?)
}

/// `GET /api/passages/{id}`.
pub fn passage(engine: &Engine, id: &str, raw_query: &str) -> Result<PassageView, ApiError> {
    Params::parse(raw_query, params::NONE)?;
    let id = checked_id("passage", id)?;
    engine
        .passage(id)?
        .ok_or_else(|| ApiError::NotFound(format!("no passage has id {id}")))
}

/// `GET /api/items/{id}/thread`: `id` is an item id `DOCID:NUMBER` or a passage id.
pub fn thread(engine: &Engine, id: &str, raw_query: &str) -> Result<Thread, ApiError> {
    Params::parse(raw_query, params::NONE)?;
    let id = decode_segment(id);
    let (document, number) = match id.split_once(':') {
        Some((d, n)) => (d, Some(n)),
        None => (id.as_str(), None),
    };
    checked_id("item", document)?;
    if number.is_some_and(|n| {
        n.is_empty()
            || n.len() > 16
            || !n
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '(' | ')' | '-' | '_'))
    }) {
        return Err(ApiError::NotFound("no item has that id".into()));
    }
    engine
        .thread(&id)?
        .ok_or_else(|| ApiError::NotFound(format!("no passage or item has id {id}")))
}

/// `GET /api/people/{name}`: an unknown name answers with empty lists.
pub fn person(engine: &Engine, name: &str, raw_query: &str) -> Result<PersonRecord, ApiError> {
    Params::parse(raw_query, params::NONE)?;
    let name = decode_segment(name);
    if name.trim().is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::BadParameter(format!(
            "a person's name has 1 to {MAX_NAME_CHARS} characters"
        )));
    }
    Ok(engine.person(&name)?)
}

/// Longest person name accepted in a path.
const MAX_NAME_CHARS: usize = 200;

/// A path segment, percent-decoded ("Nicholas%20Bennett").
fn decode_segment(segment: &str) -> String {
    let encoded = segment.replace('+', "%2B");
    form_urlencoded::parse(format!("v={encoded}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// `GET /api/documents/{id}`.
pub fn document(engine: &Engine, id: &str, raw_query: &str) -> Result<DocumentView, ApiError> {
    Params::parse(raw_query, params::NONE)?;
    let id = checked_id("document", id)?;
    engine
        .document(id)?
        .ok_or_else(|| ApiError::NotFound(format!("no document has id {id}")))
}

/// `GET /api/stats`: the archive's figures, computed once per commit the reader sees, and the
/// searches answered so far, counted live.
pub fn stats(state: &State, raw_query: &str) -> Result<Stats, ApiError> {
    Params::parse(raw_query, params::NONE)?;
    let generation = state.engine.generation();
    let cached = state.stats.lock().ok().and_then(|cache| {
        cache
            .as_ref()
            .filter(|(g, _)| *g == generation)
            .map(|(_, stats)| Arc::clone(stats))
    });
    let archive = match cached {
        Some(stats) => stats,
        None => {
            let stats = Arc::new(state.engine.stats()?);
            if let Ok(mut cache) = state.stats.lock() {
                *cache = Some((generation, Arc::clone(&stats)));
            }
            stats
        }
    };
    let mut stats = Stats::clone(&archive);
    stats.queries = state.engine.query_stats();
    Ok(stats)
}

/// `GET /api/health`.
pub fn health(engine: &Engine, raw_query: &str) -> Result<Health, ApiError> {
    Params::parse(raw_query, params::NONE)?;
    Ok(Health {
        status: "ok",
        last_indexed: engine.handle().commit_info().map(|c| c.indexed_at),
    })
}

/// `GET /api/feed.atom`: the newest matching passages as Atom XML; `base` is where the
/// server is reached, for the feed's links.
pub fn feed(engine: &Engine, raw_query: &str, base: &str) -> Result<String, ApiError> {
    let params = Params::parse(raw_query, params::FEED)?;
    let mut request = params.to_request()?;
    request.sort = Sort::DateDesc;
    request.limit = FEED_ENTRIES;
    let response = engine.search(&request)?;
    let description = describe(&params);
    let query_string = canonical(&params, params::FEED);
    let indexed_at = engine.handle().commit_info().map(|c| c.indexed_at);
    let context = FeedContext {
        base,
        query_string: &query_string,
        description: &description,
        indexed_at: indexed_at.as_deref(),
    };
    Ok(feed::atom(&response, &context))
}

/// `GET /api/export`: every matching passage, at most [`MAX_EXPORT_ROWS`], and the format.
pub fn export(engine: &Engine, raw_query: &str) -> Result<(ExportPlan, Format), ApiError> {
    let params = Params::parse(raw_query, params::EXPORT)?;
    let format = Format::parse(params.one("format")?)?;
    let request = params.to_request()?;
    Ok((engine.export(&request, MAX_EXPORT_ROWS)?, format))
}

/// Ids are short runs of letters, digits, `-` and `_`; anything else names nothing.
fn checked_id<'a>(what: &str, id: &'a str) -> Result<&'a str, ApiError> {
    let ok = !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(id)
    } else {
        Err(ApiError::NotFound(format!("no {what} has that id")))
    }
}

/// "foster carers · committee: Executive": a search in words, for a feed's title.
fn describe(params: &Params) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(params.all("q").into_iter().map(str::to_string));
    for name in params::FEED.names().into_iter().filter(|n| *n != "q") {
        let values = params.all(name);
        if !values.is_empty() {
            parts.push(format!("{name}: {}", values.join(" or ")));
        }
    }
    parts.join(" · ")
}

/// The parameters among `names`, re-encoded in a fixed order.
fn canonical(params: &Params, accepts: params::Accepts) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for name in accepts.names() {
        for value in params.all(name) {
            out.append_pair(name, value);
        }
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_outside_the_alphabet_name_nothing() {
        for bad in ["", "../etc/passwd", "..%2F..%2Fetc", "a b", &"a".repeat(65)] {
            assert!(matches!(
                checked_id("passage", bad),
                Err(ApiError::NotFound(_))
            ));
        }
        assert!(checked_id("passage", "0aad76aab9d0a3a0").is_ok());
    }

    #[test]
    fn feed_descriptions_and_links_are_stable() {
        let params =
            Params::parse("council=B&q=foster&committee=A&committee=C", params::FEED).unwrap();
        assert_eq!(describe(&params), "foster · committee: A or C · council: B");
        assert_eq!(
            canonical(&params, params::FEED),
            "q=foster&committee=A&committee=C&council=B"
        );
    }
}
