//! The cart's coupon codes: the promotion each belongs to, and which coupon promotions the
//! store's `number_of_coupons_allowed_at_checkout` lets through.
//!
//! Codes are looked up without regard to case. The coupon promotions the codes name count in
//! the order their first code is listed; the first `number_of_coupons_allowed_at_checkout` are
//! let through, the others answer `too_many_coupons` (a code nobody owns takes no place). A
//! promotion's code is used up when it has a `max_uses` and `current_uses` reached it; the
//! per-customer limit needs an order history this API does not keep, so it is not checked.

use super::eligibility::Reason;
use crate::ids::PromotionId;
use crate::promotion::code::{CodeText, CouponCode};
use crate::promotion::resource::RedemptionType;
use crate::promotion::Promotion;

/// A code of the cart and what the store found for it.
pub type FoundCode = (CodeText, Option<(PromotionId, CouponCode)>);

/// The cart's codes, sorted out.
#[derive(Debug)]
pub struct Coupons {
    entered: Vec<(CodeText, Option<PromotionId>)>,
    accepted: Vec<(PromotionId, Vec<CouponCode>)>,
    refused: Vec<PromotionId>,
    allowed: u8,
}

impl Coupons {
    pub fn new(found: &[FoundCode], allowed: u8) -> Self {
        let mut accepted: Vec<(PromotionId, Vec<CouponCode>)> = Vec::new();
        let mut refused = Vec::new();
        for (owner, code) in found.iter().filter_map(|(_, found)| found.as_ref()) {
            if let Some((_, codes)) = accepted.iter_mut().find(|(id, _)| id == owner) {
                codes.push(code.clone());
            } else if accepted.len() < usize::from(allowed) {
                accepted.push((*owner, vec![code.clone()]));
            } else if !refused.contains(owner) {
                refused.push(*owner);
            }
        }
        let entered = found.iter().map(|(text, found)| (text.clone(), found.as_ref().map(|(id, _)| *id))).collect();
        Self { entered, accepted, refused, allowed }
    }

    /// The cart's codes and the promotion each belongs to, in the cart's order.
    pub fn entered(&self) -> &[(CodeText, Option<PromotionId>)] {
        &self.entered
    }

    /// Why a coupon promotion cannot apply for want of a usable code; `None` for an automatic
    /// promotion, or a coupon promotion with a usable code in the cart.
    pub fn unmet(&self, promotion: &Promotion) -> Option<Reason> {
        if promotion.fields.redemption_type != RedemptionType::Coupon {
            return None;
        }
        if let Some((_, codes)) = self.accepted.iter().find(|(id, _)| *id == promotion.id) {
            let used_up = |code: &&CouponCode| code.max_uses > 0 && code.current_uses >= u64::from(code.max_uses);
            if codes.iter().all(|code| used_up(&code)) {
                let code = &codes[0];
                return Some(Reason::CodeUsageLimitReached {
                    code: code.code.as_ref().to_owned(),
                    max_uses: code.max_uses,
                });
            }
            return None;
        }
        if self.refused.contains(&promotion.id) {
            return Some(Reason::TooManyCoupons { allowed: self.allowed });
        }
        Some(Reason::CouponCodeMissing)
    }
}
