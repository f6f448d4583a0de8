//! The error enums of each layer and their one mapping to HTTP statuses.
//!
//! - [`Violation`]: why one field is invalid (a closed set, so messages stay consistent);
//!   [`FieldError`] pairs it with the field's path (`rules[0].action.cart_value.discount`).
//! - [`StoreError`]: what a backend can report; it keeps its cause for the logs.
//! - [`ApiError`]: everything a handler can fail with. [`ApiError::status`] is the only place
//!   an error becomes a status code; `http` renders the body in each API's own shape.

use std::error::Error as StdError;

use lambda_http::http::StatusCode;

/// A boxed error cause, kept for logging and never shown to a client.
pub type Cause = Box<dyn StdError + Send + Sync + 'static>;

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Where the field is, in `a.b[0].c` form; empty for the body as a whole.
    pub path: String,
    pub violation: Violation,
}

impl FieldError {
    pub fn new(path: impl Into<String>, violation: Violation) -> Self {
        Self { path: path.into(), violation }
    }
}

/// The rule a field breaks. Each variant's text is the message a client reads after the path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    /// The value has the wrong type or format; the text comes from the type that refused it.
    #[error("{0}")]
    Malformed(String),
    #[error("is required")]
    Required,
    #[error("must not be empty")]
    Empty,
    #[error("must have at least {0} entries")]
    TooFew(usize),
    #[error("must have at most {0} entries")]
    TooMany(usize),
    #[error("must be at most {0} characters")]
    TooLong(usize),
    #[error("must not contain duplicates")]
    Duplicate,
    #[error("must be greater than zero")]
    NotPositive,
    #[error("must not be negative")]
    Negative,
    #[error("must not be less than {0}")]
    LessThan(&'static str),
    #[error("must be at most 100 when discount_type is percent")]
    PercentOver100,
    #[error("is required when {0}")]
    RequiredWhen(&'static str),
    #[error("must be absent or null unless {0}")]
    OnlyWhen(&'static str),
    #[error("must be after {0}")]
    NotAfter(&'static str),
    #[error("must be empty when {0} is not empty: give one or the other")]
    ExclusiveWith(&'static str),
    #[error("exactly one of {0} is required")]
    ExactlyOneOf(&'static str),
    #[error("is required when {0} is given")]
    RequiredWith(&'static str),
    #[error("makes the promotion {bytes} bytes of JSON; a promotion may take at most {max}")]
    TooLarge { bytes: usize, max: usize },
    #[error("is nested more than {0} levels deep")]
    TooDeep(usize),
    #[error("INVALID is set by the platform and cannot be set by a client")]
    StatusInvalidIsReadOnly,
    #[error("cannot be changed after the promotion is created (it is {0})")]
    Immutable(String),
    #[error("is only allowed on COUPON promotions")]
    OnlyForCoupons,
    #[error("promotion {0} still has coupon codes: delete them first")]
    HasCodes(u64),
    #[error("the promotion has no coupon code {0}")]
    NoSuchCode(u64),
    #[error("a SINGLE coupon promotion has one code; create the promotion with coupon_type BULK for more")]
    SingleCodeOnly,
    #[error("can only be true when can_be_used_with_other_promotions is false")]
    OverrideNeedsExclusive,
    #[error("is a fixed amount, which needs a single currency: not allowed with currency_code \"*\"")]
    FixedAmountWithAnyCurrency,
    #[error("must hold at most {0} units in all")]
    TooManyUnits(u64),
    #[error("has more decimal places than the currency's {0} minor units")]
    TooManyDecimals(u32),
    #[error("must be one currency: \"*\" is only for promotions")]
    AnyCurrencyInCart,
    #[error("was used for another request in the last 24 hours: send a new key with a new request")]
    KeyReused,
}

/// What a store backend can report.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The item changed since it was read: the caller's write was not applied.
    #[error("the item was changed by another writer")]
    Conflict,
    /// A coupon code with this text (compared without case) exists in the store already.
    #[error("the coupon code {0:?} exists already")]
    DuplicateCode(String),
    /// The write would take a limit past its maximum (such as a second code on a SINGLE coupon).
    #[error("the write would exceed a limit")]
    LimitReached,
    /// The item does not exist (for writes that need it to).
    #[error("the item does not exist")]
    NotFound,
    /// The backend is throttling, timing out or unreachable: worth retrying later.
    #[error("the store is unavailable")]
    Unavailable(#[source] Cause),
    /// Anything else the backend reported, or an item it returned that does not parse.
    #[error("the store failed")]
    Backend(#[source] Cause),
}

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
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<FieldError> for ApiError {
    fn from(error: FieldError) -> Self {
        ApiError::Invalid(vec![error])
    }
}

impl ApiError {
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
            ApiError::Conflict | ApiError::IdempotencyKeyInProgress | ApiError::Store(StoreError::Conflict) => {
                StatusCode::CONFLICT
            }
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::Store(StoreError::NotFound) => StatusCode::NOT_FOUND,
            ApiError::Store(StoreError::DuplicateCode(_)) => StatusCode::CONFLICT,
            ApiError::Store(StoreError::LimitReached) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Store(StoreError::Backend(_)) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The text a client may read: internal causes stay in the logs.
    pub fn public_message(&self) -> String {
        match self {
            ApiError::Store(StoreError::Unavailable(_)) => {
                "The service is temporarily unavailable; retry shortly".to_owned()
            }
            ApiError::Store(StoreError::Backend(_)) => "An internal error occurred".to_owned(),
            other => other.to_string(),
        }
    }
}
