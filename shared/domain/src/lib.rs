//! The domain: promotions, marketing configurations, cart evaluation, and the rules that make
//! each of them valid. Pure values and functions: nothing here knows of AWS, Lambda, HTTP, an
//! async runtime or a database (`tests/api/architecture.rs` holds that), so the evaluation
//! engine can run wherever a storefront needs it.
//!
//! # Layout
//! - [`promotion`]: the promotion resource, its parts, the request type with its rules, coupon
//!   codes and their generation, listing filters and sorts, store-wide settings.
//! - [`evaluation`]: a cart against a store's promotions: what applies, what it takes off, and
//!   why every other promotion does not (exact decimal money, nothing written).
//! - [`marketing`]: the marketing configurations (abandoned checkouts, purchase follow-ups), their
//!   parts (flake ids, ISO 8601 durations, coupons) and their rules.
//! - [`outreach`]: the marketing runtime: events from the shop, each checkout's and order's
//!   email, its schedule, coupon and rendering.
//! - [`redemption`]: an evaluation whose uses are counted: the request, the record, its status.
//! - [`access`]: API keys (only their hash is kept), how long a key lives, and the scopes a key holds.
//! - [`ids`]: the identifiers of stores and promotions, valid by construction, and flake ids.
//! - [`error`]: why a value is invalid ([`Violation`], [`FieldError`], [`Invalid`]), and the one
//!   failure a domain operation can have besides that ([`RandomnessUnavailable`]).
//! - [`checks`]: the accumulator that reports every broken cross-field rule with its path.
//! - [`parse`]: the deserializer for string-encoded domain values (money, codes, times).
//! - [`clock`]: the one place "now" comes from.

pub mod access;
pub mod checks;
pub mod clock;
pub mod error;
pub mod evaluation;
pub mod ids;
pub mod marketing;
pub mod outreach;
pub mod parse;
pub mod promotion;
pub mod redemption;

pub use error::{FieldError, Invalid, RandomnessUnavailable, Violation};
