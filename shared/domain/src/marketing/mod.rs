//! The marketing configurations of a store (abandoned checkouts, purchase follow-ups): one
//! resource shape, stored once per kind. One type per file, each valid by construction; the
//! rules between fields are checked once by [`MarketingConfiguration::accept`].
//!
//! - [`configuration`]: the PUT body, the stored resource, its default and its response view.
//! - [`invalid`]: when a well-formed configuration cannot run (the read-only `invalid` flag).
//! - [`coupon`]: the coupon an email offers and its rules.
//! - [`kind`]: which configuration a path names.
//! - [`flake_id`], [`duration`], [`timestamp`]: ids as strings, ISO 8601 durations, `updated_at`.
//! - [`updated_by`]: who wrote a configuration, and the one function that says who is calling.

pub mod command;
pub mod configuration;
pub mod coupon;
pub mod duration;
pub mod flake_id;
pub mod invalid;
pub mod kind;
pub mod timestamp;
pub mod updated_by;

pub use configuration::{ConfigurationInput, MarketingConfiguration};
pub use flake_id::FlakeId;
pub use kind::ConfigKind;
