//! `POST /stores/{store_hash}/v3/promotions`: creates a promotion and answers 201 with it and its
//! `ETag`. A coupon promotion's `codes` becomes its first code, in the same atomic write. With an
//! `Idempotency-Key`, the answer is recorded in that write too, and a retry gets it and creates
//! nothing.

use api::auth::{Api, Caller, Scope};
use api::http::idempotency::{self, Claimed};
use api::http::precondition::with_etag;
use api::http::{json_body, promotions};
use api::{retry, ApiError, App};
use domain::promotion::timestamp::Timestamp;
use domain::promotion::{Promotion, PromotionInput};
use domain::{clock, ids};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use store::{Respond, Versioned};

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(create(app, &req)).await
}

async fn create(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsWrite).await?;
    idempotency::once(app, &caller, req, |claim| create_as(app, &caller, req, claim)).await
}

/// The answer for a created promotion.
fn created(promotion: &Versioned<Promotion>) -> Response<Body> {
    with_etag(promotions::data(StatusCode::CREATED, &promotion.value.view()), promotion.version)
}

async fn create_as(
    app: &App,
    caller: &Caller,
    req: &Request,
    claim: Option<Claimed>,
) -> Result<Response<Body>, ApiError> {
    let input: PromotionInput = json_body(req)?;
    let new_code = input.first_code().cloned();
    let fields = input.into_fields(clock::now(), None)?;
    retry::with_fresh_ids(|| async {
        let now = clock::now();
        let first_code = match new_code.clone() {
            Some(code) => Some(code.into_code(ids::code_ids(now, 1)?[0], Timestamp::from_utc(now))),
            None => None,
        };
        let fields = fields.clone();
        let respond =
            claim.as_ref().map(|claim| move |promotion: &Versioned<Promotion>| claim.completion(&created(promotion)));
        let respond = respond.as_ref().map(|respond| respond as Respond<'_>);
        let promotion = app.store().create_promotion(&caller.store, fields, first_code, respond).await?;
        Ok(created(&promotion))
    })
    .await
}
