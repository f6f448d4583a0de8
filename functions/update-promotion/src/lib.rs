//! `PUT /stores/{store_hash}/v3/promotions/{id}`: a partial update (fields left out keep their
//! value), answered with the whole promotion (200), or 404.
//!
//! The write is conditional on the version read. If another writer got in between, the patch
//! is laid over the fresh promotion and written again after a short random pause
//! ([`api::retry::spread`]), so concurrent updates all land, in some order, with nothing lost;
//! a write still losing races after [`RETRY_BUDGET`] (well inside the request's deadline) gets a
//! 409. With
//! `If-Match`, a promotion no longer at a version it names is a 412 and nothing changes (a
//! writer that gets in between counts too). The response carries the new `ETag`.

use api::auth::{Api, Scope};
use api::http::precondition::{with_etag, IfMatch};
use api::http::{json_body, promotions};
use api::{ApiError, App};
use domain::clock;
use domain::promotion::PromotionInput;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::Value;
use store::{Refusal, WriteError};

/// How long a write that keeps losing races is retried on fresh data: a bound in time rather
/// than in attempts, so that a burst of writers to one promotion all land however many there are.
pub const RETRY_BUDGET: std::time::Duration = std::time::Duration::from_secs(6);

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(update(app, &req)).await
}

async fn update(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsWrite).await?;
    let id = promotions::promotion_id(req).ok_or(ApiError::NotFound("promotion"))?;
    let patch: Value = json_body(req)?;
    let if_match = IfMatch::of(req);
    let started = std::time::Instant::now();
    for attempt in 0.. {
        let current = app.store().get_promotion(&caller.store, id).await?.ok_or(ApiError::NotFound("promotion"))?;
        if if_match.as_ref().is_some_and(|condition| !condition.allows(current.version)) {
            return Err(ApiError::PreconditionFailed);
        }
        let input = PromotionInput::patched(current.value.fields(), patch.clone())?;
        let fields = input.into_fields(clock::now(), Some(current.value.fields()))?;
        let updated = current.value.with_fields(fields);
        match app.store().replace_promotion(&caller.store, &updated, current.version).await {
            Ok(saved) => return Ok(with_etag(promotions::data(StatusCode::OK, &saved.value.view()), saved.version)),
            Err(WriteError::Refused(Refusal::Stale)) if started.elapsed() < RETRY_BUDGET => {
                tokio::time::sleep(api::retry::spread(attempt)).await;
            }
            Err(WriteError::Refused(Refusal::Stale)) => break,
            Err(other) => return Err(other.into()),
        }
    }
    Err(ApiError::Conflict)
}
