//! Every fixture in `events/` through its function's handler, on a store where the
//! `create-promotion` fixture already ran (so promotion 1 of store `demo` exists) and so did
//! `put-marketing-config-abandoned-checkouts` (store 411486491630370816 configured that kind,
//! never the other).

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
    Expectation { fixture: "get-marketing-config-abandoned-checkouts", status: 200, check: the_seeded_configuration },
    Expectation { fixture: "get-marketing-config-purchase-follow-ups", status: 200, check: the_default_configuration },
    Expectation { fixture: "get-marketing-config-bad-store", status: 400, check: store_id_named },
    Expectation { fixture: "get-marketing-config-unknown-kind", status: 404, check: marketing_error },
    Expectation {
        fixture: "put-marketing-config-abandoned-checkouts",
        status: 200,
        check: the_contract_example_stored_as_invalid,
    },
    Expectation {
        fixture: "put-marketing-config-purchase-follow-ups",
        status: 200,
        check: a_runnable_configuration_stored,
    },
    Expectation { fixture: "put-marketing-config-invalid", status: 400, check: every_marketing_rule_named },
    Expectation { fixture: "put-marketing-config-unknown-field", status: 400, check: unknown_coupon_field_named },
];

/// Every function, by crate name; each fixture is named after its function.
const FUNCTIONS: &[&str] = &[
    "create-promotion",
    "get-promotion",
    "update-promotion",
    "delete-promotion",
    "get-marketing-config",
    "put-marketing-config",
];

/// The function a fixture is for: the longest function name it starts with.
fn function_of(fixture: &str) -> &'static str {
    FUNCTIONS
        .iter()
        .copied()
        .filter(|function| fixture == *function || fixture.starts_with(&format!("{function}-")))
        .max_by_key(|function| function.len())
        .unwrap_or_else(|| panic!("no function for fixture {fixture}"))
}

async fn call(app: &App, name: &str, request: Request) -> Response<Body> {
    match function_of(name) {
        "create-promotion" => create_promotion::handle(app, request).await,
        "get-promotion" => get_promotion::handle(app, request).await,
        "update-promotion" => update_promotion::handle(app, request).await,
        "delete-promotion" => delete_promotion::handle(app, request).await,
        "get-marketing-config" => get_marketing_config::handle(app, request).await,
        "put-marketing-config" => put_marketing_config::handle(app, request).await,
        other => panic!("{other} has no handler in fixtures.rs"),
    }
}

async fn run_fixture(app: &App, expectation: &Expectation) {
    let seeded = call(app, "create-promotion", fixture("create-promotion")).await;
    assert_eq!(seeded.status(), 201);
    let configured = "put-marketing-config-abandoned-checkouts";
    assert_eq!(call(app, configured, fixture(configured)).await.status(), 200);
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
    for function in FUNCTIONS {
        let bad = EXPECTATIONS.iter().any(|e| function_of(e.fixture) == *function && e.status >= 400);
        assert!(bad, "{function} has no bad-input fixture");
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("functions"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let mut listed = FUNCTIONS.to_vec();
    listed.sort_unstable();
    assert_eq!(on_disk, listed, "FUNCTIONS lists every crate in functions/");
}

#[test]
fn fixture_bodies_are_the_files_the_readme_curls() {
    for name in [
        "create-promotion",
        "create-promotion-coupon",
        "create-promotion-invalid",
        "update-promotion",
        "put-marketing-config-abandoned-checkouts",
        "put-marketing-config-purchase-follow-ups",
        "put-marketing-config-invalid",
        "put-marketing-config-unknown-field",
    ] {
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

const STORE: &str = "411486491630370816";

/// The marketing API's error shape, with `errors[]` when there are invalid fields.
fn marketing_error(body: &Value) {
    assert!(body["status"].is_u64() && body["code"].is_string() && body["message"].is_string(), "{body}");
    for error in body["errors"].as_array().into_iter().flatten() {
        for key in ["code", "message", "path", "validation"] {
            assert!(error[key].is_string(), "errors[].{key}: {body}");
        }
    }
}

fn error_paths(body: &Value) -> Vec<&str> {
    marketing_error(body);
    let mut paths: Vec<&str> = body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors[]: {body}"))
        .iter()
        .map(|error| error["path"].as_str().unwrap())
        .collect();
    paths.sort_unstable();
    paths
}

fn store_id_named(body: &Value) {
    assert_eq!(error_paths(body), ["storeId"]);
}

fn unknown_coupon_field_named(body: &Value) {
    assert_eq!(error_paths(body), ["coupon_configuration.discount_code"]);
}

fn every_marketing_rule_named(body: &Value) {
    assert_eq!(
        error_paths(body),
        [
            "coupon_configuration.customer_redeem_limit",
            "coupon_configuration.discount_amount",
            "coupon_configuration.duration_in_months",
            "coupon_configuration.minimum_order_value",
            "max_coupons_global_period",
            "maximum_order_value",
        ]
    );
}

/// What every stored configuration carries besides what was sent.
fn stamped(body: &Value, sent_name: &str, invalid: bool) {
    assert_includes(body, &sent(sent_name), "");
    assert_eq!(body["store_id"], STORE);
    assert_eq!(body["invalid"], invalid);
    assert_eq!(body["updated_by"]["type"], "api_key");
    assert!(body["updated_by"]["id"].as_str().is_some_and(|id| id.parse::<u64>().is_ok()), "{body}");
    let updated_at = body["updated_at"].as_str().unwrap();
    let parsed = chrono::DateTime::parse_from_rfc3339(updated_at).unwrap();
    assert!((chrono::Utc::now() - parsed.to_utc()).num_seconds().abs() < 60);
    assert!(updated_at.len() == 24 && updated_at.ends_with('Z'), "{updated_at}");
}

fn the_contract_example_stored_as_invalid(body: &Value) {
    stamped(body, "put-marketing-config-abandoned-checkouts", true);
    assert_eq!(body["coupon_configuration"]["duration_in_months"], Value::Null);
}

fn the_seeded_configuration(body: &Value) {
    stamped(body, "put-marketing-config-abandoned-checkouts", true);
}

fn a_runnable_configuration_stored(body: &Value) {
    stamped(body, "put-marketing-config-purchase-follow-ups", false);
    assert!(body.get("max_coupons_global_period").is_none(), "{body}");
}

fn the_default_configuration(body: &Value) {
    assert_eq!(body, &crate::marketing_config::unconfigured(STORE));
}
