//! The HTTP layer every Lambda function and the local server share: what a handler needs
//! besides its own few lines, so that no two functions carry a copy of the same logic.
//!
//! A request flows `handler → auth → http (parse) → domain (validate) → store (one call) →
//! http (respond)`, and every failure becomes a response in one place ([`error`]).
//!
//! # Layout
//! - [`app`]: what every handler is given (the store and the key cache), built once per container.
//! - [`auth`]: the caller's API key, its scopes and its store, checked first by every route.
//! - [`error`]: [`ApiError`], everything a handler can fail with, and its one mapping to a status.
//! - [`http`]: request parsing (bodies, paths, query strings, listings), `ETag`/`If-Match`,
//!   `Idempotency-Key`, and each API's success and error shapes.
//! - [`evaluation`]: what evaluating a cart reads, shared by `/evaluate` and redemptions.
//! - [`lookup`]: the promotion a code endpoint works on (404, or 422 if not a coupon).
//! - [`lambda`]: the serve loop each function's `main` calls.
//! - [`retry`]: the jittered pause between attempts at a write that lost a race.

pub mod app;
pub mod auth;
pub mod error;
pub mod evaluation;
pub mod http;
pub mod lambda;
pub mod lookup;
pub mod request_log;
pub mod retry;

pub use app::App;
pub use error::ApiError;
