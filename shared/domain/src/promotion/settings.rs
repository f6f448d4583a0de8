//! The store-wide promotion settings (`GET` / `PUT /promotions/settings`).

use serde::{Deserialize, Serialize};

use crate::checks::Checks;
use crate::error::{Invalid, Violation};

/// Store-wide settings; every field is required on `PUT`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromotionSettings {
    pub promotions_apply_on_products_with_custom_product_price: bool,
    pub promotions_triggered_by_products_with_zero_product_price: bool,
    /// 1 to 5.
    pub number_of_coupons_allowed_at_checkout: u8,
    pub promotions_applied_on_original_product_price: bool,
    /// Whether rolling back a redemption (an order cancelled or refunded) gives a single-use
    /// coupon code its use back, so that the shopper can use it again. Optional on `PUT`.
    #[serde(default = "reuse_codes_by_default")]
    pub reuse_codes_of_cancelled_orders: bool,
}

fn reuse_codes_by_default() -> bool {
    true
}

impl Default for PromotionSettings {
    fn default() -> Self {
        Self {
            promotions_apply_on_products_with_custom_product_price: false,
            promotions_triggered_by_products_with_zero_product_price: false,
            number_of_coupons_allowed_at_checkout: 1,
            promotions_applied_on_original_product_price: true,
            reuse_codes_of_cancelled_orders: true,
        }
    }
}

impl PromotionSettings {
    pub fn check(self) -> Result<Self, Invalid> {
        let mut checks = Checks::default();
        let coupons = self.number_of_coupons_allowed_at_checkout;
        checks.expect(
            (1..=5).contains(&coupons),
            "number_of_coupons_allowed_at_checkout",
            Violation::Malformed("must be from 1 to 5".into()),
        );
        checks.finish().map(|()| self)
    }
}
