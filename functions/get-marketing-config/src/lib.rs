//! `GET /v1/stores/{storeId}/marketing/{kind}/configuration`: the store's configuration of that
//! kind (200), or the documented default when it never wrote one: never a 404 for a known kind.
//! The `ETag` is the stored version (`"v0"` for the default).

use api::auth::{Api, Scope};
use api::http::precondition::with_etag;
use api::http::{json_response, marketing};
use api::{ApiError, App};
use domain::marketing::MarketingConfiguration;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use store::Versioned;

/// Handles one request; every failure is answered in the marketing API's error shape, and so is
/// a request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    marketing::reply(get(app, &req)).await
}

async fn get(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Marketing, Scope::MarketingRead).await?;
    let path = marketing::config_path(req)?;
    let stored = app.store().get_marketing_config(&caller.store, path.kind).await?;
    let Versioned { value: configuration, version } =
        stored.unwrap_or_else(|| Versioned { value: MarketingConfiguration::unconfigured(path.store_id), version: 0 });
    Ok(with_etag(json_response(StatusCode::OK, &configuration.view()), version))
}
