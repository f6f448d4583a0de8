//! Who, when and where a promotion applies, and the store settings that change which items
//! count.

use domain::promotion::parts::Bookkeeping;
use domain::promotion::Promotion;
use serde_json::{json, Value};

use super::{cart_value, line_discounts, on_items, totals};
use crate::evaluation::{cart, evaluate, evaluate_with, item, outcome, promotion, reason, settings};

// --- Who, when, where ---

/// Each gate before the rules, with the cart that fails it.
#[test]
fn each_gate_before_the_rules_has_its_reason() {
    let base = || cart_value(json!({"percentage_amount": "10"}));
    let with = |field: &str, value: Value| {
        let mut body = base();
        body[field] = value;
        body
    };
    let cases = [
        (with("status", json!("DISABLED")), "disabled"),
        (with("start_date", json!("2026-07-01T00:00:00+00:00")), "not_started"),
        (with("end_date", json!("2026-06-03T12:00:00+00:00")), "ended"),
        (with("channels", json!([{"id": 2}])), "channel"),
        (with("currency_code", json!("EUR")), "currency"),
        (with("customer", json!({"group_ids": [2]})), "customer_group"),
        (with("customer", json!({"excluded_group_ids": [0]})), "customer_group"),
        (with("customer", json!({"minimum_order_count": 1})), "customer_order_count"),
        (with("customer", json!({"segments": {"id": ["0b8d5d8f-1c4c-4c59-9d5e-9c7e4e1a7d10"]}})), "customer_segment"),
        (with("shipping_address", json!({"countries": [{"iso2_country_code": "CA"}]})), "shipping_country"),
        (with("shipping_address", json!({"not": {"countries": [{"iso2_country_code": "US"}]}})), "shipping_country"),
    ];
    for (body, code) in cases {
        let data = evaluate(&[promotion(1, body.clone())], cart(json!([item(1, "10.00", 1, &[])])));
        assert_eq!(reason(&data, 1), code, "{body}");
    }
}

/// A promotion with `max_uses` 5 that was used 5 times.
#[test]
fn a_promotion_used_its_maximum_times_is_explained() {
    let limited = promotion(1, {
        let mut body = cart_value(json!({"percentage_amount": "10"}));
        body["max_uses"] = json!(5);
        body
    });
    let uses = Bookkeeping { current_uses: 5, ..limited.bookkeeping() };
    let used_up = Promotion::restore(uses, limited.fields().clone());
    let data = evaluate(&[used_up], cart(json!([item(1, "10.00", 1, &[])])));
    assert_eq!(outcome(&data, 1)["reason"]["message"], "The promotion was used its maximum 5 times.");
}

/// A weekend promotion on a Wednesday, then on a Saturday at 09:00 in New York (-05:00).
#[test]
fn a_weekly_schedule_is_read_in_the_evaluation_time_offset() {
    let mut body = cart_value(json!({"percentage_amount": "10"}));
    body["schedule"] = json!({"week_frequency": 1, "week_days": ["Saturday", "Sunday"],
                              "daily_start_time": "08:00:00", "daily_end_time": "20:00:00"});
    let data = evaluate(&[promotion(1, body.clone())], cart(json!([item(1, "10.00", 1, &[])])));
    assert_eq!(reason(&data, 1), "outside_schedule");
    let mut saturday = cart(json!([item(1, "10.00", 1, &[])]));
    saturday["evaluated_at"] = json!("2026-06-06T09:00:00-05:00");
    assert_eq!(reason(&evaluate(&[promotion(1, body)], saturday), 1), &Value::Null);
}

/// A customer in group 2 with 3 orders in segment S meets group, order count and segment.
#[test]
fn a_customer_who_fits_every_rule_gets_the_promotion() {
    let segment = "0b8d5d8f-1c4c-4c59-9d5e-9c7e4e1a7d10";
    let mut body = cart_value(json!({"percentage_amount": "10"}));
    body["customer"] = json!({"group_ids": [2], "minimum_order_count": 3, "segments": {"id": [segment]}});
    let mut shopper = cart(json!([item(1, "10.00", 1, &[])]));
    shopper["customer"] = json!({"id": 7, "group_id": 2, "order_count": 3, "segment_ids": [segment]});
    totals(&evaluate(&[promotion(1, body)], shopper), json!({"cart_discounts": "1.00"}));
}

/// A `*` promotion in a yen cart: 15% of ¥1,005 is 150.75, rounded to ¥151.
#[test]
fn a_percentage_for_every_currency_rounds_to_the_cart_currency() {
    let mut body = cart_value(json!({"percentage_amount": "15"}));
    body["currency_code"] = json!("*");
    let yen = json!({"currency_code": "JPY", "items": [item(1, "1005", 1, &[])]});
    totals(&evaluate(&[promotion(1, body)], yen), json!({"cart_discounts": "151", "items_after": "854"}));
}

/// Dinars have 3 decimals: 10% of 1.005 is 0.1005, rounded to 0.101.
#[test]
fn three_decimal_currencies_round_to_the_thousandth() {
    let mut body = cart_value(json!({"percentage_amount": "10"}));
    body["currency_code"] = json!("KWD");
    let dinars = json!({"currency_code": "KWD", "items": [item(1, "1.005", 1, &[])]});
    totals(&evaluate(&[promotion(1, body)], dinars), json!({"cart_discounts": "0.101", "items_after": "0.904"}));
}

// --- Store settings ---

/// A free sample (0.00) does not count toward "2 shirts" unless the store says so.
#[test]
fn zero_price_items_trigger_promotions_only_when_the_store_allows() {
    let body = json!({"rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "5"}}},
                                 "condition": {"cart": {"items": {"categories": [18]}, "minimum_quantity": 2}}}]});
    let items = json!([item(1, "30.00", 1, &[18]), item(2, "0.00", 1, &[18])]);
    let data = evaluate(&[promotion(1, body.clone())], cart(items.clone()));
    assert_eq!(
        outcome(&data, 1)["reason"]["message"],
        "The cart has 1 matching item(s) where the promotion needs at least 2."
    );
    let allowed = settings(|s| s.promotions_triggered_by_products_with_zero_product_price = true);
    totals(&evaluate_with(&[promotion(1, body)], cart(items), &allowed, &[]), json!({"cart_discounts": "5.00"}));
}

/// A line at a custom price is not discounted unless the store says so.
#[test]
fn custom_price_items_are_discounted_only_when_the_store_allows() {
    let body = on_items(json!({"discount": {"percentage_amount": "10"}}));
    let custom = json!([{"product_id": 1, "unit_price": "50.00", "quantity": 1, "custom_price": true},
                        item(2, "20.00", 1, &[])]);
    assert_eq!(line_discounts(&evaluate(&[promotion(1, body.clone())], cart(custom.clone()))), ["0.00", "2.00"]);
    let allowed = settings(|s| s.promotions_apply_on_products_with_custom_product_price = true);
    assert_eq!(line_discounts(&evaluate_with(&[promotion(1, body)], cart(custom), &allowed, &[])), ["5.00", "2.00"]);
}
