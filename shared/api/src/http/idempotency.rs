//! `Idempotency-Key` on the `POST` endpoints: [`once`] runs a handler's work at most once per key
//! (see [`crate::idempotency`] for the record it keeps).
//!
//! - No header: the work runs, as without this module.
//! - A new key: the work runs, and a 2xx answer is recorded (for 24 hours) **in the same atomic
//!   write as what it created** ([`Claimed::completion`], which the work hands to its store
//!   write): the resource exists exactly when the record does, so no retry, however late, can
//!   create it twice. Any other answer is not kept (a retry runs the work again).
//! - The same key and the same request again: the first answer, with `Idempotent-Replayed: true`.
//! - The same key with another request (method, path or body): 422, nothing done.
//! - The same key while its first request still runs: this one waits up to [`WAIT`] for the
//!   answer, then gives up with a 409 (retry shortly).

use std::future::Future;
use std::time::Duration;

use lambda_http::http::header::{CONTENT_TYPE, ETAG};
use lambda_http::http::{HeaderValue, StatusCode};
use lambda_http::{Body, Request, Response};

use domain::{clock, FieldError, Violation};
use store::idempotency::{Claim, Completion, IdempotencyKey, Lease, StoredResponse, MAX_KEY_CHARS};

use super::fingerprint::fingerprint;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::App;

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// The response header that marks a replayed answer.
pub const REPLAYED: &str = "idempotent-replayed";
/// How long a request waits for another one running with its key.
pub const WAIT: Duration = Duration::from_secs(2);
/// How often it looks while it waits.
const POLL: Duration = Duration::from_millis(100);

/// The request's `Idempotency-Key`, if it has one; a malformed one is a field error.
pub fn key_of(req: &Request) -> Result<Option<IdempotencyKey>, ApiError> {
    let Some(value) = req.headers().get(HEADER) else { return Ok(None) };
    let parsed = value.to_str().ok().and_then(IdempotencyKey::parse);
    let refusal = || {
        let rule = format!("must be 1 to {MAX_KEY_CHARS} visible ASCII characters");
        FieldError::new("Idempotency-Key", Violation::Malformed(rule)).into()
    };
    parsed.map(Some).ok_or_else(refusal)
}

/// The claim this request holds on its key: what its write records its answer with.
#[derive(Debug, Clone)]
pub struct Claimed {
    key: IdempotencyKey,
    fingerprint: String,
    lease: Lease,
}

impl Claimed {
    /// The record of `response` as the answer to this key, for the store write that creates
    /// what it answers.
    pub fn completion(&self, response: &Response<Body>) -> Completion {
        Completion {
            key: self.key.clone(),
            fingerprint: self.fingerprint.clone(),
            lease: self.lease,
            response: stored(response),
        }
    }
}

/// Runs `work` for `req` at most once per `Idempotency-Key` of the caller's store. `work` gets
/// the claim (`None` without a key) and records its answer with the write it makes.
pub async fn once<W, F>(app: &App, caller: &Caller, req: &Request, work: W) -> Result<Response<Body>, ApiError>
where
    W: FnOnce(Option<Claimed>) -> F,
    F: Future<Output = Result<Response<Body>, ApiError>>,
{
    let Some(key) = key_of(req)? else { return work(None).await };
    let fingerprint = fingerprint(req.method().as_str(), req.uri().path(), req.body().as_ref());
    let store = app.store();
    let mut waited = Duration::ZERO;
    loop {
        let lease = Lease::starting(clock::now());
        match store.claim_idempotency_key(&caller.store, &key, &fingerprint, lease).await? {
            Claim::Claimed => {
                let claimed = Claimed { key: key.clone(), fingerprint: fingerprint.clone(), lease };
                let outcome = work(Some(claimed)).await;
                if !matches!(&outcome, Ok(response) if response.status().is_success()) {
                    if let Err(error) = store.release_idempotency_key(&caller.store, &key, &fingerprint).await {
                        super::log_failure(&ApiError::Store(error));
                    }
                }
                return outcome;
            }
            Claim::Completed(response) => return Ok(replay(response)),
            Claim::Mismatch => return Err(FieldError::new("Idempotency-Key", Violation::KeyReused).into()),
            Claim::InProgress if waited >= WAIT => return Err(ApiError::IdempotencyKeyInProgress),
            Claim::InProgress => {
                tokio::time::sleep(POLL).await;
                waited += POLL;
            }
        }
    }
}

/// What is kept of a response: status, JSON body and `ETag`.
fn stored(response: &Response<Body>) -> StoredResponse {
    let etag = response.headers().get(ETAG).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let body = String::from_utf8_lossy(response.body().as_ref()).into_owned();
    StoredResponse { status: response.status().as_u16(), body, etag }
}

/// A kept response, as it was first sent.
fn replay(stored: StoredResponse) -> Response<Body> {
    let mut response = Response::new(Body::Text(stored.body));
    *response.status_mut() = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(REPLAYED, HeaderValue::from_static("true"));
    if let Some(etag) = stored.etag.and_then(|tag| HeaderValue::from_str(&tag).ok()) {
        headers.insert(ETAG, etag);
    }
    response
}
