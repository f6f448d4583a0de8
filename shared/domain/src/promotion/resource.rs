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

/// A stored promotion. `R` is how its rules are held: a list everywhere but inside a store that
/// keeps them in another form (DynamoDB keeps them as one JSON text; see
/// [`Promotion::with_rules`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Promotion<R = Vec<Rule>> {
    pub id: PromotionId,
    pub current_uses: u64,
    pub created_from: CreatedFrom,
    pub fields: PromotionFields<R>,
    /// How many coupon codes the promotion has; kept by the store with every code change.
    #[serde(default)]
    pub code_count: u64,
    /// A SINGLE coupon promotion's code, kept by the store with every code change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<CouponCode>,
}

/// Everything about a promotion that a client writes (`R`: see [`Promotion`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromotionFields<R = Vec<Rule>> {
    pub redemption_type: RedemptionType,
    pub name: Name,
    pub display_name: String,
    pub channels: Vec<Channel>,
    pub customer: Customer,
    pub rules: R,
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

impl<R> Promotion<R> {
    /// A copy of this promotion with `rules` in place of its rules, which are not copied: how a
    /// store converts between the rules' list and the form it keeps them in.
    pub fn with_rules<T>(&self, rules: T) -> Promotion<T> {
        let fields = &self.fields;
        Promotion {
            id: self.id,
            current_uses: self.current_uses,
            created_from: self.created_from,
            fields: PromotionFields {
                redemption_type: fields.redemption_type,
                name: fields.name.clone(),
                display_name: fields.display_name.clone(),
                channels: fields.channels.clone(),
                customer: fields.customer.clone(),
                rules,
                max_uses: fields.max_uses,
                status: fields.status,
                start_date: fields.start_date,
                end_date: fields.end_date,
                stop: fields.stop,
                can_be_used_with_other_promotions: fields.can_be_used_with_other_promotions,
                currency_code: fields.currency_code,
                notifications: fields.notifications.clone(),
                shipping_address: fields.shipping_address.clone(),
                schedule: fields.schedule.clone(),
                coupon_overrides_automatic_when_offering_higher_discounts: fields
                    .coupon_overrides_automatic_when_offering_higher_discounts,
                coupon_type: fields.coupon_type,
            },
            code_count: self.code_count,
            code: self.code.clone(),
        }
    }
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
