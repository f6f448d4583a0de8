//! `GET /v1/marketing/unsubscribe/{token}`: where a marketing email's unsubscribe link leads.
//! No API key: the random token (one per customer of a store, drawn when the store first
//! wrote to them) is the credential, and it can do one thing: record that its customer wants no
//! more marketing email from that store, which every later send honours (`unsubscribed`). The
//! first opt-out is kept; a token no email carried is a 404.

use api::http::{json_response, marketing, path_param};
use api::{ApiError, App};
use domain::clock;
use domain::outreach::unsubscribe::is_token;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;

/// Handles one request; every failure is answered in the marketing API's error shape.
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    marketing::reply(unsubscribe(app, &req)).await
}

async fn unsubscribe(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let token =
        path_param(req, "token").filter(|token| is_token(token)).ok_or(ApiError::NotFound("unsubscribe link"))?;
    if !app.store().unsubscribe(token, clock::now()).await? {
        return Err(ApiError::NotFound("unsubscribe link"));
    }
    let message = "You will get no more marketing email from this store.";
    Ok(json_response(StatusCode::OK, &json!({ "unsubscribed": true, "message": message })))
}
