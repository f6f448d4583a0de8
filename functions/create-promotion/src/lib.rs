//! `POST /stores/{store_hash}/v3/promotions`: creates a promotion and answers 201 with it.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use shared::http::{json_body, promotions};
use shared::promotion::PromotionInput;
use shared::{clock, ApiError, Store};

/// Handles one request; every failure is answered in the platform's error shape.
pub async fn handle(store: &dyn Store, req: Request) -> Response<Body> {
    promotions::reply(create(store, &req).await)
}

async fn create(store: &dyn Store, req: &Request) -> Result<Response<Body>, ApiError> {
    let store_id = promotions::store_id(req)?;
    let input: PromotionInput = json_body(req)?;
    let fields = input.into_fields(clock::now(), None)?;
    let created = store.create_promotion(&store_id, fields).await?;
    Ok(promotions::data(StatusCode::CREATED, &created.value.view()))
}
