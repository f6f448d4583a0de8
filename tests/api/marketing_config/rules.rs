//! Every documented rule of a marketing configuration PUT as a 400 in the API's error shape,
//! naming the field (`errors[].path`), with nothing stored.

use serde_json::{json, Value};

use super::{edited, error_paths, get, put, send, set, unconfigured, valid, without, ABANDONED, STORE};
use crate::support::{marketing_raw_request, marketing_request, register_key, sqlite_app, with_marketing_key};

/// Each body breaks one rule; the 400 names exactly that field.
fn invalid_bodies() -> Vec<(String, Value, String)> {
    let mut cases: Vec<(String, Value, String)> = Vec::new();
    let mut case = |name: &str, body: Value, path: &str| {
        cases.push((name.to_owned(), body, path.to_owned()));
    };
    for required in ["enabled", "trigger_after", "minimum_order_value", "coupon_configuration"] {
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
        case("read-only field sent", set(read_only, json!(true)), read_only);
    }
    case("unknown property", set("trigger", json!("P1D")), "trigger");
    case(
        "unknown nested property",
        set("coupon_configuration.discount_code", json!("SAVE10")),
        "coupon_configuration.discount_code",
    );
    case("unknown duration", set("coupon_configuration.duration", json!("weekly")), "coupon_configuration.duration");
    case(
        "unknown discount type",
        set("coupon_configuration.discount_type", json!("PERCENT")),
        "coupon_configuration.discount_type",
    );
    case("bool as a string", set("enabled", json!("true")), "enabled");
    case("amount as a float", set("minimum_order_value", json!(10.5)), "minimum_order_value");
    case("amount as a string", set("minimum_order_value", json!("2500")), "minimum_order_value");
    case("int64 overflow", set("maximum_order_value", json!(100000000000000000000_f64)), "maximum_order_value");
    case(
        "int32 overflow",
        set("max_coupons_per_customer_amount", json!(2147483648_i64)),
        "max_coupons_per_customer_amount",
    );
    case(
        "int32 overflow in the coupon",
        set("coupon_configuration.duration_in_months", json!(2147483648_i64)),
        "coupon_configuration.duration_in_months",
    );
    case(
        "int32 months overflow",
        set("coupon_configuration.duration_in_months", json!(2147483648_i64)),
        "coupon_configuration.duration_in_months",
    );
    for bad_id in
        [json!(411486491630370816_u64), json!("abc"), json!("-1"), json!("007"), json!("18446744073709551616")]
    {
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
    for bad in ["P", "PT", "1D", "P1H", "-P1D", "P1DT", "P1W2D", "P99999999999999999999Y", ""] {
        case("bad duration", set("trigger_after", json!(bad)), "trigger_after");
    }
    case("duration as a number", set("trigger_after", json!(86400)), "trigger_after");
    case("bad period", set("max_coupons_per_customer_period", json!("PT")), "max_coupons_per_customer_period");
    case("bad expiry", set("coupon_configuration.expires_after", json!("P1H")), "coupon_configuration.expires_after");
    case("maximum below minimum", set("maximum_order_value", json!(2499)), "maximum_order_value");
    case("negative minimum", set("minimum_order_value", json!(-1)), "minimum_order_value");
    case(
        "negative maximum",
        edited(&[("minimum_order_value", Some(json!(0))), ("maximum_order_value", Some(json!(-1)))]),
        "maximum_order_value",
    );
    for (amount, period) in [
        ("max_coupons_per_customer_amount", "max_coupons_per_customer_period"),
        ("max_coupons_global_amount", "max_coupons_global_period"),
    ] {
        case("negative limit", set(amount, json!(-1)), amount);
        case("limit without its period", without(period), period);
        case("limit with a null period", set(period, Value::Null), period);
    }
    let months = "coupon_configuration.duration_in_months";
    case("repeating without months", without(months), months);
    case("repeating with null months", set(months, Value::Null), months);
    case("repeating for zero months", set(months, json!(0)), months);
    for duration in ["once", "forever"] {
        case("months for a coupon that does not repeat", set("coupon_configuration.duration", json!(duration)), months);
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
    let db = sqlite_app().await;
    for (case, body, path) in invalid_bodies() {
        let (status, answer) = put(&db, ABANDONED, body).await;
        assert_eq!(status, 400, "{case}: {answer}");
        assert!(error_paths(&answer).contains(&path), "{case}: expected an error at {path}, got {answer}");
        let error = &answer["errors"][0];
        assert_eq!(error["code"], "invalid-field", "{case}");
        assert!(error["validation"].is_string() && error["message"].is_string());
    }
    assert_eq!(get(&db, ABANDONED).await, (200, unconfigured(STORE)));
}

#[tokio::test]
async fn a_missing_field_is_reported_as_required() {
    let (_, answer) = put(&sqlite_app().await, ABANDONED, without("coupon_configuration.duration")).await;
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
    let (status, answer) = put(&sqlite_app().await, ABANDONED, body).await;
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
    let db = sqlite_app().await;
    let broken = marketing_raw_request("PUT", STORE, ABANDONED, "application/json", Some("{".into()));
    let (status, answer) = send(&db, broken).await;
    assert_eq!((status, &answer["code"]), (400, &json!("bad-request")));
    let not_an_object = marketing_request("PUT", STORE, ABANDONED, Some(json!([valid()])));
    assert_eq!(send(&db, not_an_object).await.0, 400);
    let form =
        marketing_raw_request("PUT", STORE, ABANDONED, "application/x-www-form-urlencoded", Some(valid().to_string()));
    let (status, answer) = send(&db, form).await;
    assert_eq!((status, &answer["status"], &answer["code"]), (415, &json!(415), &json!("unsupported-media-type")));
}

#[tokio::test]
async fn a_store_id_that_is_not_a_flake_id_is_a_400_naming_store_id() {
    let db = sqlite_app().await;
    for store in ["demo", "007", "-1", "18446744073709551616"] {
        let key = format!("key-of-{store}");
        register_key(db.store(), &key, store, "marketing:write").await;
        for method in ["GET", "PUT"] {
            let request = with_marketing_key(marketing_request(method, store, ABANDONED, Some(valid())), &key);
            let (status, answer) = send(&db, request).await;
            assert_eq!(status, 400, "{method} {store:?}: {answer}");
            assert_eq!(error_paths(&answer), ["storeId"], "{method} {store:?}");
        }
    }
}

#[tokio::test]
async fn a_store_id_no_key_can_belong_to_is_a_403() {
    let db = sqlite_app().await;
    for store in ["1.5", "x.y", ""] {
        let (status, answer) = send(&db, marketing_request("GET", store, ABANDONED, None)).await;
        assert_eq!((status, &answer["code"]), (403, &json!("forbidden")), "{store:?}");
    }
}

#[tokio::test]
async fn an_unknown_kind_is_a_404_in_the_marketing_shape() {
    let db = sqlite_app().await;
    for method in ["GET", "PUT"] {
        let request = marketing_request(method, STORE, "birthday-greetings", Some(valid()));
        let (status, answer) = send(&db, request).await;
        assert_eq!((status, &answer["status"], &answer["code"]), (404, &json!(404), &json!("not-found")), "{method}");
        assert!(answer["message"].is_string());
    }
}

#[tokio::test]
async fn an_amount_past_int64_written_as_digits_is_a_400_naming_it() {
    let body =
        valid().to_string().replace("\"maximum_order_value\":100000", "\"maximum_order_value\":9223372036854775808");
    assert!(body.contains("9223372036854775808"), "{body}");
    let request = marketing_raw_request("PUT", STORE, ABANDONED, "application/json", Some(body));
    let (status, answer) = send(&sqlite_app().await, request).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(error_paths(&answer), ["maximum_order_value"]);
}
