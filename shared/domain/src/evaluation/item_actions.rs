//! The actions that discount cart lines: `cart_items` and `fixed_price_set`.
//!
//! - `cart_items` discounts `quantity` units each time its rule applies (every matching unit
//!   without a `quantity`): a percentage of each unit's price, a fixed amount off each unit, or
//!   with `as_total` one fixed amount for all of them, split in proportion to their prices.
//!   `maximum_allowed_discount_amount` caps the promotion's whole discount, split the same way.
//! - `fixed_price_set` sells sets of `quantity` matching units for `fixed_price`: each set's
//!   discount is what its units cost above that price (nothing when they cost less).
//! - Without `include_items_considered_by_condition` (the default of `cart_items`), the units a
//!   condition needs are used up first and cannot also be discounted.

use rust_decimal::Decimal;

use super::conditions::Trigger;
use super::context::Context;
use super::decimal::{fraction, money, times as repeated};
use super::eligibility::Reason;
use super::ledger::{Effect, FixedPriceSet};
use super::matching::selects;
use super::selection::Selection;
use crate::promotion::action::{CartItemsAction, Discount, FixedPriceSetAction};
use crate::promotion::matcher::ItemMatcher;

/// The effect of a `cart_items` action applied at most `limit` times (`None`: no limit).
pub fn cart_items(
    action: &CartItemsAction,
    trigger: &Trigger,
    limit: Option<u64>,
    context: &Context,
) -> Result<Effect, Reason> {
    let targets = targets(context, action.items.as_ref(), action.exclude_items_on_sale);
    if targets.is_empty() {
        return Err(Reason::NoMatchingItems);
    }
    let mut selection = Selection::new(context, &targets, action.strategy);
    let each_time = action.quantity.map_or(u64::MAX, u64::from);
    let linked = !action.include_items_considered_by_condition;
    let times = repeat(&mut selection, context, trigger, limit, linked, |s| !s.take(each_time).is_empty());
    if times == 0 {
        return Err(Reason::OnlyConditionItems);
    }
    let picked = picked_lines(&selection, context);
    let rounding = context.rounding;
    let mut amounts: Vec<Decimal> = match &action.discount {
        Discount::PercentageAmount(percentage) => {
            let share = fraction(percentage);
            picked.iter().map(|&(line, units)| capped(context, line, value(context, line, units) * share)).collect()
        }
        Discount::FixedAmount(amount) if !action.as_total => {
            let off = money(amount);
            let each = |line: usize| off.min(context.unit_base(line));
            picked.iter().map(|&(line, units)| capped(context, line, each(line) * Decimal::from(units))).collect()
        }
        Discount::FixedAmount(amount) => {
            let weights: Vec<Decimal> = picked.iter().map(|&(line, units)| weight(context, line, units)).collect();
            let most = rounding.round_down(weights.iter().sum());
            rounding.allocate(rounding.round(repeated(money(amount), times)).min(most), &weights)
        }
    };
    if let Some(maximum) = &action.maximum_allowed_discount_amount {
        amounts = at_most(context, rounding.round_down(money(maximum)), amounts);
    }
    let amounts = at_most(context, context.ledger.items_remaining(), amounts);
    let lines = picked.iter().map(|&(line, _)| line).zip(amounts).collect();
    Ok(Effect { lines, ..Effect::default() })
}

