//! `POST /stores/{store_hash}/v3/promotions/{id}/codes`: adds a coupon code (201 with it). The
//! code is unique in the store without regard to case (409 naming it otherwise); a SINGLE coupon
//! promotion has one code. With an `Idempotency-Key`, the answer is recorded in the code's own
//! write, and a retry gets it.

use api::auth::{Api, Caller, Scope};
use api::http::idempotency::{self, Claimed};
use api::http::{json_body, promotions};
use api::lookup;
use api::{retry, ApiError, App};
use domain::promotion::code::NewCode;
use domain::promotion::resource::CouponType;
use domain::promotion::timestamp::Timestamp;
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
    idempotency::once(app, &caller, req, |claim| create_as(app, &caller, req, claim)).await
}

async fn create_as(
    app: &App,
    caller: &Caller,
    req: &Request,
    claim: Option<Claimed>,
) -> Result<Response<Body>, ApiError> {
    let new: NewCode = json_body(req)?;
    let (promotion, kind) = lookup::coupon(app.store(), &caller.store, promotions::promotion_id(req)).await?;
    let max_codes = (kind == CouponType::Single).then_some(1);
    retry::with_fresh_ids(|| async {
        let now = clock::now();
        let code = new.clone().into_code(ids::code_ids(now, 1)?[0], Timestamp::from_utc(now));
        let answer = promotions::data(StatusCode::CREATED, &code);
        let completion = claim.as_ref().map(|claim| claim.completion(&answer));
        app.store().add_codes(&caller.store, promotion.id(), vec![code], max_codes, completion.as_ref()).await?;
        Ok(answer)
    })
    .await
}
