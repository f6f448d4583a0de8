//! Deleting a promotion answers at once, whatever its number of codes, and its codes are purged
//! after: on both backends, none of them validates from the moment of the delete (store code
//! lookup, evaluation); on DynamoDB, `purge-codes` removes every item of them from the stream's
//! `REMOVE`, in chunks, resuming where a cut-short run stopped, and frees their texts.

use std::time::{Duration, SystemTime};

use api::App;
use aws_sdk_dynamodb::types::AttributeValue;
use domain::clock;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::{CodeText, CouponCode, NewCode};
use domain::promotion::timestamp::Timestamp;
use serde_json::{json, Value};
use store::dynamodb::DynamoStore;
use store::{keys, CodeStore, Refusal, WriteError};

use crate::fixtures::{prepare, SEEDED_CODE};
use crate::support::{app, dynamo_store, json, request, root, sqlite_app, with_query};

fn demo() -> StoreId {
    StoreId::parse("demo").expect("a store id")
}

/// `count` codes `<prefix>1`…, with ids from `first_id`.
fn codes(prefix: &str, first_id: u64, count: u64) -> Vec<CouponCode> {
    let now = Timestamp::from_utc(clock::now());
    (0..count)
        .map(|i| {
            let text = CodeText::try_from_str(&format!("{prefix}{i}")).expect("a code text");
            NewCode::new(text, 0, 0).into_code(first_id + i, now)
        })
        .collect()
}

/// The promotions `GET /promotions/codes?code=` finds for `code`.
async fn owners(app: &App, code: &str) -> Value {
    let lookup = with_query(request("GET", "demo", Some("codes"), None), &format!("code={code}"));
    json(&get_store_code::handle(app, lookup).await)["data"].clone()
}

/// The promotion an evaluation of the fixture's cart with `code` as its only coupon code finds
/// the code to belong to (`null` for none).
async fn evaluated_owner(app: &App, code: &str) -> Value {
    let text = std::fs::read_to_string(root().join("events/bodies/evaluate-promotions.json")).expect("the cart");
    let mut cart: Value = serde_json::from_str(&text).expect("JSON");
    cart["coupon_codes"] = json!([code]);
    let response = evaluate_promotions::handle(app, request("POST", "demo", None, Some(cart))).await;
    let body = json(&response);
    assert_eq!(response.status(), 200, "{body}");
    body["data"]["coupons"][0]["promotion_id"].clone()
}

async fn a_deleted_promotions_codes_never_validate(app: App) {
    prepare(&app).await;
    assert_eq!(owners(&app, SEEDED_CODE).await[0]["promotion_id"], 2);
    assert_eq!(evaluated_owner(&app, SEEDED_CODE).await, 2, "the code counts before the delete");
    let deleted = delete_promotion::handle(&app, request("DELETE", "demo", Some("2"), None)).await;
    assert_eq!(deleted.status(), 204);
    assert_eq!(owners(&app, SEEDED_CODE).await, json!([]), "the store finds no such code");
    assert_eq!(evaluated_owner(&app, SEEDED_CODE).await, Value::Null, "an evaluation knows no such code");
    let listed = list_codes::handle(&app, request("GET", "demo", Some("2"), None)).await;
    assert_eq!(listed.status(), 404, "the promotion's codes are gone with it");
    let added = app.store().add_codes(&demo(), PromotionId(2), codes("LATE", 50_000, 1), None, None).await;
    assert!(matches!(added, Err(WriteError::Refused(Refusal::Missing))), "{added:?}");
}

#[tokio::test]
async fn a_deleted_promotions_codes_never_validate_on_sqlite() {
    a_deleted_promotions_codes_never_validate(sqlite_app().await).await;
}

#[tokio::test]
async fn a_deleted_promotions_codes_never_validate_on_dynamodb() {
    skip_without_dynamodb!();
    a_deleted_promotions_codes_never_validate(app(dynamo_store().await).await).await;
}

