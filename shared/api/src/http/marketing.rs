//! Requests and responses of the marketing configuration API.
//!
//! Errors are `{"status", "code", "message", "errors": [{"code", "message", "path", "validation"}]}`,
//! with invalid fields as 400.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;

use super::{json_response, log_failure, path_param};
use domain::ids::StoreId;
use domain::marketing::{ConfigKind, FlakeId};
use domain::parse::StrValue;
use domain::{FieldError, Violation};

use crate::error::ApiError;

/// What the path `/v1/stores/{storeId}/marketing/{kind}/configuration` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigPath {
    /// The store, as the resource's `store_id`.
    pub store_id: FlakeId,
    /// The same store, as its storage keys name it.
    pub store: StoreId,
    pub kind: ConfigKind,
}

/// Reads the path: a `{kind}` the API does not have is a 404, as a route it does not have
/// would be; a `{storeId}` that is not a flake id is a 400 naming `storeId`.
pub fn config_path(req: &Request) -> Result<ConfigPath, ApiError> {
    let kind = path_param(req, "kind")
        .and_then(ConfigKind::from_path_segment)
        .ok_or(ApiError::NotFound("marketing configuration"))?;
    let (store_id, store) = store_path(req)?;
    Ok(ConfigPath { store_id, store, kind })
}

/// The `{storeId}` of a marketing path, as the resource's `store_id` and as the storage keys
/// name it; one that is not a flake id is a 400 naming `storeId`.
pub fn store_path(req: &Request) -> Result<(FlakeId, StoreId), ApiError> {
    let raw = path_param(req, "storeId").unwrap_or_default();
    let malformed = |message| FieldError::new("storeId", Violation::Malformed(message));
    let store_id = FlakeId::parse_str(raw).map_err(malformed)?;
    let store = StoreId::parse(raw).ok_or_else(|| malformed(format!("{raw:?} cannot name a store")))?;
    Ok((store_id, store))
}

/// Renders a handler's outcome, given until [`super::REQUEST_DEADLINE`]: its response as is, or
/// its error in the API's shape.
pub async fn reply(outcome: impl std::future::Future<Output = Result<Response<Body>, ApiError>>) -> Response<Body> {
    super::hardened(super::within_deadline(outcome).await.unwrap_or_else(|error| error.answer(error_response)))
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
    super::hardened(response)
}

fn error_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        409 => "conflict",
        412 => "precondition-failed",
        413 => "payload-too-large",
        415 => "unsupported-media-type",
        422 => "unprocessable-entity",
        503 => "service-unavailable",
        _ => "internal-server-error",
    }
}
