//! `GET /stores/{store_hash}/v3/promotions/codes?code=X`: the code, found without regard to case
//! anywhere in the store, with its `promotion_id` (200), or 404. One GetItem.

use api::auth::{Api, Scope};
use api::http::promotions;
use api::{ApiError, App};
use domain::ids::PromotionId;
use domain::promotion::code::{CodeText, CouponCode};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Serialize;

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(get(app, &req)).await
}

/// A code and the promotion it belongs to.
#[derive(Serialize)]
struct FoundCode {
    #[serde(flatten)]
    code: CouponCode,
    promotion_id: PromotionId,
}

async fn get(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsRead).await?;
    let code: CodeText = promotions::code_param(req)?;
    let (promotion_id, code) = app.store().find_code(&caller.store, &code).await?.ok_or(ApiError::NotFound("code"))?;
    Ok(promotions::data(StatusCode::OK, &FoundCode { code, promotion_id }))
}
