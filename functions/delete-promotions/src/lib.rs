//! `DELETE /stores/{store_hash}/v3/promotions?id:in=1,2`: deletes up to 50 promotions. One that
//! still has coupon codes is refused; the others are deleted. 204 when all went, else the
//! platform's bulk 422: a list of one error whose messages are keyed `<index in id:in>.code`, and
//! `meta {total, success, failed}` (a missing or malformed `id:in` is that 422 too, counting 0).

use api::auth::{Api, Scope};
use api::http::query::Query;
use api::http::{no_content, promotions};
use api::{ApiError, App};
use domain::ids::PromotionId;
use domain::{FieldError, Violation};
use lambda_http::{Body, Request, Response};

/// Most ids one request may name.
pub const MAX_IDS: usize = 50;

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
    let ids: Vec<PromotionId> = ids.into_iter().map(PromotionId).collect();
    let refused = app.store().delete_promotions(&caller.store, &ids).await?;
    if refused.is_empty() {
        return Ok(no_content());
    }
    let errors = ids
        .iter()
        .enumerate()
        .filter(|(_, id)| refused.contains(id))
        .map(|(i, id)| FieldError::new(format!("{i}.code"), Violation::HasCodes(id.0)))
        .collect();
    Err(ApiError::BulkFailed { errors, total: ids.len() })
}
