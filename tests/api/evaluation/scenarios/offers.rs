//! Offers: buy X get Y, fixed-price sets, gifts and free shipping.

use serde_json::{json, Value};

use super::{line_discounts, totals};
use crate::evaluation::{cart, evaluate, item, outcome, promotion, reason};

// --- Buy X, get Y ---

fn buy_two_get_one_free(apply_once: bool, include: bool) -> Value {
    json!({"rules": [{"apply_once": apply_once,
        "condition": {"cart": {"items": {"categories": [18]}, "minimum_quantity": 2}},
        "action": {"cart_items": {"discount": {"percentage_amount": "100"}, "items": {"categories": [18]},
                                  "strategy": "LEAST_EXPENSIVE", "quantity": 1,
                                  "include_items_considered_by_condition": include}}}]})
}

/// Shirts of 30, 20 and 25: the two dearest meet the condition and the 20.00 one is free.
#[test]
fn buy_two_get_the_cheapest_third_free() {
    let items = json!([item(1, "30.00", 1, &[18]), item(2, "20.00", 1, &[18]), item(3, "25.00", 1, &[18])]);
    let data = evaluate(&[promotion(1, buy_two_get_one_free(true, false))], cart(items));
    assert_eq!(line_discounts(&data), ["0.00", "20.00", "0.00"]);
}

/// With two shirts both meet the condition and the promotion does not discount those.
#[test]
fn two_shirts_meet_the_condition_but_leave_nothing_to_discount() {
    let items = json!([item(1, "30.00", 1, &[18]), item(2, "20.00", 1, &[18])]);
    let data = evaluate(&[promotion(1, buy_two_get_one_free(true, false))], cart(items));
    assert_eq!(reason(&data, 1), "no_matching_items");
    assert!(outcome(&data, 1)["reason"]["message"].as_str().unwrap().contains("include_items_considered_by_condition"));
}

/// Including the condition's items, "buy 2" discounts the cheaper of the two: 20.00.
#[test]
fn including_the_condition_items_lets_them_be_discounted() {
    let items = json!([item(1, "30.00", 1, &[18]), item(2, "20.00", 1, &[18])]);
    let data = evaluate(&[promotion(1, buy_two_get_one_free(true, true))], cart(items));
    totals(&data, json!({"item_discounts": "20.00"}));
}

/// Seven shirts of 10 to 16 without apply_once: 16 and 15 buy the 10, 14 and 13 buy the 11,
/// the 12 alone buys nothing; 10.00 + 11.00 = 21.00 off.
#[test]
fn without_apply_once_buy_two_get_one_repeats_for_every_three() {
    let items: Vec<Value> = (10..=16).map(|p| item(p, &format!("{p}.00"), 1, &[18])).collect();
    let data = evaluate(&[promotion(1, buy_two_get_one_free(false, false))], cart(json!(items)));
    totals(&data, json!({"item_discounts": "21.00", "items_before": "91.00", "items_after": "70.00"}));
}

// --- Fixed-price sets, gifts and shipping ---

fn set_of(quantity: u32, price: &str, apply_once: bool) -> Value {
    json!({"rules": [{"apply_once": apply_once,
                      "action": {"fixed_price_set": {"quantity": quantity, "fixed_price": price}}}]})
}

/// Three items of 10, 9 and 8 (27.00) for 20.00: 7.00 split by price, 2.5926 / 2.3333 / 2.0741
/// → 2.59, 2.33, 2.07 and the cent left over to the 8.00 item, which lost the most.
#[test]
fn a_fixed_price_set_sells_three_items_for_its_price() {
    let items = json!([item(1, "10.00", 1, &[]), item(2, "9.00", 1, &[]), item(3, "8.00", 1, &[])]);
    let data = evaluate(&[promotion(1, set_of(3, "20.00", true))], cart(items));
    assert_eq!(line_discounts(&data), ["2.59", "2.33", "2.08"]);
    assert_eq!(
        data["fixed_price_sets"],
        json!([{"promotion_id": 1, "fixed_price": "20.00", "quantity": 3, "sets": 1, "discount": "7.00"}])
    );
}

