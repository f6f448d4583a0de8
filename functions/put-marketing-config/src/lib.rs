//! `PUT /v1/stores/{storeId}/marketing/{kind}/configuration`: replaces the store's whole
//! configuration of that kind in one write and answers 200 with what was stored and its `ETag`.
//! With `If-Match`, a configuration no longer at a version it names (`"v0"`: never written) is
//! a 412 and nothing changes.

use api::auth::{Api, Scope};
use api::http::precondition::{with_etag, IfMatch};
use api::http::{json_body, json_response, marketing};
use api::{ApiError, App};
use domain::clock;
use domain::marketing::timestamp::UpdatedAt;
use domain::marketing::{command, updated_by};
use domain::marketing::{ConfigurationInput, MarketingConfiguration};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

/// Handles one request; every failure is answered in the marketing API's error shape, and so is
/// a request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    marketing::reply(put(app, &req)).await
}

async fn put(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Marketing, Scope::MarketingWrite).await?;
    let path = marketing::config_path(req)?;
    let mut settings: ConfigurationInput = json_body(req)?;
    let now = clock::now();
    command::identify(&mut settings.commands, path.store_id, now)?;
    let configuration = MarketingConfiguration::accept(
        path.store_id,
        settings,
        updated_by::api_key(caller.key_id),
        UpdatedAt::new(now),
    )?;
    let if_match = IfMatch::of(req);
    let only_at = if_match.as_ref().and_then(IfMatch::versions);
    let version = app.store().put_marketing_config(&caller.store, path.kind, &configuration, only_at).await?;
    Ok(with_etag(json_response(StatusCode::OK, &configuration.view()), version))
}
