//! `GET /v1/stores/{storeId}/marketing/{kind}/deliveries`: what the runtime did with each
//! checkout (abandoned checkouts) or order (purchase follow-ups), in id order, a page at a
//! time (`limit` 1–100, default 50; `after` the `next_cursor` of the page before), and the
//! revenue the kind's emails recovered, per currency. Needs `marketing:read`.

use api::auth::{Api, Scope};
use api::http::query::{ParamErrors, Query};
use api::http::{json_response, marketing};
use api::{ApiError, App};
use domain::outreach::text::Ref;
use domain::parse::StrValue;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use store::keys::outreach as keys;

/// Handles one request; every failure is answered in the marketing API's error shape, and so is
/// a request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    marketing::reply(list(app, &req)).await
}

async fn list(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Marketing, Scope::MarketingRead).await?;
    let path = marketing::config_path(req)?;
    let query = Query::of(req);
    let mut errors = ParamErrors::default();
    let limit = errors.keep(query.integer("limit", 1, 100, 50), 50);
    let after = query.text("after").map(Ref::parse_str).transpose();
    let after = errors.keep(after.map_err(|message| api::http::query::invalid("after", message)), None);
    errors.finish(())?;
    let store = app.store();
    let limit = usize::try_from(limit).unwrap_or(50);
    let prefix = keys::recovered_prefix(path.kind);
    let (page, counters) = tokio::join!(
        store.list_deliveries(&caller.store, path.kind, after.as_ref(), limit),
        store.counters(&caller.store, &prefix),
    );
    let (page, counters) = (page?, counters?);
    let next_cursor = (page.len() == limit).then(|| page.last().map(|d| d.subject.as_ref().to_owned())).flatten();
    let recovered: Vec<_> = counters
        .iter()
        .map(|c| json!({ "currency": c.name.trim_start_matches(&prefix), "orders": c.count, "value": c.total }))
        .collect();
    let data: Vec<_> = page.iter().map(|d| d.view()).collect();
    let body = json!({ "data": data, "next_cursor": next_cursor, "recovered_revenue": recovered });
    Ok(json_response(StatusCode::OK, &body))
}
