//! The store-wide promotion settings, answered so that two kinds of client read them unchanged.
//!
//! The platform answers `GET` / `PUT /promotions/settings` with the bare settings object, and a
//! refused `PUT` with `errors` as a list of `{field, message}`; every other answer of this API
//! is `{"data": …, "meta": {}}` with `errors` keyed by field. A settings answer therefore has the
//! four fields at the top level *and* `data` / `meta` beside them, and a settings 422 lists its
//! errors the platform's way: a client generated from the platform's contract and one written
//! against this API's envelope both find what they expect.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Response};
use serde::Serialize;

use super::json_response;
use super::promotions::{self, ERROR_TYPE};
use crate::ApiError;
use domain::promotion::settings::PromotionSettings;

/// Answers a settings request; errors in the platform's settings error shape.
pub async fn reply(outcome: impl std::future::Future<Output = Result<Response<Body>, ApiError>>) -> Response<Body> {
    super::hardened(super::within_deadline(outcome).await.unwrap_or_else(|error| error.answer(error_response)))
}

/// 200 with the settings, bare and in the envelope.
pub fn answer(settings: &PromotionSettings) -> Response<Body> {
    json_response(StatusCode::OK, &Answer { fields: settings, data: settings, meta: Empty {} })
}

#[derive(Serialize)]
struct Answer<'a> {
    #[serde(flatten)]
    fields: &'a PromotionSettings,
    data: &'a PromotionSettings,
    meta: Empty,
}

#[derive(Serialize)]
struct Empty {}

/// A settings 422 lists `{field, message}`; every other error is the API's usual shape.
fn error_response(error: ApiError) -> Response<Body> {
    let ApiError::Invalid(fields) = &error else {
        return promotions::error_response(error);
    };
    let errors = fields.iter().map(|f| FieldMessage { field: f.path.clone(), message: f.violation.to_string() });
    let body = ListedErrors {
        status: StatusCode::UNPROCESSABLE_ENTITY.as_u16(),
        title: "The request has invalid fields; see errors",
        kind: ERROR_TYPE,
        errors: errors.collect(),
    };
    json_response(StatusCode::UNPROCESSABLE_ENTITY, &body)
}

#[derive(Serialize)]
struct ListedErrors {
    status: u16,
    title: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    errors: Vec<FieldMessage>,
}

#[derive(Serialize)]
struct FieldMessage {
    field: String,
    message: String,
}
