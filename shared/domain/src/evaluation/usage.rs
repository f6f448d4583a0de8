//! What one customer has used already: the per-customer counts an evaluation needs to enforce
//! `max_uses_per_customer` (of a promotion, and of a coupon code). A store reads them for the
//! customer a request identifies ([`crate::redemption::CustomerKey`]); for a shopper nobody
//! identified there is nothing to count, and no per-customer limit applies.

use std::collections::HashMap;

use crate::ids::PromotionId;

/// The uses of one identified customer, by promotion and by code (its upper-case key).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerUses {
    identified: bool,
    promotions: HashMap<PromotionId, u64>,
    codes: HashMap<String, u64>,
}

impl CustomerUses {
    /// No customer: per-customer limits do not apply.
    pub fn anonymous() -> Self {
        Self::default()
    }

    /// An identified customer's counts; what is not listed was never used.
    pub fn identified(promotions: HashMap<PromotionId, u64>, codes: HashMap<String, u64>) -> Self {
        Self { identified: true, promotions, codes }
    }

    /// How often the customer used the promotion; `None` when no customer is identified.
    pub fn of_promotion(&self, id: PromotionId) -> Option<u64> {
        self.identified.then(|| self.promotions.get(&id).copied().unwrap_or(0))
    }

    /// How often the customer used the code with this key; `None` when no customer is identified.
    pub fn of_code(&self, key: &str) -> Option<u64> {
        self.identified.then(|| self.codes.get(key).copied().unwrap_or(0))
    }
}
