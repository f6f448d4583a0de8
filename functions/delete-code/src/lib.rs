//! `DELETE /stores/{store_hash}/v3/promotions/{id}/codes/{code_id}`: 204, also when there was
//! nothing to delete.

use api::auth::{Api, Scope};
use api::http::{no_content, promotions};
use api::{ApiError, App};
use lambda_http::{Body, Request, Response};

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(delete(app, &req)).await
}

async fn delete(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsWrite).await?;
    if let (Some(promotion), Some(code)) = (promotions::promotion_id(req), promotions::code_id(req)) {
        app.store().delete_codes(&caller.store, promotion, &[code]).await?;
    }
    Ok(no_content())
}
