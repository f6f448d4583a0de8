//! What kind of promotion it is: how it is redeemed, whether it is on, its coupon type, where it
//! was created, and its name. Small values, each valid by construction.

use serde::{Deserialize, Serialize};

use super::limits::MAX_NAME_CHARS;
use crate::parse::StrValue;

/// How a promotion is redeemed; fixed at creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RedemptionType {
    Automatic,
    Coupon,
}

/// Whether customers can use the promotion. `Invalid` is set by the platform only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Enabled,
    Disabled,
    Invalid,
}

/// Whether a coupon promotion has one code or many; fixed at creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CouponType {
    Single,
    Bulk,
}

/// The client that created a promotion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreatedFrom {
    ReactUi,
    LegacyUi,
    Api,
}

/// A promotion's internal name: 1 to [`MAX_NAME_CHARS`] characters, not only spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

impl StrValue for Name {
    const EXPECTING: &'static str = "a name of 1 to 255 characters";

    fn parse_str(raw: &str) -> Result<Self, String> {
        if raw.trim().is_empty() {
            Err("must not be empty".to_owned())
        } else if raw.chars().count() > MAX_NAME_CHARS {
            Err(format!("must be at most {MAX_NAME_CHARS} characters"))
        } else {
            Ok(Self(raw.to_owned()))
        }
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

crate::str_value_serde!(Name);
