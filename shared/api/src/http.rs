//! Request and response glue shared by every handler.
//!
//! Parsing: [`json_body`] checks the content type and reads the body into a typed value, turning
//! syntax errors into a 400 and type or rule errors into field errors that name the path.
//! Rendering: [`promotions`] and [`marketing`] render successes and [`ApiError`]s in each API's
//! own documented shape, so a handler never builds an error body itself. [`precondition`]: the
//! `ETag` every promotion and configuration carries, and `If-Match`. [`idempotency`]: safe retries of
//! `POST`s with an `Idempotency-Key`.

pub mod cursor;
pub mod fingerprint;
pub mod idempotency;
pub mod listing;
pub mod marketing;
pub mod pages;
pub mod precondition;
pub mod promotions;
pub mod query;
pub mod settings;

use std::time::Duration;

use lambda_http::http::{header, HeaderValue, StatusCode};
use lambda_http::{Body, Request, RequestExt, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use domain::parse::{path_error, without_position};
use domain::{FieldError, Violation};
use store::StoreError;

use crate::error::ApiError;

/// Largest request body read, in bytes (256 KiB): far above any valid request of these APIs,
/// far below API Gateway's 10 MB and Lambda's 6 MB. A longer body is a 413 before it is parsed.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The longest a request runs before it is answered 503 (with `Retry-After`): each DynamoDB
/// call is bounded (5 s with its retries), but a request makes several, and the answer must
/// leave before the functions' own 10 s timeout. A write cut short is one atomic operation that
/// either happened or did not; an `Idempotency-Key` makes the retry safe either way.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(8);

/// `work`, or an unavailable store once [`REQUEST_DEADLINE`] has passed.
pub async fn within_deadline<F>(work: F) -> Result<Response<Body>, ApiError>
where
    F: std::future::Future<Output = Result<Response<Body>, ApiError>>,
{
    tokio::time::timeout(REQUEST_DEADLINE, work)
        .await
        .unwrap_or_else(|_| Err(StoreError::Unavailable("the request ran out of time".into()).into()))
}

/// A path parameter as API Gateway (or `local-api`) extracted it from the route template.
pub fn path_param<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.path_parameters_ref().and_then(|params| params.first(name))
}

/// Reads a JSON request body into `T`. A body over [`MAX_BODY_BYTES`] is a 413. A missing `Content-Type` is read as JSON (many clients
/// omit it); any other type than `application/json`, `text/json` or `application/…+json` is a 415. Every body of these
/// APIs is a JSON object. Any syntax error is a 400 however far in it is, and a wrong type or
/// value names its field.
///
/// A body is read once, straight into `T` (no `serde_json::Value` in between, no path
/// tracking); only a body that fails is read again, by [`body_error`], to find what to say.
/// That keeps the hot path's reading to one pass (`bench/benches/hot_path.rs` measures it).
pub fn json_body<T: DeserializeOwned>(req: &Request) -> Result<T, ApiError> {
    let bytes: &[u8] = req.body().as_ref();
    if bytes.len() > MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge(MAX_BODY_BYTES));
    }
    check_json_content_type(req)?;
    match serde_json::from_slice(bytes) {
        Ok(value) if first_byte(bytes) == Some(b'{') => Ok(value),
        _ => body_error(bytes),
    }
}

fn first_byte(bytes: &[u8]) -> Option<u8> {
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// Why a body could not be read: first as JSON (without building anything), so that a syntax
/// error anywhere is a 400 before any field is looked at; then as an object; then into `T`,
/// tracking the path of the first bad field.
fn body_error<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::MalformedJson(format!("the body is empty ({e})")));
        }
        return Err(ApiError::MalformedJson(without_position(&e)));
    }
    if first_byte(bytes) != Some(b'{') {
        return Err(FieldError::new("", Violation::Malformed("the body must be a JSON object".into())).into());
    }
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(bytes)).map_err(|e| path_error(e).into())
}

fn check_json_content_type(req: &Request) -> Result<(), ApiError> {
    let Some(value) = req.headers().get(header::CONTENT_TYPE) else {
        return Ok(());
    };
    let text = value.to_str().unwrap_or("").to_ascii_lowercase();
    let essence = text.split(';').next().unwrap_or("").trim();
    let json = essence == "application/json" || essence == "text/json";
    if json || (essence.starts_with("application/") && essence.ends_with("+json")) {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType(essence.to_owned()))
    }
}

/// `response` with the headers every answer of these APIs carries: `Cache-Control: no-store` (an
/// answer is one store's data, for one key: no shared cache may keep it) and
/// `X-Content-Type-Options: nosniff` (JSON is never read as anything else).
pub fn hardened(mut response: Response<Body>) -> Response<Body> {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// A JSON response with the given status.
pub fn json_response(status: StatusCode, body: &impl Serialize) -> Response<Body> {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// An empty response (204 No Content).
pub fn no_content() -> Response<Body> {
    let mut response = Response::new(Body::Empty);
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}

/// Writes an internal failure with its whole cause chain to the function's log (stderr, which
/// Lambda sends to CloudWatch). Clients only ever see [`ApiError::public_message`].
pub fn log_failure(error: &ApiError) {
    let mut chain = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        chain.push_str(": ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    let line = serde_json::json!({ "message": chain, "error": error.kind().0 });
    crate::request_log::emit("ERROR", &line);
}
