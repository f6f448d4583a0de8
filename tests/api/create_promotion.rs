//! `POST /promotions`: defaults, read-only fields, and every documented rule as a 422 that names
//! the field, with nothing stored.

use api::App;
use domain::ids::{PromotionId, StoreId};
use serde_json::{json, Value};

use crate::support::{assert_includes, json, request, sqlite_app};

fn valid() -> Value {
    json!({
        "redemption_type": "AUTOMATIC",
        "name": "Ten percent off",
        "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}],
    })
}

fn with(changes: Value) -> Value {
    let mut body = valid();
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

fn rule(action: Value) -> Value {
    json!([{ "action": action }])
}

async fn create(app: &App, body: Value) -> (u16, Value) {
    let response = create_promotion::handle(app, request("POST", "demo", None, Some(body))).await;
    (response.status().as_u16(), json(&response))
}

#[tokio::test]
async fn documented_defaults_fill_in_what_the_client_left_out() {
    let (status, body) = create(&sqlite_app().await, valid()).await;
    assert_eq!(status, 201, "{body}");
    let data = &body["data"];
    assert_eq!(data["channels"], json!([]));
    assert_eq!(data["can_be_used_with_other_promotions"], true);
    assert_eq!(
        (&data["status"], &data["created_from"], &data["current_uses"]),
        (&json!("ENABLED"), &json!("api"), &json!(0))
    );
    assert_eq!(data["end_date"], Value::Null);
    assert_eq!(data["rules"][0]["apply_once"], true);
    let start = chrono::DateTime::parse_from_rfc3339(data["start_date"].as_str().unwrap()).unwrap();
    assert!((chrono::Utc::now() - start.to_utc()).num_seconds().abs() < 60, "start_date defaults to now: {start}");
}

#[tokio::test]
async fn a_coupon_promotion_is_single_code_unless_told_otherwise() {
    let (status, body) = create(&sqlite_app().await, with(json!({"redemption_type": "COUPON"}))).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["data"]["coupon_type"], "SINGLE");
    assert_eq!(body["data"]["multiple_codes"], json!({"has_multiple_codes": false}));
}

