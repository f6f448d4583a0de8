//! `Idempotency-Key` on the `POST` endpoints, on both backends: a retry gets the first answer and
//! creates nothing, the same key with another body is a 422, a failure is not kept, and
//! concurrent requests with one key create one resource.

use api::App;
use futures::future::join_all;
use lambda_http::{Body, Request, Response};
use serde_json::{json, Value};

use crate::support::{app, dynamo_store, json, request, sqlite_app, with_query, MARKETING_KEY, MARKETING_STORE};

fn keyed(mut request: Request, key: &str) -> Request {
    request.headers_mut().insert("idempotency-key", key.parse().expect("a header value"));
    request
}

fn coupon(name: &str) -> Value {
    json!({"redemption_type": "COUPON", "coupon_type": "BULK", "name": name,
           "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}]})
}

async fn create(db: &App, key: &str, body: Value) -> Response<Body> {
    create_promotion::handle(db, keyed(request("POST", "demo", None, Some(body)), key)).await
}

async fn total(db: &App) -> Value {
    json(&list_promotions::handle(db, request("GET", "demo", None, None)).await)["meta"]["pagination"]["total"].clone()
}

async fn a_retry_gets_the_first_answer_and_creates_nothing(db: App) {
    let first = create(&db, "order-1", coupon("Spring")).await;
    assert_eq!(first.status(), 201);
    let reordered = format!(
        r#"{{ "rules": {}, "name": "Spring",  "coupon_type": "BULK", "redemption_type": "COUPON" }}"#,
        coupon("Spring")["rules"]
    );
    let mut retry = keyed(request("POST", "demo", None, None), "order-1");
    *retry.body_mut() = Body::Text(reordered);
    let retry = create_promotion::handle(&db, retry).await;
    assert_eq!((retry.status(), json(&retry)), (first.status(), json(&first)));
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(retry.headers()["etag"], first.headers()["etag"]);
    assert_eq!(total(&db).await, 1);
    let codes = |n: u32| json!({"batch_size": n, "code_length": 8});
    let generate =
        |body: Value| generate_codes::handle(&db, keyed(request("POST", "demo", Some("1"), Some(body)), "batch-1"));
    let (batch, again) = (generate(codes(5)).await, generate(codes(5)).await);
    assert_eq!((batch.status(), json(&batch)), (again.status(), json(&again)), "the same five codes");
    let listed = list_codes::handle(&db, with_query(request("GET", "demo", Some("1"), None), "limit=250")).await;
    assert_eq!(json(&listed)["data"].as_array().map(Vec::len), Some(5));
    let code = |text: &str| {
        create_code::handle(&db, keyed(request("POST", "demo", Some("1"), Some(json!({"code": text}))), "code-1"))
    };
    assert_eq!(code("SAVE10").await.status(), 201);
    assert_eq!(code("SAVE10").await.status(), 201, "a replay, not a 409 for the code it created");
}

#[tokio::test]
async fn a_retry_gets_the_first_answer_and_creates_nothing_on_sqlite() {
    a_retry_gets_the_first_answer_and_creates_nothing(sqlite_app().await).await;
}

#[tokio::test]
async fn a_retry_gets_the_first_answer_and_creates_nothing_on_dynamodb() {
    skip_without_dynamodb!();
    a_retry_gets_the_first_answer_and_creates_nothing(app(dynamo_store().await).await).await;
}

async fn a_key_is_for_one_request_and_a_failure_is_not_kept(db: App) {
    assert_eq!(create(&db, "order-2", coupon("Spring")).await.status(), 201);
    let other = create(&db, "order-2", coupon("Summer")).await;
    let body = json(&other);
    assert_eq!(other.status(), 422, "{body}");
    assert!(body["errors"]["Idempotency-Key"].as_str().unwrap().contains("another request"), "{body}");
    let invalid = create(&db, "order-3", json!({"name": "no rules"})).await;
    assert_eq!(invalid.status(), 422);
    assert_eq!(create(&db, "order-3", coupon("Autumn")).await.status(), 201, "the failure freed its key");
    for malformed in ["", "with space", &"k".repeat(256)] {
        let refused = create(&db, malformed, coupon("Winter")).await;
        assert_eq!(refused.status(), 422, "{malformed:?}");
        assert!(json(&refused)["errors"]["Idempotency-Key"].is_string());
    }
    let mut elsewhere = keyed(request("POST", MARKETING_STORE, None, Some(coupon("Spring"))), "order-2");
    elsewhere.headers_mut().insert("x-auth-token", MARKETING_KEY.parse().unwrap());
    let elsewhere = create_promotion::handle(&db, elsewhere).await;
    assert_eq!(elsewhere.status(), 201, "keys are per store: {}", json(&elsewhere));
    assert_eq!(total(&db).await, 2);
}

#[tokio::test]
async fn a_key_is_for_one_request_and_a_failure_is_not_kept_on_sqlite() {
    a_key_is_for_one_request_and_a_failure_is_not_kept(sqlite_app().await).await;
}

#[tokio::test]
async fn a_key_is_for_one_request_and_a_failure_is_not_kept_on_dynamodb() {
    skip_without_dynamodb!();
    a_key_is_for_one_request_and_a_failure_is_not_kept(app(dynamo_store().await).await).await;
}

async fn concurrent_requests_with_one_key_create_one_resource(db: App) {
    let results = join_all((0..10).map(|_| create(&db, "order-4", coupon("Spring")))).await;
    let created: Vec<Value> = results.iter().filter(|r| r.status() == 201).map(json).collect();
    assert!(
        results.iter().all(|r| r.status() == 201 || r.status() == 409),
        "{:?}",
        results.iter().map(|r| r.status()).collect::<Vec<_>>()
    );
    assert!(!created.is_empty() && created.iter().all(|body| *body == created[0]), "one answer for all");
    assert_eq!(total(&db).await, 1);
}

#[tokio::test]
async fn concurrent_requests_with_one_key_create_one_resource_on_sqlite() {
    concurrent_requests_with_one_key_create_one_resource(sqlite_app().await).await;
}

#[tokio::test]
async fn concurrent_requests_with_one_key_create_one_resource_on_dynamodb() {
    skip_without_dynamodb!();
    concurrent_requests_with_one_key_create_one_resource(app(dynamo_store().await).await).await;
}

#[tokio::test]
async fn the_dynamodb_table_expires_records_by_their_ttl_attribute() {
    skip_without_dynamodb!();
    let store = dynamo_store().await;
    let described = store.client().describe_time_to_live().table_name(store.table()).send().await.unwrap();
    let ttl = described.time_to_live_description().expect("a TTL description");
    assert_eq!(ttl.attribute_name(), Some("expires_at"));
}
