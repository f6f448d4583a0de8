//! `POST /promotions/evaluate` through its handler on both backends and over HTTP through
//! `local-api`: the fixtures' store answers as docs/evaluation.md shows, and nothing changes;
//! `promotions[]` holds the candidates unless `include=all` asks for every promotion.

use std::sync::Arc;

use api::App;
use domain::ids::StoreId;
use domain::promotion::code::CodeText;
use serde_json::{json, Value};

use crate::fixtures::seed;
use crate::store_contract::candidates::fields;
use crate::support::{app, dynamo_store, json, request, root, sqlite_app, with_query, DEV_KEY};

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

/// The fixture cart's answer, with `query` (`include=…`) if given.
async fn evaluated(app: &App, query: Option<&str>) -> (u16, Value) {
    let sent = request("POST", "demo", None, Some(body("evaluate-promotions")));
    let response = evaluate_promotions::handle(app, query.map_or(sent.clone(), |q| with_query(sent, q))).await;
    (response.status().as_u16(), json(&response))
}

fn ids_and_reasons(answer: &Value) -> Vec<(u64, Value)> {
    let listed = answer["data"]["promotions"].as_array().unwrap();
    listed.iter().map(|p| (p["id"].as_u64().unwrap(), p["reason"]["code"].clone())).collect()
}

/// The fixtures' store plus a disabled promotion (3) and one that ended before the fixture
/// cart's `evaluated_at` (4): by default only 1 and 2 are listed and the two others counted;
/// `include=all` explains all four; the totals are the same.
async fn only_candidates_are_listed_unless_include_all(app: App) {
    seed(&app).await;
    let demo = StoreId::parse("demo").unwrap();
    for body in [
        json!({"status": "DISABLED"}),
        json!({"start_date": "2026-01-01T00:00:00+00:00", "end_date": "2026-06-01T00:00:00+00:00"}),
    ] {
        app.store().create_promotion(&demo, fields(body), None, None).await.unwrap();
    }
    let (status, candidates) = evaluated(&app, None).await;
    assert_eq!(status, 200, "{candidates}");
    assert_eq!(ids_and_reasons(&candidates), [(1, Value::Null), (2, json!("automatic_discount_higher"))]);
    assert_eq!(candidates["meta"], json!({"not_evaluated": 2}));
    let (status, all) = evaluated(&app, Some("include=all")).await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(
        ids_and_reasons(&all),
        [(1, Value::Null), (2, json!("automatic_discount_higher")), (3, json!("disabled")), (4, json!("ended"))]
    );
    assert_eq!(all["meta"], json!({"not_evaluated": 0}));
    assert_eq!(all["data"]["totals"], candidates["data"]["totals"], "the left-out promotions change nothing");
}

#[tokio::test]
async fn only_candidates_are_listed_unless_include_all_on_sqlite() {
    only_candidates_are_listed_unless_include_all(sqlite_app().await).await;
}

#[tokio::test]
async fn only_candidates_are_listed_unless_include_all_on_dynamodb() {
    skip_without_dynamodb!();
    only_candidates_are_listed_unless_include_all(app(dynamo_store().await).await).await;
}

#[tokio::test]
async fn include_all_is_refused_past_its_limit_and_an_unknown_include_always() {
    let app = sqlite_app().await;
    let (status, answer) = evaluated(&app, Some("include=everything")).await;
    let named: Vec<&str> = answer["errors"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!((status, named), (422, vec!["include"]), "{answer}");
    let demo = StoreId::parse("demo").unwrap();
    for _ in 0..=api::evaluation::INCLUDE_ALL_LIMIT {
        app.store().create_promotion(&demo, fields(json!({"status": "DISABLED"})), None, None).await.unwrap();
    }
    let (status, answer) = evaluated(&app, Some("include=all")).await;
    assert_eq!(status, 422, "{answer}");
    assert!(answer["errors"]["include"].as_str().unwrap().contains("at most 1000"), "{answer}");
    let (status, answer) = evaluated(&app, None).await;
    assert_eq!((status, &answer["meta"]), (200, &json!({"not_evaluated": 1001})), "the default still answers");
}
