//! The API key store contract, on every backend.

use domain::access::{ApiKey, KeyHash, KeyLifetime, Scopes};
use domain::clock;
use domain::ids::StoreId;
use domain::parse::StrValue;
use store::{Refusal, Store, WriteError};

on_every_backend!(
    a_stored_key_is_found_by_the_hash_of_the_key_only,
    a_key_cannot_be_stored_twice,
    revoking_marks_the_key_and_keeps_the_first_time,
    a_store_cannot_revoke_another_stores_key,
    a_key_keeps_its_expiry_and_a_key_without_one_reads_back_without,
);

fn key_for(key: &str, store: &str) -> ApiKey {
    let store = StoreId::parse(store).unwrap();
    ApiKey::register(key, store, Scopes::parse_list("promotions:read").unwrap(), clock::now()).unwrap()
}

async fn a_stored_key_is_found_by_the_hash_of_the_key_only(db: &dyn Store) {
    let record = key_for("pm_secret", "a");
    db.put_api_key(&record).await.unwrap();
    assert_eq!(db.find_api_key(&KeyHash::of("pm_secret")).await.unwrap(), Some(record));
    assert_eq!(db.find_api_key(&KeyHash::of("pm_other")).await.unwrap(), None);
}

async fn a_key_cannot_be_stored_twice(db: &dyn Store) {
    db.put_api_key(&key_for("pm_secret", "a")).await.unwrap();
    let again = db.put_api_key(&key_for("pm_secret", "b")).await;
    assert!(matches!(again, Err(WriteError::Refused(Refusal::AlreadyExists))), "{again:?}");
    assert_eq!(db.find_api_key(&KeyHash::of("pm_secret")).await.unwrap().unwrap().store.as_str(), "a");
}

async fn revoking_marks_the_key_and_keeps_the_first_time(db: &dyn Store) {
    let record = key_for("pm_secret", "a");
    db.put_api_key(&record).await.unwrap();
    let first = clock::now();
    db.revoke_api_key(&record.store, record.id, first).await.unwrap();
    db.revoke_api_key(&record.store, record.id, first + chrono::Duration::hours(1)).await.unwrap();
    let found = db.find_api_key(&record.key_hash).await.unwrap().unwrap();
    assert_eq!(found.revoked_at, Some(first));
    assert_eq!(found.scopes, record.scopes);
}

async fn a_store_cannot_revoke_another_stores_key(db: &dyn Store) {
    let record = key_for("pm_secret", "a");
    db.put_api_key(&record).await.unwrap();
    let result = db.revoke_api_key(&StoreId::parse("b").unwrap(), record.id, clock::now()).await;
    assert!(matches!(result, Err(WriteError::Refused(Refusal::Missing))), "{result:?}");
    assert_eq!(db.find_api_key(&record.key_hash).await.unwrap().unwrap().revoked_at, None);
}

async fn a_key_keeps_its_expiry_and_a_key_without_one_reads_back_without(db: &dyn Store) {
    let expiring = key_for("pm_expiring", "a").expiring_after(&KeyLifetime::parse_str("P90D").unwrap());
    let lasting = key_for("pm_lasting", "a");
    for record in [&expiring, &lasting] {
        db.put_api_key(record).await.unwrap();
    }
    let found = db.find_api_key(&expiring.key_hash).await.unwrap().unwrap();
    assert_eq!(found.expires_at, Some(expiring.created_at + chrono::Duration::days(90)));
    assert_eq!(found, expiring);
    assert_eq!(db.find_api_key(&lasting.key_hash).await.unwrap().unwrap().expires_at, None);
    db.revoke_api_key(&expiring.store, expiring.id, clock::now()).await.unwrap();
    let revoked = db.find_api_key(&expiring.key_hash).await.unwrap().unwrap();
    assert_eq!(revoked.expires_at, expiring.expires_at, "revoking keeps the expiry");
}
