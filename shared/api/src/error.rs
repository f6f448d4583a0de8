//! Everything a handler can fail with, and its one mapping to an HTTP status.
//!
//! The domain's refusals ([`Invalid`]), the store's refusals of a write ([`Refusal`]) and its
//! failures ([`StoreError`]) each convert into an [`ApiError`] here, once: a handler uses `?` and
//! never translates an outcome by hand. [`ApiError::status`] is the only place an error becomes a
//! status code; `http::promotions` and `http::marketing` render the body in each API's own shape.

use domain::promotion::codegen::CodegenError;
use domain::redemption::record::TooManyPromotions;
use domain::redemption::{RedemptionStatus, MAX_PROMOTIONS};
use domain::{FieldError, Invalid, RandomnessUnavailable, Violation};
use lambda_http::http::StatusCode;
use store::{Refusal, StoreError, WriteError};

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("the request body must be application/json, not {0}")]
    UnsupportedMediaType(String),
    /// The body is longer than [`crate::http::MAX_BODY_BYTES`]; it was not read.
    #[error("the request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    #[error("the request has invalid fields")]
    Invalid(Vec<FieldError>),
    /// Some items of a bulk request failed (the others were applied): one error per failed item,
    /// its path the item's index in the request.
    #[error("{} of {total} items failed", errors.len())]
    BulkFailed { errors: Vec<FieldError>, total: usize },
    #[error("{0}")]
    MethodNotAllowed(&'static str),
    #[error("a valid API key is required")]
    Unauthenticated,
    #[error("this API key may not do this")]
    Forbidden,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("the resource was changed by another request; retry with fresh data")]
    Conflict,
    /// Another request with the same `Idempotency-Key` is still running.
    #[error("a request with this Idempotency-Key is still in progress; retry shortly")]
    IdempotencyKeyInProgress,
    /// The resource no longer has a version the request's `If-Match` names: nothing changed.
    #[error("the resource has changed since the ETag given in If-Match; read it again")]
    PreconditionFailed,
    /// A coupon code with this text exists in the store already (named in the body's `errors`).
    #[error("the coupon code {0:?} exists already")]
    DuplicateCode(String),
    /// The order was redeemed already, with another request body.
    #[error("this order_id was redeemed already with another request body")]
    OrderRedeemed,
    /// A confirm came after the hold ended or a rollback.
    #[error("the redemption is {}, not held: its uses were given back", .0.as_str())]
    NotHeld(RedemptionStatus),
    /// Every draw of new code ids met ids another write of the store had just handed out.
    #[error("new ids kept being taken by concurrent writes; retry shortly")]
    IdsTaken,
    /// The operating system gave no randomness for an id or a code.
    #[error("an internal error occurred")]
    Randomness(#[from] RandomnessUnavailable),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<FieldError> for ApiError {
    fn from(error: FieldError) -> Self {
        ApiError::Invalid(vec![error])
    }
}

impl From<Invalid> for ApiError {
    fn from(Invalid(errors): Invalid) -> Self {
        ApiError::Invalid(errors)
    }
}

impl From<CodegenError> for ApiError {
    fn from(error: CodegenError) -> Self {
        match error {
            CodegenError::Invalid(invalid) => invalid.into(),
            CodegenError::Randomness(error) => error.into(),
        }
    }
}

/// What a refused write means to the client. The API's writes are conditional in these ways only:
/// on the version an `If-Match` names (or a handler's own read, which retries instead of letting
/// [`Refusal::Stale`] through), on the promotion existing, on a code's text being free, and on a
/// SINGLE coupon having one code.
impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Stale => ApiError::PreconditionFailed,
            Refusal::Contended | Refusal::AlreadyExists => ApiError::Conflict,
            Refusal::Missing => ApiError::NotFound("promotion"),
            Refusal::DuplicateCode(codes) => ApiError::DuplicateCode(codes.into_iter().next().unwrap_or_default()),
            Refusal::CodeLimitReached => FieldError::new("code", Violation::SingleCodeOnly).into(),
            Refusal::NotHeld(status) => ApiError::NotHeld(status),
            Refusal::ClaimLost => ApiError::IdempotencyKeyInProgress,
            Refusal::IdTaken => ApiError::IdsTaken,
        }
    }
}

impl From<TooManyPromotions> for ApiError {
    fn from(TooManyPromotions(applied): TooManyPromotions) -> Self {
        let message =
            format!("{applied} promotions apply to this cart; one redemption counts at most {MAX_PROMOTIONS}");
        FieldError::new("items", Violation::Malformed(message)).into()
    }
}

impl From<WriteError> for ApiError {
    fn from(error: WriteError) -> Self {
        match error {
            WriteError::Refused(refusal) => refusal.into(),
            WriteError::Store(error) => error.into(),
        }
    }
}

/// The kind of failure an answer reports, kept in the response's extensions for the request's
/// log line ([`crate::request_log`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorKind(pub &'static str);

impl ApiError {
    /// What kind of failure this is, in one stable word for logs and their queries.
    pub fn kind(&self) -> ErrorKind {
        ErrorKind(match self {
            ApiError::MalformedJson(_) => "malformed_json",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::Invalid(_) => "invalid",
            ApiError::BulkFailed { .. } => "bulk_failed",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::Unauthenticated => "unauthenticated",
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::Conflict => "conflict",
            ApiError::IdempotencyKeyInProgress => "idempotency_key_in_progress",
            ApiError::PreconditionFailed => "precondition_failed",
            ApiError::DuplicateCode(_) => "duplicate_code",
            ApiError::OrderRedeemed => "order_redeemed",
            ApiError::NotHeld(_) => "not_held",
            ApiError::IdsTaken => "ids_taken",
            ApiError::Randomness(_) => "randomness_unavailable",
            ApiError::Store(StoreError::Unavailable(_)) => "store_unavailable",
            ApiError::Store(StoreError::Backend(_)) => "store_failure",
        })
    }

    /// `render`'s answer to this error, marked with its [`ErrorKind`].
    pub fn answer(
        self,
        render: impl FnOnce(ApiError) -> lambda_http::Response<lambda_http::Body>,
    ) -> lambda_http::Response<lambda_http::Body> {
        let kind = self.kind();
        let mut response = render(self);
        response.extensions_mut().insert(kind);
        response
    }

    /// The HTTP status of this error. `invalid_status` is the API's status for invalid fields:
    /// 422 for the promotions API, 400 for the marketing API.
    pub fn status(&self, invalid_status: StatusCode) -> StatusCode {
        match self {
            ApiError::MalformedJson(_) => StatusCode::BAD_REQUEST,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Invalid(_) | ApiError::BulkFailed { .. } => invalid_status,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Unauthenticated => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict
            | ApiError::IdempotencyKeyInProgress
            | ApiError::DuplicateCode(_)
            | ApiError::OrderRedeemed
            | ApiError::NotHeld(_) => StatusCode::CONFLICT,
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::Store(StoreError::Unavailable(_)) | ApiError::IdsTaken => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Store(StoreError::Backend(_)) | ApiError::Randomness(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The text a client may read: internal causes stay in the logs.
    pub fn public_message(&self) -> String {
        match self {
            ApiError::Store(StoreError::Unavailable(_)) => {
                "The service is temporarily unavailable; retry shortly".to_owned()
            }
            ApiError::Store(StoreError::Backend(_)) | ApiError::Randomness(_) => {
                "An internal error occurred".to_owned()
            }
            other => other.to_string(),
        }
    }
}