/// The same items for 30.00 cost less already: the set gives nothing.
#[test]
fn a_fixed_price_set_above_the_items_price_gives_nothing() {
    let items = json!([item(1, "10.00", 1, &[]), item(2, "9.00", 1, &[]), item(3, "8.00", 1, &[])]);
    let data = evaluate(&[promotion(1, set_of(3, "30.00", true))], cart(items));
    assert_eq!(reason(&data, 1), "no_discount");
}

/// Two items cannot form a set of three.
#[test]
fn a_fixed_price_set_needs_a_whole_set() {
    let data = evaluate(&[promotion(1, set_of(3, "20.00", true))], cart(json!([item(1, "10.00", 2, &[])])));
    assert_eq!(
        outcome(&data, 1)["reason"]["message"],
        "The cart has 2 matching item(s) where the promotion needs at least 3."
    );
}

/// Five 10.00 units, "2 for 15.00" without apply_once: two sets, 5.00 off each, 10.00 off.
#[test]
fn fixed_price_sets_repeat_without_apply_once() {
    let data = evaluate(&[promotion(1, set_of(2, "15.00", false))], cart(json!([item(1, "10.00", 5, &[])])));
    totals(&data, json!({"item_discounts": "10.00", "items_after": "40.00"}));
    assert_eq!(data["fixed_price_sets"][0]["sets"], 2);
}

/// Free shipping to every zone takes the 10.00 of shipping off.
#[test]
fn free_shipping_to_any_zone_zeroes_shipping() {
    let body = json!({"rules": [{"action": {"shipping": {"zone_ids": "*"}}}]});
    let data = evaluate(&[promotion(1, body)], cart(json!([item(1, "20.00", 1, &[])])));
    totals(&data, json!({"shipping_discount": "10.00", "shipping_after": "0.00", "total_after": "20.00"}));
    assert_eq!((&data["free_shipping"], &outcome(&data, 1)["discount"]), (&json!(true), &json!("10.00")));
}

/// Free shipping to zone 3 does not cover a cart shipping to zone 1.
#[test]
fn free_shipping_to_other_zones_is_explained() {
    let body = json!({"rules": [{"action": {"shipping": {"zone_ids": [3]}}}]});
    let data = evaluate(&[promotion(1, body)], cart(json!([item(1, "20.00", 1, &[])])));
    assert_eq!(outcome(&data, 1)["reason"]["message"], "Free shipping is not offered to shipping zone 1.");
}

/// A gift is listed and changes no total.
#[test]
fn a_gift_item_is_listed_and_costs_nothing() {
    let body = json!({"rules": [{"action": {"gift_item": {"product_id": 99, "quantity": 1}}}]});
    let data = evaluate(&[promotion(1, body)], cart(json!([item(1, "20.00", 1, &[])])));
    assert_eq!(data["gift_items"], json!([{"promotion_id": 1, "product_id": 99, "quantity": 1}]));
    totals(&data, json!({"total_after": "30.00"}));
    assert_eq!(outcome(&data, 1)["applied"], true);
}

/// One gift per two units of product 5, without apply_once: five units give two gifts.
#[test]
fn a_gift_repeats_for_every_time_its_condition_holds() {
    let body = json!({"rules": [{"apply_once": false, "action": {"gift_item": {"variant_id": 51, "quantity": 1}},
                                 "condition": {"cart": {"items": {"products": [5]}, "minimum_quantity": 2}}}]});
    let data = evaluate(&[promotion(1, body)], cart(json!([item(5, "4.00", 5, &[])])));
    assert_eq!(data["gift_items"], json!([{"promotion_id": 1, "variant_id": 51, "quantity": 2}]));
}
