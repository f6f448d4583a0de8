//! Limits: a body over 256 KiB is a 413 in each API's shape, through the handlers and over
//! HTTP; every documented maximum of a promotion is a 422 naming its field; a promotion that
//! would outgrow one DynamoDB item is a 422 before anything is written, on both backends.

use api::http::MAX_BODY_BYTES;
use api::App;
use domain::promotion::limits::MAX_PROMOTION_BYTES;
use lambda_http::{Body, Request};
use serde_json::{json, Value};

use crate::support::{app, dynamo_store, json, marketing_request, request, sqlite_app, MARKETING_STORE};

fn valid() -> Value {
    json!({
        "redemption_type": "AUTOMATIC",
        "name": "Ten percent off",
        "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}],
    })
}

/// `body` followed by spaces up to exactly `length` bytes (still the same JSON).
fn padded(body: &Value, length: usize) -> String {
    let text = body.to_string();
    format!("{text}{}", " ".repeat(length - text.len()))
}

fn with_raw_body(mut request: Request, body: String) -> Request {
    *request.body_mut() = Body::Text(body);
    request
}

async fn create_raw(app: &App, body: String) -> (u16, Value) {
    let response = create_promotion::handle(app, with_raw_body(request("POST", "demo", None, None), body)).await;
    (response.status().as_u16(), json(&response))
}

#[tokio::test]
async fn a_body_of_256_kib_is_read_and_one_byte_more_is_a_413_in_the_promotions_shape() {
    let db = sqlite_app().await;
    let (status, body) = create_raw(&db, padded(&valid(), MAX_BODY_BYTES)).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = create_raw(&db, padded(&valid(), MAX_BODY_BYTES + 1)).await;
    assert_eq!((status, &body["status"]), (413, &json!(413)), "{body}");
    assert!(body["title"].as_str().unwrap().contains("262144"), "{body}");
    let listed = list_promotions::handle(&db, request("GET", "demo", None, None)).await;
    assert_eq!(json(&listed)["meta"]["pagination"]["total"], 1, "the refused body created nothing");
}

#[tokio::test]
async fn a_body_over_256_kib_is_a_413_in_the_marketing_shape() {
    let db = sqlite_app().await;
    let mut req = marketing_request("PUT", MARKETING_STORE, "abandoned-checkouts", None);
    *req.body_mut() = Body::Text(padded(&json!({}), MAX_BODY_BYTES + 1));
    let response = put_marketing_config::handle(&db, req).await;
    let body = json(&response);
    assert_eq!((response.status().as_u16(), &body["code"]), (413, &json!("payload-too-large")), "{body}");
}

