//! `GET` and `PUT /v1/stores/{storeId}/marketing/{kind}/configuration`: the default, whole
//! replacement, the two kinds kept apart, `invalid` computed, and every documented rule as a
//! 400 naming its field, with nothing stored.

use lambda_http::Request;
use serde_json::{json, Value};
use shared::Store;

use crate::support::{json, marketing_raw_request, marketing_request, sqlite_store};

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

async fn send(store: &dyn Store, request: Request) -> (u16, Value) {
    let response = if request.method() == "PUT" {
        put_marketing_config::handle(store, request).await
    } else {
        get_marketing_config::handle(store, request).await
    };
    (response.status().as_u16(), json(&response))
}

async fn put(store: &dyn Store, kind: &str, body: Value) -> (u16, Value) {
    send(store, marketing_request("PUT", STORE, kind, Some(body))).await
}

async fn get(store: &dyn Store, kind: &str) -> (u16, Value) {
    send(store, marketing_request("GET", STORE, kind, None)).await
}

fn error_paths(body: &Value) -> Vec<String> {
    assert_eq!(
        (&body["status"], &body["code"]),
        (&json!(400), &json!("bad-request"))
    );
    body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors[]: {body}"))
        .iter()
        .map(|error| error["path"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_store_that_never_configured_a_kind_reads_the_documented_default() {
    let db = sqlite_store();
    for kind in [ABANDONED, FOLLOW_UPS] {
        assert_eq!(get(&db, kind).await, (200, unconfigured(STORE)), "{kind}");
    }
}

#[tokio::test]
async fn put_answers_the_stored_configuration_and_get_returns_the_same_bytes() {
    let db = sqlite_store();
    let put = put_marketing_config::handle(
        &db,
        marketing_request("PUT", STORE, ABANDONED, Some(valid())),
    )
    .await;
    assert_eq!(put.status(), 200, "{}", json(&put));
    let got =
        get_marketing_config::handle(&db, marketing_request("GET", STORE, ABANDONED, None)).await;
    assert_eq!(got.status(), 200);
    assert_eq!(got.body().as_ref(), put.body().as_ref());
    assert_eq!(got.headers()["content-type"], "application/json");
}

#[tokio::test]
async fn put_stamps_the_path_store_the_caller_and_the_server_time() {
    let before = chrono::Utc::now() - chrono::Duration::milliseconds(1);
    let (status, body) = put(&sqlite_store(), ABANDONED, valid()).await;
    assert_eq!(status, 200, "{body}");
    let mut expected = valid();
    let object = expected.as_object_mut().unwrap();
    object.insert("store_id".into(), json!(STORE));
    object.insert("invalid".into(), json!(false));
    object.insert("updated_by".into(), json!({"type": "anonymous"}));
    object.insert("updated_at".into(), body["updated_at"].clone());
    assert_eq!(body, expected);
    let updated_at = body["updated_at"].as_str().unwrap();
    let parsed = chrono::DateTime::parse_from_rfc3339(updated_at).unwrap();
    assert!(
        parsed >= before && parsed <= chrono::Utc::now(),
        "{updated_at}"
    );
    assert!(
        updated_at.ends_with('Z') && updated_at.len() == "2025-08-01T18:23:52.141Z".len(),
        "{updated_at}"
    );
}

#[tokio::test]
async fn a_put_replaces_the_whole_configuration() {
    let db = sqlite_store();
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
    for absent in [
        "max_coupons_per_customer_period",
        "max_coupons_global_period",
    ] {
        assert!(read.get(absent).is_none(), "{absent} is left out: {read}");
    }
    for null in [
        "maximum_order_value",
        "max_coupons_per_customer_amount",
        "max_coupons_global_amount",
    ] {
        assert_eq!(read[null], Value::Null, "{null} is null");
    }
    assert!(read["coupon_configuration"].get("expires_after").is_none());
    assert_eq!(read["coupon_configuration"]["required_tag_ids"], json!([]));
}

#[tokio::test]
async fn the_two_kinds_are_stored_separately() {
    let db = sqlite_store();
    let (_, abandoned) = put(&db, ABANDONED, valid()).await;
    assert_eq!(get(&db, FOLLOW_UPS).await, (200, unconfigured(STORE)));
    let (_, follow_ups) = put(&db, FOLLOW_UPS, set("trigger_after", json!("P3D"))).await;
    assert_eq!(get(&db, ABANDONED).await, (200, abandoned));
    assert_eq!(get(&db, FOLLOW_UPS).await, (200, follow_ups));
}

#[tokio::test]
async fn another_store_reads_its_own_default() {
    let db = sqlite_store();
    put(&db, ABANDONED, valid()).await;
    let other = "411486491630370999";
    let (status, body) = send(&db, marketing_request("GET", other, ABANDONED, None)).await;
    assert_eq!((status, body), (200, unconfigured(other)));
}

#[tokio::test]
async fn durations_are_returned_exactly_as_written() {
    let db = sqlite_store();
    for written in ["PT1,5S", "PT0.5S", "P007D", "P2W", "P0D", "P1Y2M3DT4H5M6S"] {
        let body = edited(&[
            ("trigger_after", Some(json!(written))),
            ("max_coupons_global_period", Some(json!(written))),
            ("coupon_configuration.expires_after", Some(json!(written))),
        ]);
        let (status, answer) = put(&db, FOLLOW_UPS, body).await;
        assert_eq!(status, 200, "{written}: {answer}");
        let (_, read) = get(&db, FOLLOW_UPS).await;
        for value in [
            &read["trigger_after"],
            &read["max_coupons_global_period"],
            &read["coupon_configuration"]["expires_after"],
        ] {
            assert_eq!(value, written);
        }
    }
}

#[tokio::test]
async fn invalid_is_computed_on_every_write_and_read() {
    let db = sqlite_store();
    let cases = [
        (valid(), false),
        (
            set("coupon_configuration.discount_type", json!("unspecified")),
            true,
        ),
        (set("coupon_configuration.discount_amount", json!(0)), true),
        (
            set(
                "coupon_configuration.discount_only_required_tags_or_products",
                json!(true),
            ),
            false,
        ),
        (
            edited(&[
                (
                    "coupon_configuration.discount_only_required_tags_or_products",
                    Some(json!(true)),
                ),
                ("coupon_configuration.required_tag_ids", Some(json!([]))),
            ]),
            true,
        ),
        (
            edited(&[
                (
                    "coupon_configuration.usable_on_one_time_purchases",
                    Some(json!(false)),
                ),
                (
                    "coupon_configuration.usable_on_subscriptions",
                    Some(json!(false)),
                ),
            ]),
            true,
        ),
        (
            set("coupon_configuration.customer_redeem_limit", json!(0)),
            true,
        ),
        (
            edited(&[
                ("enabled", Some(json!(false))),
                ("coupon_configuration.discount_amount", Some(json!(0))),
            ]),
            false,
        ),
    ];
    for (body, invalid) in cases {
        let (status, answer) = put(&db, ABANDONED, body.clone()).await;
        assert_eq!(
            (status, &answer["invalid"]),
            (200, &json!(invalid)),
            "{body}"
        );
        assert_eq!(get(&db, ABANDONED).await.1["invalid"], invalid, "{body}");
    }
}

/// Each body breaks one rule; the 400 names exactly that field.
fn invalid_bodies() -> Vec<(String, Value, String)> {
    let mut cases: Vec<(String, Value, String)> = Vec::new();
    let mut case = |name: &str, body: Value, path: &str| {
        cases.push((name.to_owned(), body, path.to_owned()));
    };
    for required in [
        "enabled",
        "trigger_after",
        "minimum_order_value",
        "coupon_configuration",
    ] {
        case("required field missing", without(required), required);
    }
    for required in [
        "duration",
        "discount_type",
        "discount_amount",
        "discount_only_required_tags_or_products",
        "discount_apply_before_sales",
        "required_tag_ids",
        "required_product_ids",
        "minimum_order_value",
        "customer_redeem_limit_enabled",
        "customer_redeem_limit",
        "usable_on_one_time_purchases",
        "usable_on_subscriptions",
    ] {
        let path = format!("coupon_configuration.{required}");
        case("required coupon field missing", without(&path), &path);
    }
    for read_only in ["invalid", "store_id", "updated_by", "updated_at"] {
        case(
            "read-only field sent",
            set(read_only, json!(true)),
            read_only,
        );
    }
    case("unknown property", set("trigger", json!("P1D")), "trigger");
    case(
        "unknown nested property",
        set("coupon_configuration.discount_code", json!("SAVE10")),
        "coupon_configuration.discount_code",
    );
    case(
        "unknown duration",
        set("coupon_configuration.duration", json!("weekly")),
        "coupon_configuration.duration",
    );
    case(
        "unknown discount type",
        set("coupon_configuration.discount_type", json!("PERCENT")),
        "coupon_configuration.discount_type",
    );
    case("bool as a string", set("enabled", json!("true")), "enabled");
    case(
        "amount as a float",
        set("minimum_order_value", json!(10.5)),
        "minimum_order_value",
    );
    case(
        "amount as a string",
        set("minimum_order_value", json!("2500")),
        "minimum_order_value",
    );
    case(
        "int64 overflow",
        set("maximum_order_value", json!(100000000000000000000_f64)),
        "maximum_order_value",
    );
    case(
        "int32 overflow",
        set("max_coupons_per_customer_amount", json!(2147483648_i64)),
        "max_coupons_per_customer_amount",
    );
    case(
        "int32 overflow in the coupon",
        set(
            "coupon_configuration.customer_redeem_limit",
            json!(2147483648_i64),
        ),
        "coupon_configuration.customer_redeem_limit",
    );
    case(
        "int32 months overflow",
        set(
            "coupon_configuration.duration_in_months",
            json!(2147483648_i64),
        ),
        "coupon_configuration.duration_in_months",
    );
    for bad_id in [
        json!(411486491630370816_u64),
        json!("abc"),
        json!("-1"),
        json!("007"),
        json!("18446744073709551616"),
    ] {
        case(
            "bad flake id",
            set("coupon_configuration.required_product_ids", json!([bad_id])),
            "coupon_configuration.required_product_ids[0]",
        );
    }
    case(
        "id list as a string",
        set("coupon_configuration.required_tag_ids", json!("1")),
        "coupon_configuration.required_tag_ids",
    );
    for bad in [
        "P",
        "PT",
        "1D",
        "P1H",
        "-P1D",
        "P1DT",
        "P1W2D",
        "P99999999999999999999Y",
        "",
    ] {
        case(
            "bad duration",
            set("trigger_after", json!(bad)),
            "trigger_after",
        );
    }
    case(
        "duration as a number",
        set("trigger_after", json!(86400)),
        "trigger_after",
    );
    case(
        "bad period",
        set("max_coupons_per_customer_period", json!("PT")),
        "max_coupons_per_customer_period",
    );
    case(
        "bad expiry",
        set("coupon_configuration.expires_after", json!("P1H")),
        "coupon_configuration.expires_after",
    );
    case(
        "maximum below minimum",
        set("maximum_order_value", json!(2499)),
        "maximum_order_value",
    );
    case(
        "negative minimum",
        set("minimum_order_value", json!(-1)),
        "minimum_order_value",
    );
    case(
        "negative maximum",
        edited(&[
            ("minimum_order_value", Some(json!(0))),
            ("maximum_order_value", Some(json!(-1))),
        ]),
        "maximum_order_value",
    );
    for (amount, period) in [
        (
            "max_coupons_per_customer_amount",
            "max_coupons_per_customer_period",
        ),
        ("max_coupons_global_amount", "max_coupons_global_period"),
    ] {
        case("negative limit", set(amount, json!(-1)), amount);
        case("limit without its period", without(period), period);
        case("limit with a null period", set(period, Value::Null), period);
    }
    let months = "coupon_configuration.duration_in_months";
    case("repeating without months", without(months), months);
    case(
        "repeating with null months",
        set(months, Value::Null),
        months,
    );
    case("repeating for zero months", set(months, json!(0)), months);
    for duration in ["once", "forever"] {
        case(
            "months for a coupon that does not repeat",
            set("coupon_configuration.duration", json!(duration)),
            months,
        );
    }
    let discount = "coupon_configuration.discount_amount";
    case("percent above 100", set(discount, json!(101)), discount);
    case("negative discount", set(discount, json!(-1)), discount);
    case(
        "negative coupon minimum",
        set("coupon_configuration.minimum_order_value", json!(-1)),
        "coupon_configuration.minimum_order_value",
    );
    case(
        "negative redeem limit",
        set("coupon_configuration.customer_redeem_limit", json!(-1)),
        "coupon_configuration.customer_redeem_limit",
    );
    case(
        "duplicate tag ids",
        set("coupon_configuration.required_tag_ids", json!(["1", "1"])),
        "coupon_configuration.required_tag_ids",
    );
    let many: Vec<String> = (1..=1001).map(|id| id.to_string()).collect();
    case(
        "too many product ids",
        set("coupon_configuration.required_product_ids", json!(many)),
        "coupon_configuration.required_product_ids",
    );
    cases
}

#[tokio::test]
async fn every_broken_rule_is_a_400_naming_its_field_and_stores_nothing() {
    let db = sqlite_store();
    for (case, body, path) in invalid_bodies() {
        let (status, answer) = put(&db, ABANDONED, body).await;
        assert_eq!(status, 400, "{case}: {answer}");
        assert!(
            error_paths(&answer).contains(&path),
            "{case}: expected an error at {path}, got {answer}"
        );
        let error = &answer["errors"][0];
        assert_eq!(error["code"], "invalid-field", "{case}");
        assert!(error["validation"].is_string() && error["message"].is_string());
    }
    assert_eq!(get(&db, ABANDONED).await, (200, unconfigured(STORE)));
}

#[tokio::test]
async fn a_missing_field_is_reported_as_required() {
    let (_, answer) = put(
        &sqlite_store(),
        ABANDONED,
        without("coupon_configuration.duration"),
    )
    .await;
    assert_eq!(answer["errors"][0]["validation"], "is required", "{answer}");
}

#[tokio::test]
async fn every_cross_field_rule_broken_at_once_is_reported_at_once() {
    let body = edited(&[
        ("maximum_order_value", Some(json!(1))),
        ("max_coupons_global_period", None),
        ("coupon_configuration.duration_in_months", None),
        ("coupon_configuration.discount_amount", Some(json!(150))),
    ]);
    let (status, answer) = put(&sqlite_store(), ABANDONED, body).await;
    assert_eq!(status, 400);
    assert_eq!(
        error_paths(&answer),
        [
            "maximum_order_value",
            "max_coupons_global_period",
            "coupon_configuration.duration_in_months",
            "coupon_configuration.discount_amount",
        ]
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_400_and_one_that_is_not_application_json_a_415() {
    let db = sqlite_store();
    let broken = marketing_raw_request(
        "PUT",
        STORE,
        ABANDONED,
        "application/json",
        Some("{".into()),
    );
    let (status, answer) = send(&db, broken).await;
    assert_eq!((status, &answer["code"]), (400, &json!("bad-request")));
    let not_an_object = marketing_request("PUT", STORE, ABANDONED, Some(json!([valid()])));
    assert_eq!(send(&db, not_an_object).await.0, 400);
    let form = marketing_raw_request(
        "PUT",
        STORE,
        ABANDONED,
        "application/x-www-form-urlencoded",
        Some(valid().to_string()),
    );
    let (status, answer) = send(&db, form).await;
    assert_eq!(
        (status, &answer["status"], &answer["code"]),
        (415, &json!(415), &json!("unsupported-media-type"))
    );
}

#[tokio::test]
async fn a_store_id_that_is_not_a_flake_id_is_a_400_naming_store_id() {
    let db = sqlite_store();
    for store in ["demo", "007", "-1", "1.5", "18446744073709551616", ""] {
        for method in ["GET", "PUT"] {
            let request = marketing_request(method, store, ABANDONED, Some(valid()));
            let (status, answer) = send(&db, request).await;
            assert_eq!(status, 400, "{method} {store:?}: {answer}");
            assert_eq!(error_paths(&answer), ["storeId"], "{method} {store:?}");
        }
    }
}

#[tokio::test]
async fn an_unknown_kind_is_a_404_in_the_marketing_shape() {
    let db = sqlite_store();
    for method in ["GET", "PUT"] {
        let request = marketing_request(method, STORE, "birthday-greetings", Some(valid()));
        let (status, answer) = send(&db, request).await;
        assert_eq!(
            (status, &answer["status"], &answer["code"]),
            (404, &json!(404), &json!("not-found")),
            "{method}"
        );
        assert!(answer["message"].is_string());
    }
}

#[tokio::test]
async fn an_amount_past_int64_written_as_digits_is_a_400_naming_it() {
    let body = valid().to_string().replace(
        "\"maximum_order_value\":100000",
        "\"maximum_order_value\":9223372036854775808",
    );
    assert!(body.contains("9223372036854775808"), "{body}");
    let request = marketing_raw_request("PUT", STORE, ABANDONED, "application/json", Some(body));
    let (status, answer) = send(&sqlite_store(), request).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(error_paths(&answer), ["maximum_order_value"]);
}
