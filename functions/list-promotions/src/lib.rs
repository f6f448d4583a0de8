//! `GET /stores/{store_hash}/v3/promotions`: a page of the store's promotions, filtered and
//! sorted as asked, with `meta.pagination`.
//!
//! A plain page sorted by id is one Query; any filter or other sort reads every promotion of the
//! store (one Query per MB), plus one GetItem when filtering by `code` or `query`.

use api::auth::{Api, Scope};
use api::http::pages::Pagination;
use api::http::{listing, promotions};
use api::{ApiError, App};
use domain::ids::PromotionId;
use domain::promotion::code::CodeText;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Serialize;
use store::Window;

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(list(app, &req)).await
}

async fn list(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsRead).await?;
    let request = listing::list_request(req)?;
    let (page, total) = if request.is_plain_id_page() {
        let window = Window { offset: request.offset(), limit: request.limit };
        app.store().list_promotions(&caller.store, request.descending, Some(window)).await?
    } else {
        let (all, _) = app.store().list_promotions(&caller.store, false, None).await?;
        let wanted_code = request.filters.code.as_deref().or(request.filters.query.as_deref());
        let mut owners: Vec<PromotionId> = Vec::new();
        if let Some(code) = wanted_code.and_then(CodeText::try_from_str) {
            owners.extend(app.store().find_code(&caller.store, &code).await?.map(|(owner, _)| owner));
        }
        request.apply(all, &owners)
    };
    let views: Vec<_> = page.iter().map(|p| p.view()).collect();
    let meta = Meta { pagination: Pagination::new(request.page, request.limit, views.len(), total) };
    Ok(promotions::data_with_meta(StatusCode::OK, &views, &meta))
}

#[derive(Serialize)]
struct Meta {
    pagination: Pagination,
}
