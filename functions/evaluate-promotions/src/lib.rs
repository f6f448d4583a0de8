//! `POST /stores/{store_hash}/v3/promotions/evaluate`: which of the store's promotions would
//! apply to the cart in the body, what they would take off, and why the others it looked at
//! would not (200). Changes nothing.
//!
//! By default it looks at the candidates only ([`api::evaluation`]): the live automatic
//! promotions and those of the cart's codes, read with eventual consistency, beside the
//! settings and the store's promotion count; `meta.not_evaluated` counts the promotions left
//! out (none of which could apply). `?include=all` explains every promotion instead, for
//! stores of at most [`api::evaluation::INCLUDE_ALL_LIMIT`] promotions (422 past it).

use api::auth::{Api, Scope};
use api::evaluation::{check_include_all, promotion_count, EvaluationInputs, Reach};
use api::http::query::Query;
use api::http::{json_body, promotions};
use api::{ApiError, App};
use domain::clock;
use domain::evaluation::Cart;
use domain::promotion::timestamp::Timestamp;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Serialize;
use store::Freshness;

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(evaluate(app, &req)).await
}

/// The answer's `meta`.
#[derive(Serialize)]
struct Meta {
    /// The store's promotions `promotions[]` leaves out: none of them could apply to any cart
    /// with these codes at this time (disabled, ended, or a coupon whose code is not in it).
    not_evaluated: u64,
}

async fn evaluate(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsRead).await?;
    let include_all = Query::of(req).choice("include", &["candidates", "all"], "candidates")? == "all";
    let cart = json_body::<Cart>(req)?.check()?;
    let (store, store_id) = (app.store(), &caller.store);
    let now = Timestamp::from_utc(clock::now());
    let (inputs, count) = if include_all {
        let count = promotion_count(store, store_id).await?;
        check_include_all(count)?;
        (EvaluationInputs::load(store, store_id, &cart, cart.evaluated_at(now), Reach::All).await?, count)
    } else {
        let reach = Reach::Candidates(Freshness::Eventual);
        let load = EvaluationInputs::load(store, store_id, &cart, cart.evaluated_at(now), reach);
        tokio::try_join!(load, promotion_count(store, store_id))?
    };
    let evaluation = inputs.evaluate(&cart, now).await?;
    let meta = Meta { not_evaluated: count.saturating_sub(inputs.promotions.len() as u64) };
    Ok(promotions::data_with_meta(StatusCode::OK, &evaluation.view(&cart), &meta))
}
