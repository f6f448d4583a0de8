//! The changes a merchant makes, written through the real store on DynamoDB Local, read back
//! from the table's stream as change events: one per change of a promotion, a code, the
//! settings or a marketing configuration, in order per entity, and none for what else the
//! table holds (API keys, the promotion count, a redemption's counters, holds and claims).

use std::collections::{BTreeMap, BTreeSet};

use domain::ids::{PromotionId, StoreId};
use lambda_http::Body;
use publish_changes::stream_change;
use serde_json::{json, Value};
use store::dynamodb::changes::change_event;

use super::{noticed, table_stream};
use crate::fixtures::{call, prepare, sent, SEEDED_CODE_ID};
use crate::support::{app, dynamo_store, fixture, request, MARKETING_STORE};

/// The events of every record on `arn`, by entity (`<type> <id>`), each entity's in order, and
/// the `entity_type`s of the records that made none.
async fn events_by_entity(arn: &str) -> (BTreeMap<String, Vec<Value>>, BTreeSet<String>) {
    let (mut events, mut silent): (BTreeMap<String, Vec<Value>>, BTreeSet<String>) = Default::default();
    for record in table_stream::records(arn).await {
        let Some(event) = change_event(stream_change(&record)).expect("every image is readable") else {
            let image =
                if record.change.new_image.is_empty() { &record.change.old_image } else { &record.change.new_image };
            let entity_type = serde_dynamo::from_attribute_value(image["entity_type"].clone());
            silent.insert(entity_type.expect("every item has an entity_type"));
            continue;
        };
        let entity = format!("{} {}", event.entity.name(), event.detail.entity_id);
        events.entry(entity).or_default().push(noticed(&event));
    }
    (events, silent)
}

fn event(detail_type: &str, detail: Value) -> Value {
    json!({"detail_type": detail_type, "detail": detail})
}

#[tokio::test]
async fn every_change_a_merchant_makes_is_one_event_in_order_per_entity_and_nothing_else_is() {
    skip_without_dynamodb!();
    let store = dynamo_store().await;
    let arn = table_stream::enable(&store).await;
    let app = app(store).await;
    prepare(&app).await;
    let rename = request("PUT", "demo", Some("1"), Some(json!({"name": "Renamed"})));
    assert_eq!(call(&app, "update-promotion", rename).await.status(), 200);
    for _ in 0..2 {
        assert_eq!(call(&app, "put-promotion-settings", fixture("put-promotion-settings")).await.status(), 200);
    }
    let mut settings = sent("put-promotion-settings");
    settings["number_of_coupons_allowed_at_checkout"] = 5.into();
    let mut changed = fixture("put-promotion-settings");
    *changed.body_mut() = Body::Text(settings.to_string());
    assert_eq!(call(&app, "put-promotion-settings", changed).await.status(), 200);
    let configured = "put-marketing-config-abandoned-checkouts";
    assert_eq!(call(&app, configured, fixture(configured)).await.status(), 200);
    let demo = StoreId::parse("demo").expect("a store id");
    app.store().delete_promotion(&demo, PromotionId(2), None).await.expect("promotion 2 is deleted");
    assert!(app.store().purge_codes(&demo, PromotionId(2), 10).await.expect("its code is purged"), "after it");

    let (events, silent) = events_by_entity(&arn).await;

    let demo = |detail: Value| {
        let mut detail = detail;
        detail["store_id"] = "demo".into();
        detail
    };
    let promotion = |id: &str, version: u64| demo(json!({"entity_id": id, "version": version}));
    let updated = |id: &str, version: u64, changed: Value| {
        let mut detail = promotion(id, version);
        detail["changed_fields"] = changed;
        detail
    };
    let code = demo(json!({"entity_id": SEEDED_CODE_ID.to_string(), "promotion_id": 2, "version": null}));
    let configuration =
        |version: u64| json!({"store_id": MARKETING_STORE, "entity_id": "abandoned-checkouts", "version": version});
    let mut reconfigured = configuration(2);
    reconfigured["changed_fields"] = json!(["updated_at"]);
    let expected = BTreeMap::from([
        (
            "promotion 1".to_owned(),
            vec![
                event("promotion.created", promotion("1", 1)),
                event("promotion.updated", updated("1", 2, json!(["name"]))),
            ],
        ),
        (
            "promotion 2".to_owned(),
            vec![event("promotion.created", promotion("2", 1)), event("promotion.deleted", promotion("2", 1))],
        ),
        (format!("code {SEEDED_CODE_ID}"), vec![event("code.created", code.clone()), event("code.deleted", code)]),
        (
            "promotion_settings settings".to_owned(),
            vec![
                event("promotion_settings.created", demo(json!({"entity_id": "settings", "version": null}))),
                event(
                    "promotion_settings.updated",
                    demo(json!({"entity_id": "settings", "version": null,
                                "changed_fields": ["number_of_coupons_allowed_at_checkout"]})),
                ),
            ],
        ),
        (
            "marketing_configuration abandoned-checkouts".to_owned(),
            vec![
                event("marketing_configuration.created", configuration(1)),
                event("marketing_configuration.updated", reconfigured),
            ],
        ),
    ]);
    assert_eq!(events, expected, "{}", serde_json::to_string_pretty(&events).unwrap_or_default());
    // A customer's marketing opt-out (the fixtures seed one) is theirs, not a merchant's change.
    let bookkeeping =
        ["api_key", "api_key_ref", "sequence", "order", "redemption", "hold", "uses", "code_id", "marketing_opt_out"];
    // A code under its promotion always, and under its text when the redemption counted a use.
    let codes = ["coupon_code", "promotion_coupon_code"];
    let expected: BTreeSet<String> = bookkeeping.iter().chain(&codes).map(|name| (*name).to_owned()).collect();
    assert_eq!(silent, expected, "the stream carried these items too, and they announced nothing");
}
