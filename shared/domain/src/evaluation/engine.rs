//! The evaluation: every promotion of the store, in priority order (id ascending), against one
//! cart, each either applied or explained.
//!
//! A promotion applies when it passes its [`prerequisites`], has a usable coupon code if it is a
//! coupon, is not blocked, and one of its rules applies. After one applies:
//! - `stop` (on the promotion, or on the rule that applied) blocks every promotion after it;
//! - `can_be_used_with_other_promotions: false` blocks every promotion after it too, and such a
//!   promotion itself applies only while nothing else has.
//!
//! A coupon with `coupon_overrides_automatic_when_offering_higher_discounts` that meets only
//! automatic promotions already applied is compared with them: when it alone takes off more
//! money than they do together, they are set aside (`overridden_by_coupon`) and the evaluation
//! runs again without them; otherwise it does not apply (`automatic_discount_higher`).
//! Nothing is ever written: an evaluation has no effect on `current_uses` or anything else (a
//! redemption, `crate::redemption`, is what counts the uses of the promotions that applied).

use rust_decimal::Decimal;

use super::cart::Cart;
use super::context::{positions, Context};
use super::coupons::{Coupons, FoundCode};
use super::decimal::Rounding;
use super::eligibility::Reason;
use super::ledger::Ledger;
use super::prerequisites;
use super::rules::{first_applicable, Winner};
use super::usage::CustomerUses;
use crate::ids::PromotionId;
use crate::promotion::resource::RedemptionType;
use crate::promotion::settings::PromotionSettings;
use crate::promotion::timestamp::Timestamp;
use crate::promotion::Promotion;

/// The answer for one cart.
#[derive(Debug)]
pub struct Evaluation {
    pub evaluated_at: Timestamp,
    pub rounding: Rounding,
    pub ledger: Ledger,
    pub outcomes: Vec<Outcome>,
    pub coupons: Coupons,
}

/// What became of one promotion.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub id: PromotionId,
    pub name: String,
    pub redemption_type: RedemptionType,
    /// The rule that applied, or whose reason is given.
    pub rule: Option<usize>,
    /// What the promotion took off (0 unless it applied).
    pub discount: Decimal,
    /// `None` exactly when the promotion applied.
    pub reason: Option<Reason>,
}

/// Evaluates `cart` at `at` against the store's promotions, its settings, the codes found for
/// the cart's coupon codes and what the customer (if the cart identifies one) used already.
pub fn evaluate(
    cart: &Cart,
    promotions: &[Promotion],
    settings: &PromotionSettings,
    codes: &[FoundCode],
    uses: &CustomerUses,
    at: Timestamp,
) -> Evaluation {
    let mut ordered: Vec<&Promotion> = promotions.iter().collect();
    ordered.sort_by_key(|promotion| promotion.id);
    let coupons = Coupons::new(codes, settings.number_of_coupons_allowed_at_checkout, uses);
    let position = positions(cart);
    let pass = Pass { cart, settings, coupons: &coupons, uses, position: &position, at };
    let mut overridden: Vec<(PromotionId, PromotionId)> = Vec::new();
    let (ledger, outcomes) = loop {
        match pass.run(&ordered, &overridden) {
            Ok(done) => break done,
            Err(Override { coupon, replaced }) => overridden.extend(replaced.into_iter().map(|id| (id, coupon))),
        }
    };
    Evaluation { evaluated_at: at, rounding: cart.rounding(), ledger, outcomes, coupons }
}

/// One run over the promotions.
struct Pass<'a> {
    cart: &'a Cart,
    settings: &'a PromotionSettings,
    coupons: &'a Coupons,
    uses: &'a CustomerUses,
    position: &'a [usize],
    at: Timestamp,
}

/// A coupon that replaces the automatic promotions applied before it: run again without them.
struct Override {
    coupon: PromotionId,
    replaced: Vec<PromotionId>,
}

/// A promotion that applied, as later promotions see it.
struct Applied {
    id: PromotionId,
    automatic: bool,
    amount: Decimal,
}

enum Decision {
    Apply(Winner),
    Skip(Option<usize>, Reason),
}

