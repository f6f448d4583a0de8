//! The running account of one evaluation: what each line, the cart and shipping have been
//! discounted by so far, and by which promotion.
//!
//! Every amount entered is already rounded to the currency's minor unit and no more than what
//! it discounts still costs, so a line, the items and shipping never go below zero.

use rust_decimal::Decimal;

use super::cart::Cart;
use crate::ids::PromotionId;

/// The state of the cart after the promotions applied so far.
#[derive(Debug, Clone)]
pub struct Ledger {
    lines: Vec<Line>,
    cart: Vec<(PromotionId, Decimal)>,
    shipping_cost: Decimal,
    shipping: Vec<(PromotionId, Decimal)>,
    free_shipping: bool,
    gifts: Vec<(PromotionId, Gift)>,
    sets: Vec<(PromotionId, FixedPriceSet)>,
    /// What the items still cost after item and cart discounts, kept with every entry.
    items_remaining: Decimal,
}

/// One cart line: its price before promotions and each promotion's discount on it.
#[derive(Debug, Clone)]
pub struct Line {
    pub before: Decimal,
    pub applied: Vec<(PromotionId, Decimal)>,
    /// The sum of `applied` and what is left of `before`, kept with it (every promotion reads
    /// them for every line).
    discount: Decimal,
    remaining: Decimal,
}

/// What one promotion does to the cart, before it is entered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Effect {
    /// Discounts per line index.
    pub lines: Vec<(usize, Decimal)>,
    pub cart: Decimal,
    pub shipping: Decimal,
    pub free_shipping: bool,
    pub gifts: Vec<Gift>,
    pub set: Option<FixedPriceSet>,
}

/// A free product or variant a promotion adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gift {
    pub product_id: Option<u64>,
    pub variant_id: Option<u64>,
    pub quantity: u64,
}

/// Fixed-price sets a promotion formed: `sets` sets of `quantity` items at `fixed_price` each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedPriceSet {
    pub fixed_price: Decimal,
    pub quantity: u32,
    pub sets: u32,
    pub discount: Decimal,
}

impl Effect {
    /// The money the effect takes off: lines, cart and shipping.
    pub fn total(&self) -> Decimal {
        self.lines.iter().map(|(_, amount)| *amount).sum::<Decimal>() + self.cart + self.shipping
    }

    /// True when the effect gives nothing at all: no money, no free shipping, no gift.
    pub fn is_empty(&self) -> bool {
        self.total().is_zero() && !self.free_shipping && self.gifts.is_empty()
    }
}

impl Line {
    pub fn discount(&self) -> Decimal {
        self.discount
    }

    /// What the line still costs.
    pub fn remaining(&self) -> Decimal {
        self.remaining
    }
}

impl Ledger {
    /// The cart before any promotion.
    pub fn new(cart: &Cart) -> Self {
        let lines = cart
            .items
            .iter()
            .map(|item| {
                let before = item.unit_price.value() * Decimal::from(item.quantity);
                Line { before, applied: Vec::new(), discount: Decimal::ZERO, remaining: before }
            })
            .collect::<Vec<Line>>();
        Self {
            items_remaining: lines.iter().map(|line| line.before).sum(),
            lines,
            cart: Vec::new(),
            shipping_cost: cart.shipping.as_ref().map_or(Decimal::ZERO, |s| s.cost.value()),
            shipping: Vec::new(),
            free_shipping: false,
            gifts: Vec::new(),
            sets: Vec::new(),
        }
    }

    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The cart-level discounts, by promotion.
    pub fn cart_discounts(&self) -> &[(PromotionId, Decimal)] {
        &self.cart
    }

    /// What the items still cost, after item and cart discounts.
    pub fn items_remaining(&self) -> Decimal {
        self.items_remaining
    }

    pub fn shipping_cost(&self) -> Decimal {
        self.shipping_cost
    }

    /// What shipping still costs.
    pub fn shipping_remaining(&self) -> Decimal {
        self.shipping_cost - self.shipping_discount()
    }

    pub fn shipping_discount(&self) -> Decimal {
        self.shipping.iter().map(|(_, amount)| *amount).sum()
    }

    pub fn free_shipping(&self) -> bool {
        self.free_shipping
    }

    pub fn gifts(&self) -> &[(PromotionId, Gift)] {
        &self.gifts
    }

    pub fn sets(&self) -> &[(PromotionId, FixedPriceSet)] {
        &self.sets
    }

    /// Enters what promotion `id` does.
    pub fn commit(&mut self, id: PromotionId, effect: Effect) {
        for (line, amount) in effect.lines.into_iter().filter(|(_, amount)| !amount.is_zero()) {
            let line = &mut self.lines[line];
            line.applied.push((id, amount));
            line.discount += amount;
            line.remaining -= amount;
            self.items_remaining -= amount;
        }
        if !effect.cart.is_zero() {
            self.cart.push((id, effect.cart));
            self.items_remaining -= effect.cart;
        }
        if effect.free_shipping || !effect.shipping.is_zero() {
            self.shipping.push((id, effect.shipping));
            self.free_shipping |= effect.free_shipping;
        }
        self.gifts.extend(effect.gifts.into_iter().map(|gift| (id, gift)));
        self.sets.extend(effect.set.map(|set| (id, set)));
    }
}
