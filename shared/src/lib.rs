//! The domain and validation crate behind every Lambda function and the local server.
//!
//! A request flows `handler → http (parse) → domain (validate) → store (one call) → http (respond)`;
//! everything a handler needs besides its own few lines lives here, so that no two functions
//! carry a copy of the same logic.
//!
//! # Layout
//! - [`app`]: what every handler is given (the store and the key cache), built once per container.
//! - [`auth`]: API keys, scopes, the key cache, and the check every route runs first.
//! - [`error`]: the validation, store and API error enums, and their one mapping to HTTP statuses.
//! - [`http`]: request parsing (path parameters, JSON bodies) and response rendering for both APIs.
//! - [`ids`]: identifiers that arrive in paths (`StoreId`, `PromotionId`), valid by construction.
//! - [`lambda`]: the runtime wiring each function's `main` calls.
//! - [`promotion`]: the promotion resource, its parts, and the request type with its rules.
//! - [`store`]: the store traits, the single-table key builders and the backends (DynamoDB, SQLite).
//! - [`parse`]: the deserializer for string-encoded domain values (money, codes, times).
//! - [`clock`]: the one place "now" comes from, so tests can pin it.

pub mod app;
pub mod auth;
pub mod clock;
pub mod error;
pub mod http;
pub mod ids;
pub mod lambda;
pub mod parse;
pub mod promotion;
pub mod store;

pub use app::App;
pub use error::{ApiError, FieldError, StoreError, Violation};
pub use store::Store;
