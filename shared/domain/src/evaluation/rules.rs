//! A promotion's rules, in order: the first whose condition holds and whose action gives
//! something wins, and the others are not looked at.
//!
//! When no rule applies, the reason shown is the last rule's. Because the first rule that
//! applies wins, tiers are listed from the hardest to meet to the easiest, so the last rule is
//! the nearest miss ("spend 100.00" rather than "spend 175.00").

use super::actions;
use super::conditions;
use super::context::Context;
use super::eligibility::Reason;
use super::ledger::Effect;
use crate::promotion::Promotion;

/// The rule that applies: its index, what it does and whether it stops later promotions.
#[derive(Debug)]
pub struct Winner {
    pub rule: usize,
    pub effect: Effect,
    pub stop: bool,
}

/// The first rule that applies, or the last rule's index and reason.
pub fn first_applicable(promotion: &Promotion, context: &Context) -> Result<Winner, (usize, Reason)> {
    let mut last = (0, Reason::NoDiscount);
    for (index, rule) in promotion.fields.rules.iter().enumerate() {
        let outcome = conditions::check(rule.condition.as_ref(), context)
            .and_then(|trigger| actions::apply(rule, &trigger, context));
        match outcome {
            Ok(effect) if !effect.is_empty() => return Ok(Winner { rule: index, effect, stop: rule.stop }),
            Ok(_) => last = (index, Reason::NoDiscount),
            Err(reason) => last = (index, reason),
        }
    }
    Err(last)
}
