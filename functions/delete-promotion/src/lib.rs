//! `DELETE /stores/{store_hash}/v3/promotions/{id}`: 204, also when there was nothing to delete.

use lambda_http::{Body, Request, Response};
use shared::http::{no_content, promotions};
use shared::{ApiError, Store};

/// Handles one request; every failure is answered in the platform's error shape.
pub async fn handle(store: &dyn Store, req: Request) -> Response<Body> {
    promotions::reply(delete(store, &req).await)
}

async fn delete(store: &dyn Store, req: &Request) -> Result<Response<Body>, ApiError> {
    let store_id = promotions::store_id(req)?;
    if let Some(id) = promotions::promotion_id(req) {
        store.delete_promotion(&store_id, id).await?;
    }
    Ok(no_content())
}
