//! The coupon a marketing email offers, and the rules between its fields.

use serde::{Deserialize, Serialize};

use super::duration::IsoDuration;
use super::flake_id::FlakeId;
use crate::checks::{field, Checks, Path};
use crate::error::Violation;

/// Most ids each of `required_tag_ids` and `required_product_ids` may hold: far more than a
/// coupon needs, and small enough that a configuration stays well inside one DynamoDB item.
pub const MAX_REQUIRED_IDS: usize = 1000;

/// The coupon configuration. Every field is required except `duration_in_months` (present
/// exactly for `repeating` coupons) and `expires_after`.
///
/// PayNow renamed `duration_in_months` to `duration_in_intervals`: either name is read (both
/// at once only with the same value) and both are written, so clients of either era read theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouponConfiguration {
    pub duration: CouponDuration,
    /// Written as `null` when absent.
    #[serde(default)]
    pub duration_in_months: Option<i32>,
    /// `duration_in_months` under its current name; written as `null` when absent.
    #[serde(default)]
    pub duration_in_intervals: Option<i32>,
    pub discount_type: DiscountType,
    /// A percentage (0–100) for `percent`, an amount in the smallest currency unit for `amount`.
    pub discount_amount: i64,
    pub discount_only_required_tags_or_products: bool,
    pub discount_apply_before_sales: bool,
    pub required_tag_ids: Vec<FlakeId>,
    pub required_product_ids: Vec<FlakeId>,
    pub minimum_order_value: i64,
    pub customer_redeem_limit_enabled: bool,
    /// int64, as upstream types it (a limit of 3,000,000,000 is valid).
    pub customer_redeem_limit: i64,
    pub usable_on_one_time_purchases: bool,
    pub usable_on_subscriptions: bool,
    /// Left out of the JSON when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_after: Option<IsoDuration>,
}

/// How long a coupon keeps discounting a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponDuration {
    Once,
    Repeating,
    Forever,
}

/// What `discount_amount` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscountType {
    Unspecified,
    Percent,
    Amount,
}

impl CouponConfiguration {
    /// The coupon of a configuration nobody wrote: it discounts nothing and binds nothing.
    pub fn neutral() -> Self {
        Self {
            duration: CouponDuration::Once,
            duration_in_months: None,
            duration_in_intervals: None,
            discount_type: DiscountType::Unspecified,
            discount_amount: 0,
            discount_only_required_tags_or_products: false,
            discount_apply_before_sales: false,
            required_tag_ids: Vec::new(),
            required_product_ids: Vec::new(),
            minimum_order_value: 0,
            customer_redeem_limit_enabled: false,
            customer_redeem_limit: 0,
            usable_on_one_time_purchases: true,
            usable_on_subscriptions: false,
            expires_after: None,
        }
    }

    /// The coupon with its duration under both names (whichever was given).
    pub fn with_both_duration_names(self) -> Self {
        let duration = self.duration_in_intervals.or(self.duration_in_months);
        Self { duration_in_months: duration, duration_in_intervals: duration, ..self }
    }

    /// Records every rule between fields that this coupon breaks, under `path`.
    pub fn check(&self, path: &Path, checks: &mut Checks) {
        let name = if self.duration_in_intervals.is_some() { "duration_in_intervals" } else { "duration_in_months" };
        let months = field(path, name);
        let repeating = self.duration == CouponDuration::Repeating;
        let given = self.duration_in_intervals.or(self.duration_in_months);
        let agree = match (self.duration_in_months, self.duration_in_intervals) {
            (Some(old), Some(new)) => old == new,
            _ => true,
        };
        checks.expect(agree, months, Violation::Malformed("must equal duration_in_months when both are sent".into()));
        let needed = Violation::RequiredWhen("duration is repeating");
        checks.expect(!repeating || given.is_some(), months, needed);
        let unwanted = Violation::OnlyWhen("duration is repeating");
        checks.expect(repeating || given.is_none(), months, unwanted);
        checks.expect(given.is_none_or(|n| n > 0), months, Violation::NotPositive);
        let amount = field(path, "discount_amount");
        checks.expect(self.discount_amount >= 0, amount, Violation::Negative);
        checks.expect(
            self.discount_type != DiscountType::Percent || self.discount_amount <= 100,
            amount,
            Violation::PercentOver100,
        );
        for (ids, name) in
            [(&self.required_tag_ids, "required_tag_ids"), (&self.required_product_ids, "required_product_ids")]
        {
            checks.unique(ids, field(path, name));
            checks.at_most(ids, MAX_REQUIRED_IDS, field(path, name));
        }
        checks.expect(self.minimum_order_value >= 0, field(path, "minimum_order_value"), Violation::Negative);
        checks.expect(self.customer_redeem_limit >= 0, field(path, "customer_redeem_limit"), Violation::Negative);
    }
}
