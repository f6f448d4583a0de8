//! What evaluating a cart reads, for `/evaluate` and for a redemption alike: the store's
//! promotions, its settings and the cart's codes side by side, then, when the cart identifies
//! a customer and a promotion or code has a per-customer limit, that customer's uses (one
//! batched read). A redemption evaluates exactly as `/evaluate` does because both call this.

use std::sync::Arc;

use domain::evaluation::{self, Cart, CustomerUses, Evaluation, FoundCode};
use domain::ids::StoreId;
use domain::promotion::settings::PromotionSettings;
use domain::promotion::timestamp::Timestamp;
use domain::promotion::Promotion;
use domain::redemption::CustomerKey;
use store::{Store, StoreError};

use crate::error::ApiError;

/// Everything an evaluation of one cart reads.
pub struct EvaluationInputs {
    pub promotions: Arc<Vec<Promotion>>,
    pub settings: PromotionSettings,
    pub codes: Vec<FoundCode>,
    pub uses: CustomerUses,
}

impl EvaluationInputs {
    /// Reads them (counts as they are now: strongly consistent).
    pub async fn load(store: &dyn Store, store_id: &StoreId, cart: &Cart) -> Result<Self, StoreError> {
        let codes = async {
            let mut found: Vec<FoundCode> = Vec::with_capacity(cart.coupon_codes.len());
            for code in &cart.coupon_codes {
                found.push((code.clone(), store.find_code(store_id, code).await?));
            }
            Ok::<_, StoreError>(found)
        };
        let ((promotions, _), settings, codes) = tokio::try_join!(
            store.list_promotions(store_id, false, None),
            store.get_promotion_settings(store_id),
            codes,
        )?;
        let uses = match CustomerKey::of(&cart.customer) {
            None => CustomerUses::anonymous(),
            Some(customer) => {
                let limited: Vec<_> = promotions
                    .iter()
                    .filter(|p| p.fields().max_uses_per_customer().is_some())
                    .map(Promotion::id)
                    .collect();
                let limited_codes: Vec<String> = codes
                    .iter()
                    .filter_map(|(_, found)| found.as_ref())
                    .filter(|(_, code)| code.max_uses_per_customer > 0)
                    .map(|(_, code)| code.code.key())
                    .collect();
                if limited.is_empty() && limited_codes.is_empty() {
                    CustomerUses::identified(Default::default(), Default::default())
                } else {
                    store.customer_uses(store_id, &customer, &limited, &limited_codes).await?
                }
            }
        };
        Ok(Self { promotions: Arc::new(promotions), settings: settings.unwrap_or_default(), codes, uses })
    }

    /// The evaluation of `cart` at its `evaluated_at`, else `now`: a 422 when it would take more
    /// work than one evaluation may ([`domain::evaluation::budget`]). It runs on Tokio's blocking
    /// pool, so that a long one never holds up the other requests of the process.
    pub async fn evaluate(&self, cart: &Cart, now: Timestamp) -> Result<Evaluation, ApiError> {
        evaluation::budget::check(cart, &self.promotions)?;
        let (promotions, settings, codes, uses) =
            (Arc::clone(&self.promotions), self.settings.clone(), self.codes.clone(), self.uses.clone());
        let cart = cart.clone();
        let at = cart.evaluated_at(now);
        let work = move || evaluation::evaluate(&cart, &promotions, &settings, &codes, &uses, at);
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| ApiError::Store(StoreError::Backend(format!("the evaluation stopped: {e}").into())))
    }
}
