//! Several promotions on one cart: their order, what stops or blocks the rest, and how
//! combinable and cumulative discounts stack.

use serde_json::{json, Value};

use super::{cart_value, on_items, totals};
use crate::evaluation::{cart, evaluate, evaluate_with, item, outcome, promotion, reason, settings};

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