/// A valid body with `changes` laid over it.
fn with(changes: Value) -> Value {
    let mut body = valid();
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

fn ids(count: u64) -> Vec<u64> {
    (1..=count).collect()
}

fn texts(count: usize, length: usize) -> Vec<String> {
    (0..count).map(|i| format!("{i:0length$}")).collect()
}

fn cart_items(items: Value) -> Value {
    json!([{"action": {"cart_items": {"discount": {"percentage_amount": "10"}, "items": items}}}])
}

/// A body just over each documented maximum, and the field its 422 names.
fn over_each_maximum() -> Vec<(Value, &'static str)> {
    let rule = json!({"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}});
    let segment = |i: usize| json!({"id": [format!("00000000-0000-4000-8000-{i:012}")]});
    let notification = |content: String| json!({"type": "UPSELL", "content": content, "locations": ["CART_PAGE"]});
    vec![
        (with(json!({"rules": vec![rule; 51]})), "rules"),
        (with(json!({"channels": ids(101).iter().map(|id| json!({"id": id})).collect::<Vec<_>>()})), "channels"),
        (with(json!({"notifications": vec![notification("Hi".into()); 21]})), "notifications"),
        (with(json!({"notifications": [notification("x".repeat(1001))]})), "notifications[0].content"),
        (with(json!({"name": "x".repeat(256)})), "name"),
        (with(json!({"display_name": "x".repeat(256)})), "display_name"),
        (
            with(json!({"rules": cart_items(json!({"products": ids(1001)}))})),
            "rules[0].action.cart_items.items.products",
        ),
        (
            with(json!({"rules": cart_items(json!({"or": vec![json!({"brands": [1]}); 21]}))})),
            "rules[0].action.cart_items.items.or",
        ),
        (
            with(
                json!({"rules": cart_items(json!({"product_option": {"type": "string_match", "name": "x".repeat(256), "values": ["a"]}}))}),
            ),
            "rules[0].action.cart_items.items.product_option.name",
        ),
        (
            with(json!({"rules": cart_items(json!({"product_custom_field": {"name": "n", "values": texts(101, 3)}}))})),
            "rules[0].action.cart_items.items.product_custom_field.values",
        ),
        (
            with(
                json!({"rules": cart_items(json!({"product_custom_field": {"name": "n", "values": ["x".repeat(256)]}}))}),
            ),
            "rules[0].action.cart_items.items.product_custom_field.values[0]",
        ),
        (with(json!({"customer": {"group_ids": ids(1001)}})), "customer.group_ids"),
        (
            with(json!({"customer": {"segments": {"or": (0..21).map(segment).collect::<Vec<_>>()}}})),
            "customer.segments.or",
        ),
        (
            with(json!({"rules": [{"action": {"shipping": {"zone_ids": ids(1001)}}}]})),
            "rules[0].action.shipping.zone_ids",
        ),
        (
            with(json!({"rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}},
                                    "condition": {"and": vec![json!({"cart": {"minimum_spend": "1"}}); 21]}}]})),
            "rules[0].condition.and",
        ),
    ]
}

#[tokio::test]
async fn every_documented_maximum_is_a_422_naming_its_field() {
    let db = sqlite_app().await;
    for (body, field) in over_each_maximum() {
        let response = create_promotion::handle(&db, request("POST", "demo", None, Some(body))).await;
        let answer = json(&response);
        assert_eq!(response.status(), 422, "{field}: {answer}");
        assert!(answer["errors"][field].is_string(), "{field}: {answer}");
    }
    let listed = list_promotions::handle(&db, request("GET", "demo", None, None)).await;
    assert_eq!(json(&listed)["meta"]["pagination"]["total"], 0);
}

/// 50 rules of 600 products each: about 250 KB, under the body limit and the item limit.
fn large_rules() -> Value {
    let rule = |r: u64| {
        let products: Vec<u64> = (0..600).map(|i| 1_000_000 + r * 1000 + i).collect();
        json!({"action": {"cart_items": {"discount": {"percentage_amount": "10"}, "items": {"products": products}}}})
    };
    Value::Array((0..50).map(rule).collect())
}

/// 20 `and`s of two segment lists of 100 ids: about 160 KB.
fn large_segments() -> Value {
    let list = |n: usize| {
        let ids: Vec<String> = (0..100).map(|i| format!("00000000-0000-4000-8000-{:012}", n * 1000 + i)).collect();
        json!({"id": ids})
    };
    let ands: Vec<Value> = (0..20).map(|n| json!({"and": [list(2 * n), list(2 * n + 1)]})).collect();
    json!({"segments": {"or": ands}})
}

async fn an_update_that_would_outgrow_one_item_is_a_422_and_changes_nothing(db: App) {
    let body = with(json!({"rules": large_rules()}));
    assert!(body.to_string().len() < MAX_BODY_BYTES);
    let created = create_promotion::handle(&db, request("POST", "demo", None, Some(body))).await;
    assert_eq!(created.status(), 201, "{}", json(&created)["errors"]);
    let before = json(&get_promotion::handle(&db, request("GET", "demo", Some("1"), None)).await);
    let patch = json!({"customer": large_segments()});
    let response = update_promotion::handle(&db, request("PUT", "demo", Some("1"), Some(patch))).await;
    let answer = json(&response);
    assert_eq!(response.status(), 422, "{}", answer["errors"]);
    let message = answer["errors"][""].as_str().unwrap();
    assert!(message.contains(&format!("at most {MAX_PROMOTION_BYTES}")), "{message}");
    let after = json(&get_promotion::handle(&db, request("GET", "demo", Some("1"), None)).await);
    assert_eq!(after, before);
}

#[tokio::test]
async fn an_update_that_would_outgrow_one_item_is_a_422_and_changes_nothing_on_sqlite() {
    an_update_that_would_outgrow_one_item_is_a_422_and_changes_nothing(sqlite_app().await).await;
}

#[tokio::test]
async fn an_update_that_would_outgrow_one_item_is_a_422_and_changes_nothing_on_dynamodb() {
    skip_without_dynamodb!();
    an_update_that_would_outgrow_one_item_is_a_422_and_changes_nothing(app(dynamo_store().await).await).await;
}
