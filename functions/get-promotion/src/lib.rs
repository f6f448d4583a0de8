//! `GET /stores/{store_hash}/v3/promotions/{id}`: one promotion (200), or 404.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use shared::http::promotions;
use shared::{ApiError, Store};

/// Handles one request; every failure is answered in the platform's error shape.
pub async fn handle(store: &dyn Store, req: Request) -> Response<Body> {
    promotions::reply(get(store, &req).await)
}

async fn get(store: &dyn Store, req: &Request) -> Result<Response<Body>, ApiError> {
    let store_id = promotions::store_id(req)?;
    let id = promotions::promotion_id(req).ok_or(ApiError::NotFound("promotion"))?;
    let found = store
        .get_promotion(&store_id, id)
        .await?
        .ok_or(ApiError::NotFound("promotion"))?;
    Ok(promotions::data(StatusCode::OK, &found.value.view()))
}
