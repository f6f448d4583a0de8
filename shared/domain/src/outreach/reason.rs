//! Why a delivery was cancelled or skipped, as the deliveries listing names it.

use serde::{Deserialize, Serialize};

/// The reason beside a `CANCELLED` or `SKIPPED` delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The checkout became an order before its reminder was due.
    Completed,
    /// The order was refunded before its follow-up was due.
    Refunded,
    /// The configuration is not enabled.
    Disabled,
    /// The configuration is enabled but `invalid` (its coupon cannot run).
    InvalidConfiguration,
    /// The customer did not agree to marketing email.
    NoConsent,
    /// The value is below `minimum_order_value` or above `maximum_order_value`.
    ValueOutOfBounds,
    /// The customer had `max_coupons_per_customer_amount` coupons in the period already.
    CustomerCapReached,
    /// The store gave out `max_coupons_global_amount` coupons in the period already.
    StoreCapReached,
    /// The address is on the mail service's suppression list (it bounced or complained).
    Suppressed,
    /// The customer unsubscribed from the store's marketing email.
    Unsubscribed,
    /// The mail service refused the email for good (see the logs).
    Rejected,
    /// The coupon's promotion was deleted, or its coupon cannot be a promotion.
    CouponUnavailable,
    /// Only a completion or a refund was ever received: nothing to write about.
    NoCheckout,
}