/// How many items of the store's partition have a sort key that starts with `prefix`.
async fn items_under(store: &DynamoStore, prefix: &str) -> usize {
    let (mut count, mut start) = (0, None);
    loop {
        let output = store
            .client()
            .query()
            .table_name(store.table())
            .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
            .expression_attribute_values(":pk", AttributeValue::S(keys::store_pk(&demo())))
            .expression_attribute_values(":prefix", AttributeValue::S(prefix.to_owned()))
            .set_exclusive_start_key(start)
            .consistent_read(true)
            .send()
            .await
            .expect("the query");
        count += output.items().len();
        start = output.last_evaluated_key;
        if start.is_none() {
            return count;
        }
    }
}

#[tokio::test]
async fn a_purge_removes_every_item_of_a_deleted_promotions_codes_resuming_in_small_chunks() {
    skip_without_dynamodb!();
    let store = dynamo_store().await;
    let app = app(store.clone()).await;
    prepare(&app).await;
    for batch in 0..8 {
        let added = codes(&format!("BULK{batch}X"), 10_000 + batch * 250, 250);
        store.add_codes(&demo(), PromotionId(2), added, None, None).await.expect("the codes are stored");
    }
    let filed = format!("PCODE#{:020}#", 2);
    assert_eq!(items_under(&store, &filed).await, 2_001);
    let deleted = delete_promotion::handle(&app, request("DELETE", "demo", Some("2"), None)).await;
    assert_eq!(deleted.status(), 204, "answered at once, the codes left to the purge");
    assert_eq!(items_under(&store, &filed).await, 2_001, "nothing purged yet");
    let reused = store.add_codes(&demo(), PromotionId(1), codes("BULK0X", 90_000, 1), None, None).await;
    assert!(matches!(reused, Err(WriteError::Refused(Refusal::DuplicateCode(_)))), "taken until purged: {reused:?}");

    // Each run is cut short after one chunk of 300 (its deadline has passed): the next goes on.
    let mut runs = 0;
    while !purge_codes::purge(&store, &demo(), PromotionId(2), 300, SystemTime::now()).await.expect("a run") {
        runs += 1;
        assert!(runs < 20, "the purge makes progress");
    }
    assert_eq!(runs + 1, 7, "2,001 codes in chunks of 300");
    assert_eq!(items_under(&store, &filed).await, 0, "no code filed under the promotion is left");
    assert_eq!(items_under(&store, "CODE#BULK").await + items_under(&store, "CODE#WELCOME").await, 0, "nor by text");
    assert!(purge_codes::purge(&store, &demo(), PromotionId(2), 300, SystemTime::now()).await.unwrap(), "idempotent");
    store.add_codes(&demo(), PromotionId(1), codes("BULK0X", 90_000, 1), None, None).await.expect("the text is free");
}

#[tokio::test]
async fn the_stream_fixture_has_purge_codes_remove_the_deleted_promotions_codes() {
    skip_without_dynamodb!();
    let store = dynamo_store().await;
    let app = app(store.clone()).await;
    prepare(&app).await;
    let text = std::fs::read_to_string(root().join("events/stream/purge-codes.json")).expect("the stream fixture");
    let event = serde_json::from_str(&text).expect("a DynamoDB stream event");
    let later = SystemTime::now() + Duration::from_secs(60);
    let untouched = purge_codes::purge_deleted(&store, &event, later).await;
    assert!(untouched.batch_item_failures.is_empty());
    assert_eq!(items_under(&store, &format!("PCODE#{:020}#", 2)).await, 1, "a live promotion's codes are never purged");
    let deleted = delete_promotion::handle(&app, request("DELETE", "demo", Some("2"), None)).await;
    assert_eq!(deleted.status(), 204);
    let response = purge_codes::purge_deleted(&store, &event, later).await;
    assert!(response.batch_item_failures.is_empty(), "finished");
    assert_eq!(items_under(&store, &format!("PCODE#{:020}#", 2)).await, 0);
    assert_eq!(items_under(&store, &keys::code_sk(SEEDED_CODE)).await, 0);
}
