//! `POST /stores/{store_hash}/v3/promotions/evaluate`: which of the store's promotions would
//! apply to the cart in the body, what they would take off, and why each of the others would
//! not (200). Changes nothing.
//!
//! Reads ([`api::evaluation::EvaluationInputs`]), side by side: the store's promotions and their
//! use counts, its promotion settings and the cart's coupon codes; then, for a cart that names
//! its customer, that customer's uses of what has a per-customer limit (one batched read).

use api::auth::{Api, Scope};
use api::evaluation::EvaluationInputs;
use api::http::{json_body, promotions};
use api::{ApiError, App};
use domain::clock;
use domain::evaluation::Cart;
use domain::promotion::timestamp::Timestamp;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(evaluate(app, &req)).await
}

async fn evaluate(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsRead).await?;
    let cart = json_body::<Cart>(req)?.check()?;
    let inputs = EvaluationInputs::load(app.store(), &caller.store, &cart).await?;
    let evaluation = inputs.evaluate(&cart, Timestamp::from_utc(clock::now())).await?;
    Ok(promotions::data(StatusCode::OK, &evaluation.view(&cart)))
}
