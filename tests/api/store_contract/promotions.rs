//! The promotion store contract, on every backend.

use std::collections::HashSet;

use domain::ids::{PromotionId, StoreId};
use domain::promotion::{Promotion, PromotionFields, PromotionInput};
use futures::future::join_all;
use serde_json::json;
use store::{Refusal, Store, WriteError};

on_every_backend!(
    create_allocates_increasing_ids_per_store,
    get_returns_what_create_stored,
    get_returns_none_for_a_missing_promotion,
    get_never_reads_another_stores_promotion,
    replace_applies_when_the_version_matches,
    replace_with_a_stale_version_conflicts_and_changes_nothing,
    replace_of_a_deleted_promotion_is_not_found,
    replace_never_touches_another_stores_promotion,
    delete_removes_only_that_promotion,
    delete_never_touches_another_stores_promotion,
    ids_are_not_reused_after_a_delete,
    concurrent_creates_get_distinct_ids,
    concurrent_replaces_of_one_version_let_exactly_one_win,
    a_delete_at_a_stale_version_conflicts_and_deletes_nothing,
);

fn store(name: &str) -> StoreId {
    StoreId::parse(name).expect("a valid store id")
}

fn fields(name: &str) -> PromotionFields {
    let body = json!({
        "redemption_type": "AUTOMATIC",
        "name": name,
        "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}],
    });
    let input: PromotionInput = serde_json::from_value(body).expect("a valid body");
    input.into_fields(domain::clock::now(), None).expect("valid fields")
}

fn renamed(promotion: &Promotion, name: &str) -> Promotion {
    promotion.clone().with_fields(fields(name))
}

async fn create_allocates_increasing_ids_per_store(db: &dyn Store) {
    let first = db.create_promotion(&store("a"), fields("one"), None, None).await.unwrap();
    let second = db.create_promotion(&store("a"), fields("two"), None, None).await.unwrap();
    let other = db.create_promotion(&store("b"), fields("three"), None, None).await.unwrap();
    assert_eq!(
        (first.value.id(), second.value.id(), other.value.id()),
        (PromotionId(1), PromotionId(2), PromotionId(1))
    );
    assert_eq!((first.version, first.value.current_uses()), (1, 0));
}

async fn get_returns_what_create_stored(db: &dyn Store) {
    let created = db.create_promotion(&store("a"), fields("one"), None, None).await.unwrap();
    let read = db.get_promotion(&store("a"), created.value.id()).await.unwrap();
    assert_eq!(read, Some(created));
}

async fn get_returns_none_for_a_missing_promotion(db: &dyn Store) {
    assert_eq!(db.get_promotion(&store("a"), PromotionId(7)).await.unwrap(), None);
}

async fn get_never_reads_another_stores_promotion(db: &dyn Store) {
    let created = db.create_promotion(&store("a"), fields("secret"), None, None).await.unwrap();
    assert_eq!(db.get_promotion(&store("b"), created.value.id()).await.unwrap(), None);
}

async fn replace_applies_when_the_version_matches(db: &dyn Store) {
    let created = db.create_promotion(&store("a"), fields("one"), None, None).await.unwrap();
    let saved = db.replace_promotion(&store("a"), &renamed(&created.value, "uno"), 1).await.unwrap();
    assert_eq!(saved.version, 2);
    let read = db.get_promotion(&store("a"), created.value.id()).await.unwrap().unwrap();
    assert_eq!((read.value.fields().name().as_ref(), read.version), ("uno", 2));
}

async fn replace_with_a_stale_version_conflicts_and_changes_nothing(db: &dyn Store) {
    let created = db.create_promotion(&store("a"), fields("one"), None, None).await.unwrap();
    db.replace_promotion(&store("a"), &renamed(&created.value, "first writer"), 1).await.unwrap();
    let stale = db.replace_promotion(&store("a"), &renamed(&created.value, "second writer"), 1).await;
    assert!(matches!(stale, Err(WriteError::Refused(Refusal::Stale))), "{stale:?}");
    let read = db.get_promotion(&store("a"), created.value.id()).await.unwrap().unwrap();
    assert_eq!((read.value.fields().name().as_ref(), read.version), ("first writer", 2));
}

