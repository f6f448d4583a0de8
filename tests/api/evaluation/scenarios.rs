//! What a merchant can expect, case by case, with every total worked out by hand in the
//! comment above its test. Carts are in USD, ship to zone 1 in the US for 10.00, and are
//! evaluated on a Wednesday at noon unless a case says otherwise.

use domain::promotion::parts::Bookkeeping;
use domain::promotion::Promotion;
use serde_json::{json, Value};

use super::{cart, code, coupon, evaluate, evaluate_with, item, outcome, promotion, reason, settings};
use crate::support::assert_includes;

fn totals(data: &Value, expected: Value) {
    assert_includes(&data["totals"], &expected, "totals");
}

fn line_discounts(data: &Value) -> Vec<&str> {
    data["items"].as_array().unwrap().iter().map(|i| i["discount"].as_str().unwrap()).collect()
}

fn cart_value(discount: Value) -> Value {
    json!({"rules": [{"action": {"cart_value": {"discount": discount}}}]})
}

fn on_items(action: Value) -> Value {
    json!({"rules": [{"action": {"cart_items": action}}]})
}

// --- Whole-cart discounts ---

/// 10% of 20.00 × 2 + 15.00 = 55.00 is 5.50.
#[test]
fn ten_percent_off_the_cart_takes_a_tenth_of_the_items() {
    let data = evaluate(
        &[promotion(1, cart_value(json!({"percentage_amount": "10"})))],
        cart(json!([item(1, "20.00", 2, &[]), item(2, "15.00", 1, &[])])),
    );
    totals(
        &data,
        json!({"items_before": "55.00", "cart_discounts": "5.50", "items_after": "49.50", "total_after": "59.50"}),
    );
}

/// 50.00 off a 30.00 cart takes 30.00: the items never cost less than nothing.
#[test]
fn a_fixed_amount_off_the_cart_stops_at_zero() {
    let data =
        evaluate(&[promotion(1, cart_value(json!({"fixed_amount": "50"})))], cart(json!([item(1, "30.00", 1, &[])])));
    totals(&data, json!({"cart_discounts": "30.00", "items_after": "0.00", "total_after": "10.00"}));
}

/// 50% of 200.00 would be 100.00; the maximum allows 30.00.
#[test]
fn a_maximum_discount_caps_a_cart_percentage() {
    let body = json!({"rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "50"},
                                                            "maximum_allowed_discount_amount": "30"}}}]});
    let data = evaluate(&[promotion(1, body)], cart(json!([item(1, "200.00", 1, &[])])));
    totals(&data, json!({"cart_discounts": "30.00", "items_after": "170.00"}));
}

/// "$10 off orders over $50" on a 30.00 cart: the reason names both amounts.
#[test]
fn a_minimum_spend_not_met_is_explained_with_both_amounts() {
    let body = json!({"rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "10"}}},
                                 "condition": {"cart": {"minimum_spend": "50"}}}]});
    let data = evaluate(&[promotion(1, body)], cart(json!([item(1, "30.00", 1, &[])])));
    assert_eq!(
        outcome(&data, 1)["reason"],
        json!({"code": "minimum_spend_not_met",
               "message": "The cart spends 30.00 USD where the promotion needs at least 50.00 USD."})
    );
    totals(&data, json!({"total_after": "40.00"}));
}

/// Spending exactly 50.00 meets a 50.00 minimum: 50.00 − 10.00 = 40.00.
#[test]
fn a_minimum_spend_met_exactly_applies() {
    let body = json!({"rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "10"}}},
                                 "condition": {"cart": {"minimum_spend": "50"}}}]});
    let data = evaluate(&[promotion(1, body)], cart(json!([item(1, "25.00", 2, &[])])));
    totals(&data, json!({"cart_discounts": "10.00", "items_after": "40.00"}));
    assert_eq!((&outcome(&data, 1)["applied"], &outcome(&data, 1)["rule"]), (&json!(true), &json!(0)));
}

/// "$5 off every $50" without apply_once: 160.00 holds ⌊160 ÷ 50⌋ = 3 times, 15.00.
#[test]
fn without_apply_once_a_cart_discount_repeats_for_every_minimum_spend() {
    let body = json!({"rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "5"}}}, "apply_once": false,
                                 "condition": {"cart": {"minimum_spend": "50"}}}]});
    let data = evaluate(&[promotion(1, body)], cart(json!([item(1, "80.00", 2, &[])])));
    totals(&data, json!({"cart_discounts": "15.00"}));
}

