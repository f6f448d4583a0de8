//! The in-container key cache: a key is read from the store at most once per
//! [`KeyCache::ttl`] per container, so a warm function adds no round trip for authentication,
//! and a revoked key stops working within that time.
//!
//! Unknown keys are cached too (so a flood of bad keys cannot reach the table). The cache is
//! bounded: when it holds [`MAX_ENTRIES`], expired entries go, and if none had expired, all do.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use domain::access::{ApiKey, KeyHash};
use store::{Store, StoreError};

/// How long a looked-up key is trusted: the longest a revoked key keeps working.
pub const DEFAULT_TTL: Duration = Duration::from_secs(60);

/// Most keys remembered at once.
pub const MAX_ENTRIES: usize = 1024;

/// Recently looked-up keys, by hash.
pub struct KeyCache {
    ttl: Duration,
    entries: Mutex<HashMap<KeyHash, (Instant, Option<ApiKey>)>>,
}

impl Default for KeyCache {
    fn default() -> Self {
        Self::with_ttl(DEFAULT_TTL)
    }
}

impl KeyCache {
    pub fn with_ttl(ttl: Duration) -> Self {
        Self { ttl, entries: Mutex::new(HashMap::new()) }
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// The key with this hash, from the cache while fresh, else from the store.
    pub async fn find(&self, store: &dyn Store, hash: &KeyHash) -> Result<Option<ApiKey>, StoreError> {
        if let Some(cached) = self.fresh(hash) {
            return Ok(cached);
        }
        let found = store.find_api_key(hash).await?;
        self.remember(hash.clone(), found.clone());
        Ok(found)
    }

    fn fresh(&self, hash: &KeyHash) -> Option<Option<ApiKey>> {
        let entries = self.entries.lock().ok()?;
        let (fetched, key) = entries.get(hash)?;
        (fetched.elapsed() < self.ttl).then(|| key.clone())
    }

    fn remember(&self, hash: KeyHash, key: Option<ApiKey>) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (fetched, _)| fetched.elapsed() < self.ttl);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(hash, (Instant::now(), key));
    }
}
