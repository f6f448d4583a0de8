//! `GET /stores/{store_hash}/v3/promotions/redemptions/{redemption_id}`: one redemption (200),
//! or 404.

use api::auth::{Api, Scope};
use api::http::promotions;
use api::{ApiError, App};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(get(app, &req)).await
}

async fn get(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::RedemptionsRead).await?;
    let id = promotions::redemption_id(req).ok_or(ApiError::NotFound("redemption"))?;
    let found = app.store().get_redemption(&caller.store, id).await?.ok_or(ApiError::NotFound("redemption"))?;
    Ok(promotions::data(StatusCode::OK, &found.view()))
}
