//! What the bench writes and asks: promotions of each kind, the 100-line cart with two codes.

use serde_json::{json, Value};

/// The categories the cart's lines are in; each live promotion targets one of them.
const CATEGORIES: u64 = 50;

/// A live automatic promotion: enabled, started, no end; 10 % off one category's lines.
pub fn live_automatic(n: u64) -> Value {
    automatic(n, "ENABLED", None)
}

/// One of the promotions an evaluation must not read: a disabled automatic one, an ended
/// automatic one or a coupon promotion without codes, in turn.
pub fn not_live(n: u64) -> Value {
    match n % 3 {
        0 => automatic(n, "DISABLED", None),
        1 => automatic(n, "ENABLED", Some("2025-01-01T00:00:00+00:00")),
        _ => coupon(&format!("Coupon {n:06}")),
    }
}

fn automatic(n: u64, status: &str, end_date: Option<&str>) -> Value {
    let mut body = json!({
        "redemption_type": "AUTOMATIC",
        "name": format!("Automatic {n:06} {status}"),
        "rules": [{
            "action": {"cart_items": {"discount": {"percentage_amount": "10"}, "items": {"categories": [n % CATEGORIES]}}},
            "apply_once": true,
            "condition": {"cart": {"items": {"categories": [n % CATEGORIES]}, "minimum_quantity": 1}}
        }],
        "status": status,
        "start_date": "2024-01-01T00:00:00+00:00",
        "can_be_used_with_other_promotions": true,
        "currency_code": "USD"
    });
    if let Some(end_date) = end_date {
        body["end_date"] = end_date.into();
        body["start_date"] = "2024-06-01T00:00:00+00:00".into();
    }
    body
}

/// A BULK coupon promotion: $10 off orders over $50.
pub fn coupon(name: &str) -> Value {
    json!({
        "redemption_type": "COUPON",
        "name": name,
        "rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "10.00"}}},
                   "condition": {"cart": {"minimum_spend": "50.00"}}}],
        "coupon_type": "BULK",
        "can_be_used_with_other_promotions": true,
        "coupon_overrides_other_promotions": false,
        "currency_code": "USD",
        "start_date": "2024-01-01T00:00:00+00:00"
    })
}

/// A cart of 100 lines over every category, with two coupon codes.
pub fn cart(codes: [&str; 2]) -> Value {
    let items: Vec<Value> = (0..100)
        .map(|line: u64| {
            json!({"product_id": 1000 + line, "category_ids": [line % CATEGORIES], "quantity": 1 + line % 3,
                   "unit_price": format!("{}.99", 5 + line % 40)})
        })
        .collect();
    json!({"currency_code": "USD", "channel_id": 1, "customer": {"id": 42, "group_id": 0},
           "items": items, "coupon_codes": codes})
}
