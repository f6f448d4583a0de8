//! Authentication and authorization: every route checks its caller here before touching data.
//!
//! A request carries an API key (`X-Auth-Token: <key>` on the promotions API,
//! `Authorization: APIKey <key>` or a bare key on the marketing API). The key is looked up by
//! its SHA-256 hash ([`domain::access::KeyHash`]), through a bounded in-container cache ([`cache`]), and must
//! belong to the store in the path and hold the route's scope. The store a handler then uses
//! is the one bound to the key, never one read from the request.
//!
//! - No, unknown, revoked or expired key: 401. A key of another store, or without the scope:
//!   403. Both say nothing about whether the other store or its data exists.
//! - Expiry is checked on every request against the clock, cached key or not: an expired key
//!   is refused from its `expires_at` on, with no cache delay (unlike a revocation).

pub mod cache;

use lambda_http::Request;

pub use cache::KeyCache;
use domain::access::KeyHash;
pub use domain::access::Scope;
use domain::clock;
use domain::ids::StoreId;
use store::Store;

use crate::error::ApiError;

/// Which API a route belongs to: it decides the credential header and the path parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Promotions,
    Marketing,
}

/// The caller of a request, once its key is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The store bound to the key: the only store this request may read or change.
    pub store: StoreId,
    /// The key's flake id.
    pub key_id: u64,
}

impl Api {
    /// The path parameter that names the store.
    pub fn store_param(self) -> &'static str {
        match self {
            Api::Promotions => "store_hash",
            Api::Marketing => "storeId",
        }
    }

    /// The request header that carries the API key (the API's CORS configuration allows it).
    pub fn key_header(self) -> &'static str {
        match self {
            Api::Promotions => "x-auth-token",
            Api::Marketing => "authorization",
        }
    }

    /// The API key a request presents, if any.
    pub fn presented_key(self, req: &Request) -> Option<&str> {
        let value = req.headers().get(self.key_header())?.to_str().ok()?.trim();
        let key = match self {
            Api::Promotions => value,
            Api::Marketing => strip_scheme(value, "APIKey").unwrap_or(value),
        };
        (!key.is_empty()).then_some(key)
    }
}

fn strip_scheme<'a>(value: &'a str, scheme: &str) -> Option<&'a str> {
    let (given, rest) = value.split_once(' ')?;
    given.eq_ignore_ascii_case(scheme).then(|| rest.trim())
}

/// Checks that the request's key is valid, belongs to the store in the path and holds `scope`.
pub async fn authorize(
    keys: &KeyCache,
    store: &dyn Store,
    req: &Request,
    api: Api,
    scope: Scope,
) -> Result<Caller, ApiError> {
    let presented = api.presented_key(req).ok_or(ApiError::Unauthenticated)?;
    let key = keys.find(store, &KeyHash::of(presented)).await?;
    let key = key.filter(|key| key.is_usable_at(clock::now())).ok_or(ApiError::Unauthenticated)?;
    let path_store = crate::http::path_param(req, api.store_param());
    if path_store != Some(key.store.as_str()) || !key.scopes.allows(scope) {
        return Err(ApiError::Forbidden);
    }
    Ok(Caller { store: key.store, key_id: key.id })
}
