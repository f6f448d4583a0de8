//! The `Idempotency-Key` store contract, on every backend: one claim per live key, a completed
//! request's answer kept for a day, a crashed claim taken over after its lease, keys per store.

use chrono::DateTime;
use domain::ids::StoreId;
use store::idempotency::{Claim, IdempotencyKey, Lease, StoredResponse, LEASE_SECONDS, TTL_SECONDS};
use store::Store;

on_every_backend!(
    a_new_key_is_claimed_once_and_a_second_claim_finds_it_in_progress,
    a_completed_key_gives_its_answer_to_the_same_request_and_refuses_another,
    a_released_key_can_be_claimed_again,
    a_claim_whose_lease_ran_out_is_taken_over,
    an_expired_record_counts_as_absent,
    keys_are_scoped_by_store,
);

fn store(name: &str) -> StoreId {
    StoreId::parse(name).unwrap()
}

fn key(text: &str) -> IdempotencyKey {
    IdempotencyKey::parse(text).unwrap()
}

/// A claim made `seconds` after a fixed moment.
fn at(seconds: i64) -> Lease {
    Lease::starting(DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap())
}

fn answer() -> StoredResponse {
    StoredResponse { status: 201, body: r#"{"data":{"id":1},"meta":{}}"#.to_owned(), etag: Some("\"v1\"".to_owned()) }
}

async fn a_new_key_is_claimed_once_and_a_second_claim_finds_it_in_progress(db: &dyn Store) {
    assert_eq!(db.claim_idempotency_key(&store("a"), &key("k"), "f", at(0)).await.unwrap(), Claim::Claimed);
    assert_eq!(db.claim_idempotency_key(&store("a"), &key("k"), "f", at(1)).await.unwrap(), Claim::InProgress);
    assert_eq!(db.claim_idempotency_key(&store("a"), &key("k"), "other", at(1)).await.unwrap(), Claim::Mismatch);
}

async fn a_completed_key_gives_its_answer_to_the_same_request_and_refuses_another(db: &dyn Store) {
    db.claim_idempotency_key(&store("a"), &key("k"), "f", at(0)).await.unwrap();
    db.complete_idempotency_key(&store("a"), &key("k"), "f", at(0), &answer()).await.unwrap();
    let later = at(TTL_SECONDS - 1);
    assert_eq!(db.claim_idempotency_key(&store("a"), &key("k"), "f", later).await.unwrap(), Claim::Completed(answer()));
    assert_eq!(db.claim_idempotency_key(&store("a"), &key("k"), "g", later).await.unwrap(), Claim::Mismatch);
}

async fn a_released_key_can_be_claimed_again(db: &dyn Store) {
    db.claim_idempotency_key(&store("a"), &key("k"), "f", at(0)).await.unwrap();
    db.release_idempotency_key(&store("a"), &key("k"), "other").await.unwrap();
    assert_eq!(db.claim_idempotency_key(&store("a"), &key("k"), "f", at(1)).await.unwrap(), Claim::InProgress);
    db.release_idempotency_key(&store("a"), &key("k"), "f").await.unwrap();
    assert_eq!(db.claim_idempotency_key(&store("a"), &key("k"), "g", at(2)).await.unwrap(), Claim::Claimed);
}

async fn a_claim_whose_lease_ran_out_is_taken_over(db: &dyn Store) {
    db.claim_idempotency_key(&store("a"), &key("k"), "f", at(0)).await.unwrap();
    let during = db.claim_idempotency_key(&store("a"), &key("k"), "f", at(LEASE_SECONDS)).await.unwrap();
    assert_eq!(during, Claim::InProgress);
    let after = db.claim_idempotency_key(&store("a"), &key("k"), "f", at(LEASE_SECONDS + 1)).await.unwrap();
    assert_eq!(after, Claim::Claimed);
}

async fn an_expired_record_counts_as_absent(db: &dyn Store) {
    db.claim_idempotency_key(&store("a"), &key("k"), "f", at(0)).await.unwrap();
    db.complete_idempotency_key(&store("a"), &key("k"), "f", at(0), &answer()).await.unwrap();
    let expired = at(TTL_SECONDS + 1);
    assert_eq!(db.claim_idempotency_key(&store("a"), &key("k"), "g", expired).await.unwrap(), Claim::Claimed);
}

async fn keys_are_scoped_by_store(db: &dyn Store) {
    db.claim_idempotency_key(&store("a"), &key("k"), "f", at(0)).await.unwrap();
    db.complete_idempotency_key(&store("a"), &key("k"), "f", at(0), &answer()).await.unwrap();
    assert_eq!(db.claim_idempotency_key(&store("b"), &key("k"), "f", at(1)).await.unwrap(), Claim::Claimed);
}
