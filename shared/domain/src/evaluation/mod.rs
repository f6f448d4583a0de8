//! Cart evaluation: which of a store's promotions would apply to a cart, what they would take
//! off, and why each of the others would not. Pure: it reads what the handler loaded and
//! writes nothing.
//!
//! - [`cart`]: the request body, its defaults and its rules.
//! - [`budget`]: the work an evaluation may take, checked before it starts.
//! - [`candidates`]: the promotions an evaluation has to read (live automatic ones, and those
//!   the cart's codes name).
//! - [`decimal`]: exact money (`rust_decimal`), rounding half away from zero to the minor unit.
//! - [`eligibility`]: the reasons a promotion does not apply, with their stable codes.
//! - [`prerequisites`]: status, dates, schedule, channel, currency, customer, country, usage.
//! - [`coupons`]: the cart's codes and the store's limit on coupons per order.
//! - [`engine`]: priority order, `stop`, combinability and the coupon override.
//! - [`rules`], [`conditions`], [`actions`], [`item_actions`]: the first rule that applies, its
//!   condition and what its action takes off.
//! - [`context`], [`selection`], [`matching`]: prices as promotions count them, which units a
//!   strategy picks, and what matchers select.
//! - [`ledger`]: the running discounts; [`result`]: the response.
//! - [`usage`]: what the identified customer used already (per-customer limits).

pub mod actions;
pub mod budget;
pub mod candidates;
pub mod cart;
pub mod conditions;
pub mod context;
pub mod coupons;
pub mod decimal;
pub mod eligibility;
pub mod engine;
pub mod item_actions;
pub mod ledger;
pub mod matching;
pub mod prerequisites;
pub mod result;
pub mod rules;
pub mod selection;
pub mod usage;

pub use cart::Cart;
pub use coupons::FoundCode;
pub use eligibility::Reason;
pub use engine::{evaluate, Evaluation, Outcome};
pub use usage::CustomerUses;
