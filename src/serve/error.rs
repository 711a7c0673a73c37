//! The one place an error becomes an HTTP response.
//!
//! In: an [`ApiError`] from a handler, a [`SearchError`] from the engine, or a
//! [`warp::Rejection`] from routing (no such route, wrong method). Out: a response with the
//! right status and the body `{"error": {"code": "...", "message": "..."}}`.
//!
//! Anything a client sends maps to a 4xx; a 5xx means the index or the server failed, and its
//! details go to the log rather than to the client.

use std::convert::Infallible;

use serde::Serialize;
use warp::http::{header, HeaderValue, StatusCode};
use warp::reply::Response;
use warp::Rejection;

use crate::search::SearchError;

/// Why a request could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The query text is malformed or over a limit (400 `bad_query`).
    #[error("{0}")]
    BadQuery(String),
    /// A parameter is unknown, repeated, malformed or out of range (400 `bad_parameter`).
    #[error("{0}")]
    BadParameter(String),
    /// No passage or document has that id, or no route has that path (404 `not_found`).
    #[error("{0}")]
    NotFound(String),
    /// The path exists but not for this method (405 `method_not_allowed`).
    #[error("this path only answers GET")]
    MethodNotAllowed,
    /// The work ran past [`crate::limits::REQUEST_TIME_LIMIT_SECS`] (503 `timeout`).
    #[error("the request took longer than {0} seconds; try a narrower query")]
    Timeout(u64),
    /// The index could not be read or a worker failed: ours, not the client's (500 `internal`).
    #[error("{0}")]
    Internal(String),
}

impl From<SearchError> for ApiError {
    fn from(e: SearchError) -> Self {
        match e {
            SearchError::BadQuery(m) => ApiError::BadQuery(m),
            SearchError::BadParameter(m) => ApiError::BadParameter(m),
            SearchError::Index(e) => ApiError::Internal(e.to_string()),
        }
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: Detail<'a>,
}

#[derive(Serialize)]
struct Detail<'a> {
    code: &'a str,
    message: &'a str,
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadQuery(_) | ApiError::BadParameter(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadQuery(_) => "bad_query",
            ApiError::BadParameter(_) => "bad_parameter",
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Timeout(_) => "timeout",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The JSON error response. Internal details are logged, not sent.
    pub fn into_response(self) -> Response {
        let message = match &self {
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error answering a request");
                "the server could not read its index; the details are in its log".to_string()
            }
            other => other.to_string(),
        };
        let body = Body {
            error: Detail {
                code: self.code(),
                message: &message,
            },
        };
        let text = serde_json::to_string(&body).unwrap_or_else(|_| {
            r#"{"error":{"code":"internal","message":"unprintable error"}}"#.to_string()
        });
        let mut response = Response::new(text.into());
        *response.status_mut() = self.status();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }

    /// The error a routing rejection stands for.
    pub fn from_rejection(rejection: &Rejection) -> ApiError {
        if let Some(e) = rejection.find::<warp::reject::MethodNotAllowed>() {
            tracing::debug!(%e, "method not allowed");
            return ApiError::MethodNotAllowed;
        }
        if rejection.is_not_found() {
            return ApiError::NotFound("no such page or endpoint; see /api/openapi.json".into());
        }
        // Headers warp could not read, and the like: the client's request was malformed.
        ApiError::BadParameter(format!("malformed request: {rejection:?}"))
    }
}

/// warp's recover handler: every rejection that reaches it becomes a JSON error.
pub async fn recover(rejection: Rejection) -> Result<Response, Infallible> {
    Ok(ApiError::from_rejection(&rejection).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(e: ApiError) -> (StatusCode, serde_json::Value) {
        let response = e.into_response();
        let status = response.status();
        let bytes = futures_body(response);
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    fn futures_body(response: Response) -> Vec<u8> {
        use warp::hyper::body::Body as _;
        let mut body = response.into_body();
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut out = Vec::new();
        while let std::task::Poll::Ready(Some(Ok(frame))) =
            std::pin::Pin::new(&mut body).poll_frame(&mut cx)
        {
            if let Ok(data) = frame.into_data() {
                out.extend_from_slice(&data);
            }
        }
        out
    }

    #[test]
    fn user_errors_are_4xx_with_a_code_and_message() {
        let (status, json) = body(SearchError::BadQuery("unclosed quote".into()).into());
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(json["error"]["code"], "bad_query");
        assert_eq!(json["error"]["message"], "unclosed quote");
        let (status, json) = body(ApiError::NotFound("no passage x".into()));
        assert_eq!(
            (status, &json["error"]["code"]),
            (StatusCode::NOT_FOUND, &"not_found".into())
        );
    }

    #[test]
    fn internal_details_stay_in_the_log() {
        let (status, json) = body(ApiError::Internal("/secret/path corrupt".into()));
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!json.to_string().contains("/secret/path"));
    }
}