/// The effect of a `fixed_price_set` action forming at most `limit` sets (`None`: no limit).
pub fn fixed_price_set(
    action: &FixedPriceSetAction,
    trigger: &Trigger,
    limit: Option<u64>,
    context: &Context,
) -> Result<Effect, Reason> {
    let targets = targets(context, action.items.as_ref(), action.exclude_items_on_sale);
    if targets.is_empty() {
        return Err(Reason::NoMatchingItems);
    }
    let mut selection = Selection::new(context, &targets, action.strategy);
    let (size, price) = (u64::from(action.quantity), money(&action.fixed_price));
    let mut above = Decimal::ZERO;
    let linked = !action.include_items_considered_by_condition;
    let sets = repeat(&mut selection, context, trigger, limit, linked, |s| {
        let whole = s.available() >= size;
        if whole {
            above += (Selection::value_of(context, &s.take(size)) - price).max(Decimal::ZERO);
        }
        whole
    });
    if sets == 0 {
        let has = u32::try_from(selection.available()).unwrap_or(u32::MAX);
        return Err(Reason::MinimumQuantityNotMet { needed: action.quantity, has });
    }
    let picked = picked_lines(&selection, context);
    let weights: Vec<Decimal> = picked.iter().map(|&(line, units)| weight(context, line, units)).collect();
    let rounding = context.rounding;
    let most = rounding.round_down(weights.iter().sum::<Decimal>()).min(context.ledger.items_remaining());
    let discount = rounding.round(above).min(most);
    if discount.is_zero() {
        return Err(Reason::NoDiscount);
    }
    let lines = picked.iter().map(|&(line, _)| line).zip(rounding.allocate(discount, &weights)).collect();
    let sets = u32::try_from(sets).unwrap_or(u32::MAX);
    let set = FixedPriceSet { fixed_price: price, quantity: action.quantity, sets, discount };
    Ok(Effect { lines, set: Some(set), ..Effect::default() })
}

/// The amounts, scaled down in proportion when together they are more than `most` (a maximum
/// discount, or what the items still cost after the cart discounts before).
fn at_most(context: &Context, most: Decimal, amounts: Vec<Decimal>) -> Vec<Decimal> {
    if amounts.iter().sum::<Decimal>() > most {
        context.rounding.allocate(most, &amounts)
    } else {
        amounts
    }
}

/// The lines an action may discount.
fn targets(context: &Context, matcher: Option<&ItemMatcher>, exclude_on_sale: bool) -> Vec<usize> {
    (0..context.items().len())
        .filter(|&line| {
            let item = &context.items()[line];
            selects(matcher, item) && !(exclude_on_sale && item.on_sale) && context.discountable(line)
        })
        .collect()
}

/// Applies `step` up to `limit` times, stopping at the first that takes nothing. When `linked`,
/// each time first uses up the units the condition needs.
fn repeat(
    selection: &mut Selection,
    context: &Context,
    trigger: &Trigger,
    limit: Option<u64>,
    linked: bool,
    mut step: impl FnMut(&mut Selection) -> bool,
) -> u64 {
    let demands = if linked { trigger.demands.as_slice() } else { &[] };
    let mut queues: Vec<_> = demands.iter().map(|d| (selection.queue(context, d.matcher), d.quantity)).collect();
    let mut done = 0;
    while limit.is_none_or(|limit| done < limit) {
        for (queue, quantity) in &mut queues {
            selection.consume(queue, *quantity);
        }
        if !step(selection) {
            break;
        }
        done += 1;
    }
    done
}

/// The lines units were taken from and how many, in content order (the order ties break in).
fn picked_lines(selection: &Selection, context: &Context) -> Vec<(usize, u64)> {
    let mut picked: Vec<(usize, u64)> =
        selection.picked().iter().enumerate().filter(|(_, &units)| units > 0).map(|(l, &u)| (l, u)).collect();
    picked.sort_by_key(|&(line, _)| context.position[line]);
    picked
}

/// The value of `units` units of a line, as promotions count it.
fn value(context: &Context, line: usize, units: u64) -> Decimal {
    context.unit_base(line) * Decimal::from(units)
}

/// The most a line can give up for `units` units: their value, at most what the line still costs.
fn weight(context: &Context, line: usize, units: u64) -> Decimal {
    value(context, line, units).min(context.remaining(line))
}

/// An exact discount on a line, rounded once and never more than the line still costs.
fn capped(context: &Context, line: usize, exact: Decimal) -> Decimal {
    context.rounding.round(exact).min(context.remaining(line))
}