#[tokio::test]
async fn read_only_fields_in_the_request_are_ignored() {
    let db = sqlite_app().await;
    let body = with(
        json!({"id": 999, "current_uses": 5, "created_from": "react_ui", "multiple_codes": {"has_multiple_codes": true}}),
    );
    let (status, created) = create(&db, body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!((&created["data"]["id"], &created["data"]["current_uses"]), (&json!(1), &json!(0)));
    assert_eq!(created["data"]["created_from"], "api");
    let stored = db.store().get_promotion(&StoreId::parse("demo").unwrap(), PromotionId(1)).await.unwrap().unwrap();
    assert_eq!(stored.value.current_uses(), 0);
}

#[tokio::test]
async fn every_kind_of_action_and_condition_is_stored_and_read_back() {
    let rules = json!([
        {"action": {"cart_value": {"discount": {"fixed_amount": "5.00"}, "maximum_allowed_discount_amount": "20"}},
         "condition": {"and": [{"cart": {"minimum_spend": "50"}}, {"cart": {"items": {"brands": [3]}, "minimum_quantity": 1}}]}},
        {"action": {"cart_items": {"discount": {"percentage_amount": "15.5"}, "as_total": true, "strategy": "MOST_EXPENSIVE_ONLY", "quantity": 2,
                     "items": {"or": [{"products": [1, 2]}, {"not": {"variants": [9]}},
                                      {"product_option": {"type": "string_match", "name": "Size", "values": ["L"]}},
                                      {"product_custom_field": {"name": "material", "values": ["wool"]}}]}}}},
        {"action": {"gift_item": {"quantity": 1, "variant_id": 77}}, "stop": true, "apply_once": false},
        {"action": {"fixed_price_set": {"quantity": 3, "fixed_price": "25", "items": {"categories": [4]}, "include_items_considered_by_condition": false}}},
        {"action": {"shipping": {"zone_ids": "*"}}},
        {"action": {"shipping": {"zone_ids": [1, 2], "free_shipping": false}}}
    ]);
    let customer = json!({"excluded_group_ids": [3], "minimum_order_count": 2,
        "segments": {"or": [{"id": ["0b8d5d8f-1c4c-4c59-9d5e-9c7e4e1a7d10"]}, {"not": {"id": ["5f0e3a50-2b1f-4d3a-8b8b-2c6a9c0c1e22"]}}]}});
    let body = with(
        json!({"rules": rules, "customer": customer, "shipping_address": {"not": {"countries": [{"iso2_country_code": "FR"}]}}}),
    );
    let (status, created) = create(&sqlite_app().await, body).await;
    assert_eq!(status, 201, "{created}");
    assert_includes(&created["data"]["customer"], &customer, "customer");
    assert_eq!(
        created["data"]["rules"][2],
        json!({"action": {"gift_item": {"quantity": 1, "variant_id": 77}}, "apply_once": false, "stop": true})
    );
    assert_eq!(created["data"]["rules"][4]["action"]["shipping"], json!({"free_shipping": true, "zone_ids": "*"}));
    assert_eq!(created["data"]["rules"][5]["action"]["shipping"]["free_shipping"], true, "free_shipping is read-only");
    assert_eq!(created["data"]["rules"][1]["action"]["cart_items"]["items"], rules[1]["action"]["cart_items"]["items"]);
}

#[tokio::test]
async fn the_wildcard_currency_takes_percentage_discounts() {
    let (status, body) = create(&sqlite_app().await, with(json!({"currency_code": "*"}))).await;
    assert_eq!((status, &body["data"]["currency_code"]), (201, &json!("*")));
}

/// Each body breaks one rule; the 422 names exactly that field.
fn invalid_bodies() -> Vec<(&'static str, Value, &'static str)> {
    let deep = json!({"and": [{"or": [{"not": {"not": {"brands": [1]}}}]}]});
    vec![
        (
            "name missing",
            {
                let mut b = valid();
                b.as_object_mut().unwrap().remove("name");
                b
            },
            "name",
        ),
        (
            "rules missing",
            {
                let mut b = valid();
                b.as_object_mut().unwrap().remove("rules");
                b
            },
            "rules",
        ),
        (
            "redemption_type missing",
            {
                let mut b = valid();
                b.as_object_mut().unwrap().remove("redemption_type");
                b
            },
            "redemption_type",
        ),
        ("blank name", with(json!({"name": "  "})), "name"),
        ("overlong name", with(json!({"name": "x".repeat(256)})), "name"),
        ("overlong display name", with(json!({"display_name": "x".repeat(256)})), "display_name"),
        ("unknown redemption type", with(json!({"redemption_type": "SOMETIMES"})), "redemption_type"),
        ("no rules", with(json!({"rules": []})), "rules"),
        (
            "both group lists",
            with(json!({"customer": {"group_ids": [1], "excluded_group_ids": [2]}})),
            "customer.excluded_group_ids",
        ),
        (
            "override on automatic",
            with(
                json!({"coupon_overrides_automatic_when_offering_higher_discounts": true, "can_be_used_with_other_promotions": false}),
            ),
            "coupon_overrides_automatic_when_offering_higher_discounts",
        ),
        (
            "override while combinable",
            with(
                json!({"redemption_type": "COUPON", "coupon_overrides_automatic_when_offering_higher_discounts": true}),
            ),
            "coupon_overrides_automatic_when_offering_higher_discounts",
        ),
        (
            "override on automatic, under today's name",
            with(json!({"coupon_overrides_other_promotions": true, "can_be_used_with_other_promotions": false})),
            "coupon_overrides_other_promotions",
        ),
        (
            "override while combinable, under today's name",
            with(json!({"redemption_type": "COUPON", "coupon_overrides_other_promotions": true})),
            "coupon_overrides_other_promotions",
        ),
        ("client sets INVALID", with(json!({"status": "INVALID"})), "status"),
        (
            "end before start",
            with(json!({"start_date": "2026-02-01T00:00:00+00:00", "end_date": "2026-01-01T00:00:00+00:00"})),
            "end_date",
        ),
        ("date without offset", with(json!({"start_date": "2026-02-01T00:00:00"})), "start_date"),
        ("unknown currency", with(json!({"currency_code": "XYZ"})), "currency_code"),
        (
            "wildcard with fixed discount",
            with(
                json!({"currency_code": "*", "rules": rule(json!({"cart_value": {"discount": {"fixed_amount": "5"}}}))}),
            ),
            "rules[0].action.cart_value.discount.fixed_amount",
        ),
        (
            "wildcard with fixed price set",
            with(
                json!({"currency_code": "*", "rules": rule(json!({"fixed_price_set": {"quantity": 2, "fixed_price": "5"}}))}),
            ),
            "rules[0].action.fixed_price_set.fixed_price",
        ),
        (
            "hour 25",
            with(
                json!({"schedule": {"week_frequency": 1, "week_days": ["Monday"], "daily_start_time": "25:00:00", "daily_end_time": "23:00:00"}}),
            ),
            "schedule.daily_start_time",
        ),
        (
            "schedule ends before it starts",
            with(
                json!({"schedule": {"week_frequency": 1, "week_days": ["Monday"], "daily_start_time": "18:00:00", "daily_end_time": "09:00:00"}}),
            ),
            "schedule.daily_end_time",
        ),
        (
            "unknown weekday",
            with(
                json!({"schedule": {"week_frequency": 1, "week_days": ["Funday"], "daily_start_time": "09:00:00", "daily_end_time": "17:00:00"}}),
            ),
            "schedule.week_days[0]",
        ),
        (
            "matcher nested too deep",
            with(
                json!({"rules": rule(json!({"cart_items": {"discount": {"percentage_amount": "5"}, "items": deep}}))}),
            ),
            "rules[0].action.cart_items.items",
        ),
        (
            "money with a comma",
            with(json!({"rules": rule(json!({"cart_value": {"discount": {"fixed_amount": "10,50"}}}))})),
            "rules[0].action.cart_value.discount.fixed_amount",
        ),
        (
            "money as a float",
            with(json!({"rules": rule(json!({"cart_value": {"discount": {"fixed_amount": 10.5}}}))})),
            "rules[0].action.cart_value.discount.fixed_amount",
        ),
        (
            "percentage over 100",
            with(json!({"rules": rule(json!({"cart_value": {"discount": {"percentage_amount": "150"}}}))})),
            "rules[0].action.cart_value.discount.percentage_amount",
        ),
        (
            "zero maximum discount",
            with(
                json!({"rules": rule(json!({"cart_value": {"discount": {"percentage_amount": "5"}, "maximum_allowed_discount_amount": "0"}}))}),
            ),
            "rules[0].action.cart_value.maximum_allowed_discount_amount",
        ),
        (
            "two actions in one",
            with(
                json!({"rules": rule(json!({"cart_value": {"discount": {"percentage_amount": "5"}}, "shipping": {"zone_ids": "*"}}))}),
            ),
            "rules[0].action",
        ),
        (
            "items without minimum quantity",
            with(
                json!({"rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "5"}}}, "condition": {"cart": {"items": {"brands": [1]}}}}]}),
            ),
            "rules[0].condition.cart.minimum_quantity",
        ),
        (
            "or condition",
            with(
                json!({"rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "5"}}}, "condition": {"or": []}}]}),
            ),
            "rules[0].condition",
        ),
        (
            "gift of product and variant",
            with(json!({"rules": rule(json!({"gift_item": {"quantity": 1, "product_id": 1, "variant_id": 2}}))})),
            "rules[0].action.gift_item",
        ),
        (
            "no shipping zones",
            with(json!({"rules": rule(json!({"shipping": {"zone_ids": []}}))})),
            "rules[0].action.shipping.zone_ids",
        ),
        (
            "unknown notification place",
            with(json!({"notifications": [{"type": "APPLIED", "content": "Yay", "locations": ["FOOTER"]}]})),
            "notifications[0].locations[0]",
        ),
        (
            "lonely segment combination",
            with(json!({"customer": {"segments": {"and": [{"id": ["0b8d5d8f-1c4c-4c59-9d5e-9c7e4e1a7d10"]}]}}})),
            "customer.segments.and",
        ),
        (
            "bad country code",
            with(json!({"shipping_address": {"countries": [{"iso2_country_code": "usa"}]}})),
            "shipping_address.countries[0].iso2_country_code",
        ),
        ("coupon type on automatic", with(json!({"coupon_type": "BULK"})), "coupon_type"),
        ("zero max uses", with(json!({"max_uses": 0})), "max_uses"),
        ("negative max uses", with(json!({"max_uses": -1})), "max_uses"),
        ("codes on an automatic promotion", with(json!({"codes": {"code": "SAVE10"}})), "codes"),
        (
            "a code with punctuation",
            with(json!({"redemption_type": "COUPON", "codes": {"code": "SAVE!"}})),
            "codes.code",
        ),
        ("misspelt field", with(json!({"dispaly_name": "typo"})), "dispaly_name"),
        (
            "rule field misspelt",
            with(
                json!({"rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "5"}}}, "stopp": true}]}),
            ),
            "rules[0].stopp",
        ),
    ]
}

#[tokio::test]
async fn every_broken_rule_is_a_422_naming_its_field_and_stores_nothing() {
    let db = sqlite_app().await;
    for (case, body, field) in invalid_bodies() {
        let (status, answer) = create(&db, body).await;
        assert_eq!(status, 422, "{case}: {answer}");
        let errors = answer["errors"].as_object().unwrap_or_else(|| panic!("{case}: {answer}"));
        assert!(errors.contains_key(field), "{case}: expected an error at {field}, got {answer}");
        assert_eq!(answer["type"], api::http::promotions::ERROR_TYPE);
    }
    let demo = StoreId::parse("demo").unwrap();
    assert_eq!(db.store().get_promotion(&demo, PromotionId(1)).await.unwrap(), None, "no rejected body was stored");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_400_and_another_content_type_a_415() {
    let db = sqlite_app().await;
    let mut truncated = request("POST", "demo", None, None);
    *truncated.body_mut() = lambda_http::Body::Text(r#"{"name": 5"#.into());
    let response = create_promotion::handle(&db, truncated).await;
    assert_eq!(response.status(), 400, "a syntax error is a 400 even after a badly typed field");

    let mut form = request("POST", "demo", None, Some(valid()));
    form.headers_mut().insert("content-type", "application/x-www-form-urlencoded".parse().unwrap());
    assert_eq!(create_promotion::handle(&db, form).await.status(), 415);

    let mut json_with_charset = request("POST", "demo", None, Some(valid()));
    json_with_charset.headers_mut().insert("content-type", "application/json; charset=utf-8".parse().unwrap());
    assert_eq!(create_promotion::handle(&db, json_with_charset).await.status(), 201);

    let (status, body) = create(&db, json!([valid()])).await;
    assert_eq!((status, body["errors"].as_object().map(|e| e.contains_key(""))), (422, Some(true)));
}

#[tokio::test]
async fn a_path_that_is_not_the_keys_store_is_a_403() {
    let app = sqlite_app().await;
    for other in ["other", "no#such", ""] {
        let response = create_promotion::handle(&app, request("POST", other, None, Some(valid()))).await;
        assert_eq!(response.status(), 403, "{other:?}");
    }
}
