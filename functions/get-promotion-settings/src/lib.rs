//! `GET /stores/{store_hash}/v3/promotions/settings`: the store-wide promotion settings (200);
//! the documented defaults for a store that never saved any. One GetItem.

use api::auth::{Api, Scope};
use api::http::settings;
use api::{ApiError, App};
use lambda_http::{Body, Request, Response};

/// Handles one request; every failure is answered in the platform's settings error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    settings::reply(get(app, &req)).await
}

async fn get(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsRead).await?;
    let settings = app.store().get_promotion_settings(&caller.store).await?.unwrap_or_default();
    Ok(settings::answer(&settings))
}
