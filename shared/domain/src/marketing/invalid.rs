//! The read-only `invalid` flag: a configuration that passed every rule (so it was stored) but
//! that the platform cannot run as it stands. It is computed from the stored configuration on
//! every response, never stored and never accepted from a client.
//!
//! A disabled configuration is never invalid: it does not run. An enabled one is invalid when
//! its coupon has at least one [`Blocker`].

use super::configuration::{ConfigurationInput, MarketingConfiguration};
use super::coupon::DiscountType;

/// A reason an enabled configuration cannot run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocker {
    /// `discount_type` is `unspecified` with a non-zero `discount_amount`: an amount of what?
    AmountWithoutType,
    /// `discount_type` is `percent` or `amount` with `discount_amount` 0: it takes nothing off.
    TypeWithoutAmount,
    /// `discount_only_required_tags_or_products` with both id lists empty: it applies to nothing.
    NothingRequired,
    /// Neither `usable_on_one_time_purchases` nor `usable_on_subscriptions`: usable on nothing.
    UsableOnNothing,
    /// `customer_redeem_limit_enabled` with `customer_redeem_limit` 0: nobody may redeem it.
    ZeroRedeemLimit,
}

impl ConfigurationInput {
    /// Why these settings cannot run; empty when they can (or when they are disabled).
    pub fn blockers(&self) -> Vec<Blocker> {
        if !self.enabled {
            return Vec::new();
        }
        let coupon = &self.coupon_configuration;
        let typed = coupon.discount_type != DiscountType::Unspecified;
        let nothing_required = coupon.required_tag_ids.is_empty() && coupon.required_product_ids.is_empty();
        [
            (!typed && coupon.discount_amount != 0, Blocker::AmountWithoutType),
            (typed && coupon.discount_amount == 0, Blocker::TypeWithoutAmount),
            (coupon.discount_only_required_tags_or_products && nothing_required, Blocker::NothingRequired),
            (!coupon.usable_on_one_time_purchases && !coupon.usable_on_subscriptions, Blocker::UsableOnNothing),
            (coupon.customer_redeem_limit_enabled && coupon.customer_redeem_limit == 0, Blocker::ZeroRedeemLimit),
        ]
        .into_iter()
        .filter_map(|(blocked, blocker)| blocked.then_some(blocker))
        .collect()
    }
}

impl MarketingConfiguration {
    /// The `invalid` flag: enabled, and unable to run for at least one [`Blocker`].
    pub fn is_invalid(&self) -> bool {
        !self.settings.blockers().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::marketing::coupon::CouponConfiguration;
    use crate::marketing::FlakeId;
    use crate::parse::StrValue;

    /// An enabled configuration that can run: 10 % off, on one-time purchases.
    fn runnable() -> Value {
        let mut coupon = serde_json::to_value(CouponConfiguration::neutral()).expect("a coupon serializes");
        coupon["discount_type"] = json!("percent");
        coupon["discount_amount"] = json!(10);
        json!({"enabled": true, "trigger_after": "PT1H", "minimum_order_value": 0,
               "coupon_configuration": coupon})
    }

    fn blockers(coupon_changes: Value, enabled: bool) -> Vec<Blocker> {
        let mut body = runnable();
        body["enabled"] = json!(enabled);
        for (key, value) in coupon_changes.as_object().expect("an object") {
            body["coupon_configuration"][key] = value.clone();
        }
        let settings: ConfigurationInput = serde_json::from_value(body).expect("a valid body");
        settings.blockers()
    }

    #[test]
    fn each_blocker_makes_an_enabled_configuration_invalid() {
        use Blocker::*;
        let table = [
            (json!({}), vec![]),
            (json!({"discount_type": "amount", "discount_amount": 500}), vec![]),
            (json!({"discount_type": "unspecified", "discount_amount": 0}), vec![]),
            (json!({"discount_type": "unspecified"}), vec![AmountWithoutType]),
            (json!({"discount_amount": 0}), vec![TypeWithoutAmount]),
            (json!({"discount_type": "amount", "discount_amount": 0}), vec![TypeWithoutAmount]),
            (json!({"discount_only_required_tags_or_products": true}), vec![NothingRequired]),
            (json!({"discount_only_required_tags_or_products": true, "required_tag_ids": ["1"]}), vec![]),
            (json!({"discount_only_required_tags_or_products": true, "required_product_ids": ["1"]}), vec![]),
            (json!({"usable_on_one_time_purchases": false}), vec![UsableOnNothing]),
            (json!({"usable_on_one_time_purchases": false, "usable_on_subscriptions": true}), vec![]),
            (json!({"customer_redeem_limit_enabled": true}), vec![ZeroRedeemLimit]),
            (json!({"customer_redeem_limit_enabled": true, "customer_redeem_limit": 1}), vec![]),
            (json!({"customer_redeem_limit": 0}), vec![]),
            (
                json!({"discount_type": "unspecified", "usable_on_one_time_purchases": false}),
                vec![AmountWithoutType, UsableOnNothing],
            ),
        ];
        for (changes, expected) in table {
            assert_eq!(blockers(changes.clone(), true), expected, "{changes}");
        }
    }

    #[test]
    fn a_disabled_configuration_is_never_invalid() {
        let broken = json!({"discount_type": "unspecified", "usable_on_one_time_purchases": false,
                            "customer_redeem_limit_enabled": true});
        assert_eq!(blockers(broken, false), vec![]);
    }

    #[test]
    fn the_unconfigured_default_is_not_invalid_and_would_not_be_once_enabled() {
        let mut configuration = MarketingConfiguration::unconfigured(FlakeId::parse_str("1").unwrap());
        assert!(!configuration.is_invalid());
        configuration.settings.enabled = true;
        assert!(!configuration.is_invalid());
    }
}
