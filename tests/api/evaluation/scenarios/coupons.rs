//! Coupons: codes, the store's coupon limit, used-up codes and coupons that override the
//! automatic promotions.

use serde_json::{json, Value};

use super::{cart_value, totals};
use crate::evaluation::{cart, code, coupon, evaluate, evaluate_with, item, outcome, promotion, reason, settings};

fn ten_off_coupon(exclusive: bool) -> Value {
    let mut body = cart_value(json!({"fixed_amount": "10"}));
    if exclusive {
        body["can_be_used_with_other_promotions"] = json!(false);
        body["coupon_overrides_automatic_when_offering_higher_discounts"] = json!(true);
    }
    body
}

fn with_codes(items: Value, codes: &[&str]) -> Value {
    let mut body = cart(items);
    body["coupon_codes"] = json!(codes);
    body
}

/// A coupon promotion without its code in the cart does not apply.
#[test]
fn a_coupon_without_its_code_is_explained() {
    let data = evaluate(&[coupon(1, ten_off_coupon(false))], cart(json!([item(1, "60.00", 1, &[])])));
    assert_eq!(reason(&data, 1), "coupon_code_missing");
}

/// With its code (any case), 10.00 off 60.00.
#[test]
fn a_coupon_with_its_code_applies() {
    let codes = [code(1, "SAVE10", 0, 0)];
    let body = with_codes(json!([item(1, "60.00", 1, &[])]), &["save10"]);
    let data = evaluate_with(&[coupon(1, ten_off_coupon(false))], body, &Default::default(), &codes);
    totals(&data, json!({"items_after": "50.00"}));
}

/// The store allows one coupon per order: the second code's promotion is refused.
#[test]
fn the_store_allows_one_coupon_so_the_second_is_refused() {
    let promotions = [coupon(1, ten_off_coupon(false)), coupon(2, ten_off_coupon(false))];
    let codes = [code(2, "B", 0, 0), code(1, "A", 0, 0)];
    let body = with_codes(json!([item(1, "60.00", 1, &[])]), &["B", "A"]);
    let data = evaluate_with(&promotions, body, &Default::default(), &codes);
    assert_eq!((reason(&data, 1), reason(&data, 2)), (&json!("too_many_coupons"), &Value::Null));
}

/// Allowing two coupons, both apply: 20.00 off.
#[test]
fn raising_the_coupon_limit_lets_both_coupons_apply() {
    let promotions = [coupon(1, ten_off_coupon(false)), coupon(2, ten_off_coupon(false))];
    let codes = [code(2, "B", 0, 0), code(1, "A", 0, 0)];
    let two = settings(|s| s.number_of_coupons_allowed_at_checkout = 2);
    let data = evaluate_with(&promotions, with_codes(json!([item(1, "60.00", 1, &[])]), &["B", "A"]), &two, &codes);
    totals(&data, json!({"cart_discounts": "20.00"}));
}

/// A code used its 5 allowed times.
#[test]
fn a_used_up_code_is_explained() {
    let codes = [code(1, "SAVE10", 5, 5)];
    let body = with_codes(json!([item(1, "60.00", 1, &[])]), &["SAVE10"]);
    let data = evaluate_with(&[coupon(1, ten_off_coupon(false))], body, &Default::default(), &codes);
    assert_eq!(outcome(&data, 1)["reason"]["message"], "The coupon code SAVE10 was used its maximum 5 times.");
}

/// Automatic 5% of 100.00 (5.00) against a 10.00 coupon that overrides: the coupon replaces it.
#[test]
fn an_overriding_coupon_that_takes_off_more_replaces_the_automatic_promotions() {
    let promotions = [promotion(1, cart_value(json!({"percentage_amount": "5"}))), coupon(2, ten_off_coupon(true))];
    let body = with_codes(json!([item(1, "100.00", 1, &[])]), &["TEN"]);
    let data = evaluate_with(&promotions, body, &Default::default(), &[code(2, "TEN", 0, 0)]);
    assert_eq!(
        outcome(&data, 1)["reason"]["message"],
        "The coupon of promotion 2 takes off more and replaces the automatic promotions."
    );
    totals(&data, json!({"cart_discounts": "10.00", "items_after": "90.00"}));
}

/// Automatic 20% of 100.00 (20.00) is more than the coupon's 10.00: the automatic one stays.
#[test]
fn an_overriding_coupon_that_takes_off_less_does_not_apply() {
    let promotions = [promotion(1, cart_value(json!({"percentage_amount": "20"}))), coupon(2, ten_off_coupon(true))];
    let body = with_codes(json!([item(1, "100.00", 1, &[])]), &["TEN"]);
    let data = evaluate_with(&promotions, body, &Default::default(), &[code(2, "TEN", 0, 0)]);
    assert_eq!(reason(&data, 2), "automatic_discount_higher");
    totals(&data, json!({"cart_discounts": "20.00"}));
}
