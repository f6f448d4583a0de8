//! `DELETE /stores/{store_hash}/v3/promotions/{id}`: 204, also when there was nothing to delete,
//! and at once whatever the promotion's number of codes: they count nowhere from then on and are
//! removed after (`purge-codes`). With `If-Match`, a promotion no longer at a version it names is a
//! 412 and stays.

use api::auth::{Api, Scope};
use api::http::precondition::IfMatch;
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
    let if_match = IfMatch::of(req);
    if let Some(id) = promotions::promotion_id(req) {
        app.store().delete_promotion(&caller.store, id, if_match.as_ref().and_then(IfMatch::versions)).await?;
    }
    Ok(no_content())
}
