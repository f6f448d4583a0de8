//! A promotion as both backends keep it: the domain's [`Promotion`] has private fields and no
//! `Deserialize` (a client's JSON must go through its checks), so the stores write and read
//! this form, and hand the domain back its parts, which were checked when first written.
//!
//! `R` is how the rules are held: a list in SQLite's JSON (borrowed to write, owned when read),
//! one JSON text in a DynamoDB item (see `dynamodb::promotion_item`). The field names are the stored ones: renaming one is a
//! migration.

use domain::ids::PromotionId;
use domain::promotion::code::CouponCode;
use domain::promotion::currency::CurrencyCode;
use domain::promotion::customer::Customer;
use domain::promotion::parts::{Bookkeeping, FieldValues};
use domain::promotion::resource::{CouponType, CreatedFrom, Name, RedemptionType, Status};
use domain::promotion::rule::Rule;
use domain::promotion::schedule::Schedule;
use domain::promotion::targeting::{Channel, Notification, ShippingAddress};
use domain::promotion::timestamp::Timestamp;
use domain::promotion::{Promotion, PromotionFields};
use serde::{Deserialize, Serialize};

/// The stored promotion: the platform's bookkeeping beside the written fields.
#[derive(Serialize, Deserialize)]
pub(crate) struct StoredPromotion<R = Vec<Rule>> {
    id: PromotionId,
    current_uses: u64,
    created_from: CreatedFrom,
    pub(crate) fields: StoredFields<R>,
    #[serde(default)]
    code_count: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code: Option<CouponCode>,
}

/// The stored written fields.
#[derive(Serialize, Deserialize)]
pub(crate) struct StoredFields<R> {
    redemption_type: RedemptionType,
    name: Name,
    display_name: String,
    channels: Vec<Channel>,
    customer: Customer,
    pub(crate) rules: R,
    max_uses: Option<u64>,
    #[serde(default)]
    max_uses_per_customer: Option<u64>,
    status: Status,
    start_date: Timestamp,
    end_date: Option<Timestamp>,
    stop: bool,
    can_be_used_with_other_promotions: bool,
    currency_code: CurrencyCode,
    notifications: Vec<Notification>,
    shipping_address: Option<ShippingAddress>,
    schedule: Option<Schedule>,
    coupon_overrides_automatic_when_offering_higher_discounts: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    coupon_type: Option<CouponType>,
}

impl<R> StoredPromotion<R> {
    /// `promotion` in its stored form, its rules held as `rules`.
    pub(crate) fn of(promotion: &Promotion, rules: R) -> Self {
        let Bookkeeping { id, current_uses, created_from, code_count, code } = promotion.bookkeeping();
        let FieldValues {
            redemption_type,
            name,
            display_name,
            channels,
            customer,
            max_uses,
            max_uses_per_customer,
            status,
            start_date,
            end_date,
            stop,
            can_be_used_with_other_promotions,
            currency_code,
            notifications,
            shipping_address,
            schedule,
            coupon_overrides_automatic_when_offering_higher_discounts,
            coupon_type,
        } = promotion.fields().values();
        let fields = StoredFields {
            redemption_type,
            name,
            display_name,
            channels,
            customer,
            rules,
            max_uses,
            max_uses_per_customer,
            status,
            start_date,
            end_date,
            stop,
            can_be_used_with_other_promotions,
            currency_code,
            notifications,
            shipping_address,
            schedule,
            coupon_overrides_automatic_when_offering_higher_discounts,
            coupon_type,
        };
        Self { id, current_uses, created_from, fields, code_count, code }
    }

    /// The promotion this form holds, its rules read by `rules`.
    pub(crate) fn into_promotion(self, rules: impl FnOnce(R) -> Vec<Rule>) -> Promotion {
        let Self { id, current_uses, created_from, fields, code_count, code } = self;
        let StoredFields {
            redemption_type,
            name,
            display_name,
            channels,
            customer,
            rules: stored_rules,
            max_uses,
            max_uses_per_customer,
            status,
            start_date,
            end_date,
            stop,
            can_be_used_with_other_promotions,
            currency_code,
            notifications,
            shipping_address,
            schedule,
            coupon_overrides_automatic_when_offering_higher_discounts,
            coupon_type,
        } = fields;
        let values = FieldValues {
            redemption_type,
            name,
            display_name,
            channels,
            customer,
            max_uses,
            max_uses_per_customer,
            status,
            start_date,
            end_date,
            stop,
            can_be_used_with_other_promotions,
            currency_code,
            notifications,
            shipping_address,
            schedule,
            coupon_overrides_automatic_when_offering_higher_discounts,
            coupon_type,
        };
        let fields = PromotionFields::restore_unchecked(values, rules(stored_rules));
        Promotion::restore(Bookkeeping { id, current_uses, created_from, code_count, code }, fields)
    }
}
