//! The in-container key cache: a key is read from the store at most once per
//! [`KeyCache::ttl`] per container, so a warm function adds no round trip for authentication,
//! and a revoked key stops working within that time.
//!
//! Keys the store knows and keys it does not are kept apart, each bounded. Unknown keys are
//! remembered (so that one bad key repeated cannot reach the table again and again), but a
//! flood of distinct bad keys only ever evicts other bad keys: the valid keys a container
//! serves stay cached, and keep costing no call.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use domain::access::{ApiKey, KeyHash};
use store::{Store, StoreError};

/// How long a looked-up key is trusted: the longest a revoked key keeps working.
pub const DEFAULT_TTL: Duration = Duration::from_secs(60);

/// Most known keys remembered at once.
pub const MAX_ENTRIES: usize = 1024;

/// Most unknown keys remembered at once.
pub const MAX_UNKNOWN: usize = 1024;

/// Recently looked-up keys, by hash: those the store had, and those it did not.
pub struct KeyCache {
    ttl: Duration,
    known: Mutex<HashMap<KeyHash, (Instant, ApiKey)>>,
    unknown: Mutex<HashMap<KeyHash, Instant>>,
}

impl Default for KeyCache {
    fn default() -> Self {
        Self::with_ttl(DEFAULT_TTL)
    }
}

impl KeyCache {
    pub fn with_ttl(ttl: Duration) -> Self {
        Self { ttl, known: Mutex::new(HashMap::new()), unknown: Mutex::new(HashMap::new()) }
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
        match &found {
            Some(key) => remember(&self.known, hash.clone(), (Instant::now(), key.clone()), MAX_ENTRIES, self.ttl),
            None => remember(&self.unknown, hash.clone(), Instant::now(), MAX_UNKNOWN, self.ttl),
        }
        Ok(found)
    }

    /// `Some(answer)` while the cache holds a fresh one.
    fn fresh(&self, hash: &KeyHash) -> Option<Option<ApiKey>> {
        if let Some((fetched, key)) = self.known.lock().ok()?.get(hash) {
            return (fetched.elapsed() < self.ttl).then(|| Some(key.clone()));
        }
        let unknown = self.unknown.lock().ok()?;
        unknown.get(hash).filter(|fetched| fetched.elapsed() < self.ttl).map(|_| None)
    }
}

/// An entry with its fetch time, in a map bounded to `max`: when full, expired entries go, and
/// if none had expired, the oldest half does.
trait Fetched {
    fn fetched(&self) -> Instant;
}

impl Fetched for Instant {
    fn fetched(&self) -> Instant {
        *self
    }
}

impl Fetched for (Instant, ApiKey) {
    fn fetched(&self) -> Instant {
        self.0
    }
}

fn remember<V: Fetched>(map: &Mutex<HashMap<KeyHash, V>>, hash: KeyHash, value: V, max: usize, ttl: Duration) {
    let Ok(mut entries) = map.lock() else { return };
    if entries.len() >= max && !entries.contains_key(&hash) {
        entries.retain(|_, entry| entry.fetched().elapsed() < ttl);
        if entries.len() >= max {
            let mut times: Vec<Instant> = entries.values().map(Fetched::fetched).collect();
            times.sort_unstable();
            let cutoff = times[times.len() / 2];
            entries.retain(|_, entry| entry.fetched() > cutoff);
        }
    }
    entries.insert(hash, value);
}
