//! `PUT /v1/stores/{storeId}/marketing/{kind}/configuration`: replaces the store's whole
//! configuration of that kind in one write and answers 200 with what was stored.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use shared::auth::{Api, Scope};
use shared::http::{json_body, json_response, marketing};
use shared::marketing::timestamp::UpdatedAt;
use shared::marketing::updated_by;
use shared::marketing::{ConfigurationInput, MarketingConfiguration};
use shared::{clock, ApiError, App};

/// Handles one request; every failure is answered in the marketing API's error shape.
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    marketing::reply(put(app, &req).await)
}

async fn put(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Marketing, Scope::MarketingWrite).await?;
    let path = marketing::config_path(req)?;
    let settings: ConfigurationInput = json_body(req)?;
    let configuration = MarketingConfiguration::accept(
        path.store_id,
        settings,
        updated_by::caller(&caller),
        UpdatedAt::new(clock::now()),
    )?;
    app.store().put_marketing_config(&caller.store, path.kind, &configuration).await?;
    Ok(json_response(StatusCode::OK, &configuration.view()))
}