async fn replace_of_a_deleted_promotion_is_not_found(db: &dyn Store) {
    let created = db.create_promotion(&store("a"), fields("one"), None, None).await.unwrap();
    db.delete_promotion(&store("a"), created.value.id(), None).await.unwrap();
    let result = db.replace_promotion(&store("a"), &renamed(&created.value, "ghost"), 1).await;
    assert!(matches!(result, Err(WriteError::Refused(Refusal::Missing))), "{result:?}");
    assert_eq!(db.get_promotion(&store("a"), created.value.id()).await.unwrap(), None);
}

async fn replace_never_touches_another_stores_promotion(db: &dyn Store) {
    let theirs = db.create_promotion(&store("a"), fields("theirs"), None, None).await.unwrap();
    let result = db.replace_promotion(&store("b"), &renamed(&theirs.value, "hijacked"), 1).await;
    assert!(matches!(result, Err(WriteError::Refused(Refusal::Missing))), "{result:?}");
    assert_eq!(db.get_promotion(&store("a"), theirs.value.id()).await.unwrap(), Some(theirs));
}

async fn delete_removes_only_that_promotion(db: &dyn Store) {
    let first = db.create_promotion(&store("a"), fields("one"), None, None).await.unwrap();
    let second = db.create_promotion(&store("a"), fields("two"), None, None).await.unwrap();
    db.delete_promotion(&store("a"), first.value.id(), None).await.unwrap();
    db.delete_promotion(&store("a"), first.value.id(), None).await.expect("deleting twice succeeds");
    assert_eq!(db.get_promotion(&store("a"), first.value.id()).await.unwrap(), None);
    assert_eq!(db.get_promotion(&store("a"), second.value.id()).await.unwrap(), Some(second));
}

async fn delete_never_touches_another_stores_promotion(db: &dyn Store) {
    let theirs = db.create_promotion(&store("a"), fields("theirs"), None, None).await.unwrap();
    db.delete_promotion(&store("b"), theirs.value.id(), None).await.unwrap();
    assert_eq!(db.get_promotion(&store("a"), theirs.value.id()).await.unwrap(), Some(theirs));
}

async fn ids_are_not_reused_after_a_delete(db: &dyn Store) {
    let first = db.create_promotion(&store("a"), fields("one"), None, None).await.unwrap();
    db.delete_promotion(&store("a"), first.value.id(), None).await.unwrap();
    let next = db.create_promotion(&store("a"), fields("two"), None, None).await.unwrap();
    assert_eq!(next.value.id(), PromotionId(2));
}

async fn concurrent_creates_get_distinct_ids(db: &dyn Store) {
    let shop = store("a");
    let creates = (0..50).map(|i| db.create_promotion(&shop, fields(&format!("promotion {i}")), None, None));
    let ids: HashSet<u64> = join_all(creates).await.into_iter().map(|r| r.unwrap().value.id().0).collect();
    assert_eq!(ids, (1..=50).collect());
}

async fn concurrent_replaces_of_one_version_let_exactly_one_win(db: &dyn Store) {
    let shop = store("a");
    let created = db.create_promotion(&shop, fields("one"), None, None).await.unwrap();
    let writers: Vec<_> = (0..10).map(|i| renamed(&created.value, &format!("writer {i}"))).collect();
    let results = join_all(writers.iter().map(|p| db.replace_promotion(&shop, p, 1))).await;
    let winners: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    assert!(results.iter().all(|r| r.is_ok() || matches!(r, Err(WriteError::Refused(Refusal::Stale)))));
    let read = db.get_promotion(&shop, created.value.id()).await.unwrap().unwrap();
    assert_eq!(read.value.fields().name(), winners[0].value.fields().name());
}

async fn a_delete_at_a_stale_version_conflicts_and_deletes_nothing(db: &dyn Store) {
    let shop = store("a");
    let created = db.create_promotion(&shop, fields("one"), None, None).await.unwrap();
    let saved = db.replace_promotion(&shop, &renamed(&created.value, "two"), 1).await.unwrap();
    for stale in [&[1][..], &[], &[3, 4]] {
        let result = db.delete_promotion(&shop, created.value.id(), Some(stale)).await;
        assert!(matches!(result, Err(WriteError::Refused(Refusal::Stale))), "{stale:?}: {result:?}");
    }
    assert_eq!(db.get_promotion(&shop, created.value.id()).await.unwrap(), Some(saved));
    db.delete_promotion(&shop, created.value.id(), Some(&[1, 2])).await.unwrap();
    assert_eq!(db.get_promotion(&shop, created.value.id()).await.unwrap(), None);
    db.delete_promotion(&shop, created.value.id(), Some(&[2])).await.expect("a promotion already gone is deleted");
}
