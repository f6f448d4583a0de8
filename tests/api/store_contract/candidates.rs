//! The evaluation read model, on every backend: the candidates are exactly the store's live
//! automatic promotions (enabled, not ended at the time asked) and the promotions of the codes
//! asked for, and they follow every create, update, disable, enable, expiry and delete.

use chrono::{Duration, Utc};
use domain::ids::{PromotionId, StoreId};
use domain::parse::StrValue;
use domain::promotion::code::{CodeText, NewCode};
use domain::promotion::timestamp::Timestamp;
use domain::promotion::{Promotion, PromotionFields, PromotionInput};
use serde_json::{json, Value};
use store::{Freshness, Store, Versioned};

on_every_backend!(
    candidates_are_the_live_automatic_promotions_and_those_the_codes_name,
    the_live_set_follows_disable_enable_expiry_and_delete,
    a_code_whose_promotion_is_deleted_names_nothing,
);

fn shop() -> StoreId {
    StoreId::parse("shop").unwrap()
}

/// An automatic promotion's fields from a body, started in 2025 unless it says otherwise.
pub(crate) fn fields(body: Value) -> PromotionFields {
    let mut full = json!({"redemption_type": "AUTOMATIC", "name": "p", "start_date": "2025-01-01T00:00:00+00:00",
                          "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}]});
    full.as_object_mut().unwrap().extend(body.as_object().unwrap().clone());
    let input: PromotionInput = serde_json::from_value(full).unwrap();
    input.into_fields(Utc::now(), None).unwrap()
}

/// `days` from now, as a date the API takes.
pub(crate) fn in_days(days: i64) -> String {
    (Utc::now() + Duration::days(days)).format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

fn now() -> Timestamp {
    Timestamp::from_utc(Utc::now())
}

async fn create(db: &dyn Store, store: &StoreId, body: Value) -> Versioned<Promotion> {
    db.create_promotion(store, fields(body), None, None).await.unwrap()
}

/// A coupon promotion with its one code.
async fn coupon(db: &dyn Store, store: &StoreId, code: &str, id: u64) -> PromotionId {
    let body = json!({"redemption_type": "COUPON", "coupon_type": "BULK"});
    let code = NewCode::new(CodeText::try_from_str(code).unwrap(), 0, 0).into_code(id, now());
    db.create_promotion(store, fields(body), Some(code), None).await.unwrap().value.id()
}

/// The ids of the candidates at `at` for these codes, sorted, and each code's promotion.
async fn candidates(db: &dyn Store, codes: &[&str], at: Timestamp) -> (Vec<u64>, Vec<Option<u64>>) {
    let codes: Vec<CodeText> = codes.iter().map(|c| CodeText::try_from_str(c).unwrap()).collect();
    let found = db.evaluation_candidates(&shop(), &codes, at, Freshness::Eventual).await.unwrap();
    let mut ids: Vec<u64> = found.promotions.iter().map(|p| p.id().0).collect();
    ids.sort_unstable();
    (ids, found.codes.iter().map(|(_, code)| code.as_ref().map(|(id, _)| id.0)).collect())
}

async fn candidates_are_the_live_automatic_promotions_and_those_the_codes_name(db: &dyn Store) {
    let always = create(db, &shop(), json!({})).await.value.id().0;
    let ending = create(db, &shop(), json!({"end_date": in_days(2)})).await.value.id().0;
    create(db, &shop(), json!({"status": "DISABLED"})).await;
    create(db, &shop(), json!({"start_date": in_days(-9), "end_date": in_days(-1)})).await;
    let later = create(db, &shop(), json!({"start_date": in_days(5)})).await.value.id().0;
    let save = coupon(db, &shop(), "SAVE", 11).await.0;
    coupon(db, &shop(), "OTHER", 12).await;
    create(db, &StoreId::parse("elsewhere").unwrap(), json!({})).await;
    coupon(db, &StoreId::parse("elsewhere").unwrap(), "ELSEWHERE", 13).await;

    let (ids, codes) = candidates(db, &["save", "NOPE", "ELSEWHERE"], now()).await;
    assert_eq!(ids, [always, ending, later, save], "live automatic ones (started or not) and the code's coupon");
    assert_eq!(codes, [Some(save), None, None], "codes in any case; another store's code is unknown here");
    assert_eq!(candidates(db, &[], now()).await.0, [always, ending, later], "a coupon only with its code");
    let after_the_end = Timestamp::parse_str(&in_days(3)).unwrap();
    assert_eq!(candidates(db, &[], after_the_end).await.0, [always, later], "ended at the time asked");
    let before = Timestamp::parse_str(&in_days(-2)).unwrap();
    assert_eq!(candidates(db, &[], before).await.0.len(), 4, "the one that ended yesterday was live two days ago");
}

async fn the_live_set_follows_disable_enable_expiry_and_delete(db: &dyn Store) {
    let created = create(db, &shop(), json!({"name": "weekend"})).await;
    let id = created.value.id();
    let mut version = created.version;
    let mut replace = |body: Value| {
        let promotion = created.value.clone().with_fields(fields(body));
        let at = version;
        version += 1;
        async move { db.replace_promotion(&shop(), &promotion, at).await.unwrap() }
    };
    replace(json!({"status": "DISABLED"})).await;
    assert_eq!(candidates(db, &[], now()).await.0, Vec::<u64>::new(), "disabled");
    replace(json!({"status": "ENABLED"})).await;
    assert_eq!(candidates(db, &[], now()).await.0, [id.0], "enabled again");
    replace(json!({"end_date": in_days(-1)})).await;
    assert_eq!(candidates(db, &[], now()).await.0, Vec::<u64>::new(), "its end date moved into the past");
    replace(json!({"end_date": in_days(1), "name": "renamed"})).await;
    let found = db.evaluation_candidates(&shop(), &[], now(), Freshness::Strong).await.unwrap();
    assert_eq!(found.promotions[0].fields().name().as_ref(), "renamed", "the index holds the latest write");
    db.delete_promotion(&shop(), id, None).await.unwrap();
    assert_eq!(candidates(db, &[], now()).await.0, Vec::<u64>::new(), "deleted");
}

async fn a_code_whose_promotion_is_deleted_names_nothing(db: &dyn Store) {
    let save = coupon(db, &shop(), "SAVE", 21).await;
    assert_eq!(candidates(db, &["SAVE"], now()).await, (vec![save.0], vec![Some(save.0)]));
    db.delete_promotion(&shop(), save, None).await.unwrap();
    assert_eq!(candidates(db, &["SAVE"], now()).await, (vec![], vec![None]), "a deleted promotion's code is unknown");
}

/// A database file from before the live index: opening it indexes the promotions it holds.
#[tokio::test]
async fn an_sqlite_file_from_before_the_live_index_is_indexed_when_opened() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("store.sqlite");
    let id = create(&store::sqlite::SqliteStore::open(&path).unwrap(), &shop(), json!({})).await.value.id().0;
    let earlier = rusqlite::Connection::open(&path).unwrap();
    earlier.execute_batch("DROP INDEX promotions_live; ALTER TABLE promotions DROP COLUMN live_until").unwrap();
    drop(earlier);
    let reopened = store::sqlite::SqliteStore::open(&path).unwrap();
    assert_eq!(candidates(&reopened, &[], now()).await.0, [id]);
}
