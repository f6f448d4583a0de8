//! Why a promotion did not apply: one [`Reason`] per promotion, the first one found, with a
//! stable machine code (snake_case, never renamed once published) and a message in plain words
//! that carries the numbers a merchant needs ("the cart spends 30.00; this needs 50.00").

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::ids::PromotionId;
use crate::promotion::timestamp::Timestamp;

/// Every machine code a [`Reason`] can have, in the order the checks run.
pub const CODES: &[&str] = &[
    "disabled",
    "not_started",
    "ended",
    "outside_schedule",
    "channel",
    "currency",
    "customer_group",
    "customer_order_count",
    "customer_segment",
    "shipping_country",
    "usage_limit_reached",
    "customer_usage_limit_reached",
    "coupon_code_missing",
    "too_many_coupons",
    "blocked_by_stop",
    "blocked_by_non_combinable",
    "overridden_by_coupon",
    "minimum_spend_not_met",
    "minimum_quantity_not_met",
    "no_matching_items",
    "shipping_zone",
    "no_discount",
    "not_combinable",
    "automatic_discount_higher",
];

/// Why a promotion does not apply to a cart. Amounts are already written in the cart's currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Disabled { invalid: bool },
    NotStarted { start: Timestamp },
    Ended { end: Timestamp },
    OutsideSchedule,
    Channel { channel: u64 },
    Currency { promotion: String, cart: String },
    CustomerGroup { group: u64 },
    CustomerOrderCount { needed: u32, has: u32 },
    CustomerSegment,
    ShippingCountry { country: Option<String> },
    UsageLimitReached { max_uses: u64 },
    CodeUsageLimitReached { code: String, max_uses: u32 },
    CustomerUsageLimitReached { max_uses: u64 },
    CodeCustomerUsageLimitReached { code: String, max_uses: u32 },
    CouponCodeMissing,
    TooManyCoupons { allowed: u8 },
    BlockedByStop { by: PromotionId },
    BlockedByNonCombinable { by: PromotionId },
    OverriddenByCoupon { by: PromotionId },
    MinimumSpendNotMet { needed: String, has: String },
    MinimumQuantityNotMet { needed: u32, has: u32 },
    NoMatchingItems,
    OnlyConditionItems,
    ShippingZone { zone: Option<u64> },
    NoDiscount,
    NotCombinable { applied: PromotionId },
    AutomaticDiscountHigher { coupon: String, automatic: String },
}

