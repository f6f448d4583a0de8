//! `GET /stores/{store_hash}/v3/promotions/codes?code=X`: the code, found without regard to case
//! anywhere in the store, with its `promotion_id`, as the platform answers it: a list (of one,
//! or empty when no code matches: 200 either way) with the codes listing's `meta`. One GetItem.

use api::auth::{Api, Scope};
use api::http::pages::{CodePaging, CodesMeta};
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

/// The page size the answer's `meta` gives, as the platform's does.
const PAGE_SIZE: u64 = 50;

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
    let found: Vec<FoundCode> = app
        .store()
        .find_code(&caller.store, &code)
        .await?
        .map(|(promotion_id, code)| FoundCode { code, promotion_id })
        .into_iter()
        .collect();
    let ids: Vec<u64> = found.iter().map(|found| found.code.id).collect();
    let meta = CodesMeta::of_codes(CodePaging::First, &ids, PAGE_SIZE, ids.len() as u64);
    Ok(promotions::data_with_meta(StatusCode::OK, &found, &meta))
}
