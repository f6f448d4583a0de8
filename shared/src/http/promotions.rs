//! Responses of the promotions API (BigCommerce v3 style).
//!
//! Successes are `{"data": …, "meta": {}}`; errors are the platform's shape
//! `{"status", "title", "type", "errors": {"field.path": "message"}}`, with invalid fields as 422.

use std::collections::BTreeMap;

use lambda_http::http::{header, HeaderValue, StatusCode};
use lambda_http::{Body, Response};
use serde::Serialize;

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
    json_response(
        status,
        &Envelope {
            data,
            meta: EmptyMeta {},
        },
    )
}

/// The success envelope; a struct (not a `json!` map) so the data keeps its field order.
#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    data: &'a T,
    meta: EmptyMeta,
}

#[derive(Serialize)]
struct EmptyMeta {}

/// An [`ApiError`] in the platform's error shape.
pub fn error_response(error: ApiError) -> Response<Body> {
    let status = error.status(StatusCode::UNPROCESSABLE_ENTITY);
    if status.is_server_error() {
        log_failure(&error);
    }
    let (title, errors) = match &error {
        ApiError::Invalid(fields) => {
            let errors = fields
                .iter()
                .map(|f| (f.path.as_str(), f.violation.to_string()))
                .collect();
            ("The request has invalid fields; see errors".to_owned(), Some(errors))
        }
        other => (other.public_message(), None),
    };
    let body = ErrorBody {
        status: status.as_u16(),
        title,
        kind: ERROR_TYPE,
        errors,
    };
    let mut response = json_response(status, &body);
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}

/// The platform's error body.
#[derive(Serialize)]
struct ErrorBody<'a> {
    status: u16,
    title: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<BTreeMap<&'a str, String>>,
}

/// The `{id}` of the path, if it can name a promotion at all.
pub fn promotion_id(req: &lambda_http::Request) -> Option<crate::ids::PromotionId> {
    super::path_param(req, "id").and_then(crate::ids::PromotionId::parse)
}
