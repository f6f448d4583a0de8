//! Every fixture in `events/` through its function's handler, on a store where the
//! `create-promotion` fixture already ran (so promotion 1 of store `demo` exists).

use lambda_http::{Body, Request, Response};
use serde_json::{json, Value};
use shared::App;

use crate::support::{app, assert_includes, dynamo_store, fixture, fixture_names, json, root, sqlite_store};

/// What a fixture must produce: its status, and a check of its body.
struct Expectation {
    fixture: &'static str,
    status: u16,
    check: fn(&Value),
}

const EXPECTATIONS: &[Expectation] = &[
    Expectation { fixture: "create-promotion", status: 201, check: created_as_sent },
    Expectation { fixture: "create-promotion-coupon", status: 201, check: created_bulk_coupon },
    Expectation { fixture: "create-promotion-invalid", status: 422, check: every_rule_named },
    Expectation { fixture: "create-promotion-malformed-json", status: 400, check: platform_error },
    Expectation { fixture: "create-promotion-wrong-content-type", status: 415, check: platform_error },
    Expectation { fixture: "get-promotion", status: 200, check: promotion_one },
    Expectation { fixture: "get-promotion-missing", status: 404, check: platform_error },
    Expectation { fixture: "get-promotion-bad-id", status: 404, check: platform_error },
    Expectation { fixture: "update-promotion", status: 200, check: updated_partially },
    Expectation { fixture: "update-promotion-immutable", status: 422, check: redemption_type_is_fixed },
    Expectation { fixture: "update-promotion-missing", status: 404, check: platform_error },
    Expectation { fixture: "delete-promotion", status: 204, check: empty },
    Expectation { fixture: "delete-promotion-missing", status: 204, check: empty },
    Expectation { fixture: "delete-promotion-other-store", status: 403, check: platform_error },
];

async fn call(app: &App, name: &str, request: Request) -> Response<Body> {
    match name.split('-').next() {
        Some("create") => create_promotion::handle(app, request).await,
        Some("get") => get_promotion::handle(app, request).await,
        Some("update") => update_promotion::handle(app, request).await,
        Some("delete") => delete_promotion::handle(app, request).await,
        _ => panic!("no function for fixture {name}"),
    }
}

async fn run_fixture(app: &App, expectation: &Expectation) {
    let seeded = call(app, "create-promotion", fixture("create-promotion")).await;
    assert_eq!(seeded.status(), 201);
    let response = call(app, expectation.fixture, fixture(expectation.fixture)).await;
    let body = json(&response);
    assert_eq!(response.status().as_u16(), expectation.status, "{}: {body}", expectation.fixture);
    (expectation.check)(&body);
}

#[tokio::test]
async fn every_fixture_answers_as_expected_on_sqlite() {
    for expectation in EXPECTATIONS {
        run_fixture(&app(sqlite_store()).await, expectation).await;
    }
}

#[tokio::test]
async fn every_fixture_answers_as_expected_on_dynamodb() {
    for expectation in EXPECTATIONS {
        run_fixture(&app(dynamo_store().await).await, expectation).await;
    }
}

#[test]
fn every_fixture_has_an_expectation_and_every_function_a_bad_input_fixture() {
    let expected: Vec<&str> = EXPECTATIONS.iter().map(|e| e.fixture).collect();
    for name in fixture_names() {
        assert!(expected.contains(&name.as_str()), "events/{name}.json has no expectation in fixtures.rs");
    }
    for function in ["create", "get", "update", "delete"] {
        let bad = EXPECTATIONS.iter().any(|e| e.fixture.starts_with(function) && e.status >= 400);
        assert!(bad, "{function}-promotion has no bad-input fixture");
    }
}

#[test]
fn fixture_bodies_are_the_files_the_readme_curls() {
    for name in ["create-promotion", "create-promotion-coupon", "create-promotion-invalid", "update-promotion"] {
        let event: Value =
            serde_json::from_str(&std::fs::read_to_string(root().join(format!("events/{name}.json"))).unwrap())
                .unwrap();
        let curl_body = std::fs::read_to_string(root().join(format!("events/bodies/{name}.json"))).unwrap();
        assert_eq!(
            event["body"].as_str(),
            Some(curl_body.as_str()),
            "events/{name}.json and events/bodies/{name}.json differ"
        );
    }
}

fn sent(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(format!("events/bodies/{name}.json"))).unwrap()).unwrap()
}

fn created_as_sent(body: &Value) {
    assert_includes(&body["data"], &sent("create-promotion"), "data");
    assert_eq!(body["data"]["id"], 2, "promotion 1 already exists");
    assert_eq!((&body["data"]["created_from"], &body["data"]["current_uses"]), (&json!("api"), &json!(0)));
    assert_eq!(body["meta"], json!({}));
}

fn created_bulk_coupon(body: &Value) {
    assert_includes(&body["data"], &sent("create-promotion-coupon"), "data");
    assert_eq!(body["data"]["multiple_codes"], json!({"has_multiple_codes": false}), "no codes yet");
    assert_eq!(body["data"]["codes"], Value::Null);
}

fn every_rule_named(body: &Value) {
    platform_error(body);
    let mut paths: Vec<&str> = body["errors"].as_object().unwrap().keys().map(String::as_str).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "coupon_overrides_automatic_when_offering_higher_discounts",
            "customer.excluded_group_ids",
            "end_date",
            "rules[0].action.cart_value.discount.fixed_amount",
        ]
    );
}

fn platform_error(body: &Value) {
    assert!(body["status"].is_u64() && body["title"].is_string(), "{body}");
    assert_eq!(body["type"], shared::http::promotions::ERROR_TYPE);
}

fn promotion_one(body: &Value) {
    assert_eq!(body["data"]["id"], 1);
    assert_includes(&body["data"], &sent("create-promotion"), "data");
}

fn updated_partially(body: &Value) {
    assert_includes(&body["data"], &sent("update-promotion"), "data");
    let mut unchanged = sent("create-promotion");
    unchanged.as_object_mut().unwrap().retain(|key, _| key != "name" && key != "status");
    assert_includes(&body["data"], &unchanged, "data");
}

fn redemption_type_is_fixed(body: &Value) {
    platform_error(body);
    assert!(body["errors"]["redemption_type"].as_str().unwrap().contains("AUTOMATIC"), "{body}");
}

fn empty(body: &Value) {
    assert_eq!(body, &Value::Null);
}
