//! What a rule's action does to the cart once its condition holds.
//!
//! With `apply_once` (the default) an action applies once; without it, as many times as its
//! condition holds (see [`super::conditions`]), and as often as the cart allows when the rule
//! has no condition (a cart-wide discount or a gift then applies once).
//!
//! - `cart_value` takes a percentage of the items' value, or a fixed amount, off the cart as a
//!   whole, after the item discounts before it and never below zero.
//! - `gift_item` adds `quantity` free units of a product or variant.
//! - `shipping` makes shipping free when the cart ships to one of its zones (`"*"`: any zone,
//!   also when the cart names none); a second free-shipping promotion gives nothing more.

use rust_decimal::Decimal;

use super::conditions::Trigger;
use super::context::Context;
use super::decimal::{fraction, money, times};
use super::eligibility::Reason;
use super::item_actions;
use super::ledger::{Effect, Gift};
use crate::promotion::action::{Action, CartValueAction, Discount, GiftItemAction, ShippingAction, ZoneIds};
use crate::promotion::rule::Rule;

/// The effect of the rule's action, or why it gives nothing.
pub fn apply(rule: &Rule, trigger: &Trigger, context: &Context) -> Result<Effect, Reason> {
    let limit = if rule.apply_once { Some(1) } else { trigger.times };
    let repeats = limit.unwrap_or(1);
    match &rule.action {
        Action::CartValue(action) => cart_value(action, repeats, context),
        Action::CartItems(action) => item_actions::cart_items(action, trigger, limit, context),
        Action::GiftItem(action) => Ok(gift(action, repeats)),
        Action::FixedPriceSet(action) => item_actions::fixed_price_set(action, trigger, limit, context),
        Action::Shipping(action) => free_shipping(action, context),
    }
}

fn cart_value(action: &CartValueAction, repeats: u64, context: &Context) -> Result<Effect, Reason> {
    let rounding = context.rounding;
    let lines = 0..context.items().len();
    let base: Decimal = lines.filter(|&line| context.discountable(line)).map(|line| context.line_base(line)).sum();
    let exact = match &action.discount {
        Discount::PercentageAmount(percentage) => base * fraction(percentage),
        Discount::FixedAmount(amount) => times(money(amount), repeats),
    };
    let mut amount = rounding.round(exact).min(context.ledger.items_remaining());
    if let Some(maximum) = &action.maximum_allowed_discount_amount {
        amount = amount.min(rounding.round_down(money(maximum)));
    }
    if amount <= Decimal::ZERO {
        return Err(Reason::NoDiscount);
    }
    Ok(Effect { cart: amount, ..Effect::default() })
}

fn gift(action: &GiftItemAction, repeats: u64) -> Effect {
    let quantity = u64::from(action.quantity).saturating_mul(repeats);
    let gift = Gift { product_id: action.product_id, variant_id: action.variant_id, quantity };
    Effect { gifts: vec![gift], ..Effect::default() }
}

fn free_shipping(action: &ShippingAction, context: &Context) -> Result<Effect, Reason> {
    let zone = context.cart.shipping.as_ref().and_then(|shipping| shipping.zone_id);
    let covered = match &action.zone_ids {
        ZoneIds::All => true,
        ZoneIds::Some(ids) => zone.is_some_and(|zone| ids.contains(&zone)),
    };
    if !covered {
        return Err(Reason::ShippingZone { zone });
    }
    if context.ledger.free_shipping() {
        return Err(Reason::NoDiscount);
    }
    Ok(Effect { shipping: context.ledger.shipping_remaining(), free_shipping: true, ..Effect::default() })
}
