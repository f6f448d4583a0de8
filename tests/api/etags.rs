//! Optimistic concurrency, on both backends: every promotion and configuration response carries
//! an `ETag`, and a write with a stale `If-Match` is a 412 that changes nothing.

use api::App;
use futures::future::join_all;
use lambda_http::{Body, Request, Response};
use serde_json::{json, Value};

use crate::support::{app, dynamo_store, json, marketing_request, request, sqlite_app, MARKETING_STORE};

fn etag(response: &Response<Body>) -> Option<&str> {
    response.headers().get("etag").and_then(|value| value.to_str().ok())
}

fn with_if_match(mut request: Request, tag: &str) -> Request {
    request.headers_mut().insert("if-match", tag.parse().expect("a header value"));
    request
}

fn coupon() -> Value {
    json!({"redemption_type": "COUPON", "coupon_type": "BULK", "name": "Spring", "codes": {"code": "SPRING"},
           "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}]})
}

async fn get(db: &App) -> Response<Body> {
    get_promotion::handle(db, request("GET", "demo", Some("1"), None)).await
}

async fn put(db: &App, tag: Option<&str>, body: Value) -> Response<Body> {
    let req = request("PUT", "demo", Some("1"), Some(body));
    update_promotion::handle(db, if let Some(tag) = tag { with_if_match(req, tag) } else { req }).await
}

async fn promotion_writes_follow_if_match(db: App) {
    let created = create_promotion::handle(&db, request("POST", "demo", None, Some(coupon()))).await;
    assert_eq!((created.status().as_u16(), etag(&created)), (201, Some("\"v1\"")));
    assert_eq!(etag(&get(&db).await), Some("\"v1\""));
    let renamed = put(&db, Some("\"v1\""), json!({"name": "Summer"})).await;
    assert_eq!((renamed.status().as_u16(), etag(&renamed)), (200, Some("\"v2\"")));
    let before = json(&get(&db).await);
    for stale in ["\"v1\"", "W/\"v2\"", "\"v3\", \"v9\"", "v2", "garbage"] {
        let refused = put(&db, Some(stale), json!({"name": "Autumn"})).await;
        let body = json(&refused);
        assert_eq!((refused.status().as_u16(), &body["status"]), (412, &json!(412)), "{stale}: {body}");
    }
    assert_eq!(json(&get(&db).await), before, "a refused write changed nothing");
    assert_eq!(etag(&put(&db, Some("\"v1\", \"v2\""), json!({"name": "Autumn"})).await), Some("\"v3\""));
    assert_eq!(etag(&put(&db, Some("*"), json!({"name": "Winter"})).await), Some("\"v4\""));
    assert_eq!(etag(&put(&db, None, json!({"name": "Spring"})).await), Some("\"v5\""));
}

#[tokio::test]
async fn promotion_writes_follow_if_match_on_sqlite() {
    promotion_writes_follow_if_match(sqlite_app().await).await;
}

#[tokio::test]
async fn promotion_writes_follow_if_match_on_dynamodb() {
    skip_without_dynamodb!();
    promotion_writes_follow_if_match(app(dynamo_store().await).await).await;
}

async fn delete(db: &App, tag: &str) -> u16 {
    let req = with_if_match(request("DELETE", "demo", Some("1"), None), tag);
    delete_promotion::handle(db, req).await.status().as_u16()
}

async fn deletes_follow_if_match(db: App) {
    create_promotion::handle(&db, request("POST", "demo", None, Some(coupon()))).await;
    let code = json!({"code": "SECOND"});
    let added = create_code::handle(&db, request("POST", "demo", Some("1"), Some(code))).await;
    assert_eq!(added.status(), 201, "a code change moves the version");
    assert_eq!(delete(&db, "\"v1\"").await, 412);
    assert_eq!(get(&db).await.status(), 200, "the promotion and its codes stay");
    let current = etag(&get(&db).await).unwrap().to_owned();
    assert_eq!(delete(&db, &current).await, 204);
    assert_eq!(get(&db).await.status(), 404);
    assert_eq!(find_first_code(&db).await, 0, "the codes went with the promotion");
    assert_eq!(delete(&db, &current).await, 204, "a promotion already gone is deleted");
}

/// How many codes `SPRING` finds in the store.
async fn find_first_code(db: &App) -> usize {
    let req = crate::support::with_query(request("GET", "demo", Some("codes"), None), "code=SPRING");
    crate::support::json(&get_store_code::handle(db, req).await)["data"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn deletes_follow_if_match_on_sqlite() {
    deletes_follow_if_match(sqlite_app().await).await;
}

#[tokio::test]
async fn deletes_follow_if_match_on_dynamodb() {
    skip_without_dynamodb!();
    deletes_follow_if_match(app(dynamo_store().await).await).await;
}

const KIND: &str = "abandoned-checkouts";

fn configuration() -> Value {
    let path = crate::support::root().join("events/bodies/put-marketing-config-abandoned-checkouts.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

async fn put_configuration(db: &App, tag: Option<&str>) -> Response<Body> {
    let req = marketing_request("PUT", MARKETING_STORE, KIND, Some(configuration()));
    put_marketing_config::handle(db, if let Some(tag) = tag { with_if_match(req, tag) } else { req }).await
}

async fn configuration_writes_follow_if_match(db: App) {
    let fresh = get_marketing_config::handle(&db, marketing_request("GET", MARKETING_STORE, KIND, None)).await;
    assert_eq!(etag(&fresh), Some("\"v0\""), "the default is version 0");
    let stale = put_configuration(&db, Some("\"v1\"")).await;
    assert_eq!((stale.status().as_u16(), &json(&stale)["code"]), (412, &json!("precondition-failed")));
    let first = put_configuration(&db, Some("\"v0\"")).await;
    assert_eq!((first.status().as_u16(), etag(&first)), (200, Some("\"v1\"")));
    let written = json(&first);
    let again = put_configuration(&db, Some("\"v0\"")).await;
    assert_eq!(again.status(), 412, "v0 means never written");
    let read = get_marketing_config::handle(&db, marketing_request("GET", MARKETING_STORE, KIND, None)).await;
    assert_eq!((json(&read), etag(&read)), (written, Some("\"v1\"")), "the refused write changed nothing");
    assert_eq!(etag(&put_configuration(&db, None).await), Some("\"v2\""));
    assert_eq!(etag(&put_configuration(&db, Some("*")).await), Some("\"v3\""));
}

#[tokio::test]
async fn configuration_writes_follow_if_match_on_sqlite() {
    configuration_writes_follow_if_match(sqlite_app().await).await;
}

#[tokio::test]
async fn configuration_writes_follow_if_match_on_dynamodb() {
    skip_without_dynamodb!();
    configuration_writes_follow_if_match(app(dynamo_store().await).await).await;
}

async fn concurrent_writes_with_one_tag_let_exactly_one_through(db: App) {
    create_promotion::handle(&db, request("POST", "demo", None, Some(coupon()))).await;
    let names: Vec<Value> = (0..10).map(|i| json!({"name": format!("writer {i}")})).collect();
    let results = join_all(names.iter().map(|name| put(&db, Some("\"v1\""), name.clone()))).await;
    let statuses: Vec<u16> = results.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 412), "{statuses:?}");
    let winner = results.iter().find(|r| r.status() == 200).map(|r| json(r)["data"]["name"].clone());
    assert_eq!(Some(json(&get(&db).await)["data"]["name"].clone()), winner);
    let configurations = join_all((0..10).map(|_| put_configuration(&db, Some("\"v0\"")))).await;
    let statuses: Vec<u16> = configurations.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
}

#[tokio::test]
async fn concurrent_writes_with_one_tag_let_exactly_one_through_on_sqlite() {
    concurrent_writes_with_one_tag_let_exactly_one_through(sqlite_app().await).await;
}

#[tokio::test]
async fn concurrent_writes_with_one_tag_let_exactly_one_through_on_dynamodb() {
    skip_without_dynamodb!();
    concurrent_writes_with_one_tag_let_exactly_one_through(app(dynamo_store().await).await).await;
}
