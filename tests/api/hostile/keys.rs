//! A flood of distinct bad keys (more than the cache holds) never evicts a valid key: the
//! valid key keeps answering from the cache, without a store call.

use std::sync::Arc;

use api::auth::KeyCache;
use domain::access::KeyHash;
use domain::clock;
use store::Store;

use crate::support::{register_key, sqlite_store};

#[tokio::test]
async fn a_flood_of_bad_keys_leaves_the_valid_ones_cached() {
    let db: Arc<dyn Store> = Arc::new(sqlite_store());
    let valid = register_key(db.as_ref(), "valid-key", "demo", "promotions:read").await;
    let cache = KeyCache::default();
    assert!(cache.find(db.as_ref(), &KeyHash::of("valid-key")).await.unwrap().is_some());
    for n in 0..3 * api::auth::cache::MAX_UNKNOWN {
        assert!(cache.find(db.as_ref(), &KeyHash::of(&format!("bad-{n}"))).await.unwrap().is_none());
    }
    db.revoke_api_key(&valid.store, valid.id, clock::now()).await.unwrap();
    let cached = cache.find(db.as_ref(), &KeyHash::of("valid-key")).await.unwrap();
    assert!(
        cached.is_some_and(|key| key.revoked_at.is_none()),
        "still the cached (unrevoked) entry: the flood did not evict it, so no store call re-read it"
    );
}
