//! Properties of every evaluation, on generated carts and promotions: no discount exceeds what
//! it discounts, no price goes negative, the totals add up, the order of the lines changes
//! nothing, and evaluating twice gives the same answer.

use domain::promotion::settings::PromotionSettings;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use super::{cart, evaluate_with, promotion};

fn amount(value: &Value) -> Decimal {
    value.as_str().and_then(|text| text.parse().ok()).unwrap_or_else(|| panic!("not an amount: {value}"))
}

fn cart_items() -> impl Strategy<Value = Vec<Value>> {
    let line =
        (1u64..6, 0u32..6_000, 1u32..4, 0u64..3, any::<bool>()).prop_map(|(product, cents, quantity, c, sale)| {
            json!({"product_id": product, "unit_price": format!("{}.{:02}", cents / 100, cents % 100),
               "quantity": quantity, "category_ids": [c], "on_sale": sale})
        });
    prop::collection::vec(line, 1..8)
}

fn discount() -> impl Strategy<Value = Value> {
    prop_oneof![
        (1u32..=100).prop_map(|p| json!({"percentage_amount": p.to_string()})),
        (1u32..5_000).prop_map(|c| json!({"fixed_amount": format!("{}.{:02}", c / 100, c % 100)})),
    ]
}

fn strategy() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!("LEAST_EXPENSIVE")),
        Just(json!("MOST_EXPENSIVE")),
        Just(json!("LEAST_EXPENSIVE_ONLY")),
        Just(json!("MOST_EXPENSIVE_ONLY")),
    ]
}

fn action() -> impl Strategy<Value = Value> {
    let limits = (prop::option::of(1u32..4), prop::option::of(1u32..40));
    let items = (discount(), strategy(), limits, any::<(bool, bool, bool)>()).prop_map(
        |(discount, strategy, (quantity, maximum), (as_total, include, on_sale))| {
            let mut action = json!({"discount": discount, "as_total": as_total, "items": {"categories": [0, 1]},
                                    "include_items_considered_by_condition": include,
                                    "exclude_items_on_sale": on_sale});
            let maximum = json!(maximum.map(|m| m.to_string()));
            for (key, value) in
                [("strategy", strategy), ("quantity", json!(quantity)), ("maximum_allowed_discount_amount", maximum)]
            {
                if !value.is_null() {
                    action[key] = value;
                }
            }
            json!({"cart_items": action})
        },
    );
    prop_oneof![
        items,
        discount().prop_map(|discount| json!({"cart_value": {"discount": discount}})),
        (1u32..4, 1u32..3_000).prop_map(|(quantity, cents)| json!({"fixed_price_set": {"quantity": quantity,
            "fixed_price": format!("{}.{:02}", cents / 100, cents % 100)}})),
        Just(json!({"shipping": {"zone_ids": "*"}})),
    ]
}

fn promotions() -> impl Strategy<Value = Vec<Value>> {
    let condition = prop::option::of((1u32..4, 0u64..2)).prop_map(|condition| {
        condition.map(|(quantity, c)| json!({"cart": {"items": {"categories": [c]}, "minimum_quantity": quantity}}))
    });
    let rule =
        (action(), condition, any::<(bool, bool, bool)>()).prop_map(|(action, condition, (once, stop, alone))| {
            let mut rule = json!({"action": action, "apply_once": once});
            if let Some(condition) = condition {
                rule["condition"] = condition;
            }
            json!({"rules": [rule], "stop": stop, "can_be_used_with_other_promotions": !alone})
        });
    prop::collection::vec(rule, 1..5)
}

fn evaluate_all(bodies: &[Value], items: &[Value], cumulative: bool) -> Value {
    let promotions: Vec<_> = bodies.iter().enumerate().map(|(i, b)| promotion(i as u64 + 1, b.clone())).collect();
    let settings =
        PromotionSettings { promotions_applied_on_original_product_price: !cumulative, ..Default::default() };
    evaluate_with(&promotions, cart(json!(items)), &settings, &[])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn no_discount_exceeds_what_it_discounts_and_no_price_goes_negative(
        bodies in promotions(), items in cart_items(), cumulative in any::<bool>()
    ) {
        let data = evaluate_all(&bodies, &items, cumulative);
        let mut line_discounts = Decimal::ZERO;
        for line in data["items"].as_array().unwrap() {
            let before = amount(&line["line_before"]);
            let (discount, after) = (amount(&line["discount"]), amount(&line["line_after"]));
            prop_assert!(discount >= Decimal::ZERO && discount <= before, "{line}");
            prop_assert!(after >= Decimal::ZERO && after == before - discount, "{line}");
            line_discounts += discount;
        }
        let totals = &data["totals"];
        prop_assert_eq!(amount(&totals["item_discounts"]), line_discounts);
        for field in ["items_after", "shipping_after", "total_after", "cart_discounts", "shipping_discount"] {
            prop_assert!(amount(&totals[field]) >= Decimal::ZERO, "{field}: {totals}");
        }
        prop_assert!(amount(&totals["shipping_discount"]) <= amount(&totals["shipping_before"]));
        let discounts: Decimal =
            ["item_discounts", "cart_discounts", "shipping_discount"].map(|f| amount(&totals[f])).iter().sum();
        prop_assert_eq!(amount(&totals["total_before"]) - discounts, amount(&totals["total_after"]));
        let promotions = data["promotions"].as_array().unwrap();
        let by_promotion: Decimal = promotions.iter().map(|p| amount(&p["discount"])).sum();
        prop_assert_eq!(by_promotion, discounts, "the promotions' discounts add up to the totals'");
    }

    #[test]
    fn the_order_of_the_lines_changes_no_total_and_no_decision(
        bodies in promotions(),
        (items, shuffled) in cart_items().prop_flat_map(|items| (Just(items.clone()), Just(items).prop_shuffle())),
        cumulative in any::<bool>()
    ) {
        let (first, second) = (evaluate_all(&bodies, &items, cumulative), evaluate_all(&bodies, &shuffled, cumulative));
        prop_assert_eq!(&first["totals"], &second["totals"]);
        prop_assert_eq!(&first["promotions"], &second["promotions"]);
    }

    #[test]
    fn evaluating_twice_gives_the_same_answer(bodies in promotions(), items in cart_items()) {
        prop_assert_eq!(evaluate_all(&bodies, &items, false), evaluate_all(&bodies, &items, false));
    }
}
