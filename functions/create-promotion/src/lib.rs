//! `POST /stores/{store_hash}/v3/promotions`: creates a promotion and answers 201 with it and its
//! `ETag`. A coupon promotion's `codes` becomes its first code, in the same atomic write. With an
//! `Idempotency-Key`, a retry gets the first answer and creates nothing.

use api::auth::{Api, Caller, Scope};
use api::http::precondition::with_etag;
use api::http::{idempotency, json_body, promotions};
use api::{ApiError, App};
use domain::promotion::timestamp::Timestamp;
use domain::promotion::PromotionInput;
use domain::{clock, ids};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(create(app, &req)).await
}

async fn create(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsWrite).await?;
    idempotency::once(app, &caller, req, || create_as(app, &caller, req)).await
}

async fn create_as(app: &App, caller: &Caller, req: &Request) -> Result<Response<Body>, ApiError> {
    let input: PromotionInput = json_body(req)?;
    let now = clock::now();
    let first_code = match input.first_code().cloned() {
        Some(code) => Some(code.into_code(ids::flake_id(now)?, Timestamp::from_utc(now))),
        None => None,
    };
    let fields = input.into_fields(now, None)?;
    let created = app.store().create_promotion(&caller.store, fields, first_code).await?;
    Ok(with_etag(promotions::data(StatusCode::CREATED, &created.value.view()), created.version))
}
