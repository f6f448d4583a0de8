//! Evaluation at the largest magnitudes the API accepts: amounts of 15 integer digits, carts
//! of 100,000 units, a rule repeated per millionth of a currency unit. No arithmetic step
//! overflows (a release build would abort the process), and every answer keeps its invariants.
//! Just past each limit, the request is a 422 naming the field, never a panic or a 5xx.

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use super::{cart, evaluate, item, promotion};

fn amount(value: &Value) -> Decimal {
    value.as_str().and_then(|text| text.parse().ok()).unwrap_or_else(|| panic!("not an amount: {value}"))
}

/// The two carts an attacker used to abort the process.
#[test]
fn a_fixed_amount_repeated_per_millionth_and_a_huge_capped_percentage_stay_exact() {
    let repeated = promotion(
        1,
        json!({"rules": [{"apply_once": false,
        "condition": {"cart": {"minimum_spend": "0.000001"}},
        "action": {"cart_value": {"discount": {"fixed_amount": "999999999999999"}}}}]}),
    );
    let data = evaluate(&[repeated], cart(json!([item(1, "100000000000000.00", 1, &[])])));
    assert_eq!(data["totals"]["cart_discounts"], "100000000000000.00", "capped at the cart: {}", data["totals"]);

    let capped = promotion(
        1,
        json!({"rules": [{"action": {"cart_items": {"items": {"products": [1, 2]},
        "discount": {"percentage_amount": "50"}, "maximum_allowed_discount_amount": "999999999999"}}}]}),
    );
    let lines = json!([item(1, "999999999999999.99", 50_000, &[]), item(2, "999999999999999.99", 50_000, &[])]);
    let data = evaluate(&[capped], cart(lines));
    assert_eq!(data["totals"]["item_discounts"], "999999999999.00", "the maximum, shared over both lines");
    let shares: Decimal = data["items"].as_array().unwrap().iter().map(|line| amount(&line["discount"])).sum();
    assert_eq!(shares, Decimal::from(999_999_999_999u64));
}

fn extreme_price() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("999999999999999.99".to_owned()),
        Just("100000000000000.00".to_owned()),
        Just("0.01".to_owned()),
        (1u64..1_000_000_000_000_000).prop_map(|cents| format!("{}.{:02}", cents / 100, cents % 100)),
    ]
}

fn extreme_amount() -> impl Strategy<Value = String> {
    prop_oneof![Just("999999999999999".to_owned()), Just("0.000001".to_owned()), Just("999999999999".to_owned())]
}

fn extreme_rule() -> impl Strategy<Value = Value> {
    let action = prop_oneof![
        extreme_amount().prop_map(|a| json!({"cart_value": {"discount": {"fixed_amount": a}}})),
        (extreme_amount(), any::<bool>(), prop::option::of(extreme_amount())).prop_map(|(a, as_total, most)| {
            let mut action =
                json!({"items": {"products": [1, 2]}, "discount": {"fixed_amount": a}, "as_total": as_total});
            if let Some(most) = most {
                action["maximum_allowed_discount_amount"] = json!(most);
            }
            json!({"cart_items": action})
        }),
        extreme_amount().prop_map(|p| json!({"fixed_price_set": {"quantity": 2, "fixed_price": p,
                                                                    "items": {"products": [1, 2]}}})),
    ];
    (action, extreme_amount(), any::<bool>()).prop_map(|(action, spend, once)| {
        json!({"rules": [{"apply_once": once, "condition": {"cart": {"minimum_spend": spend}}, "action": action}]})
    })
}

/// Amounts just past the limits: 16 or more digits before the point, or 7 after.
fn just_past_the_limit() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("1000000000000000".to_owned()),
        Just("0.0000001".to_owned()),
        (1_000_000_000_000_000u64..u64::MAX, 0u32..100).prop_map(|(whole, cents)| format!("{whole}.{cents:02}")),
        (0u64..1_000_000_000_000_000, 0u32..10_000_000).prop_map(|(whole, part)| format!("{whole}.{part:07}")),
    ]
}

/// What a request carries an amount in: a promotion to create, or a cart to evaluate.
enum Carrier {
    Promotion(Value),
    Cart(Value),
}

