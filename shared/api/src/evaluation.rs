//! What evaluating a cart reads, for `/evaluate` and for a redemption alike: the store's
//! promotions, its settings and the cart's codes side by side, then, when the cart identifies
//! a customer and a promotion or code has a per-customer limit, that customer's uses (one
//! batched read). A redemption evaluates exactly as `/evaluate` does because both call this.

use domain::evaluation::{self, Cart, CustomerUses, Evaluation, FoundCode};
use domain::ids::StoreId;
use domain::promotion::settings::PromotionSettings;
use domain::promotion::timestamp::Timestamp;
use domain::promotion::Promotion;
use domain::redemption::CustomerKey;
use store::{Store, StoreError};

/// Everything an evaluation of one cart reads.
pub struct EvaluationInputs {
    pub promotions: Vec<Promotion>,
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
        Ok(Self { promotions, settings: settings.unwrap_or_default(), codes, uses })
    }

    /// The evaluation of `cart` at its `evaluated_at`, else `now`.
    pub fn evaluate(&self, cart: &Cart, now: Timestamp) -> Evaluation {
        evaluation::evaluate(cart, &self.promotions, &self.settings, &self.codes, &self.uses, cart.evaluated_at(now))
    }
}
