//! Rules: an ordered list of `{action, condition, apply_once, stop}`; the first rule whose
//! condition holds and whose action applies wins.
//!
//! Conditions are cart conditions (`items`, `minimum_spend`, `minimum_quantity`) or an `and` of
//! conditions; there is no `or` or `not` at this level, as in the platform's API.

use serde::{Deserialize, Serialize};

use super::action::{Action, RuleContext};
use super::limits::{MAX_MEMBERS, MAX_NESTING};
use super::matcher::ItemMatcher;
use super::money::Money;
use crate::checks::{field, index, Checks, Path};
use crate::error::Violation;

/// One rule of a promotion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub action: Action,
    #[serde(default = "yes")]
    pub apply_once: bool,
    #[serde(default)]
    pub stop: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
}

fn yes() -> bool {
    true
}

/// When a rule may apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    Cart(CartCondition),
    And(Vec<Condition>),
}

/// A condition on the cart's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CartCondition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<ItemMatcher>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_spend: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_quantity: Option<u32>,
}

impl Rule {
    pub fn check(&self, path: &Path, context: RuleContext, checks: &mut Checks) {
        self.action.check(&field(path, "action"), context, checks);
        if let Some(condition) = &self.condition {
            let path = field(path, "condition");
            checks.expect(condition.nesting() <= MAX_NESTING, path, Violation::TooDeep(MAX_NESTING));
            condition.check(&path, context, checks);
        }
    }
}

impl Rule {
    /// How many matcher leaves the rule has, in its condition and its action, plus one for the
    /// rule itself: the work of trying it on one cart line.
    pub fn work_per_line(&self) -> u64 {
        let action = match &self.action {
            super::action::Action::CartItems(action) => action.items.as_ref(),
            super::action::Action::FixedPriceSet(action) => action.items.as_ref(),
            _ => None,
        };
        1 + self.condition.as_ref().map_or(0, Condition::leaves) + action.map_or(0, ItemMatcher::leaves)
    }

    /// The units each application of the action takes when the rule may apply it again and
    /// again (`apply_once: false` on a `cart_items` with a `quantity`, or on a
    /// `fixed_price_set`); `None` when it applies once (or takes every unit at once).
    pub fn units_per_repeat(&self) -> Option<u64> {
        if self.apply_once {
            return None;
        }
        let units = match &self.action {
            Action::CartItems(action) => action.quantity,
            Action::FixedPriceSet(action) => Some(action.quantity),
            _ => None,
        };
        units.filter(|&units| units > 0).map(u64::from)
    }

    /// How many parts the condition has: before each application of a repeating action, each
    /// part uses up the units it needs.
    pub fn condition_parts(&self) -> u64 {
        self.condition.as_ref().map_or(0, Condition::parts)
    }
}

impl Condition {
    fn leaves(&self) -> u64 {
        match self {
            Self::Cart(cart) => cart.items.as_ref().map_or(0, ItemMatcher::leaves),
            Self::And(all) => all.iter().map(Self::leaves).sum(),
        }
    }

    fn parts(&self) -> u64 {
        match self {
            Self::Cart(_) => 1,
            Self::And(all) => all.iter().map(Self::parts).sum(),
        }
    }

    fn nesting(&self) -> usize {
        match self {
            Self::Cart(_) => 0,
            Self::And(all) => 1 + all.iter().map(Self::nesting).max().unwrap_or(0),
        }
    }

    fn check(&self, path: &Path, context: RuleContext, checks: &mut Checks) {
        match self {
            Self::Cart(cart) => cart.check(&field(path, "cart"), context, checks),
            Self::And(all) => {
                let path = field(path, "and");
                checks.expect(!all.is_empty(), path, Violation::Empty);
                checks.at_most(all, MAX_MEMBERS, path);
                for (i, condition) in all.iter().enumerate() {
                    condition.check(&index(&path, i), context, checks);
                }
            }
        }
    }
}

impl CartCondition {
    fn check(&self, path: &Path, context: RuleContext, checks: &mut Checks) {
        let any = self.items.is_some() || self.minimum_spend.is_some() || self.minimum_quantity.is_some();
        checks.expect(any, path, Violation::ExactlyOneOf("items, minimum_spend or minimum_quantity (at least one)"));
        if let Some(items) = &self.items {
            items.check(&field(path, "items"), checks);
            checks.expect(
                self.minimum_quantity.is_some(),
                field(path, "minimum_quantity"),
                Violation::RequiredWith("items"),
            );
        }
        if self.minimum_spend.is_some() {
            checks.expect(!context.any_currency, field(path, "minimum_spend"), Violation::FixedAmountWithAnyCurrency);
        }
        if let Some(quantity) = self.minimum_quantity {
            checks.expect(quantity > 0, field(path, "minimum_quantity"), Violation::NotPositive);
        }
    }
}