/// The request that carries `amount` in the place numbered `place`, and the field its 422 names.
fn carrying(place: usize, amount: &str) -> (Carrier, &'static str) {
    let promotion = |rule: Value| {
        Carrier::Promotion(json!({"redemption_type": "AUTOMATIC", "name": "past the limit", "rules": [rule]}))
    };
    let off = json!({"cart_value": {"discount": {"fixed_amount": "1"}}});
    match place % 6 {
        0 => (Carrier::Cart(cart(json!([item(1, amount, 1, &[])]))), "items[0].unit_price"),
        1 => {
            let mut shipped = cart(json!([item(1, "1.00", 1, &[])]));
            shipped["shipping"]["cost"] = json!(amount);
            (Carrier::Cart(shipped), "shipping.cost")
        }
        2 => (
            promotion(json!({"action": {"cart_value": {"discount": {"fixed_amount": amount}}}})),
            "rules[0].action.cart_value.discount.fixed_amount",
        ),
        3 => (
            promotion(json!({"action": off, "condition": {"cart": {"minimum_spend": amount}}})),
            "rules[0].condition.cart.minimum_spend",
        ),
        4 => (
            promotion(json!({"action": {"fixed_price_set": {"quantity": 2, "fixed_price": amount,
                                                              "items": {"products": [1]}}}})),
            "rules[0].action.fixed_price_set.fixed_price",
        ),
        _ => (
            promotion(json!({"action": {"cart_value": {"discount": {"percentage_amount": "10"},
                                                       "maximum_allowed_discount_amount": amount}}})),
            "rules[0].action.cart_value.maximum_allowed_discount_amount",
        ),
    }
}

/// The status and body of the request through its handler, on a new embedded store.
fn answer(carrier: Carrier) -> (u16, Value) {
    use crate::support::{json as body_of, request, sqlite_app};
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let app = sqlite_app().await;
        let response = match carrier {
            Carrier::Promotion(body) => create_promotion::handle(&app, request("POST", "demo", None, Some(body))).await,
            Carrier::Cart(body) => {
                let mut req = request("POST", "demo", None, Some(body));
                *req.uri_mut() = "/stores/demo/v3/promotions/evaluate".parse().unwrap();
                evaluate_promotions::handle(&app, req).await
            }
        };
        (response.status().as_u16(), body_of(&response))
    })
}

