//! Who may call the API: API keys, of which only a hash is stored, how long a key lives, and the
//! scopes a key holds.
//! Checking a request's key against them is the API layer's job (`api::auth`).

pub mod api_key;
pub mod lifetime;
pub mod scope;

pub use api_key::{ApiKey, KeyHash};
pub use lifetime::KeyLifetime;
pub use scope::{Scope, Scopes};
