//! What a store call can end with besides success, in two kinds that callers treat apart:
//!
//! - [`StoreError`]: the backend failed (unreachable, throttled, or answered nonsense). Nothing
//!   about the data is known; the cause is kept for the logs.
//! - [`Refusal`]: the backend worked and refused a conditional write because of what the data
//!   is (another version, a code that exists, a limit). Nothing was written; the caller decides
//!   what that means (retry on fresh data, or tell the client).
//!
//! Reads fail only with [`StoreError`]; writes with [`WriteError`], which is either.

use std::error::Error as StdError;

use domain::redemption::RedemptionStatus;

/// A boxed error cause, kept for logging and never shown to a client.
pub type Cause = Box<dyn StdError + Send + Sync + 'static>;

/// The backend failed: infrastructure, not data.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The backend is throttling, timing out or unreachable: worth retrying later.
    #[error("the store is unavailable")]
    Unavailable(#[source] Cause),
    /// Anything else the backend reported, or an item it returned that does not parse.
    #[error("the store failed")]
    Backend(#[source] Cause),
}

/// Why a write was not applied, although the store worked. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The item is no longer at the version the write was conditional on.
    #[error("the item is no longer at the version the write expected")]
    Stale,
    /// Other writers kept changing the items for every attempt the store made.
    #[error("the items kept changing under concurrent writers")]
    Contended,
    /// The item the write needs does not exist (a promotion, an API key).
    #[error("the item does not exist")]
    Missing,
    /// An item with this identity exists already (an API key's hash).
    #[error("the item exists already")]
    AlreadyExists,
    /// Coupon codes with these texts (compared without case) exist in the store already: every
    /// one of the write that the store found taken (at least one), so that a caller drawing
    /// random codes can replace them all at once.
    #[error("the coupon codes {0:?} exist already")]
    DuplicateCode(Vec<String>),
    /// Another write of the store handed out the new ids this write drew (code ids, drawn from
    /// the clock and a random block): nothing was written, and drawing again succeeds.
    #[error("the new ids were taken by another write")]
    IdTaken,
    /// The promotion would have more codes than it may (a SINGLE coupon has one).
    #[error("the promotion has as many codes as it may")]
    CodeLimitReached,
    /// The `Idempotency-Key` whose answer the write was to record is no longer this request's
    /// (its lease ran out and another request took it over): nothing was written.
    #[error("the idempotency key was taken over by another request")]
    ClaimLost,
    /// A confirm found the redemption no longer held: its hold ran out (and its uses were, or
    /// are about to be, given back) or it was rolled back.
    #[error("the redemption is {0:?}, not held")]
    NotHeld(RedemptionStatus),
}

/// What a write can end with besides success.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}
