//! What the domain can refuse: a value that breaks a rule.
//!
//! - [`Violation`]: why one field is invalid (a closed set, so messages stay consistent);
//!   [`FieldError`] pairs it with the field's path (`rules[0].action.cart_value.discount`), and
//!   [`Invalid`] holds every broken rule of one value, so a client fixes them all at once.
//! - [`RandomnessUnavailable`]: the operating system gave no random bytes (for an id or a code):
//!   not the client's fault and not the store's.
//!
//! The API layer maps these to statuses and each API's error shape, in one place.

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

/// Every rule a value breaks, each at its field's path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} invalid field(s)", .0.len())]
pub struct Invalid(pub Vec<FieldError>);

impl From<FieldError> for Invalid {
    fn from(error: FieldError) -> Self {
        Invalid(vec![error])
    }
}

/// The operating system's random number generator failed: no id or code could be made.
#[derive(Debug, thiserror::Error)]
#[error("the operating system's random number generator failed")]
pub struct RandomnessUnavailable(#[from] pub getrandom::Error);
