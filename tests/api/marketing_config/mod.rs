//! `GET` and `PUT /v1/stores/{storeId}/marketing/{kind}/configuration`: the default, whole
//! replacement, the two kinds kept apart, durations as written and `invalid` computed.
//! [`rules`] holds every documented rule as a 400 naming its field.

mod rules;

use api::App;
use lambda_http::Request;
use serde_json::{json, Value};

use crate::support::{json, key_id, marketing_request, register_key, sqlite_app, with_marketing_key, MARKETING_KEY};

const STORE: &str = "411486491630370816";
const ABANDONED: &str = "abandoned-checkouts";
const FOLLOW_UPS: &str = "purchase-follow-ups";

/// The documented default of a store that never configured a kind.
pub fn unconfigured(store: &str) -> Value {
    json!({
        "store_id": store,
        "enabled": false,
        "invalid": false,
        "trigger_after": "P1D",
        "minimum_order_value": 0,
        "maximum_order_value": null,
        "max_coupons_per_customer_amount": null,
        "max_coupons_global_amount": null,
        "coupon_configuration": {
            "duration": "once",
            "duration_in_months": null,
            "duration_in_intervals": null,
            "discount_type": "unspecified",
            "discount_amount": 0,
            "discount_only_required_tags_or_products": false,
            "discount_apply_before_sales": false,
            "required_tag_ids": [],
            "required_product_ids": [],
            "minimum_order_value": 0,
            "customer_redeem_limit_enabled": false,
            "customer_redeem_limit": 0,
            "usable_on_one_time_purchases": true,
            "usable_on_subscriptions": false
        },
        "commands": [],
        "updated_by": {"type": "anonymous"},
        "updated_at": "1970-01-01T00:00:00.000Z"
    })
}

/// A complete, runnable body: 15 % off for three months after a purchase of 25.00 or more.
fn valid() -> Value {
    json!({
        "enabled": true,
        "trigger_after": "P1DT12H",
        "minimum_order_value": 2500,
        "maximum_order_value": 100000,
        "max_coupons_per_customer_amount": 1,
        "max_coupons_per_customer_period": "P1M",
        "max_coupons_global_amount": 500,
        "max_coupons_global_period": "P1W",
        "coupon_configuration": {
            "duration": "repeating",
            "duration_in_months": 3,
            "discount_type": "percent",
            "discount_amount": 15,
            "discount_only_required_tags_or_products": false,
            "discount_apply_before_sales": true,
            "required_tag_ids": ["411486491630370817"],
            "required_product_ids": [],
            "minimum_order_value": 0,
            "customer_redeem_limit_enabled": true,
            "customer_redeem_limit": 1,
            "usable_on_one_time_purchases": true,
            "usable_on_subscriptions": true,
            "expires_after": "P30D"
        }
    })
}

/// `valid()` with the field at `path` (`a.b` form) set to `value`, or removed when `None`.
fn edited(changes: &[(&str, Option<Value>)]) -> Value {
    let mut body = valid();
    for (path, value) in changes {
        let (parent, name) = match path.rsplit_once('.') {
            Some((parent, name)) => (&mut body[parent], name),
            None => (&mut body, *path),
        };
        let object = parent.as_object_mut().expect("an object");
        match value {
            Some(value) => object.insert(name.to_owned(), value.clone()),
            None => object.remove(name),
        };
    }
    body
}

fn set(path: &str, value: Value) -> Value {
    edited(&[(path, Some(value))])
}

fn without(path: &str) -> Value {
    edited(&[(path, None)])
}

async fn send(app: &App, request: Request) -> (u16, Value) {
    let response = if request.method() == "PUT" {
        put_marketing_config::handle(app, request).await
    } else {
        get_marketing_config::handle(app, request).await
    };
    (response.status().as_u16(), json(&response))
}

async fn put(app: &App, kind: &str, body: Value) -> (u16, Value) {
    send(app, marketing_request("PUT", STORE, kind, Some(body))).await
}

async fn get(app: &App, kind: &str) -> (u16, Value) {
    send(app, marketing_request("GET", STORE, kind, None)).await
}

