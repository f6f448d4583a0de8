//! Responses of the marketing configuration API.
//!
//! Errors are `{"status", "code", "message", "errors": [{"code", "message", "path", "validation"}]}`,
//! with invalid fields as 400.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Response};
use serde_json::json;

use super::{json_response, log_failure};
use crate::error::ApiError;

/// Renders a handler's outcome: its response as is, or its error in the API's shape.
pub fn reply(outcome: Result<Response<Body>, ApiError>) -> Response<Body> {
    outcome.unwrap_or_else(error_response)
}

/// An [`ApiError`] in the marketing API's error shape.
pub fn error_response(error: ApiError) -> Response<Body> {
    let status = error.status(StatusCode::BAD_REQUEST);
    if status.is_server_error() {
        log_failure(&error);
    }
    let code = error_code(status);
    let mut body = json!({ "status": status.as_u16(), "code": code, "message": error.public_message() });
    if let ApiError::Invalid(fields) = &error {
        let errors: Vec<_> = fields
            .iter()
            .map(|field| {
                json!({
                    "code": "invalid-field",
                    "message": format!("{} {}", field.path, field.violation),
                    "path": field.path,
                    "validation": field.violation.to_string(),
                })
            })
            .collect();
        body["errors"] = json!(errors);
    }
    let mut response = json_response(status, &body);
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert("retry-after", lambda_http::http::HeaderValue::from_static("1"));
    }
    response
}

fn error_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        409 => "conflict",
        412 => "precondition-failed",
        415 => "unsupported-media-type",
        503 => "service-unavailable",
        _ => "internal-server-error",
    }
}