/// A 16-digit unit price, a promotion amount past the limit, 1,001 lines and 100,001 units.
#[test]
fn each_magnitude_just_past_its_limit_is_a_422_naming_its_field() {
    let line = |quantity: u32| item(1, "1.00", quantity, &[]);
    let cases = [
        carrying(0, "1000000000000000.00"),
        carrying(2, "1000000000000000"),
        (Carrier::Cart(cart(json!(vec![line(1); 1001]))), "items"),
        (Carrier::Cart(cart(json!([line(100_001)]))), "items"),
        (Carrier::Cart(cart(json!([line(50_000), line(50_001)]))), "items"),
    ];
    for (carrier, field) in cases {
        let (status, body) = answer(carrier);
        assert_eq!(status, 422, "{field}: {body}");
        assert!(body["errors"][field].is_string(), "{field}: {body}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn amounts_just_past_the_limit_are_422s_naming_their_field(
        place in 0usize..6,
        amount in just_past_the_limit(),
    ) {
        let (carrier, field) = carrying(place, &amount);
        let (status, body) = answer(carrier);
        prop_assert_eq!(status, 422, "{}: {}", field, body);
        prop_assert!(body["errors"][field].is_string(), "{}: {}", field, body);
    }

    #[test]
    fn the_largest_accepted_magnitudes_never_overflow_and_keep_the_invariants(
        rules in prop::collection::vec(extreme_rule(), 1..4),
        prices in (extreme_price(), extreme_price()),
        quantities in (1u32..=50_000, 1u32..=50_000),
    ) {
        let promotions: Vec<_> = rules.into_iter().enumerate().map(|(i, r)| promotion(i as u64 + 1, r)).collect();
        let lines = json!([item(1, &prices.0, quantities.0, &[]), item(2, &prices.1, quantities.1, &[])]);
        let data = evaluate(&promotions, cart(lines));
        let totals = &data["totals"];
        for line in data["items"].as_array().unwrap() {
            let (before, discount) = (amount(&line["line_before"]), amount(&line["discount"]));
            prop_assert!(discount >= Decimal::ZERO && discount <= before, "{line}");
        }
        let discounts: Decimal =
            ["item_discounts", "cart_discounts", "shipping_discount"].map(|f| amount(&totals[f])).iter().sum();
        prop_assert_eq!(amount(&totals["total_before"]) - discounts, amount(&totals["total_after"]));
        prop_assert!(amount(&totals["total_after"]) >= Decimal::ZERO, "{totals}");
    }
}

/// A line may list at most 100 categories and 50 options and custom fields, and a cart whose
/// work against the store's promotions passes the budget is refused before any of it is done.
#[tokio::test]
async fn carts_are_bounded_and_an_evaluation_past_its_work_budget_is_refused() {
    use crate::support::{json as body_of, request, sqlite_app};
    let app = sqlite_app().await;
    let evaluate = |cart: Value| {
        let mut req = request("POST", "demo", None, Some(cart));
        *req.uri_mut() = "/stores/demo/v3/promotions/evaluate".parse().unwrap();
        evaluate_promotions::handle(&app, req)
    };
    let categories: Vec<u64> = (0..101).collect();
    let wide = json!({"currency_code": "USD", "items": [{"product_id": 1, "quantity": 1, "unit_price": "1.00",
                                                          "category_ids": categories}]});
    let response = evaluate(wide).await;
    let body = body_of(&response);
    assert_eq!(response.status(), 422, "{body}");
    assert!(body["errors"]["items[0].category_ids"].is_string(), "{body}");

    let leaves: Vec<Value> =
        (0..20u64).map(|n| json!({"categories": (n * 1000..n * 1000 + 1000).collect::<Vec<_>>()})).collect();
    for n in 0..20 {
        let body = json!({"redemption_type": "AUTOMATIC", "name": format!("wide {n}"),
                          "rules": [{"action": {"cart_items": {"items": {"or": leaves},
                                                               "discount": {"percentage_amount": "1"}}}}]});
        let response = create_promotion::handle(&app, request("POST", "demo", None, Some(body))).await;
        assert_eq!(response.status(), 201, "{}", body_of(&response));
    }
    let line = |n: u64| json!({"product_id": n, "quantity": 1, "unit_price": "1.00", "category_ids": (0..60).collect::<Vec<u64>>()});
    let heavy = json!({"currency_code": "USD", "items": (0..500).map(line).collect::<Vec<_>>()});
    let response = evaluate(heavy).await;
    let body = body_of(&response);
    assert_eq!(response.status(), 422, "{}", body["title"]);
    let message = body["errors"]["items"].as_str().unwrap_or_else(|| panic!("{body}"));
    assert!(message.contains("comparisons"), "{message}");
    let light = json!({"currency_code": "USD", "items": (0..10).map(line).collect::<Vec<_>>()});
    assert_eq!(evaluate(light).await.status(), 200, "the same promotions, a cart within the budget");
}

/// A rule with `apply_once: false` repeats its action once per `quantity` units: many such rules
/// over a cart of 100,000 units are refused before they run, and the same rules over a small
/// cart are still evaluated.
#[tokio::test]
async fn many_repeating_rules_over_a_large_quantity_cart_are_past_the_work_budget() {
    use crate::support::{json as body_of, request, sqlite_app};
    let app = sqlite_app().await;
    let evaluate = |cart: Value| {
        let mut req = request("POST", "demo", None, Some(cart));
        *req.uri_mut() = "/stores/demo/v3/promotions/evaluate".parse().unwrap();
        evaluate_promotions::handle(&app, req)
    };
    let set_of_one = json!({"apply_once": false, "action": {"fixed_price_set": {"quantity": 1,
                            "fixed_price": "100.00", "items": {"products": [1]}}}});
    for n in 0..3 {
        let body = json!({"redemption_type": "AUTOMATIC", "name": format!("sets of one {n}"),
                          "rules": vec![set_of_one.clone(); 50]});
        let response = create_promotion::handle(&app, request("POST", "demo", None, Some(body))).await;
        assert_eq!(response.status(), 201, "{}", body_of(&response));
    }
    let units = |quantity: u32| {
        json!({"currency_code": "USD",
               "items": [{"product_id": 1, "quantity": quantity, "unit_price": "1.00"}]})
    };
    let response = evaluate(units(100_000)).await;
    let body = body_of(&response);
    assert_eq!(response.status(), 422, "150 rules × 100,000 applications: {body}");
    let message = body["errors"]["items"].as_str().unwrap_or_else(|| panic!("{body}"));
    assert!(message.contains("repeated applications"), "{message}");
    let response = evaluate(units(1_000)).await;
    assert_eq!(response.status(), 200, "150 rules × 1,000 applications: {}", body_of(&response));
}
