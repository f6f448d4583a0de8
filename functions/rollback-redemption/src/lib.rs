//! `POST /stores/{store_hash}/v3/promotions/redemptions/{redemption_id}/rollback`: the order
//! was cancelled or fully refunded. Every use the redemption took is given back in one atomic
//! write and it becomes `ROLLED_BACK` (200). Rolling back again, or a hold that expired, changes
//! nothing and answers it as it is. A single-use code gets its use back only when the store's
//! `reuse_codes_of_cancelled_orders` setting says so (the default).

use api::auth::{Api, Scope};
use api::http::promotions;
use api::{ApiError, App};
use domain::clock;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(rollback(app, &req)).await
}

async fn rollback(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::RedemptionsWrite).await?;
    let id = promotions::redemption_id(req).ok_or(ApiError::NotFound("redemption"))?;
    let store = app.store();
    let settings = store.get_promotion_settings(&caller.store).await?.unwrap_or_default();
    let reuse = settings.reuse_codes_of_cancelled_orders;
    let rolled_back = store.rollback_redemption(&caller.store, id, reuse, clock::now()).await?;
    let rolled_back = rolled_back.ok_or(ApiError::NotFound("redemption"))?;
    Ok(promotions::data(StatusCode::OK, &rolled_back.view()))
}