/// The same promotion with apply_once (the default) gives 5.00 once.
#[test]
fn with_apply_once_a_cart_discount_applies_once() {
    let body = json!({"rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "5"}}},
                                 "condition": {"cart": {"minimum_spend": "50"}}}]});
    let data = evaluate(&[promotion(1, body)], cart(json!([item(1, "80.00", 2, &[])])));
    totals(&data, json!({"cart_discounts": "5.00"}));
}

// --- Item discounts, rounding and strategies ---

/// 15% of 3 × 3.35 = 10.05 is 1.5075 → 1.51; 15% of 0.30 is 0.045 → 0.05 (half away from
/// zero, once per line); the 10.00 item is not in category 5.
#[test]
fn a_percentage_off_matching_items_is_rounded_once_per_line_half_up() {
    let body = on_items(json!({"discount": {"percentage_amount": "15"}, "items": {"categories": [5]}}));
    let items = json!([item(1, "3.35", 3, &[5]), item(2, "0.30", 1, &[5]), item(3, "10.00", 1, &[6])]);
    let data = evaluate(&[promotion(1, body)], cart(items));
    assert_eq!(line_discounts(&data), ["1.51", "0.05", "0.00"]);
    totals(&data, json!({"items_before": "20.35", "item_discounts": "1.56", "items_after": "18.79"}));
}

/// 5.00 off each unit: 2 × 5.00 off the 12.00 units, and the 3.00 unit only loses 3.00.
#[test]
fn a_fixed_amount_off_each_unit_never_exceeds_the_unit_price() {
    let body = on_items(json!({"discount": {"fixed_amount": "5"}}));
    let data = evaluate(&[promotion(1, body)], cart(json!([item(1, "12.00", 2, &[]), item(2, "3.00", 1, &[])])));
    assert_eq!(line_discounts(&data), ["10.00", "3.00"]);
    totals(&data, json!({"item_discounts": "13.00", "items_after": "14.00"}));
}

/// 10.00 as a total over 30.00 and 10.00 of items: 7.50 and 2.50, in proportion to price.
#[test]
fn as_total_splits_one_amount_in_proportion_to_prices() {
    let body = on_items(json!({"discount": {"fixed_amount": "10"}, "as_total": true}));
    let data = evaluate(&[promotion(1, body)], cart(json!([item(1, "30.00", 1, &[]), item(2, "10.00", 1, &[])])));
    assert_eq!(line_discounts(&data), ["7.50", "2.50"]);
}

/// 10.00 over three 5.00 lines: 3.33 each and the cent left over to the first line.
#[test]
fn as_total_gives_the_leftover_cent_to_one_line_so_the_total_is_exact() {
    let body = on_items(json!({"discount": {"fixed_amount": "10"}, "as_total": true}));
    let items = json!([item(7, "5.00", 1, &[]), item(7, "5.00", 1, &[]), item(7, "5.00", 1, &[])]);
    let data = evaluate(&[promotion(1, body)], cart(items));
    assert_eq!(line_discounts(&data), ["3.34", "3.33", "3.33"]);
    totals(&data, json!({"item_discounts": "10.00"}));
}

/// 50% off one unit, cheapest first: 50% of 10.00 is 5.00.
#[test]
fn least_expensive_with_a_quantity_discounts_the_cheapest_unit() {
    let body = on_items(json!({"discount": {"percentage_amount": "50"}, "strategy": "LEAST_EXPENSIVE", "quantity": 1}));
    let items = json!([item(1, "40.00", 1, &[]), item(2, "10.00", 1, &[]), item(3, "25.00", 1, &[])]);
    let data = evaluate(&[promotion(1, body)], cart(items));
    assert_eq!(line_discounts(&data), ["0.00", "5.00", "0.00"]);
}

/// 20% off two units, dearest first: 20% of 40.00 and of one 25.00 unit, 8.00 + 5.00.
#[test]
fn most_expensive_with_a_quantity_discounts_the_dearest_units() {
    let body = on_items(json!({"discount": {"percentage_amount": "20"}, "strategy": "MOST_EXPENSIVE", "quantity": 2}));
    let data = evaluate(&[promotion(1, body)], cart(json!([item(1, "40.00", 1, &[]), item(2, "25.00", 2, &[])])));
    assert_eq!(line_discounts(&data), ["8.00", "5.00"]);
}