impl Reason {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Disabled { .. } => "disabled",
            Self::NotStarted { .. } => "not_started",
            Self::Ended { .. } => "ended",
            Self::OutsideSchedule => "outside_schedule",
            Self::Channel { .. } => "channel",
            Self::Currency { .. } => "currency",
            Self::CustomerGroup { .. } => "customer_group",
            Self::CustomerOrderCount { .. } => "customer_order_count",
            Self::CustomerSegment => "customer_segment",
            Self::ShippingCountry { .. } => "shipping_country",
            Self::UsageLimitReached { .. } | Self::CodeUsageLimitReached { .. } => "usage_limit_reached",
            Self::CustomerUsageLimitReached { .. } | Self::CodeCustomerUsageLimitReached { .. } => {
                "customer_usage_limit_reached"
            }
            Self::CouponCodeMissing => "coupon_code_missing",
            Self::TooManyCoupons { .. } => "too_many_coupons",
            Self::BlockedByStop { .. } => "blocked_by_stop",
            Self::BlockedByNonCombinable { .. } => "blocked_by_non_combinable",
            Self::OverriddenByCoupon { .. } => "overridden_by_coupon",
            Self::MinimumSpendNotMet { .. } => "minimum_spend_not_met",
            Self::MinimumQuantityNotMet { .. } => "minimum_quantity_not_met",
            Self::NoMatchingItems | Self::OnlyConditionItems => "no_matching_items",
            Self::ShippingZone { .. } => "shipping_zone",
            Self::NoDiscount => "no_discount",
            Self::NotCombinable { .. } => "not_combinable",
            Self::AutomaticDiscountHigher { .. } => "automatic_discount_higher",
        }
    }

    /// The reason in plain words, for a merchant.
    pub fn message(&self) -> String {
        match self {
            Self::Disabled { invalid: false } => "The promotion is disabled.".to_owned(),
            Self::Disabled { invalid: true } => "The platform marked the promotion INVALID.".to_owned(),
            Self::NotStarted { start } => format!("The promotion starts at {}.", text(start)),
            Self::Ended { end } => format!("The promotion ended at {}.", text(end)),
            Self::OutsideSchedule => "The evaluation time is outside the promotion's weekly schedule.".to_owned(),
            Self::Channel { channel } => format!("The promotion does not run on channel {channel}."),
            Self::Currency { promotion, cart } => format!("The promotion is for {promotion}; the cart is in {cart}."),
            Self::CustomerGroup { group } => format!("The promotion is not for customer group {group}."),
            Self::CustomerOrderCount { needed, has } => {
                format!("The promotion needs customers with at least {needed} orders; this one has {has}.")
            }
            Self::CustomerSegment => "The customer is not in the promotion's customer segments.".to_owned(),
            Self::ShippingCountry { country: Some(country) } => {
                format!("The promotion does not ship to {country}.")
            }
            Self::ShippingCountry { country: None } => {
                "The promotion is limited to some shipping countries and the cart names none.".to_owned()
            }
            Self::UsageLimitReached { max_uses } => format!("The promotion was used its maximum {max_uses} times."),
            Self::CodeUsageLimitReached { code, max_uses } => {
                format!("The coupon code {code} was used its maximum {max_uses} times.")
            }
            Self::CustomerUsageLimitReached { max_uses } => {
                format!("This customer used the promotion its maximum {max_uses} times.")
            }
            Self::CodeCustomerUsageLimitReached { code, max_uses } => {
                format!("This customer used the coupon code {code} its maximum {max_uses} times.")
            }
            Self::CouponCodeMissing => {
                "The promotion needs a coupon code and the cart has none of its codes.".to_owned()
            }
            Self::TooManyCoupons { allowed } => {
                format!("The store allows {allowed} coupon(s) at checkout and earlier codes of the cart took them.")
            }
            Self::BlockedByStop { by } => format!("Promotion {by} applied and stops the promotions after it."),
            Self::BlockedByNonCombinable { by } => {
                format!("Promotion {by} applied and cannot be used with other promotions.")
            }
            Self::OverriddenByCoupon { by } => {
                format!("The coupon of promotion {by} takes off more and replaces the automatic promotions.")
            }
            Self::MinimumSpendNotMet { needed, has } => {
                format!("The cart spends {has} where the promotion needs at least {needed}.")
            }
            Self::MinimumQuantityNotMet { needed, has } => {
                format!("The cart has {has} matching item(s) where the promotion needs at least {needed}.")
            }
            Self::NoMatchingItems => "No item of the cart matches the promotion.".to_owned(),
            Self::OnlyConditionItems => {
                "Every matching item is needed to meet the condition, and the promotion does not \
                 discount those (include_items_considered_by_condition is false)."
                    .to_owned()
            }
            Self::ShippingZone { zone: Some(zone) } => format!("Free shipping is not offered to shipping zone {zone}."),
            Self::ShippingZone { zone: None } => {
                "Free shipping needs a shipping zone and the cart names none.".to_owned()
            }
            Self::NoDiscount => "The promotion's conditions hold but it would take nothing off this cart.".to_owned(),
            Self::NotCombinable { applied } => {
                format!("The promotion cannot be used with other promotions and promotion {applied} applied already.")
            }
            Self::AutomaticDiscountHigher { coupon, automatic } => format!(
                "The coupon would take off {coupon}, not more than the {automatic} of the automatic promotions \
                 it would replace."
            ),
        }
    }
}

fn text(at: &Timestamp) -> String {
    serde_json::to_value(at).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut reason = serializer.serialize_struct("Reason", 2)?;
        reason.serialize_field("code", self.code())?;
        reason.serialize_field("message", &self.message())?;
        reason.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_and_snake_case() {
        let mut codes = CODES.to_vec();
        assert!(codes.iter().all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CODES.len());
        for reason in [Reason::NoDiscount, Reason::CodeUsageLimitReached { code: "X".into(), max_uses: 1 }] {
            assert!(CODES.contains(&reason.code()), "{}", reason.code());
        }
    }

    #[test]
    fn a_reason_reads_as_a_code_and_a_message_with_its_numbers() {
        let reason = Reason::MinimumSpendNotMet { needed: "50.00 USD".into(), has: "30.00 USD".into() };
        assert_eq!(
            serde_json::to_value(&reason).unwrap(),
            serde_json::json!({"code": "minimum_spend_not_met",
                               "message": "The cart spends 30.00 USD where the promotion needs at least 50.00 USD."})
        );
    }
}
