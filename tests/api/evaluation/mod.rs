//! Cart evaluation: merchant scenarios with hand-computed totals, properties that hold for any
//! cart, and the endpoint on both backends.
//!
//! Scenarios and properties run the pure engine on promotions built from request bodies, as
//! `create-promotion` would store them, and read its answer as the endpoint renders it.

mod handler;
mod magnitudes;
mod properties;
mod scenarios;

use domain::evaluation::{self, Cart, FoundCode};
use domain::ids::PromotionId;
use domain::parse::StrValue;
use domain::promotion::code::{CodeText, NewCode};
use domain::promotion::settings::PromotionSettings;
use domain::promotion::timestamp::Timestamp;
use domain::promotion::{Promotion, PromotionInput};
use serde_json::{json, Value};

/// When scenarios are evaluated unless their cart says otherwise: a Wednesday noon, UTC.
pub const WEDNESDAY_NOON: &str = "2026-06-03T12:00:00+00:00";

/// An automatic promotion from a create body; `name` and a 2026 `start_date` unless given.
pub fn promotion(id: u64, body: Value) -> Promotion {
    let mut full = json!({"redemption_type": "AUTOMATIC", "name": format!("promotion {id}"),
                          "start_date": "2026-01-01T00:00:00+00:00"});
    full.as_object_mut().unwrap().extend(body.as_object().expect("a promotion body is an object").clone());
    let input: PromotionInput = serde_json::from_value(full).unwrap_or_else(|e| panic!("promotion {id}: {e}"));
    let fields = input.into_fields(chrono::Utc::now(), None).unwrap_or_else(|e| panic!("promotion {id}: {e:?}"));
    Promotion::new(PromotionId(id), fields)
}

/// A coupon promotion from a create body.
pub fn coupon(id: u64, body: Value) -> Promotion {
    let mut full = json!({"redemption_type": "COUPON"});
    full.as_object_mut().unwrap().extend(body.as_object().unwrap().clone());
    promotion(id, full)
}

/// A cart in USD with these items, shipping 10.00 to zone 1 in the US, for a guest on channel 1.
pub fn cart(items: Value) -> Value {
    json!({"currency_code": "USD", "shipping": {"country_code": "US", "zone_id": 1, "cost": "10.00"}, "items": items})
}

/// One unit-priced item of a product, in the given categories.
pub fn item(product: u64, price: &str, quantity: u32, categories: &[u64]) -> Value {
    json!({"product_id": product, "unit_price": price, "quantity": quantity, "category_ids": categories})
}

/// The store's code `text` for `promotion`, used `uses` times of at most `max_uses` (0: no limit).
pub fn code(promotion: u64, text: &str, uses: u64, max_uses: u32) -> FoundCode {
    let text = CodeText::try_from_str(text).expect("a code");
    let mut stored = NewCode::new(text.clone(), max_uses, 0).into_code(promotion, now());
    stored.current_uses = uses;
    (text, Some((PromotionId(promotion), stored)))
}

fn now() -> Timestamp {
    Timestamp::from_utc(chrono::Utc::now())
}

/// The endpoint's `data` for `cart` against `promotions` with the default settings and no codes.
pub fn evaluate(promotions: &[Promotion], cart: Value) -> Value {
    evaluate_with(promotions, cart, &PromotionSettings::default(), &[])
}

/// The endpoint's `data` for `cart` with these settings and the codes the store found.
pub fn evaluate_with(
    promotions: &[Promotion],
    cart: Value,
    settings: &PromotionSettings,
    codes: &[FoundCode],
) -> Value {
    let cart: Cart = serde_json::from_value::<Cart>(cart).expect("a cart").check().expect("a valid cart");
    let at = cart.evaluated_at(Timestamp::parse_str(WEDNESDAY_NOON).unwrap());
    let evaluation =
        evaluation::evaluate(&cart, promotions, settings, codes, &evaluation::CustomerUses::anonymous(), at);
    serde_json::to_value(evaluation.view(&cart)).expect("JSON")
}

/// Settings with one field changed from the defaults.
pub fn settings(change: impl FnOnce(&mut PromotionSettings)) -> PromotionSettings {
    let mut settings = PromotionSettings::default();
    change(&mut settings);
    settings
}

/// The outcome of promotion `id` in an answer.
pub fn outcome(data: &Value, id: u64) -> &Value {
    data["promotions"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap_or_else(|| panic!("{id}: {data}"))
}

/// The reason code of promotion `id` (`null` when it applied).
pub fn reason(data: &Value, id: u64) -> &Value {
    &outcome(data, id)["reason"]["code"]
}

#[test]
fn the_evaluation_docs_explain_every_reason_code() {
    let docs = std::fs::read_to_string(crate::support::root().join("docs/evaluation.md")).unwrap();
    for code in domain::evaluation::eligibility::CODES {
        assert!(docs.contains(&format!("| `{code}` |")), "docs/evaluation.md does not explain {code}");
    }
}
