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

/// Renders a handler's outcome, given until [`super::REQUEST_DEADLINE`]: its response as is, or
/// its error in the platform's shape.
pub async fn reply(outcome: impl std::future::Future<Output = Result<Response<Body>, ApiError>>) -> Response<Body> {
    super::hardened(super::within_deadline(outcome).await.unwrap_or_else(|error| error.answer(error_response)))
}

/// `{"data": data, "meta": {}}` with the given status.
pub fn data(status: StatusCode, data: &impl Serialize) -> Response<Body> {
    data_with_meta(status, data, &EmptyMeta {})
}

/// `{"data": data, "meta": meta}` with the given status.
pub fn data_with_meta(status: StatusCode, data: &impl Serialize, meta: &impl Serialize) -> Response<Body> {
    json_response(status, &Envelope { data, meta })
}

/// The success envelope; a struct (not a `json!` map) so the data keeps its field order.
#[derive(Serialize)]
struct Envelope<'a, T: Serialize, M: Serialize> {
    data: &'a T,
    meta: &'a M,
}

#[derive(Serialize)]
struct EmptyMeta {}

/// An [`ApiError`] in the platform's error shape.
pub fn error_response(error: ApiError) -> Response<Body> {
    if let ApiError::BulkFailed { errors, total } = &error {
        return super::hardened(bulk_response(errors, *total));
    }
    let status = error.status(StatusCode::UNPROCESSABLE_ENTITY);
    if status.is_server_error() {
        log_failure(&error);
    }
    let messages =
        |fields: &[domain::FieldError]| fields.iter().map(|f| (f.path.clone(), f.violation.to_string())).collect();
    let (title, errors) = match &error {
        ApiError::Invalid(fields) => ("The request has invalid fields; see errors".to_owned(), Some(messages(fields))),
        ApiError::OrderRedeemed => {
            let message = "this order was redeemed with another body; send the same body to read its redemption";
            (error.public_message(), Some(BTreeMap::from([("order_id".to_owned(), message.to_owned())])))
        }
        ApiError::DuplicateCode(code) => {
            let errors = BTreeMap::from([("code".to_owned(), format!("{code:?} exists already in this store"))]);
            (error.public_message(), Some(errors))
        }
        other => (other.public_message(), None),
    };
    let body = ErrorBody { status: status.as_u16(), title, kind: ERROR_TYPE, errors };
    let mut response = json_response(status, &body);
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    super::hardened(response)
}

/// A bulk delete's 422 as the platform documents it: a list of one error whose `errors` are
/// keyed `<index in id:in>.<kind>` (`1.code`), beside `meta {total, success, failed}`. A request
/// refused as a whole (`id:in` missing or malformed, `total` 0) has the message as its title and
/// counts nothing.
fn bulk_response(errors: &[domain::FieldError], total: usize) -> Response<Body> {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let failed = if total == 0 { 0 } else { errors.len() };
    let meta = BulkMeta { total, success: total - failed, failed };
    let (title, per_item) = if total == 0 {
        let first = errors.first().map_or_else(String::new, |e| format!("Parameter {} {}", e.path, e.violation));
        (first, None)
    } else {
        let messages = errors.iter().map(|f| (f.path.clone(), f.violation.to_string())).collect();
        ("Errors occurred in bulk delete action.".to_owned(), Some(messages))
    };
    let error = ErrorBody { status: status.as_u16(), title, kind: ERROR_TYPE, errors: per_item };
    json_response(status, &BulkBody { errors: [error], meta })
}

/// The body of a bulk delete's 422.
#[derive(Serialize)]
struct BulkBody {
    errors: [ErrorBody; 1],
    meta: BulkMeta,
}

/// The platform's error body.
#[derive(Serialize)]
struct ErrorBody {
    status: u16,
    title: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<BTreeMap<String, String>>,
}

/// The counts of a bulk request that partly failed.
#[derive(Serialize)]
struct BulkMeta {
    total: usize,
    success: usize,
    failed: usize,
}

/// The `{id}` of the path, if it can name a promotion at all.
pub fn promotion_id(req: &lambda_http::Request) -> Option<domain::ids::PromotionId> {
    super::path_param(req, "id").and_then(domain::ids::PromotionId::parse)
}

/// The `{redemption_id}` of the path, if it can name a redemption at all.
pub fn redemption_id(req: &lambda_http::Request) -> Option<domain::redemption::RedemptionId> {
    super::path_param(req, "redemption_id").and_then(domain::redemption::RedemptionId::parse)
}

/// The `{code_id}` of the path, if it can name a code at all.
pub fn code_id(req: &lambda_http::Request) -> Option<u64> {
    super::path_param(req, "code_id").and_then(|raw| raw.parse().ok())
}

/// The required `code` query parameter, as a coupon code.
pub fn code_param(req: &lambda_http::Request) -> Result<domain::promotion::code::CodeText, ApiError> {
    use domain::{FieldError, Violation};
    Ok(super::query::Query::of(req).code("code")?.ok_or(FieldError::new("code", Violation::Required))?)
}
