//! `GET /stores/{store_hash}/v3/promotions`: a page of the store's promotions, filtered and
//! sorted as asked, with `meta.pagination` (page numbers) and `meta.cursor_pagination`
//! (`after` / `before` cursors), as `api::http::pages` writes them.
//!
//! Each page costs what it holds, whatever the store's size ([`read`] has how each kind of
//! listing is read; docs/promotions-api.md lists them).

pub mod read;

use api::auth::{Api, Scope};
use api::http::pages::{CursorPagination, PagesMeta, Pagination};
use api::http::{cursor, listing, promotions};
use api::{ApiError, App};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(list(app, &req)).await
}

async fn list(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsRead).await?;
    let listing = listing::list_request(req)?;
    let answer = read::page(app.store(), &caller.store, &listing).await?;
    let request = &listing.request;
    let views: Vec<_> = answer.promotions.iter().map(|p| p.view()).collect();
    let pagination = Pagination::new(request.page, request.limit, views.len(), answer.total);
    let scope = listing.scope(&caller.store);
    let encode = |position: &Option<String>| position.as_deref().map(|p| cursor::encode(&scope, p));
    let ends = (encode(&answer.ends.0), encode(&answer.ends.1));
    let counts = (views.len(), request.limit);
    let cursors = CursorPagination::new(&listing.paging, ends, counts, answer.more, &listing.link_query());
    let meta = PagesMeta::new(&listing.paging, pagination, cursors);
    Ok(promotions::data_with_meta(StatusCode::OK, &views, &meta))
}
