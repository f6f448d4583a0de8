//! `GET /v1/stores/{storeId}/marketing/{kind}/configuration`: the store's configuration of that
//! kind (200), or the documented default when it never wrote one: never a 404 for a known kind.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use shared::http::{json_response, marketing};
use shared::marketing::MarketingConfiguration;
use shared::{ApiError, Store};

/// Handles one request; every failure is answered in the marketing API's error shape.
pub async fn handle(store: &dyn Store, req: Request) -> Response<Body> {
    marketing::reply(get(store, &req).await)
}

async fn get(store: &dyn Store, req: &Request) -> Result<Response<Body>, ApiError> {
    let path = marketing::config_path(req)?;
    let configuration = store
        .get_marketing_config(&path.store, path.kind)
        .await?
        .unwrap_or_else(|| MarketingConfiguration::unconfigured(path.store_id));
    Ok(json_response(StatusCode::OK, &configuration.view()))
}
