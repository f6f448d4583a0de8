//! `POST /stores/{store_hash}/v3/promotions`: creates a promotion and answers 201 with it and its
//! `ETag`. A coupon promotion's `codes` becomes its first code, in the same atomic write. With an
//! `Idempotency-Key`, a retry gets the first answer and creates nothing.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use shared::auth::{Api, Caller, Scope};
use shared::http::precondition::with_etag;
use shared::http::{idempotency, json_body, promotions};
use shared::promotion::timestamp::Timestamp;
use shared::promotion::PromotionInput;
use shared::{clock, ids, ApiError, App, StoreError};

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`shared::http::REQUEST_DEADLINE`]).
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
        Some(code) => Some(
            code.into_code(ids::flake_id(now).map_err(|e| StoreError::Backend(Box::new(e)))?, Timestamp::from_utc(now)),
        ),
        None => None,
    };
    let fields = input.into_fields(now, None)?;
    let created = app.store().create_promotion(&caller.store, fields, first_code).await?;
    Ok(with_etag(promotions::data(StatusCode::CREATED, &created.value.view()), created.version))
}
