//! The work one evaluation may take, known before it starts: every rule is tried on every cart
//! line, and each of its matcher leaves compares a line's ids and attributes with a set. The
//! work is the number of those comparisons (leaves × line attributes, summed over every rule
//! of every promotion, times the passes a coupon override may add). A cart whose work against
//! the store's promotions passes [`MAX_WORK`] is refused (422 on `items`) rather than left to
//! take seconds of CPU that nothing could interrupt; `docs/limits-and-failures.md` has what the
//! largest allowed evaluation costs.

use super::cart::Cart;
use crate::error::{FieldError, Invalid, Violation};
use crate::promotion::Promotion;

/// Most comparisons one evaluation may make.
pub const MAX_WORK: u64 = 10_000_000;

/// The comparisons evaluating `cart` against `promotions` makes at most.
pub fn work(cart: &Cart, promotions: &[Promotion]) -> u64 {
    let per_rule_leaf: u64 = cart
        .items
        .iter()
        .map(|item| 1 + (item.category_ids.len() + item.options.len() + item.custom_fields.len()) as u64)
        .sum();
    let leaves: u64 = promotions.iter().flat_map(|p| p.fields().rules()).map(|rule| rule.work_per_line()).sum();
    let passes = 1 + cart.coupon_codes.len().min(5) as u64;
    leaves.saturating_mul(per_rule_leaf).saturating_mul(passes)
}

/// Refuses a cart whose evaluation would take more than [`MAX_WORK`].
pub fn check(cart: &Cart, promotions: &[Promotion]) -> Result<(), Invalid> {
    let needed = work(cart, promotions);
    if needed <= MAX_WORK {
        return Ok(());
    }
    let message = format!(
        "evaluating these {} lines against the store's promotions takes about {needed} comparisons, more than the \
         {MAX_WORK} one evaluation may make: send fewer lines, or fewer categories and options per line",
        cart.items.len()
    );
    Err(FieldError::new("items", Violation::Malformed(message)).into())
}
