//! A marketing configuration: what a client writes ([`ConfigurationInput`], the PUT body) and
//! the resource ([`MarketingConfiguration`]): the written fields, checked, beside the ones the
//! server owns (`store_id`, `updated_by`, `updated_at`, and `invalid`, computed on every read).
//!
//! JSON: the nullable numbers (`maximum_order_value`, `max_coupons_*_amount`,
//! `duration_in_months` / `duration_in_intervals`) are written as `null` when absent; the optional durations
//! (`max_coupons_*_period`, `expires_after`) are left out. On input, `null` and absent are the
//! same.

use serde::{Deserialize, Serialize};

use super::command::{self, Command};
use super::coupon::CouponConfiguration;
use super::duration::IsoDuration;
use super::flake_id::FlakeId;
use super::timestamp::UpdatedAt;
use super::updated_by::UpdatedBy;
use crate::checks::{field, Checks, ROOT};
use crate::error::{Invalid, Violation};

/// `trigger_after` of a configuration nobody wrote: one day, a common wait before a reminder.
pub const DEFAULT_TRIGGER_DAYS: u32 = 1;

/// Everything about a configuration that a client writes; a PUT replaces all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigurationInput {
    pub enabled: bool,
    pub trigger_after: IsoDuration,
    pub minimum_order_value: i64,
    #[serde(default)]
    pub maximum_order_value: Option<i64>,
    #[serde(default)]
    pub max_coupons_per_customer_amount: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_coupons_per_customer_period: Option<IsoDuration>,
    #[serde(default)]
    pub max_coupons_global_amount: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_coupons_global_period: Option<IsoDuration>,
    pub coupon_configuration: CouponConfiguration,
    /// PayNow's `commands` (required upstream since 2025; left out by older clients: none).
    #[serde(default)]
    pub commands: Vec<Command>,
}

/// A stored configuration of one kind for one store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketingConfiguration {
    pub store_id: FlakeId,
    pub settings: ConfigurationInput,
    pub updated_by: UpdatedBy,
    pub updated_at: UpdatedAt,
}

/// The JSON a client reads: the resource with `invalid` computed from it.
#[derive(Serialize)]
pub struct ConfigurationView<'a> {
    store_id: FlakeId,
    invalid: bool,
    #[serde(flatten)]
    settings: &'a ConfigurationInput,
    updated_by: &'a UpdatedBy,
    updated_at: UpdatedAt,
}

impl MarketingConfiguration {
    /// The configuration a PUT stores, if `settings` keeps every rule between fields; otherwise
    /// every broken rule, each with its path.
    pub fn accept(
        store_id: FlakeId,
        settings: ConfigurationInput,
        updated_by: UpdatedBy,
        updated_at: UpdatedAt,
    ) -> Result<Self, Invalid> {
        let mut checks = Checks::default();
        settings.check(&mut checks);
        let mut settings = settings;
        settings.coupon_configuration = settings.coupon_configuration.with_both_duration_names();
        checks.finish().map(|()| Self { store_id, settings, updated_by, updated_at })
    }

    /// What a store that never wrote this configuration reads: disabled, no limits, a neutral
    /// coupon, a trigger after one day, by nobody (`anonymous`) at the Unix epoch.
    pub fn unconfigured(store_id: FlakeId) -> Self {
        Self {
            store_id,
            settings: ConfigurationInput {
                enabled: false,
                trigger_after: IsoDuration::days(DEFAULT_TRIGGER_DAYS),
                minimum_order_value: 0,
                maximum_order_value: None,
                max_coupons_per_customer_amount: None,
                max_coupons_per_customer_period: None,
                max_coupons_global_amount: None,
                max_coupons_global_period: None,
                coupon_configuration: CouponConfiguration::neutral(),
                commands: Vec::new(),
            },
            updated_by: UpdatedBy::anonymous(),
            updated_at: UpdatedAt::NEVER,
        }
    }

    /// The response representation of this configuration.
    pub fn view(&self) -> ConfigurationView<'_> {
        ConfigurationView {
            store_id: self.store_id,
            invalid: self.is_invalid(),
            settings: &self.settings,
            updated_by: &self.updated_by,
            updated_at: self.updated_at,
        }
    }
}

impl ConfigurationInput {
    /// Records every rule between fields that these settings break.
    pub fn check(&self, checks: &mut Checks) {
        checks.expect(self.minimum_order_value >= 0, "minimum_order_value", Violation::Negative);
        if let Some(maximum) = self.maximum_order_value {
            checks.expect(maximum >= 0, "maximum_order_value", Violation::Negative);
            checks.expect(
                maximum >= self.minimum_order_value,
                "maximum_order_value",
                Violation::LessThan("minimum_order_value"),
            );
        }
        let limits = [
            (
                "max_coupons_per_customer_amount",
                self.max_coupons_per_customer_amount,
                "max_coupons_per_customer_period",
                self.max_coupons_per_customer_period.is_some(),
            ),
            (
                "max_coupons_global_amount",
                self.max_coupons_global_amount,
                "max_coupons_global_period",
                self.max_coupons_global_period.is_some(),
            ),
        ];
        for (amount_name, amount, period_name, has_period) in limits {
            let Some(amount) = amount else { continue };
            checks.expect(amount >= 0, amount_name, Violation::Negative);
            checks.expect(has_period, period_name, Violation::RequiredWith(amount_name));
        }
        self.coupon_configuration.check(&field(&ROOT, "coupon_configuration"), checks);
        command::check(&self.commands, &field(&ROOT, "commands"), checks);
    }
}
