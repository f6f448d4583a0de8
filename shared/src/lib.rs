//! The domain and validation crate behind every Lambda function and the local server.
//!
//! A request flows `handler → http (parse) → domain (validate) → store (one call) → http (respond)`;
//! everything a handler needs besides its own few lines lives here, so that no two functions
//! carry a copy of the same logic.
//!
//! # Layout
//! - [`app`]: what every handler is given (the store and the key cache), built once per container.
//! - [`auth`]: API keys, scopes, the key cache, and the check every route runs first.
//! - [`checks`]: the accumulator that reports every broken cross-field rule with its path.
//! - [`evaluation`]: a cart against the store's promotions: what applies, what it takes off,
//!   and why every other promotion does not (exact decimal money, nothing written).
//! - [`error`]: the validation, store and API error enums, and their one mapping to HTTP statuses.
//! - [`http`]: request parsing (path parameters, JSON bodies) and response rendering for both APIs.
//! - [`ids`]: identifiers that arrive in paths (`StoreId`, `PromotionId`), valid by construction.
//! - [`idempotency`]: `Idempotency-Key`s, request fingerprints and the records of their answers.
//! - [`lambda`]: the runtime wiring each function's `main` calls.
//! - [`promotion`]: the promotion resource, its parts, and the request type with its rules.
//! - [`marketing`]: the marketing configurations (abandoned checkouts, purchase follow-ups), their
//!   parts (flake ids, ISO 8601 durations, coupons) and their rules.
//! - [`store`]: the store traits, the single-table key builders and the backends (DynamoDB, SQLite).
//! - [`parse`]: the deserializer for string-encoded domain values (money, codes, times).
//! - [`clock`]: the one place "now" comes from, so tests can pin it.

pub mod app;
pub mod auth;
pub mod checks;
pub mod clock;
pub mod error;
pub mod evaluation;
pub mod http;
pub mod idempotency;
pub mod ids;
pub mod lambda;
pub mod marketing;
pub mod parse;
pub mod promotion;
pub mod store;

pub use app::App;
pub use error::{ApiError, FieldError, StoreError, Violation};
pub use store::Store;
