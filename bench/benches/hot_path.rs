//! The request hot path without I/O, with criterion: parse, validate, map to a DynamoDB item and
//! serialize the response, for a create-promotion with 10 rules and for a put-marketing-config.
//! `cargo bench -p bench --bench hot_path`.

use std::hint::black_box;

use api::http::{json_body, json_response, promotions};
use aws_sdk_dynamodb::types::AttributeValue;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use domain::ids::PromotionId;
use domain::ids::StoreId;
use domain::marketing::timestamp::UpdatedAt;
use domain::marketing::{flake_id::FlakeId, updated_by, ConfigurationInput, MarketingConfiguration};
use domain::promotion::{Promotion, PromotionFields, PromotionInput};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::{json, Value};
use store::dynamodb::DynamoStore;

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

/// A request as the function receives it, with `body`.
fn request(body: &[u8]) -> Request {
    let request = lambda_http::http::Request::builder().header("content-type", "application/json");
    request.body(Body::from(body.to_vec())).unwrap()
}

/// What create-promotion does between its reads and writes, with the functions it calls: read
/// the body, validate, map to the stored item, and write the response.
fn create_promotion(request: &Request) -> Response<Body> {
    let input: PromotionInput = json_body(request).unwrap();
    let promotion = promotion(input.into_fields(domain::clock::now(), None).unwrap());
    black_box(DynamoStore::promotion_item(&StoreId::parse("demo").unwrap(), &promotion, 1).unwrap());
    promotions::data(StatusCode::CREATED, &promotion.view())
}

fn promotion(fields: PromotionFields) -> Promotion {
    Promotion::new(PromotionId(42), fields)
}

/// The same for put-marketing-config.
fn put_marketing_config(request: &Request) -> Response<Body> {
    let input: ConfigurationInput = json_body(request).unwrap();
    let store_id: FlakeId = serde_json::from_value(json!("411486491630370816")).unwrap();
    let now = UpdatedAt::new(domain::clock::now());
    let config = MarketingConfiguration::accept(store_id, input, updated_by::api_key(411486491630370817), now).unwrap();
    black_box(serde_dynamo::to_attribute_value::<_, AttributeValue>(&config).unwrap());
    json_response(StatusCode::OK, &config.view())
}

fn hot_path(c: &mut Criterion) {
    let promotion = request(&ten_rules());
    c.bench_function("create-promotion, 10 rules: parse + validate + item + response", |b| {
        b.iter(|| create_promotion(black_box(&promotion)))
    });
    stages(c, &ten_rules());
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let config = std::fs::read(root.join("events/bodies/put-marketing-config-purchase-follow-ups.json")).unwrap();
    let config = request(&config);
    c.bench_function("put-marketing-config: parse + validate + item + response", |b| {
        b.iter(|| put_marketing_config(black_box(&config)))
    });
}

/// The 10-rule create, stage by stage, to show where the time goes.
fn stages(c: &mut Criterion, body: &[u8]) {
    let mut group = c.benchmark_group("create-promotion stages");
    let body = request(body);
    group.bench_function("read the body", |b| b.iter(|| json_body::<PromotionInput>(black_box(&body)).unwrap()));
    let parse = || json_body::<PromotionInput>(&body).unwrap();
    let now = domain::clock::now();
    group.bench_function("validate", |b| {
        b.iter_batched(parse, |input| input.into_fields(now, None).unwrap(), BatchSize::SmallInput)
    });
    let promotion = promotion(parse().into_fields(now, None).unwrap());
    let store = StoreId::parse("demo").unwrap();
    group.bench_function("item", |b| b.iter(|| DynamoStore::promotion_item(&store, black_box(&promotion), 1).unwrap()));
    group.bench_function("response", |b| {
        b.iter(|| promotions::data(StatusCode::CREATED, &black_box(&promotion).view()))
    });
    group.finish();
}

criterion_group!(benches, hot_path);
criterion_main!(benches);
