//! `GET /stores/{store_hash}/v3/promotions/{id}/codes`: a promotion's codes in creation order,
//! in cursor pages (`after` or `before` a code id, `limit` 1–250, default 50), or the one code
//! named by `code`; with `meta.cursor_pagination`. One GetItem and one Query.

use api::auth::{Api, Scope};
use api::http::promotions;
use api::http::query::{ParamErrors, Query};
use api::lookup;
use api::{ApiError, App};
use domain::promotion::code::{CodeText, CouponCode};
use domain::{FieldError, Violation};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Serialize;
use store::CodePage;

/// Largest page.
pub const MAX_LIMIT: u64 = 250;

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(list(app, &req)).await
}

async fn list(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsRead).await?;
    let query = Query::of(req);
    let mut errors = ParamErrors::default();
    let limit = errors.keep(query.integer("limit", 1, MAX_LIMIT, 50), 50);
    let after = errors.keep(query.integer("after", 0, u64::MAX, 0).map(|a| query.text("after").map(|_| a)), None);
    let before = errors.keep(query.integer("before", 1, u64::MAX, 0).map(|b| query.text("before").map(|_| b)), None);
    let both = after.is_some() && before.is_some();
    errors.keep(if both { Err(FieldError::new("before", Violation::ExclusiveWith("after"))) } else { Ok(()) }, ());
    let page = errors.finish(CodePage { after, before, limit })?;
    let promotion = lookup::existing(app.store(), &caller.store, promotions::promotion_id(req)).await?;
    let codes = match query.text("code") {
        Some(wanted) => {
            let found = match CodeText::try_from_str(wanted) {
                Some(text) => app.store().find_code(&caller.store, &text).await?,
                None => None,
            };
            found.filter(|(owner, _)| *owner == promotion.id()).map(|(_, code)| code).into_iter().collect()
        }
        None => app.store().list_codes(&caller.store, promotion.id(), page).await?,
    };
    let meta = Meta { cursor_pagination: CursorPagination::new(&codes, limit) };
    Ok(promotions::data_with_meta(StatusCode::OK, &codes, &meta))
}

#[derive(Serialize)]
struct Meta {
    cursor_pagination: CursorPagination,
}

/// `meta.cursor_pagination`: the cursors are code ids.
#[derive(Serialize)]
struct CursorPagination {
    count: usize,
    per_page: u64,
    start_cursor: Option<String>,
    end_cursor: Option<String>,
    links: Links,
}

#[derive(Serialize)]
struct Links {
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

impl CursorPagination {
    fn new(codes: &[CouponCode], limit: u64) -> Self {
        let start = codes.first().map(|c| c.id.to_string());
        let end = codes.last().map(|c| c.id.to_string());
        let links = Links {
            previous: start.as_ref().map(|s| format!("?before={s}&limit={limit}")),
            next: end.as_ref().filter(|_| codes.len() as u64 == limit).map(|e| format!("?after={e}&limit={limit}")),
        };
        Self { count: codes.len(), per_page: limit, start_cursor: start, end_cursor: end, links }
    }
}
