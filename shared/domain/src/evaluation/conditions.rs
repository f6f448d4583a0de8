//! Whether a rule's condition holds, and how many times.
//!
//! A condition is a list of cart conditions (an `and` holds when each of its parts does). A
//! part with `items` looks at the lines they select, one without at the whole cart; only lines
//! that may trigger promotions count (see [`super::context`]). A part holds `⌊quantity ÷
//! minimum_quantity⌋` times and `⌊spend ÷ minimum_spend⌋` times, and the condition as many times
//! as its weakest part: that is how often a rule with `apply_once: false` repeats its action,
//! at most [`MAX_APPLICATIONS`] times.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::context::Context;
use super::eligibility::Reason;
use super::matching::selects;
use crate::promotion::matcher::ItemMatcher;
use crate::promotion::rule::{CartCondition, Condition};

/// Most times one rule applies to one cart: a cart holds at most `cart::MAX_UNITS` units, so a
/// quantity condition never reaches it; a spend condition of `0.000001` against a cart of
/// trillions would (10^20 times), and every amount it multiplies must stay exact.
pub const MAX_APPLICATIONS: u64 = 100_000;

/// A condition that holds: how many times (`None`: no limit, as without a condition) and the
/// units each time uses up.
#[derive(Debug)]
pub struct Trigger<'a> {
    pub times: Option<u64>,
    pub demands: Vec<Demand<'a>>,
}

/// Units one part of a condition needs each time: `quantity` of the lines `matcher` selects.
#[derive(Debug, Clone, Copy)]
pub struct Demand<'a> {
    pub matcher: Option<&'a ItemMatcher>,
    pub quantity: u64,
}

/// The trigger if the condition holds, else the reason of its first part that does not.
pub fn check<'a>(condition: Option<&'a Condition>, context: &Context) -> Result<Trigger<'a>, Reason> {
    let mut parts = Vec::new();
    if let Some(condition) = condition {
        flatten(condition, &mut parts);
    }
    let mut trigger = Trigger { times: None, demands: Vec::new() };
    for part in parts {
        let times = part_times(part, context)?;
        trigger.times = match (trigger.times, times) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(quantity) = part.minimum_quantity {
            trigger.demands.push(Demand { matcher: part.items.as_ref(), quantity: quantity.into() });
        }
    }
    Ok(trigger)
}

fn flatten<'a>(condition: &'a Condition, parts: &mut Vec<&'a CartCondition>) {
    match condition {
        Condition::Cart(cart) => parts.push(cart),
        Condition::And(all) => all.iter().for_each(|c| flatten(c, parts)),
    }
}

/// How many times one part holds, or why it does not.
fn part_times(part: &CartCondition, context: &Context) -> Result<Option<u64>, Reason> {
    let matcher = part.items.as_ref();
    let counts_spend = part.minimum_spend.is_some();
    let (mut quantity, mut spend) = (0u64, Decimal::ZERO);
    for (line, item) in context.items().iter().enumerate() {
        if context.triggers(line) && selects(matcher, item) {
            quantity += u64::from(item.quantity);
            if counts_spend {
                spend += context.line_base(line);
            }
        }
    }
    if matcher.is_some() && quantity == 0 {
        return Err(Reason::NoMatchingItems);
    }
    let mut times = None;
    if let Some(needed) = part.minimum_quantity.filter(|&n| n > 0) {
        if quantity < u64::from(needed) {
            let has = u32::try_from(quantity).unwrap_or(u32::MAX);
            return Err(Reason::MinimumQuantityNotMet { needed, has });
        }
        times = Some(quantity / u64::from(needed));
    }
    if let Some(needed) = part.minimum_spend.as_ref().map(super::decimal::money) {
        if spend < needed {
            let (needed, has) = (context.money_text(needed), context.money_text(spend));
            return Err(Reason::MinimumSpendNotMet { needed, has });
        }
        if needed > Decimal::ZERO {
            let by_spend = (spend / needed).floor().to_u64().unwrap_or(u64::MAX);
            times = Some(times.map_or(by_spend, |t: u64| t.min(by_spend)));
        }
    }
    Ok(times.map(|times| times.min(MAX_APPLICATIONS)))
}