/// Every unit at the lowest price, 5.00, is free (3 of them, 15.00); the 8.00 one is not.
#[test]
fn least_expensive_only_discounts_only_units_at_the_lowest_price() {
    let body = on_items(json!({"discount": {"percentage_amount": "100"}, "strategy": "LEAST_EXPENSIVE_ONLY"}));
    let items = json!([item(1, "5.00", 2, &[]), item(2, "5.00", 1, &[]), item(3, "8.00", 1, &[])]);
    let data = evaluate(&[promotion(1, body)], cart(items));
    totals(&data, json!({"items_before": "23.00", "item_discounts": "15.00", "items_after": "8.00"}));
}

/// Half off up to 3 units at the highest price: only two units cost 30.00, so 30.00 off.
#[test]
fn most_expensive_only_never_spills_over_to_a_lower_price() {
    let body =
        on_items(json!({"discount": {"percentage_amount": "50"}, "strategy": "MOST_EXPENSIVE_ONLY", "quantity": 3}));
    let data = evaluate(&[promotion(1, body)], cart(json!([item(1, "30.00", 2, &[]), item(2, "20.00", 5, &[])])));
    assert_eq!(line_discounts(&data), ["30.00", "0.00"]);
}

/// 10% off everything except items on sale: only the 30.00 item, 3.00.
#[test]
fn items_on_sale_are_left_out_when_the_promotion_excludes_them() {
    let body = on_items(json!({"discount": {"percentage_amount": "10"}, "exclude_items_on_sale": true}));
    let sale = json!({"product_id": 1, "unit_price": "50.00", "quantity": 1, "on_sale": true});
    let data = evaluate(&[promotion(1, body)], cart(json!([sale, item(2, "30.00", 1, &[])])));
    assert_eq!(line_discounts(&data), ["0.00", "3.00"]);
}

/// Option and custom-field matchers compare exactly: the size L wool scarf only, 10% of 20.00.
#[test]
fn options_and_custom_fields_select_items_by_their_exact_values() {
    let body = on_items(json!({"discount": {"percentage_amount": "10"}, "items": {"and": [
        {"product_option": {"type": "string_match", "name": "Size", "values": ["L"]}},
        {"product_custom_field": {"name": "Material", "values": ["Wool"]}}]}}));
    let scarf = |size: &str, material: &str| {
        json!({"product_id": 1, "unit_price": "20.00", "quantity": 1, "options": [{"name": "Size", "value": size}],
               "custom_fields": [{"name": "Material", "value": material}]})
    };
    let data =
        evaluate(&[promotion(1, body)], cart(json!([scarf("L", "Wool"), scarf("l", "Wool"), scarf("L", "Silk")])));
    assert_eq!(line_discounts(&data), ["2.00", "0.00", "0.00"]);
}

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

// --- Several promotions ---

/// Promotion 1 (10%, stop) comes first whatever order the store lists them in; 2 is blocked.
#[test]
fn promotions_apply_in_id_order_and_stop_blocks_the_rest() {
    let mut first = cart_value(json!({"percentage_amount": "10"}));
    first["stop"] = json!(true);
    let promotions = [promotion(2, cart_value(json!({"fixed_amount": "5"}))), promotion(1, first)];
    let data = evaluate(&promotions, cart(json!([item(1, "100.00", 1, &[])])));
    assert_eq!(data["promotions"][0]["id"], 1);
    assert_eq!(outcome(&data, 2)["reason"]["message"], "Promotion 1 applied and stops the promotions after it.");
    totals(&data, json!({"cart_discounts": "10.00"}));
}

/// A rule's stop blocks the promotions after it as the promotion's own stop does.
#[test]
fn a_rule_that_stops_blocks_later_promotions() {
    let first = json!({"rules": [{"stop": true, "action": {"cart_value": {"discount": {"fixed_amount": "1"}}}}]});
    let data = evaluate(
        &[promotion(1, first), promotion(2, cart_value(json!({"fixed_amount": "5"})))],
        cart(json!([item(1, "100.00", 1, &[])])),
    );
    assert_eq!(reason(&data, 2), "blocked_by_stop");
}

