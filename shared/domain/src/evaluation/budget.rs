//! The work one evaluation may take, known before it starts: every rule is tried on every cart
//! line, and each of its matcher leaves compares a line's ids and attributes with a set; a rule
//! that repeats its action (`apply_once: false` on a `cart_items` with a `quantity` or on a
//! `fixed_price_set`) takes `quantity` units per application, as often as the cart's units
//! allow. The work is the number of those comparisons (leaves × line attributes, summed over
//! every rule of every promotion) plus, for each repeating rule, the applications it could
//! make (each after its condition's parts use up their units), all times the passes a coupon
//! override may add. A cart whose work against the store's promotions passes [`MAX_WORK`] is
//! refused (422 on `items`) rather than left to take seconds of CPU that nothing could
//! interrupt; `docs/limits-and-failures.md` has what the largest allowed evaluation costs.

use super::cart::Cart;
use super::conditions::MAX_APPLICATIONS;
use crate::error::{FieldError, Invalid, Violation};
use crate::promotion::rule::Rule;
use crate::promotion::Promotion;

/// Most comparisons and repeated applications one evaluation may make.
pub const MAX_WORK: u64 = 10_000_000;

/// The comparisons and repeated applications evaluating `cart` against `promotions` makes at
/// most.
pub fn work(cart: &Cart, promotions: &[Promotion]) -> u64 {
    let per_rule_leaf: u64 = cart
        .items
        .iter()
        .map(|item| 1 + (item.category_ids.len() + item.options.len() + item.custom_fields.len()) as u64)
        .sum();
    let units: u64 = cart.items.iter().map(|item| u64::from(item.quantity)).sum();
    let rules = || promotions.iter().flat_map(|p| p.fields().rules());
    let leaves: u64 = rules().map(Rule::work_per_line).sum();
    let repeats = rules().map(|rule| repeat_work(rule, units)).fold(0, u64::saturating_add);
    let passes = 1 + cart.coupon_codes.len().min(5) as u64;
    leaves.saturating_mul(per_rule_leaf).saturating_add(repeats).saturating_mul(passes)
}

/// The applications a repeating rule could make over `units` cart units (at most
/// [`MAX_APPLICATIONS`]), each with the parts of its condition; 0 for a rule that applies once.
fn repeat_work(rule: &Rule, units: u64) -> u64 {
    let Some(each) = rule.units_per_repeat() else { return 0 };
    (units / each).min(MAX_APPLICATIONS).saturating_mul(1 + rule.condition_parts())
}

/// Refuses a cart whose evaluation would take more than [`MAX_WORK`].
pub fn check(cart: &Cart, promotions: &[Promotion]) -> Result<(), Invalid> {
    let needed = work(cart, promotions);
    if needed <= MAX_WORK {
        return Ok(());
    }
    let message = format!(
        "evaluating these {} lines against the store's promotions takes about {needed} comparisons and repeated \
         applications, more than the {MAX_WORK} one evaluation may make: send fewer lines or units, or fewer \
         categories and options per line",
        cart.items.len()
    );
    Err(FieldError::new("items", Violation::Malformed(message)).into())
}
