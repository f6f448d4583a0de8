//! What every handler is given: the store and the key cache, built once per container (in
//! `main`, or once by `local-api` and the tests) and borrowed by every request.

use std::sync::Arc;

use lambda_http::Request;

use domain::access::Scope;
use store::Store;

use crate::auth::{self, Api, Caller, KeyCache};
use crate::error::ApiError;

/// A function's dependencies.
pub struct App {
    store: Arc<dyn Store>,
    keys: KeyCache,
}

impl App {
    /// An app on `store` with the default key cache.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self::with_key_cache(store, KeyCache::default())
    }

    pub fn with_key_cache(store: Arc<dyn Store>, keys: KeyCache) -> Self {
        Self { store, keys }
    }

    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// The caller, if the request's key may use `scope` on the store in its path.
    pub async fn authorize(&self, req: &Request, api: Api, scope: Scope) -> Result<Caller, ApiError> {
        auth::authorize(&self.keys, self.store(), req, api, scope).await
    }
}
