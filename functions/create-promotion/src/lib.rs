//! `POST /stores/{store_hash}/v3/promotions`: creates a promotion and answers 201 with it.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use shared::auth::{Api, Scope};
use shared::http::{json_body, promotions};
use shared::promotion::PromotionInput;
use shared::{clock, ApiError, App};

/// Handles one request; every failure is answered in the platform's error shape.
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(create(app, &req).await)
}

async fn create(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsWrite).await?;
    let input: PromotionInput = json_body(req)?;
    let fields = input.into_fields(clock::now(), None)?;
    let created = app.store().create_promotion(&caller.store, fields).await?;
    Ok(promotions::data(StatusCode::CREATED, &created.value.view()))
}
