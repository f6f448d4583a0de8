//! The cart's coupon codes: the promotion each belongs to, and which coupon promotions the
//! store's `number_of_coupons_allowed_at_checkout` lets through.
//!
//! Codes are looked up without regard to case. The coupon promotions the codes name count in
//! the order their first code is listed; the first `number_of_coupons_allowed_at_checkout` are
//! let through, the others answer `too_many_coupons` (a code nobody owns takes no place). A
//! promotion's code is used up when it has a `max_uses` and `current_uses` reached it, or when
//! the identified customer used it `max_uses_per_customer` times; the first code of the
//! promotion that is not used up is the one an applied coupon promotion uses (and a redemption
//! counts).

use super::eligibility::Reason;
use super::usage::CustomerUses;
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
    /// Each promotion let through, with its first usable code or why none is.
    accepted: Vec<(PromotionId, Result<CouponCode, Reason>)>,
    refused: Vec<PromotionId>,
    allowed: u8,
}

impl Coupons {
    pub fn new(found: &[FoundCode], allowed: u8, uses: &CustomerUses) -> Self {
        let mut grouped: Vec<(PromotionId, Vec<&CouponCode>)> = Vec::new();
        let mut refused = Vec::new();
        for (owner, code) in found.iter().filter_map(|(_, found)| found.as_ref()) {
            if let Some((_, codes)) = grouped.iter_mut().find(|(id, _)| id == owner) {
                codes.push(code);
            } else if grouped.len() < usize::from(allowed) {
                grouped.push((*owner, vec![code]));
            } else if !refused.contains(owner) {
                refused.push(*owner);
            }
        }
        let accepted = grouped.into_iter().map(|(id, codes)| (id, first_usable(&codes, uses))).collect();
        let entered = found.iter().map(|(text, found)| (text.clone(), found.as_ref().map(|(id, _)| *id))).collect();
        Self { entered, accepted, refused, allowed }
    }

    /// The cart's codes and the promotion each belongs to, in the cart's order.
    pub fn entered(&self) -> &[(CodeText, Option<PromotionId>)] {
        &self.entered
    }

    /// The code a coupon promotion uses when it applies: the cart's first usable code of it.
    pub fn code_of(&self, promotion: PromotionId) -> Option<&CouponCode> {
        self.accepted.iter().find(|(id, _)| *id == promotion).and_then(|(_, code)| code.as_ref().ok())
    }

    /// Why a coupon promotion cannot apply for want of a usable code; `None` for an automatic
    /// promotion, or a coupon promotion with a usable code in the cart.
    pub fn unmet(&self, promotion: &Promotion) -> Option<Reason> {
        if promotion.fields.redemption_type != RedemptionType::Coupon {
            return None;
        }
        if let Some((_, code)) = self.accepted.iter().find(|(id, _)| *id == promotion.id) {
            return code.as_ref().err().cloned();
        }
        if self.refused.contains(&promotion.id) {
            return Some(Reason::TooManyCoupons { allowed: self.allowed });
        }
        Some(Reason::CouponCodeMissing)
    }
}

/// The first code that is not used up, or why the first one is.
fn first_usable(codes: &[&CouponCode], uses: &CustomerUses) -> Result<CouponCode, Reason> {
    let mut first_reason = None;
    for code in codes {
        let reason = if code.max_uses > 0 && code.current_uses >= u64::from(code.max_uses) {
            Reason::CodeUsageLimitReached { code: code.code.as_ref().to_owned(), max_uses: code.max_uses }
        } else if code.max_uses_per_customer > 0
            && uses.of_code(&code.code.key()).is_some_and(|used| used >= u64::from(code.max_uses_per_customer))
        {
            Reason::CodeCustomerUsageLimitReached {
                code: code.code.as_ref().to_owned(),
                max_uses: code.max_uses_per_customer,
            }
        } else {
            return Ok((*code).clone());
        };
        first_reason.get_or_insert(reason);
    }
    Err(first_reason.unwrap_or(Reason::CouponCodeMissing))
}
