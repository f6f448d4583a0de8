//! `GET /stores/{store_hash}/v3/promotions/{id}/redemptions`: the redemptions that counted a
//! use of the promotion, newest first (200), a page at a time: `limit` (1 to 250, default 50),
//! `before` (the `meta.cursor_pagination.end_cursor` of the previous page) and an optional
//! `status` filter. The promotion need not exist any more: its redemptions stay readable.

use api::auth::{Api, Scope};
use api::http::promotions;
use api::http::query::Query;
use api::{ApiError, App};
use domain::redemption::{RedemptionId, RedemptionStatus};
use domain::{FieldError, Violation};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Serialize;
use store::RedemptionPage;

/// Largest page.
pub const MAX_LIMIT: u64 = 250;
/// The page size when `limit` is absent.
pub const DEFAULT_LIMIT: u64 = 50;

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(list(app, &req)).await
}

#[derive(Serialize)]
struct Meta {
    cursor_pagination: Cursor,
}

#[derive(Serialize)]
struct Cursor {
    count: usize,
    per_page: u64,
    /// The id to pass as `before` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    end_cursor: Option<String>,
}

async fn list(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::RedemptionsRead).await?;
    let promotion = promotions::promotion_id(req).ok_or(ApiError::NotFound("promotion"))?;
    let query = Query::of(req);
    let limit = query.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT)?;
    let before = match query.text("before") {
        None => None,
        Some(raw) => Some(RedemptionId::parse(raw).ok_or_else(|| {
            FieldError::new("before", Violation::Malformed("must be a redemption id from end_cursor".into()))
        })?),
    };
    let status = match query.text("status") {
        None => None,
        Some(raw) => Some(RedemptionStatus::parse(raw).ok_or_else(|| {
            FieldError::new("status", Violation::Malformed("must be HELD, CONFIRMED, ROLLED_BACK or EXPIRED".into()))
        })?),
    };
    let page = RedemptionPage { before, limit };
    let found = app.store().list_redemptions(&caller.store, promotion, status, page).await?;
    let full = found.len() as u64 == limit;
    let end_cursor = found.last().filter(|_| full).map(|last| last.id.to_string());
    let meta = Meta { cursor_pagination: Cursor { count: found.len(), per_page: limit, end_cursor } };
    let views: Vec<_> = found.iter().map(|r| r.view()).collect();
    Ok(promotions::data_with_meta(StatusCode::OK, &views, &meta))
}
