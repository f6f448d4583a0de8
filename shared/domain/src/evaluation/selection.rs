//! Which units of the cart an item action discounts, and which a condition uses up.
//!
//! The lines an action may discount are ordered by its strategy: `LEAST_EXPENSIVE` (also the
//! order without a strategy) takes the cheapest units first, `MOST_EXPENSIVE` the dearest.
//! The `_ONLY` strategies keep only the lines at the lowest (highest) unit price. Equal prices
//! break by line content, never by the order the client listed the lines in.
//!
//! When the items that meet a condition may not also be discounted, the condition uses up
//! units first from lines the action would not discount, then from those it would discount
//! last, so the discount goes where the strategy says.

use std::cmp::Reverse;

use rust_decimal::Decimal;

use super::context::Context;
use super::matching::selects;
use crate::promotion::action::Strategy;
use crate::promotion::matcher::ItemMatcher;

/// The units of one action's lines: what is left, and what it has taken.
pub struct Selection {
    order: Vec<usize>,
    rank: Vec<Option<usize>>,
    left: Vec<u64>,
    picked: Vec<u64>,
    front: usize,
    available: u64,
}

/// The lines a condition uses units from, in the order it uses them.
pub struct Queue {
    lines: Vec<usize>,
    cursor: usize,
}

impl Selection {
    /// The units of `targets` (lines the action may discount), in the strategy's order.
    pub fn new(context: &Context, targets: &[usize], strategy: Option<Strategy>) -> Self {
        let descending = matches!(strategy, Some(Strategy::MostExpensive | Strategy::MostExpensiveOnly));
        let mut keyed: Vec<(Decimal, usize, usize)> =
            targets.iter().map(|&line| (context.unit_base(line), context.position[line], line)).collect();
        keyed.sort_unstable_by(|a, b| {
            let by_price = if descending { b.0.cmp(&a.0) } else { a.0.cmp(&b.0) };
            by_price.then(a.1.cmp(&b.1))
        });
        let mut order: Vec<usize> = keyed.iter().map(|&(_, _, line)| line).collect();
        if matches!(strategy, Some(Strategy::LeastExpensiveOnly | Strategy::MostExpensiveOnly)) {
            let extreme = keyed.first().map(|&(price, _, _)| price);
            order = keyed.iter().filter(|&&(price, _, _)| Some(price) == extreme).map(|&(_, _, line)| line).collect();
        }
        let lines = context.items().len();
        let mut rank = vec![None; lines];
        for (place, &line) in order.iter().enumerate() {
            rank[line] = Some(place);
        }
        let left: Vec<u64> = context.items().iter().map(|item| u64::from(item.quantity)).collect();
        let available = order.iter().map(|&line| left[line]).sum();
        Self { order, rank, left, picked: vec![0; lines], front: 0, available }
    }

    /// Units the action may still take.
    pub fn available(&self) -> u64 {
        self.available
    }

    /// Units taken from each line so far.
    pub fn picked(&self) -> &[u64] {
        &self.picked
    }

    /// Takes up to `count` units, front first; returns the lines and units taken.
    pub fn take(&mut self, count: u64) -> Vec<(usize, u64)> {
        let mut taken = Vec::new();
        let mut wanted = count;
        while wanted > 0 && self.front < self.order.len() {
            let line = self.order[self.front];
            let units = wanted.min(self.left[line]);
            if units > 0 {
                self.left[line] -= units;
                self.picked[line] += units;
                self.available -= units;
                wanted -= units;
                taken.push((line, units));
            }
            if self.left[line] == 0 {
                self.front += 1;
            }
        }
        taken
    }

    /// The lines a condition on `matcher` uses up units from, in the order it uses them.
    pub fn queue(&self, context: &Context, matcher: Option<&ItemMatcher>) -> Queue {
        let mut lines: Vec<usize> = (0..context.items().len())
            .filter(|&line| context.triggers(line) && selects(matcher, &context.items()[line]))
            .collect();
        lines.sort_by_key(|&line| (self.rank[line].map(Reverse), context.position[line]));
        Queue { lines, cursor: 0 }
    }

    /// Uses up to `count` units from the queue's lines; they can no longer be discounted.
    pub fn consume(&mut self, queue: &mut Queue, count: u64) {
        let mut wanted = count;
        while wanted > 0 && queue.cursor < queue.lines.len() {
            let line = queue.lines[queue.cursor];
            let units = wanted.min(self.left[line]);
            self.left[line] -= units;
            if self.rank[line].is_some() {
                self.available -= units;
            }
            wanted -= units;
            if self.left[line] == 0 {
                queue.cursor += 1;
            }
        }
    }

    /// The value of the units taken, as promotions count it.
    pub fn value_of(context: &Context, taken: &[(usize, u64)]) -> Decimal {
        taken.iter().map(|&(line, units)| context.unit_base(line) * Decimal::from(units)).sum()
    }
}
