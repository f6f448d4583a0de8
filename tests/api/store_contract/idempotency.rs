//! The `Idempotency-Key` store contract, on every backend: one claim per live key, a completed
//! request's answer kept for a day (recorded by the write that created what it answers), a
//! crashed claim taken over after its lease without the stale claimant creating anything, keys
//! per store.

use chrono::DateTime;
use domain::clock;
use domain::ids::StoreId;
use domain::promotion::{Promotion, PromotionInput};
use serde_json::json;
use store::idempotency::{Claim, Completion, IdempotencyKey, Lease, StoredResponse, LEASE_SECONDS, TTL_SECONDS};
use store::{Refusal, Store, Versioned, WriteError};

on_every_backend!(
    a_new_key_is_claimed_once_and_a_second_claim_finds_it_in_progress,
    a_completed_key_gives_its_answer_to_the_same_request_and_refuses_another,
    a_released_key_can_be_claimed_again,
    a_claim_whose_lease_ran_out_is_taken_over,
    an_expired_record_counts_as_absent,
    keys_are_scoped_by_store,
    a_claimant_whose_key_was_taken_over_creates_nothing,
);

/// The claimant whose lease ran out (it stalled, or lost its record before this design) cannot
/// create anything any more: its write is conditional on still holding the key, so of the two
/// requests that ran under one key exactly one created the promotion, and a retry replays it.
async fn a_claimant_whose_key_was_taken_over_creates_nothing(db: &dyn Store) {
    let shop = store("takeover");
    db.claim_idempotency_key(&shop, &key("k"), "f", at(0)).await.unwrap();
    let later = at(LEASE_SECONDS + 1);
    assert_eq!(db.claim_idempotency_key(&shop, &key("k"), "f", later).await.unwrap(), Claim::Claimed);
    let stale = create_answering(db, "takeover", completion("f", at(0))).await;
    assert!(matches!(stale, Err(WriteError::Refused(Refusal::ClaimLost))), "{stale:?}");
    assert_eq!(db.list_promotions(&shop, false, None).await.unwrap().1, 0, "the stale claimant created nothing");
    create_answering(db, "takeover", completion("f", later)).await.unwrap();
    let retry = db.claim_idempotency_key(&shop, &key("k"), "f", at(LEASE_SECONDS + 2)).await.unwrap();
    assert_eq!(retry, Claim::Completed(answer()), "a retry gets the answer of the one promotion created");
    assert_eq!(db.list_promotions(&shop, false, None).await.unwrap().1, 1);
}

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

/// A promotion created with its key's answer, as `POST /promotions` does.
async fn create_answering(db: &dyn Store, shop: &str, completion: Completion) -> Result<(), WriteError> {
    let body = json!({"redemption_type": "AUTOMATIC", "name": "keyed",
                      "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "5"}}}}]});
    let fields = serde_json::from_value::<PromotionInput>(body).unwrap().into_fields(clock::now(), None).unwrap();
    let respond = move |_: &Versioned<Promotion>| completion.clone();
    db.create_promotion(&store(shop), fields, None, Some(&respond)).await.map(|_| ())
}

fn completion(fingerprint: &str, lease: Lease) -> Completion {
    Completion { key: key("k"), fingerprint: fingerprint.to_owned(), lease, response: answer() }
}

async fn a_completed_key_gives_its_answer_to_the_same_request_and_refuses_another(db: &dyn Store) {
    db.claim_idempotency_key(&store("a"), &key("k"), "f", at(0)).await.unwrap();
    create_answering(db, "a", completion("f", at(0))).await.unwrap();
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
    create_answering(db, "a", completion("f", at(0))).await.unwrap();
    let expired = at(TTL_SECONDS + 1);
    assert_eq!(db.claim_idempotency_key(&store("a"), &key("k"), "g", expired).await.unwrap(), Claim::Claimed);
}

async fn keys_are_scoped_by_store(db: &dyn Store) {
    db.claim_idempotency_key(&store("a"), &key("k"), "f", at(0)).await.unwrap();
    create_answering(db, "a", completion("f", at(0))).await.unwrap();
    assert_eq!(db.claim_idempotency_key(&store("b"), &key("k"), "f", at(1)).await.unwrap(), Claim::Claimed);
}