/// A promotion that cannot be combined applies first and blocks the one after it.
#[test]
fn a_non_combinable_promotion_blocks_later_ones() {
    let mut alone = cart_value(json!({"percentage_amount": "10"}));
    alone["can_be_used_with_other_promotions"] = json!(false);
    let promotions = [promotion(1, alone), promotion(2, cart_value(json!({"fixed_amount": "5"})))];
    let data = evaluate(&promotions, cart(json!([item(1, "100.00", 1, &[])])));
    assert_eq!(reason(&data, 2), "blocked_by_non_combinable");
}

/// A non-combinable promotion after one that applied does not apply.
#[test]
fn a_non_combinable_promotion_does_not_join_one_that_applied() {
    let mut alone = cart_value(json!({"percentage_amount": "10"}));
    alone["can_be_used_with_other_promotions"] = json!(false);
    let promotions = [promotion(1, cart_value(json!({"fixed_amount": "5"}))), promotion(2, alone)];
    let data = evaluate(&promotions, cart(json!([item(1, "100.00", 1, &[])])));
    assert_eq!(reason(&data, 2), "not_combinable");
    assert_eq!(outcome(&data, 2)["rule"], 0, "the rule that would have applied");
}

/// On original prices (the default) 10% and 20% of 100.00 are 10.00 + 20.00.
#[test]
fn combinable_promotions_stack_on_the_original_price() {
    let promotions = [
        promotion(1, on_items(json!({"discount": {"percentage_amount": "10"}}))),
        promotion(2, on_items(json!({"discount": {"percentage_amount": "20"}}))),
    ];
    let data = evaluate(&promotions, cart(json!([item(1, "100.00", 1, &[])])));
    assert_eq!(
        data["items"][0]["applied"],
        json!([{"promotion_id": 1, "amount": "10.00"}, {"promotion_id": 2, "amount": "20.00"}])
    );
}

/// Applied cumulatively, 20% is of the 90.00 left: 10.00 + 18.00 = 28.00.
#[test]
fn cumulative_promotions_take_their_share_of_what_is_left() {
    let promotions = [
        promotion(1, on_items(json!({"discount": {"percentage_amount": "10"}}))),
        promotion(2, on_items(json!({"discount": {"percentage_amount": "20"}}))),
    ];
    let cumulative = settings(|s| s.promotions_applied_on_original_product_price = false);
    let data = evaluate_with(&promotions, cart(json!([item(1, "100.00", 1, &[])])), &cumulative, &[]);
    totals(&data, json!({"item_discounts": "28.00", "items_after": "72.00"}));
}

/// Two 60% promotions on a 10.00 item: 6.00, then only the 4.00 left.
#[test]
fn stacked_discounts_never_take_a_line_below_zero() {
    let sixty = || on_items(json!({"discount": {"percentage_amount": "60"}}));
    let data = evaluate(&[promotion(1, sixty()), promotion(2, sixty())], cart(json!([item(1, "10.00", 1, &[])])));
    assert_eq!(data["items"][0]["line_after"], "0.00");
    assert_eq!(outcome(&data, 2)["discount"], "4.00");
}

/// Tiers, hardest first: 160.00 misses 175 and meets 150, so 30.00 off.
#[test]
fn the_first_rule_that_applies_wins() {
    let data = evaluate(&[promotion(1, tiers())], cart(json!([item(1, "160.00", 1, &[])])));
    assert_eq!((&outcome(&data, 1)["rule"], &outcome(&data, 1)["discount"]), (&json!(1), &json!("30.00")));
}

/// 90.00 meets no tier: the reason is the last, easiest one's.
#[test]
fn when_no_rule_applies_the_last_rule_explains_why() {
    let data = evaluate(&[promotion(1, tiers())], cart(json!([item(1, "90.00", 1, &[])])));
    assert_eq!(outcome(&data, 1)["rule"], 2);
    assert_eq!(
        outcome(&data, 1)["reason"]["message"],
        "The cart spends 90.00 USD where the promotion needs at least 100.00 USD."
    );
}

fn tiers() -> Value {
    let tier = |spend: &str, off: &str| {
        json!({"action": {"cart_value": {"discount": {"fixed_amount": off}}},
               "condition": {"cart": {"minimum_spend": spend}}})
    };
    json!({"rules": [tier("175", "45"), tier("150", "30"), tier("100", "15")]})
}

// --- Coupons ---

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
