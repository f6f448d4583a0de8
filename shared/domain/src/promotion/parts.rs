//! A promotion's written fields as plain values: what a store keeps and gives back. Building
//! [`FieldValues`] checks nothing; only [`super::PromotionFields::restore`] takes them, for a
//! store reading back what was checked when it was accepted. Requests go through
//! [`super::PromotionInput`].

use super::code::CouponCode;
use super::currency::CurrencyCode;
use super::customer::Customer;
use super::kinds::{CouponType, CreatedFrom, Name, RedemptionType, Status};
use super::schedule::Schedule;
use super::targeting::{Channel, Notification, ShippingAddress};
use super::timestamp::Timestamp;
use crate::ids::PromotionId;

/// The fields of a [`super::PromotionFields`], one for one but the rules, which a store may keep
/// in a form of its own (and need not copy to write).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldValues {
    pub redemption_type: RedemptionType,
    pub name: Name,
    pub display_name: String,
    pub channels: Vec<Channel>,
    pub customer: Customer,
    pub max_uses: Option<u64>,
    pub max_uses_per_customer: Option<u64>,
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
    pub coupon_type: Option<CouponType>,
}

/// What the platform owns of a [`super::Promotion`], as a store keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bookkeeping {
    pub id: PromotionId,
    pub current_uses: u64,
    pub created_from: CreatedFrom,
    pub code_count: u64,
    pub code: Option<CouponCode>,
}
