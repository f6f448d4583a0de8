//! `POST /stores/{store_hash}/v3/promotions/{id}/codes`: adds a coupon code (201 with it). The
//! code is unique in the store without regard to case (409 naming it otherwise); a SINGLE coupon
//! promotion has one code. With an `Idempotency-Key`, a retry gets the first answer.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use shared::auth::{Api, Caller, Scope};
use shared::error::{FieldError, Violation};
use shared::http::{idempotency, json_body, promotions};
use shared::promotion::code::NewCode;
use shared::promotion::resource::CouponType;
use shared::promotion::{lookup, timestamp::Timestamp};
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
    let new: NewCode = json_body(req)?;
    let (promotion, kind) = lookup::coupon(app.store(), &caller.store, promotions::promotion_id(req)).await?;
    let now = clock::now();
    let id = ids::flake_id(now).map_err(|e| StoreError::Backend(Box::new(e)))?;
    let code = new.into_code(id, Timestamp::from_utc(now));
    let max_codes = (kind == CouponType::Single).then_some(1);
    match app.store().add_codes(&caller.store, promotion.id, vec![code.clone()], max_codes).await {
        Ok(()) => Ok(promotions::data(StatusCode::CREATED, &code)),
        Err(StoreError::LimitReached) => Err(FieldError::new("code", Violation::SingleCodeOnly).into()),
        Err(StoreError::NotFound) => Err(ApiError::NotFound("promotion")),
        Err(other) => Err(other.into()),
    }
}
