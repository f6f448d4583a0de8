//! `DELETE /stores/{store_hash}/v3/promotions/{id}/codes?id:in=…`: deletes up to 250 of a
//! promotion's codes. 204 when all were found and deleted, else the platform's bulk 422: a list
//! of one error whose messages are keyed `<index in id:in>.id`, and `meta {total, success,
//! failed}`.

use api::auth::{Api, Scope};
use api::http::query::Query;
use api::http::{no_content, promotions};
use api::lookup;
use api::{ApiError, App};
use domain::{FieldError, Violation};
use lambda_http::{Body, Request, Response};

/// Most ids one request may name.
pub const MAX_IDS: usize = 250;

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(delete(app, &req)).await
}

async fn delete(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsWrite).await?;
    let ids = Query::of(req)
        .id_list("id:in", MAX_IDS)
        .and_then(|ids| ids.ok_or(FieldError::new("id:in", Violation::Required)));
    let ids = ids.map_err(|error| ApiError::BulkFailed { errors: vec![error], total: 0 })?;
    let promotion = lookup::existing(app.store(), &caller.store, promotions::promotion_id(req)).await?;
    let missing = app.store().delete_codes(&caller.store, promotion.id(), &ids).await?;
    if missing.is_empty() {
        return Ok(no_content());
    }
    let errors = ids
        .iter()
        .enumerate()
        .filter(|(_, id)| missing.contains(id))
        .map(|(i, id)| FieldError::new(format!("{i}.id"), Violation::NoSuchCode(*id)))
        .collect();
    Err(ApiError::BulkFailed { errors, total: ids.len() })
}