impl Pass<'_> {
    fn run(
        &self,
        ordered: &[&Promotion],
        overridden: &[(PromotionId, PromotionId)],
    ) -> Result<(Ledger, Vec<Outcome>), Override> {
        let mut ledger = Ledger::new(self.cart);
        let mut applied: Vec<Applied> = Vec::new();
        let mut blocked: Option<Reason> = None;
        let mut outcomes = Vec::with_capacity(ordered.len());
        for promotion in ordered {
            let fields = &promotion.fields;
            let mut outcome = Outcome {
                id: promotion.id,
                name: fields.name.as_ref().to_owned(),
                redemption_type: fields.redemption_type,
                rule: None,
                discount: Decimal::ZERO,
                reason: None,
            };
            match self.decide(promotion, &ledger, &applied, blocked.as_ref(), overridden)? {
                Decision::Skip(rule, reason) => (outcome.rule, outcome.reason) = (rule, Some(reason)),
                Decision::Apply(winner) => {
                    let automatic = fields.redemption_type == RedemptionType::Automatic;
                    (outcome.rule, outcome.discount) = (Some(winner.rule), winner.effect.total());
                    applied.push(Applied { id: promotion.id, automatic, amount: outcome.discount });
                    if !fields.can_be_used_with_other_promotions {
                        blocked = Some(Reason::BlockedByNonCombinable { by: promotion.id });
                    } else if fields.stop || winner.stop {
                        blocked = Some(Reason::BlockedByStop { by: promotion.id });
                    }
                    ledger.commit(promotion.id, winner.effect);
                }
            }
            outcomes.push(outcome);
        }
        Ok((ledger, outcomes))
    }

    fn decide(
        &self,
        promotion: &Promotion,
        ledger: &Ledger,
        applied: &[Applied],
        blocked: Option<&Reason>,
        overridden: &[(PromotionId, PromotionId)],
    ) -> Result<Decision, Override> {
        let early = prerequisites::unmet(promotion, self.cart, self.uses, self.at)
            .or_else(|| self.coupons.unmet(promotion))
            .or_else(|| {
                overridden.iter().find(|(id, _)| *id == promotion.id).map(|&(_, by)| Reason::OverriddenByCoupon { by })
            })
            .or_else(|| blocked.cloned());
        if let Some(reason) = early {
            return Ok(Decision::Skip(None, reason));
        }
        let winner = match first_applicable(promotion, &self.context(ledger)) {
            Ok(winner) => winner,
            Err((rule, reason)) => return Ok(Decision::Skip(Some(rule), reason)),
        };
        match applied.first() {
            Some(first) if !promotion.fields.can_be_used_with_other_promotions => {
                self.exclusive(promotion, winner.rule, first.id, applied)
            }
            _ => Ok(Decision::Apply(winner)),
        }
    }

    /// A promotion that cannot be combined meets promotions applied already.
    fn exclusive(
        &self,
        promotion: &Promotion,
        rule: usize,
        first: PromotionId,
        applied: &[Applied],
    ) -> Result<Decision, Override> {
        let fields = &promotion.fields;
        let overrides = fields.redemption_type == RedemptionType::Coupon
            && fields.coupon_overrides_automatic_when_offering_higher_discounts
            && applied.iter().all(|a| a.automatic);
        if !overrides {
            return Ok(Decision::Skip(Some(rule), Reason::NotCombinable { applied: first }));
        }
        let fresh = Ledger::new(self.cart);
        let alone = first_applicable(promotion, &self.context(&fresh)).map_or(Decimal::ZERO, |w| w.effect.total());
        let automatic: Decimal = applied.iter().map(|a| a.amount).sum();
        if alone > automatic {
            return Err(Override { coupon: promotion.id, replaced: applied.iter().map(|a| a.id).collect() });
        }
        let context = self.context(&fresh);
        let reason = Reason::AutomaticDiscountHigher {
            coupon: context.money_text(alone),
            automatic: context.money_text(automatic),
        };
        Ok(Decision::Skip(Some(rule), reason))
    }

    fn context<'a>(&'a self, ledger: &'a Ledger) -> Context<'a> {
        Context {
            cart: self.cart,
            ledger,
            settings: self.settings,
            rounding: self.cart.rounding(),
            position: self.position,
        }
    }
}
