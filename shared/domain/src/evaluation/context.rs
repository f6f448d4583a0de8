//! What a promotion's rules see of the cart while it is evaluated: the lines in a fixed order,
//! each line's price as promotions count it, and which lines the store settings let trigger a
//! condition or receive a discount.
//!
//! - With `promotions_applied_on_original_product_price` (the default) every promotion counts
//!   the catalogue price; without it, what a line still costs after the promotions before.
//! - Zero-price lines trigger conditions only with `promotions_triggered_by_products_with_zero_product_price`.
//! - Lines sent with `custom_price: true` neither trigger nor receive a discount unless
//!   `promotions_apply_on_products_with_custom_product_price`.

use rust_decimal::Decimal;

use super::cart::{Cart, CartItem};
use super::decimal::Rounding;
use super::ledger::Ledger;
use crate::promotion::settings::PromotionSettings;

/// A read-only view of the cart for one promotion.
pub struct Context<'a> {
    pub cart: &'a Cart,
    pub ledger: &'a Ledger,
    pub settings: &'a PromotionSettings,
    pub rounding: Rounding,
    /// Each line's place when lines are ordered by content: every tie breaks by it, so that
    /// the answer does not depend on the order the client listed the lines in.
    pub position: &'a [usize],
}

/// Each line's place in the order of the lines' content (then of their index).
pub fn positions(cart: &Cart) -> Vec<usize> {
    let mut order: Vec<usize> = (0..cart.items.len()).collect();
    order.sort_by(|&a, &b| cart.items[a].cmp(&cart.items[b]).then(a.cmp(&b)));
    let mut position = vec![0; order.len()];
    for (place, line) in order.into_iter().enumerate() {
        position[line] = place;
    }
    position
}

impl Context<'_> {
    pub fn items(&self) -> &[CartItem] {
        &self.cart.items
    }

    /// True when the line counts toward a promotion's conditions.
    pub fn triggers(&self, line: usize) -> bool {
        let item = &self.cart.items[line];
        let priced = !item.unit_price.value().is_zero()
            || self.settings.promotions_triggered_by_products_with_zero_product_price;
        priced && self.custom_price_allowed(item)
    }

    /// True when the line may receive a discount: allowed, and it still costs something.
    pub fn discountable(&self, line: usize) -> bool {
        self.custom_price_allowed(&self.cart.items[line]) && self.remaining(line) > Decimal::ZERO
    }

    fn custom_price_allowed(&self, item: &CartItem) -> bool {
        !item.custom_price || self.settings.promotions_apply_on_products_with_custom_product_price
    }

    /// What the line still costs.
    pub fn remaining(&self, line: usize) -> Decimal {
        self.ledger.lines()[line].remaining()
    }

    /// The line's value as promotions count it.
    pub fn line_base(&self, line: usize) -> Decimal {
        if self.settings.promotions_applied_on_original_product_price {
            self.ledger.lines()[line].before
        } else {
            self.remaining(line)
        }
    }

    /// One unit's value as promotions count it.
    pub fn unit_base(&self, line: usize) -> Decimal {
        let item = &self.cart.items[line];
        if self.settings.promotions_applied_on_original_product_price {
            item.unit_price.value()
        } else {
            self.remaining(line) / Decimal::from(item.quantity)
        }
    }

    /// An amount as a merchant reads it: `"50.00 USD"`.
    pub fn money_text(&self, amount: Decimal) -> String {
        format!("{} {}", self.rounding.text(amount), self.cart.currency_code.as_ref())
    }
}
