//! `POST /stores/{store_hash}/v3/promotions/redemptions/{redemption_id}/confirm`: a held
//! redemption becomes `CONFIRMED` and keeps its uses (200; confirming twice answers the same).
//! Once its hold ended (its uses given back) or it was rolled back, a confirm is a 409.

use api::auth::{Api, Scope};
use api::http::promotions;
use api::{ApiError, App};
use domain::clock;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(confirm(app, &req)).await
}

async fn confirm(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::RedemptionsWrite).await?;
    let id = promotions::redemption_id(req).ok_or(ApiError::NotFound("redemption"))?;
    let confirmed = app.store().confirm_redemption(&caller.store, id, clock::now()).await?;
    let confirmed = confirmed.ok_or(ApiError::NotFound("redemption"))?;
    Ok(promotions::data(StatusCode::OK, &confirmed.view()))
}
