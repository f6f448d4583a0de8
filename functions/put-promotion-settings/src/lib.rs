//! `PUT /stores/{store_hash}/v3/promotions/settings`: replaces the store-wide promotion settings
//! (all four fields required) and answers 200 with them. One PutItem.

use api::auth::{Api, Scope};
use api::http::{json_body, settings};
use api::{ApiError, App};
use domain::promotion::settings::PromotionSettings;
use lambda_http::{Body, Request, Response};

/// Handles one request; every failure is answered in the platform's settings error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    settings::reply(put(app, &req)).await
}

async fn put(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsWrite).await?;
    let settings = json_body::<PromotionSettings>(req)?.check()?;
    app.store().put_promotion_settings(&caller.store, &settings).await?;
    Ok(settings::answer(&settings))
}
