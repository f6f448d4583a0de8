//! What a merchant can expect, case by case, with every total worked out by hand in the
//! comment above its test. Carts are in USD, ship to zone 1 in the US for 10.00, and are
//! evaluated on a Wednesday at noon unless a case says otherwise.

mod cart_and_items;
mod coupons;
mod eligibility;
mod offers;
mod stacking;

use serde_json::{json, Value};

use crate::support::assert_includes;

/// Asserts that the answer's totals include `expected`.
fn totals(data: &Value, expected: Value) {
    assert_includes(&data["totals"], &expected, "totals");
}

/// Each line's discount, in cart order.
fn line_discounts(data: &Value) -> Vec<&str> {
    data["items"].as_array().unwrap().iter().map(|i| i["discount"].as_str().unwrap()).collect()
}

/// A promotion body with one rule: `discount` off the cart.
fn cart_value(discount: Value) -> Value {
    json!({"rules": [{"action": {"cart_value": {"discount": discount}}}]})
}

/// A promotion body with one rule: `action` on the cart's items.
fn on_items(action: Value) -> Value {
    json!({"rules": [{"action": {"cart_items": action}}]})
}
