//! The promotion resource: what is stored and what every response carries.
//!
//! [`PromotionFields`] holds everything a client may write, defaults applied and every rule
//! checked (only [`super::input::PromotionInput`] builds one from a request). [`Promotion`] adds
//! what the platform owns: the id, the use count and where it was created.

use serde::{Deserialize, Serialize};

use super::code::CouponCode;
use super::currency::CurrencyCode;
use super::customer::Customer;
use super::limits::MAX_NAME_CHARS;
use super::rule::Rule;
use super::schedule::Schedule;
use super::targeting::{Channel, Notification, ShippingAddress};
use super::timestamp::Timestamp;
use crate::ids::PromotionId;
use crate::parse::StrValue;

/// A stored promotion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Promotion {
    pub id: PromotionId,
    pub current_uses: u64,
    pub created_from: CreatedFrom,
    pub fields: PromotionFields,
    /// How many coupon codes the promotion has; kept by the store with every code change.
    #[serde(default)]
    pub code_count: u64,
    /// A SINGLE coupon promotion's code, kept by the store with every code change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<CouponCode>,
}

/// Everything about a promotion that a client writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromotionFields {
    pub redemption_type: RedemptionType,
    pub name: Name,
    pub display_name: String,
    pub channels: Vec<Channel>,
    pub customer: Customer,
    pub rules: Vec<Rule>,
    pub max_uses: Option<u64>,
    pub status: Status,
    pub start_date: Timestamp,
    pub end_date: Option<Timestamp>,
    pub stop: bool,
    pub can_be_used_with_other_promotions: bool,
    pub currency_code: CurrencyCode,
    pub notifications: Vec<Notification>,
    pub shipping_address: Option<ShippingAddress>,
    pub schedule: Option<Schedule>,
    pub coupon_overrides_automatic_when_offering_higher_discounts: bool,
    /// `Some` exactly for COUPON promotions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_type: Option<CouponType>,
}

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

/// The JSON a client reads: the resource with the platform-owned fields beside the written ones.
#[derive(Serialize)]
pub struct PromotionView<'a> {
    id: PromotionId,
    #[serde(flatten)]
    fields: &'a PromotionFields,
    current_uses: u64,
    created_from: CreatedFrom,
    /// Present on coupon promotions: the SINGLE promotion's code, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    codes: Option<Option<&'a CouponCode>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multiple_codes: Option<MultipleCodes>,
}

/// Whether a coupon promotion has more than one code (read-only).
#[derive(Serialize)]
struct MultipleCodes {
    has_multiple_codes: bool,
}

impl Promotion {
    /// The response representation of this promotion.
    pub fn view(&self) -> PromotionView<'_> {
        let is_coupon = self.fields.coupon_type.is_some();
        let multiple_codes = is_coupon.then_some(MultipleCodes { has_multiple_codes: self.code_count > 1 });
        PromotionView {
            codes: is_coupon.then_some(self.code.as_ref()),
            id: self.id,
            fields: &self.fields,
            current_uses: self.current_uses,
            created_from: self.created_from,
            multiple_codes,
        }
    }
}
