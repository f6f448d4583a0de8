//! `POST /stores/{store_hash}/v3/promotions/evaluate`: which of the store's promotions would
//! apply to the cart in the body, what they would take off, and why each of the others would
//! not (200). Changes nothing.
//!
//! Reads, side by side: the store's promotions (one Query per MB), its promotion settings (one
//! GetItem) and the cart's coupon codes (one GetItem per code, one after the other).

use api::auth::{Api, Scope};
use api::http::{json_body, promotions};
use api::{ApiError, App};
use domain::clock;
use domain::evaluation::{self, Cart, FoundCode};
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
    let store = app.store();
    let codes = async {
        let mut found: Vec<FoundCode> = Vec::with_capacity(cart.coupon_codes.len());
        for code in &cart.coupon_codes {
            found.push((code.clone(), store.find_code(&caller.store, code).await?));
        }
        Ok::<_, store::StoreError>(found)
    };
    let ((all, _), settings, codes) = tokio::try_join!(
        store.list_promotions(&caller.store, false, None),
        store.get_promotion_settings(&caller.store),
        codes,
    )?;
    let at = cart.evaluated_at(Timestamp::from_utc(clock::now()));
    let evaluation = evaluation::evaluate(&cart, &all, &settings.unwrap_or_default(), &codes, at);
    Ok(promotions::data(StatusCode::OK, &evaluation.view(&cart)))
}