fn error_paths(body: &Value) -> Vec<String> {
    assert_eq!((&body["status"], &body["code"]), (&json!(400), &json!("bad-request")));
    body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors[]: {body}"))
        .iter()
        .map(|error| error["path"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_store_that_never_configured_a_kind_reads_the_documented_default() {
    let db = sqlite_app().await;
    for kind in [ABANDONED, FOLLOW_UPS] {
        assert_eq!(get(&db, kind).await, (200, unconfigured(STORE)), "{kind}");
    }
}

#[tokio::test]
async fn put_answers_the_stored_configuration_and_get_returns_the_same_bytes() {
    let db = sqlite_app().await;
    let put = put_marketing_config::handle(&db, marketing_request("PUT", STORE, ABANDONED, Some(valid()))).await;
    assert_eq!(put.status(), 200, "{}", json(&put));
    let got = get_marketing_config::handle(&db, marketing_request("GET", STORE, ABANDONED, None)).await;
    assert_eq!(got.status(), 200);
    assert_eq!(got.body().as_ref(), put.body().as_ref());
    assert_eq!(got.headers()["content-type"], "application/json");
}

#[tokio::test]
async fn put_stamps_the_path_store_the_caller_and_the_server_time() {
    let before = chrono::Utc::now() - chrono::Duration::milliseconds(1);
    let db = sqlite_app().await;
    let (status, body) = put(&db, ABANDONED, valid()).await;
    assert_eq!(status, 200, "{body}");
    let mut expected = valid();
    let object = expected.as_object_mut().unwrap();
    object.insert("store_id".into(), json!(STORE));
    object.insert("invalid".into(), json!(false));
    let key = key_id(&db, MARKETING_KEY).await.to_string();
    object.insert("updated_by".into(), json!({"type": "api_key", "id": key}));
    object.insert("updated_at".into(), body["updated_at"].clone());
    object.insert("commands".into(), json!([]));
    let months = object["coupon_configuration"]["duration_in_months"].clone();
    object["coupon_configuration"].as_object_mut().unwrap().insert("duration_in_intervals".into(), months);
    assert_eq!(body, expected);
    let updated_at = body["updated_at"].as_str().unwrap();
    let parsed = chrono::DateTime::parse_from_rfc3339(updated_at).unwrap();
    assert!(parsed >= before && parsed <= chrono::Utc::now(), "{updated_at}");
    assert!(updated_at.ends_with('Z') && updated_at.len() == "2025-08-01T18:23:52.141Z".len(), "{updated_at}");
}

#[tokio::test]
async fn a_put_replaces_the_whole_configuration() {
    let db = sqlite_app().await;
    assert_eq!(put(&db, ABANDONED, valid()).await.0, 200);
    let smaller = edited(&[
        ("maximum_order_value", None),
        ("max_coupons_per_customer_amount", None),
        ("max_coupons_per_customer_period", None),
        ("max_coupons_global_amount", Some(Value::Null)),
        ("max_coupons_global_period", Some(Value::Null)),
        ("coupon_configuration.expires_after", None),
        ("coupon_configuration.required_tag_ids", Some(json!([]))),
    ]);
    let (status, replaced) = put(&db, ABANDONED, smaller).await;
    assert_eq!(status, 200, "{replaced}");
    let (_, read) = get(&db, ABANDONED).await;
    assert_eq!(read, replaced);
    for absent in ["max_coupons_per_customer_period", "max_coupons_global_period"] {
        assert!(read.get(absent).is_none(), "{absent} is left out: {read}");
    }
    for null in ["maximum_order_value", "max_coupons_per_customer_amount", "max_coupons_global_amount"] {
        assert_eq!(read[null], Value::Null, "{null} is null");
    }
    assert!(read["coupon_configuration"].get("expires_after").is_none());
    assert_eq!(read["coupon_configuration"]["required_tag_ids"], json!([]));
}

#[tokio::test]
async fn the_two_kinds_are_stored_separately() {
    let db = sqlite_app().await;
    let (_, abandoned) = put(&db, ABANDONED, valid()).await;
    assert_eq!(get(&db, FOLLOW_UPS).await, (200, unconfigured(STORE)));
    let (_, follow_ups) = put(&db, FOLLOW_UPS, set("trigger_after", json!("P3D"))).await;
    assert_eq!(get(&db, ABANDONED).await, (200, abandoned));
    assert_eq!(get(&db, FOLLOW_UPS).await, (200, follow_ups));
}

#[tokio::test]
async fn another_store_reads_its_own_default_and_never_this_ones() {
    let db = sqlite_app().await;
    put(&db, ABANDONED, valid()).await;
    let other = "411486491630370999";
    register_key(db.store(), "other-store-key", other, "marketing:read").await;
    let mine = with_marketing_key(marketing_request("GET", other, ABANDONED, None), "other-store-key");
    assert_eq!(send(&db, mine).await, (200, unconfigured(other)));
    let theirs = with_marketing_key(marketing_request("GET", STORE, ABANDONED, None), "other-store-key");
    assert_eq!(send(&db, theirs).await.0, 403);
}

#[tokio::test]
async fn durations_are_returned_exactly_as_written() {
    let db = sqlite_app().await;
    for written in ["PT1,5S", "PT0.5S", "P007D", "P2W", "P0D", "P1Y2M3DT4H5M6S"] {
        let body = edited(&[
            ("trigger_after", Some(json!(written))),
            ("max_coupons_global_period", Some(json!(written))),
            ("coupon_configuration.expires_after", Some(json!(written))),
        ]);
        let (status, answer) = put(&db, FOLLOW_UPS, body).await;
        assert_eq!(status, 200, "{written}: {answer}");
        let (_, read) = get(&db, FOLLOW_UPS).await;
        for value in
            [&read["trigger_after"], &read["max_coupons_global_period"], &read["coupon_configuration"]["expires_after"]]
        {
            assert_eq!(value, written);
        }
    }
}

#[tokio::test]
async fn invalid_is_computed_on_every_write_and_read() {
    let db = sqlite_app().await;
    let cases = [
        (valid(), false),
        (set("coupon_configuration.discount_type", json!("unspecified")), true),
        (set("coupon_configuration.discount_amount", json!(0)), true),
        (set("coupon_configuration.discount_only_required_tags_or_products", json!(true)), false),
        (
            edited(&[
                ("coupon_configuration.discount_only_required_tags_or_products", Some(json!(true))),
                ("coupon_configuration.required_tag_ids", Some(json!([]))),
            ]),
            true,
        ),
        (
            edited(&[
                ("coupon_configuration.usable_on_one_time_purchases", Some(json!(false))),
                ("coupon_configuration.usable_on_subscriptions", Some(json!(false))),
            ]),
            true,
        ),
        (set("coupon_configuration.customer_redeem_limit", json!(0)), true),
        (edited(&[("enabled", Some(json!(false))), ("coupon_configuration.discount_amount", Some(json!(0)))]), false),
    ];
    for (body, invalid) in cases {
        let (status, answer) = put(&db, ABANDONED, body.clone()).await;
        assert_eq!((status, &answer["invalid"]), (200, &json!(invalid)), "{body}");
        assert_eq!(get(&db, ABANDONED).await.1["invalid"], invalid, "{body}");
    }
}
