//! `POST /v1/stores/{storeId}/marketing/events`: a shop's checkout and order events (1 to 100)
//! for the marketing runtime. Each event moves the delivery of its checkout or order
//! ([`apply`]); the answer (200) counts the events that changed something and those that did
//! not (a replay, an older state, an email already sent). Any invalid event refuses the whole
//! batch (400 naming `events[i]…`) before anything is written. Needs `marketing:events`.

pub mod apply;

use api::auth::{Api, Scope};
use api::http::{json_body, json_response, marketing};
use api::{ApiError, App};
use domain::outreach::EventBatch;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;

/// Handles one request; every failure is answered in the marketing API's error shape, and so is
/// a request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    marketing::reply(record(app, &req)).await
}

async fn record(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Marketing, Scope::MarketingEvents).await?;
    marketing::store_path(req)?;
    let batch: EventBatch = json_body(req)?;
    batch.check()?;
    let changed = apply::apply(app.store(), &caller.store, &batch).await?;
    let body = json!({ "received": batch.events.len(), "changed": changed, "unchanged": batch.events.len() - changed });
    Ok(json_response(StatusCode::OK, &body))
}
