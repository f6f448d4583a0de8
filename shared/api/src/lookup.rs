//! Finding the promotion a code endpoint works on: it must exist (404) and be a coupon
//! promotion (422 otherwise: automatic promotions have no codes).

use domain::ids::{PromotionId, StoreId};
use domain::promotion::resource::{CouponType, Promotion};
use domain::{FieldError, Violation};
use store::Store;

use crate::error::ApiError;

/// The store's promotion `id`, or a 404.
pub async fn existing(store: &dyn Store, store_id: &StoreId, id: Option<PromotionId>) -> Result<Promotion, ApiError> {
    let id = id.ok_or(ApiError::NotFound("promotion"))?;
    let found = store.get_promotion(store_id, id).await?;
    found.map(|versioned| versioned.value).ok_or(ApiError::NotFound("promotion"))
}

/// The store's coupon promotion `id` and its coupon type.
pub async fn coupon(
    store: &dyn Store,
    store_id: &StoreId,
    id: Option<PromotionId>,
) -> Result<(Promotion, CouponType), ApiError> {
    let promotion = existing(store, store_id, id).await?;
    match promotion.fields().coupon_type() {
        Some(kind) => Ok((promotion, kind)),
        None => Err(FieldError::new("redemption_type", Violation::OnlyForCoupons).into()),
    }
}
