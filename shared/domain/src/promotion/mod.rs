//! The promotion resource and its parts, one type per file, each valid by construction or
//! checked once by [`input::PromotionInput::into_fields`].
//!
//! - [`resource`]: `Promotion`, `PromotionFields` and the response view; [`parts`]: their plain
//!   values, which a store keeps and gives back; [`kinds`]: redemption type, status, coupon
//!   type, origin and name.
//! - [`input`]: the request body and the rules between fields.
//! - [`rule`], [`action`], [`matcher`]: rules, their conditions, actions and item matchers.
//! - [`customer`], [`schedule`], [`targeting`]: who, when and where.
//! - [`code`]: coupon codes, unique per store without regard to case.
//! - [`money`], [`currency`]: decimal amounts, percentages and ISO 4217 codes.
//! - [`timestamp`]: RFC 3339 dates as the platform writes them.
//! - [`limits`]: every maximum a request is held to.

pub mod action;
pub mod code;
pub mod codegen;
pub mod currency;
pub mod customer;
pub mod input;
pub mod kinds;
pub mod limits;
pub mod listing;
pub mod matcher;
pub mod money;
pub mod parts;
pub mod resource;
pub mod rule;
pub mod schedule;
pub mod settings;
pub mod targeting;
pub mod timestamp;

pub use input::PromotionInput;
pub use resource::{Promotion, PromotionFields};
