//! What evaluating a cart reads, for `/evaluate` and for a redemption alike: by default the
//! candidates (the store's live automatic promotions and the promotions of the cart's codes,
//! [`store::CandidateStore`]) and its settings side by side, then, when the cart identifies a
//! customer and a promotion or code has a per-customer limit, that customer's uses (one batched
//! read). A redemption evaluates exactly as `/evaluate` does because both call this.
//!
//! No promotion left out could apply or change another's outcome
//! ([`domain::evaluation::candidates`]), so the totals are the same as over every promotion;
//! [`Reach::All`] (`/evaluate?include=all`) reads every promotion anyway, to explain each one,
//! for stores of at most [`INCLUDE_ALL_LIMIT`] promotions.

use std::sync::Arc;

use domain::evaluation::{self, Cart, CustomerUses, Evaluation, FoundCode};
use domain::ids::StoreId;
use domain::promotion::settings::PromotionSettings;
use domain::promotion::timestamp::Timestamp;
use domain::promotion::Promotion;
use domain::redemption::CustomerKey;
use domain::{FieldError, Violation};
use store::{Freshness, Store, StoreError};

use crate::error::ApiError;

/// The most promotions a store may have for `include=all` to list them all: past it the
/// answer's size and its reads grow without bound.
pub const INCLUDE_ALL_LIMIT: u64 = 1_000;

/// Which of the store's promotions an evaluation reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The candidates, read as fresh as asked.
    Candidates(Freshness),
    /// Every promotion (strongly consistent), to explain each.
    All,
}

/// Everything an evaluation of one cart reads.
pub struct EvaluationInputs {
    pub promotions: Arc<Vec<Promotion>>,
    pub settings: PromotionSettings,
    pub codes: Vec<FoundCode>,
    pub uses: CustomerUses,
}

impl EvaluationInputs {
    /// Reads them for an evaluation at `at` or later (a later evaluation only drops the
    /// promotions that ended in between). With [`Reach::Candidates`], the live set is read from
    /// an index that is eventually consistent (typically under a second behind); a redemption's
    /// limits are enforced by its write's conditions, never by these reads.
    pub async fn load(
        store: &dyn Store,
        store_id: &StoreId,
        cart: &Cart,
        at: Timestamp,
        reach: Reach,
    ) -> Result<Self, StoreError> {
        let read = async {
            match reach {
                Reach::Candidates(freshness) => {
                    let found = store.evaluation_candidates(store_id, &cart.coupon_codes, at, freshness).await?;
                    Ok((found.promotions, found.codes))
                }
                Reach::All => every_promotion(store, store_id, cart).await,
            }
        };
        let ((promotions, codes), settings) = tokio::try_join!(read, store.get_promotion_settings(store_id))?;
        let uses = customer_uses(store, store_id, cart, &promotions, &codes).await?;
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

/// How many promotions the store has (the count the listing reports).
pub async fn promotion_count(store: &dyn Store, store_id: &StoreId) -> Result<u64, StoreError> {
    store.count_promotions(store_id).await
}

/// Refuses `include=all` (422 on `include`) for a store of more than [`INCLUDE_ALL_LIMIT`]
/// promotions.
pub fn check_include_all(count: u64) -> Result<(), ApiError> {
    if count <= INCLUDE_ALL_LIMIT {
        return Ok(());
    }
    let message = format!(
        "include=all explains every promotion, for stores of at most {INCLUDE_ALL_LIMIT}; this store has {count}: \
         leave include out to evaluate the candidates (live automatic promotions and those of the cart's codes)"
    );
    Err(FieldError::new("include", Violation::Malformed(message)).into())
}

/// Every promotion of the store and the cart's codes (each code whose promotion is gone counts
/// as unknown, as with the candidates).
async fn every_promotion(
    store: &dyn Store,
    store_id: &StoreId,
    cart: &Cart,
) -> Result<(Vec<Promotion>, Vec<FoundCode>), StoreError> {
    let codes = async {
        let mut found: Vec<FoundCode> = Vec::with_capacity(cart.coupon_codes.len());
        for code in &cart.coupon_codes {
            found.push((code.clone(), store.find_code(store_id, code).await?));
        }
        Ok::<_, StoreError>(found)
    };
    let ((promotions, _), mut codes) = tokio::try_join!(store.list_promotions(store_id, false, None), codes)?;
    for (_, found) in &mut codes {
        if found.as_ref().is_some_and(|(id, _)| !promotions.iter().any(|p| p.id() == *id)) {
            *found = None;
        }
    }
    Ok((promotions, codes))
}

/// What the cart's customer used of the promotions and codes that have a per-customer limit
/// (nothing is read for a guest, or when nothing has such a limit).
async fn customer_uses(
    store: &dyn Store,
    store_id: &StoreId,
    cart: &Cart,
    promotions: &[Promotion],
    codes: &[FoundCode],
) -> Result<CustomerUses, StoreError> {
    let Some(customer) = CustomerKey::of(&cart.customer) else { return Ok(CustomerUses::anonymous()) };
    let limited: Vec<_> =
        promotions.iter().filter(|p| p.fields().max_uses_per_customer().is_some()).map(Promotion::id).collect();
    let limited_codes: Vec<String> = codes
        .iter()
        .filter_map(|(_, found)| found.as_ref())
        .filter(|(_, code)| code.max_uses_per_customer > 0)
        .map(|(_, code)| code.code.key())
        .collect();
    if limited.is_empty() && limited_codes.is_empty() {
        return Ok(CustomerUses::identified(Default::default(), Default::default()));
    }
    store.customer_uses(store_id, &customer, &limited, &limited_codes).await
}
