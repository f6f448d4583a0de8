//! Responses of the promotions API (BigCommerce v3 style).
//!
//! Successes are `{"data": …, "meta": {}}`; errors are the platform's shape
//! `{"status", "title", "type", "errors": {"field.path": "message"}}`, with invalid fields as 422.

use std::collections::BTreeMap;

use lambda_http::http::StatusCode;
use lambda_http::{Body, Response};
use serde::Serialize;
use serde_json::json;

use super::{json_response, log_failure};
use crate::error::ApiError;

/// The `type` link every BigCommerce error body carries.
pub const ERROR_TYPE: &str = "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes";

/// Renders a handler's outcome: its response as is, or its error in the platform's shape.
pub fn reply(outcome: Result<Response<Body>, ApiError>) -> Response<Body> {
    outcome.unwrap_or_else(error_response)
}

/// `{"data": data, "meta": {}}` with the given status.
pub fn data(status: StatusCode, data: &impl Serialize) -> Response<Body> {
    json_response(status, &json!({ "data": data, "meta": {} }))
}

/// An [`ApiError`] in the platform's error shape.
pub fn error_response(error: ApiError) -> Response<Body> {
    let status = error.status(StatusCode::UNPROCESSABLE_ENTITY);
    if status.is_server_error() {
        log_failure(&error);
    }
    let mut body = json!({
        "status": status.as_u16(),
        "title": error.public_message(),
        "type": ERROR_TYPE,
    });
    if let ApiError::Invalid(fields) = &error {
        let errors: BTreeMap<&str, String> = fields
            .iter()
            .map(|field| (field.path.as_str(), field.violation.to_string()))
            .collect();
        body["title"] = json!("The request has invalid fields; see errors");
        body["errors"] = json!(errors);
    }
    let mut response = json_response(status, &body);
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert("retry-after", lambda_http::http::HeaderValue::from_static("1"));
    }
    response
}
