//! The response of `POST /promotions/evaluate`: the totals, each line, free shipping, gifts,
//! fixed-price sets, the cart's coupon codes, and every promotion of the store with whether it
//! applied and, if not, why. Money is a decimal string with exactly the currency's minor units.

use rust_decimal::Decimal;
use serde::Serialize;

use super::cart::Cart;
use super::decimal::Rounding;
use super::eligibility::Reason;
use super::engine::Evaluation;
use super::ledger::Line;
use crate::ids::PromotionId;
use crate::promotion::resource::RedemptionType;
use crate::promotion::timestamp::Timestamp;

/// The `data` of the response.
#[derive(Serialize)]
pub struct EvaluationView<'a> {
    currency_code: &'a str,
    evaluated_at: Timestamp,
    totals: Totals,
    items: Vec<ItemView>,
    free_shipping: bool,
    gift_items: Vec<GiftView>,
    fixed_price_sets: Vec<SetView>,
    coupons: Vec<CouponView<'a>>,
    promotions: Vec<PromotionView<'a>>,
}

/// Before and after: `items_after` is net of item and cart discounts, `total_*` adds shipping.
#[derive(Serialize)]
struct Totals {
    items_before: String,
    item_discounts: String,
    cart_discounts: String,
    items_after: String,
    shipping_before: String,
    shipping_discount: String,
    shipping_after: String,
    total_before: String,
    total_after: String,
}

#[derive(Serialize)]
struct ItemView {
    index: usize,
    product_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    variant_id: Option<u64>,
    quantity: u32,
    unit_price: String,
    line_before: String,
    discount: String,
    line_after: String,
    applied: Vec<AmountView>,
}

#[derive(Serialize)]
struct AmountView {
    promotion_id: PromotionId,
    amount: String,
}

#[derive(Serialize)]
struct GiftView {
    promotion_id: PromotionId,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    variant_id: Option<u64>,
    quantity: u64,
}

#[derive(Serialize)]
struct SetView {
    promotion_id: PromotionId,
    fixed_price: String,
    quantity: u32,
    sets: u32,
    discount: String,
}

#[derive(Serialize)]
struct CouponView<'a> {
    code: &'a str,
    /// The promotion the code belongs to; `null` when the store has no such code.
    promotion_id: Option<PromotionId>,
}

#[derive(Serialize)]
struct PromotionView<'a> {
    id: PromotionId,
    name: &'a str,
    redemption_type: RedemptionType,
    applied: bool,
    rule: Option<usize>,
    discount: String,
    reason: Option<&'a Reason>,
}

impl Evaluation {
    /// The response body's `data` for the cart this evaluation is of.
    pub fn view<'a>(&'a self, cart: &'a Cart) -> EvaluationView<'a> {
        let money = |amount: Decimal| self.rounding.text(amount);
        let ledger = &self.ledger;
        let items = cart
            .items
            .iter()
            .zip(ledger.lines())
            .enumerate()
            .map(|(i, (item, line))| item_view(i, item, line, self.rounding));
        let gift_items = ledger.gifts().iter().map(|(id, gift)| GiftView {
            promotion_id: *id,
            product_id: gift.product_id,
            variant_id: gift.variant_id,
            quantity: gift.quantity,
        });
        let fixed_price_sets = ledger.sets().iter().map(|(id, set)| SetView {
            promotion_id: *id,
            fixed_price: money(set.fixed_price),
            quantity: set.quantity,
            sets: set.sets,
            discount: money(set.discount),
        });
        let coupons =
            self.coupons.entered().iter().map(|(code, owner)| CouponView { code: code.as_ref(), promotion_id: *owner });
        let promotions = self.outcomes.iter().map(|outcome| PromotionView {
            id: outcome.id,
            name: &outcome.name,
            redemption_type: outcome.redemption_type,
            applied: outcome.reason.is_none(),
            rule: outcome.rule,
            discount: money(outcome.discount),
            reason: outcome.reason.as_ref(),
        });
        EvaluationView {
            currency_code: cart.currency_code.as_ref(),
            evaluated_at: self.evaluated_at,
            totals: self.totals(),
            items: items.collect(),
            free_shipping: ledger.free_shipping(),
            gift_items: gift_items.collect(),
            fixed_price_sets: fixed_price_sets.collect(),
            coupons: coupons.collect(),
            promotions: promotions.collect(),
        }
    }

    /// The order's total (items and shipping) before and after the promotions.
    pub fn total_before_and_after(&self) -> (Decimal, Decimal) {
        let ledger = &self.ledger;
        let before: Decimal = ledger.lines().iter().map(|line| line.before).sum::<Decimal>() + ledger.shipping_cost();
        let item_discounts: Decimal = ledger.lines().iter().map(Line::discount).sum();
        let cart_discounts: Decimal = ledger.cart_discounts().iter().map(|(_, amount)| *amount).sum();
        (before, before - item_discounts - cart_discounts - ledger.shipping_discount())
    }

    fn totals(&self) -> Totals {
        let ledger = &self.ledger;
        let items_before: Decimal = ledger.lines().iter().map(|line| line.before).sum();
        let item_discounts: Decimal = ledger.lines().iter().map(Line::discount).sum();
        let cart_discounts: Decimal = ledger.cart_discounts().iter().map(|(_, amount)| *amount).sum();
        let items_after = items_before - item_discounts - cart_discounts;
        let (shipping_before, shipping_discount) = (ledger.shipping_cost(), ledger.shipping_discount());
        let shipping_after = shipping_before - shipping_discount;
        let money = |amount: Decimal| self.rounding.text(amount);
        Totals {
            items_before: money(items_before),
            item_discounts: money(item_discounts),
            cart_discounts: money(cart_discounts),
            items_after: money(items_after),
            shipping_before: money(shipping_before),
            shipping_discount: money(shipping_discount),
            shipping_after: money(shipping_after),
            total_before: money(items_before + shipping_before),
            total_after: money(items_after + shipping_after),
        }
    }
}

fn item_view(index: usize, item: &super::cart::CartItem, line: &Line, rounding: Rounding) -> ItemView {
    let money = |amount: Decimal| rounding.text(amount);
    ItemView {
        index,
        product_id: item.product_id,
        variant_id: item.variant_id,
        quantity: item.quantity,
        unit_price: money(item.unit_price.value()),
        line_before: money(line.before),
        discount: money(line.discount()),
        line_after: money(line.remaining()),
        applied: line
            .applied
            .iter()
            .map(|(id, amount)| AmountView { promotion_id: *id, amount: money(*amount) })
            .collect(),
    }
}
