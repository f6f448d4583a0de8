//! Whole-cart and item discounts: percentages, fixed amounts, caps, minimum spends, rounding
//! per line and the cheapest/dearest-unit strategies.

use serde_json::json;

use super::{cart_value, line_discounts, on_items, totals};
use crate::evaluation::{cart, evaluate, item, outcome, promotion};

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
