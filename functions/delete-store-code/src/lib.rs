//! `DELETE /stores/{store_hash}/v3/promotions/codes?code=X`: deletes the code, found without
//! regard to case anywhere in the store; 204, also when there was none.

use api::auth::{Api, Scope};
use api::http::{no_content, promotions};
use api::{ApiError, App};
use domain::promotion::code::CodeText;
use lambda_http::{Body, Request, Response};

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(delete(app, &req)).await
}

async fn delete(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsWrite).await?;
    let code: CodeText = promotions::code_param(req)?;
    if let Some((promotion, found)) = app.store().find_code(&caller.store, &code).await? {
        app.store().delete_codes(&caller.store, promotion, &[found.id]).await?;
    }
    Ok(no_content())
}
