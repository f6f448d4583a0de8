//! The request hot path without I/O, with criterion: parse, validate, map to a DynamoDB item and
//! serialize the response, for a create-promotion with 10 rules and for a put-marketing-config.
//! `cargo bench -p bench --bench hot_path`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use shared::auth::Caller;
use shared::ids::StoreId;
use shared::marketing::timestamp::UpdatedAt;
use shared::marketing::{flake_id::FlakeId, updated_by, ConfigurationInput, MarketingConfiguration};
use shared::promotion::{Promotion, PromotionInput};

/// A promotion with 10 rules of every kind of action and condition.
fn ten_rules() -> Vec<u8> {
    let rule = |i: u64| match i % 5 {
        0 => {
            json!({"action": {"cart_value": {"discount": {"fixed_amount": "5.00"}, "maximum_allowed_discount_amount": "20"}},
                    "condition": {"cart": {"minimum_spend": "50.00"}}})
        }
        1 => json!({"action": {"cart_items": {"discount": {"percentage_amount": "15"}, "strategy": "LEAST_EXPENSIVE",
                    "items": {"or": [{"categories": [i, i + 1]}, {"not": {"brands": [7]}}]}}},
                    "condition": {"cart": {"items": {"products": [i]}, "minimum_quantity": 2}}}),
        2 => json!({"action": {"gift_item": {"quantity": 1, "product_id": 100 + i}}, "stop": true}),
        3 => {
            json!({"action": {"fixed_price_set": {"quantity": 3, "fixed_price": "25.00", "items": {"variants": [i]}}}})
        }
        _ => json!({"action": {"shipping": {"zone_ids": [1, 2, 3]}}, "apply_once": false}),
    };
    let body = json!({
        "redemption_type": "AUTOMATIC", "name": "Ten rules", "channels": [{"id": 1}],
        "customer": {"group_ids": [1, 2], "minimum_order_count": 1},
        "rules": (0..10).map(rule).collect::<Vec<Value>>(),
        "start_date": "2026-01-01T00:00:00+00:00", "end_date": "2027-01-01T00:00:00+00:00",
        "notifications": [{"type": "ELIGIBLE", "content": "Almost there", "locations": ["CART_PAGE"]}],
        "shipping_address": {"countries": [{"iso2_country_code": "US"}]},
        "schedule": {"week_frequency": 1, "week_days": ["Monday", "Friday"], "daily_start_time": "08:00:00", "daily_end_time": "20:00:00"}
    });
    serde_json::to_vec(&body).unwrap()
}

fn create_promotion(body: &[u8]) -> Vec<u8> {
    let input: PromotionInput = serde_json::from_slice(body).unwrap();
    let fields = input.into_fields(shared::clock::now(), None).unwrap();
    let promotion = Promotion {
        id: shared::ids::PromotionId(42),
        current_uses: 0,
        created_from: shared::promotion::resource::CreatedFrom::Api,
        fields,
        code_count: 0,
        code: None,
    };
    let item: std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue> =
        serde_dynamo::to_item(&promotion).unwrap();
    black_box(item);
    serde_json::to_vec(&json!({"data": promotion.view(), "meta": {}})).unwrap()
}

fn put_marketing_config(body: &[u8]) -> Vec<u8> {
    let input: ConfigurationInput = serde_json::from_slice(body).unwrap();
    let caller = Caller { store: StoreId::parse("411486491630370816").unwrap(), key_id: 411486491630370817 };
    let store_id: FlakeId = serde_json::from_value(json!("411486491630370816")).unwrap();
    let config = MarketingConfiguration::accept(
        store_id,
        input,
        updated_by::caller(&caller),
        UpdatedAt::new(shared::clock::now()),
    )
    .unwrap();
    let item: std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue> =
        serde_dynamo::to_item(&config).unwrap();
    black_box(item);
    serde_json::to_vec(&config.view()).unwrap()
}

fn hot_path(c: &mut Criterion) {
    let promotion = ten_rules();
    c.bench_function("create-promotion, 10 rules: parse + validate + item + response", |b| {
        b.iter(|| create_promotion(black_box(&promotion)))
    });
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let config = std::fs::read(root.join("events/bodies/put-marketing-config-purchase-follow-ups.json")).unwrap();
    c.bench_function("put-marketing-config: parse + validate + item + response", |b| {
        b.iter(|| put_marketing_config(black_box(&config)))
    });
}

criterion_group!(benches, hot_path);
criterion_main!(benches);
