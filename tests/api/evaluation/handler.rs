//! `POST /promotions/evaluate` through its handler on both backends and over HTTP through
//! `local-api`: the fixtures' store answers as docs/evaluation.md shows, and nothing changes.

use std::sync::Arc;

use api::App;
use domain::ids::StoreId;
use domain::promotion::code::CodeText;
use serde_json::{json, Value};

use crate::fixtures::seed;
use crate::support::{app, dynamo_store, json, request, root, sqlite_app, DEV_KEY};

fn body(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(format!("events/bodies/{name}.json"))).unwrap()).unwrap()
}

/// Everything of store `demo` an evaluation could touch.
async fn snapshot(app: &App) -> Value {
    let demo = StoreId::parse("demo").unwrap();
    let (promotions, total) = app.store().list_promotions(&demo, false, None).await.unwrap();
    let views: Vec<Value> = promotions.iter().map(|p| serde_json::to_value(p.view()).unwrap()).collect();
    let welcome = CodeText::try_from_str("WELCOME10").unwrap();
    let code = app.store().find_code(&demo, &welcome).await.unwrap().map(|(_, code)| code);
    let code = serde_json::to_value(code).unwrap();
    json!({"promotions": views, "total": total, "code": code})
}

async fn evaluates_the_fixture_cart_and_changes_nothing(app: App) {
    seed(&app).await;
    let before = snapshot(&app).await;
    let response =
        evaluate_promotions::handle(&app, request("POST", "demo", None, Some(body("evaluate-promotions")))).await;
    let answer = json(&response);
    assert_eq!(response.status(), 200, "{answer}");
    assert_eq!(answer["data"]["totals"]["total_after"], "256.00");
    let codes: Vec<&Value> = answer["data"]["promotions"].as_array().unwrap().iter().map(|p| &p["reason"]).collect();
    assert_eq!(codes, [&Value::Null, &answer["data"]["promotions"][1]["reason"]]);
    assert_eq!(snapshot(&app).await, before, "an evaluation changes nothing, current_uses included");
}

#[tokio::test]
async fn the_endpoint_evaluates_on_sqlite() {
    evaluates_the_fixture_cart_and_changes_nothing(sqlite_app().await).await;
}

#[tokio::test]
async fn the_endpoint_evaluates_on_dynamodb() {
    skip_without_dynamodb!();
    evaluates_the_fixture_cart_and_changes_nothing(app(dynamo_store().await).await).await;
}

#[tokio::test]
async fn a_store_without_promotions_answers_with_the_cart_untouched() {
    let app = sqlite_app().await;
    let cart = json!({"currency_code": "EUR", "items": [{"product_id": 1, "quantity": 2, "unit_price": "9.95"}],
                      "coupon_codes": ["NOPE"]});
    let answer = json(&evaluate_promotions::handle(&app, request("POST", "demo", None, Some(cart))).await);
    assert_eq!(answer["data"]["totals"]["total_after"], "19.90");
    assert_eq!(answer["data"]["promotions"], json!([]));
    assert_eq!(answer["data"]["coupons"], json!([{"code": "NOPE", "promotion_id": null}]));
}

#[tokio::test]
async fn local_api_serves_the_evaluation_route() {
    let app = sqlite_app().await;
    seed(&app).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(local_api::serve(listener, Arc::new(app)));
    let url = format!("http://{address}/stores/demo/v3/promotions/evaluate");
    let client = reqwest::Client::new();
    let sent = client.post(&url).header("x-auth-token", DEV_KEY).json(&body("evaluate-promotions-coupon-wins"));
    let answer: Value = sent.send().await.unwrap().json().await.unwrap();
    assert_eq!(answer["data"]["totals"]["total_after"], "73.00", "{answer}");
    let invalid = client.post(&url).header("x-auth-token", DEV_KEY).json(&body("evaluate-promotions-invalid"));
    assert_eq!(invalid.send().await.unwrap().status(), 422);
    server.abort();
}
