//! Claiming a due delivery: re-checked against the configuration as it is now (enabled, valid,
//! consent, value bounds) and the coupon caps of its windows, then marked `SENDING` with the
//! code it will carry, in one write conditional on the version read. A claim that ran out its
//! lease (the send failed for now, or the run died) is checked against the configuration again
//! and taken up with the same code.

use chrono::{DateTime, Duration, Utc};
use domain::ids::PromotionId;
use domain::marketing::coupon::DiscountType;
use domain::marketing::{ConfigKind, ConfigurationInput, MarketingConfiguration};
use domain::outreach::coupon::{expiry, new_code, promotion_fields, series};
use domain::outreach::delivery::IssuedCoupon;
use domain::outreach::schedule::{after, window};
use domain::outreach::{Delivery, Reason, Status};
use store::keys::outreach as keys;
use store::outreach::{Count, CouponPromotion, Due, Written};
use store::{Store, StoreError, Versioned, WriteError};

/// What a claim came to.
pub enum Claim {
    /// This run sends it: the claimed delivery and the configuration it was checked against.
    Claimed(Box<(Versioned<Delivery>, ConfigurationInput)>),
    /// Not sent, for a reason now recorded.
    Skipped,
    /// Another run has it, or it is not due.
    Nothing,
}

/// Claims the delivery `due` names, if it is still due at `now`.
pub async fn claim(
    store: &dyn Store,
    due: &Due,
    now: DateTime<Utc>,
    lease_end: DateTime<Utc>,
) -> Result<Claim, StoreError> {
    let Some(current) = store.get_delivery(&due.store, due.kind, &due.subject).await? else {
        return Ok(Claim::Nothing);
    };
    if current.value.due_at.is_none_or(|at| at > now) {
        return Ok(Claim::Nothing);
    }
    let config = store.get_marketing_config(&due.store, due.kind).await?;
    let (config, version, since) = match config {
        Some(versioned) => (versioned.value.settings, versioned.version, versioned.value.updated_at.moment()),
        None => (MarketingConfiguration::unconfigured(domain::marketing::FlakeId::new(0)).settings, 0, now),
    };
    if current.value.status == Status::Sending {
        if let Some(reason) = current.value.blocker(&config) {
            return skip(store, due, &current, reason).await;
        }
        let next = current.value.reclaimed(lease_end);
        return Ok(written(store, due, &current, next, &[])
            .await?
            .map_or(Claim::Nothing, |c| Claim::Claimed(Box::new((c, config)))));
    }
    if let Some(reason) = current.value.blocker(&config) {
        return skip(store, due, &current, reason).await;
    }
    if let Some(customer) = current.value.customer() {
        if store.unsubscribed(&due.store, &customer.key()).await? {
            return skip(store, due, &current, Reason::Unsubscribed).await;
        }
    }
    let in_force = InForce { version, since: since.min(now) };
    let coupon = match coupon(store, due, &current.value, &config, in_force, now).await? {
        Ok(coupon) => coupon,
        Err(reason) => return skip(store, due, &current, reason).await,
    };
    let caps = caps(due.kind, &current.value, &config, now);
    let counts: Vec<Count> = caps.iter().map(|(count, _)| count.clone()).collect();
    let next = current.value.claimed(coupon, lease_end);
    match store.put_delivery(&due.store, Some(&current), &next, &counts).await? {
        Written::Done(version) => Ok(Claim::Claimed(Box::new((Versioned { value: next, version }, config)))),
        Written::Stale => Ok(Claim::Nothing),
        Written::Full(index) => skip(store, due, &current, caps[index].1).await,
    }
}

/// Records `reason` on the delivery (unless another run came first).
pub async fn skip(
    store: &dyn Store,
    due: &Due,
    current: &Versioned<Delivery>,
    reason: Reason,
) -> Result<Claim, StoreError> {
    let skipped = written(store, due, current, current.value.skipped(reason), &[]).await?;
    Ok(if skipped.is_some() { Claim::Skipped } else { Claim::Nothing })
}

/// Writes `next` over `current`: the new version, or `None` when another writer came first.
pub async fn written(
    store: &dyn Store,
    due: &Due,
    current: &Versioned<Delivery>,
    next: Delivery,
    counts: &[Count],
) -> Result<Option<Versioned<Delivery>>, StoreError> {
    Ok(match store.put_delivery(&due.store, Some(current), &next, counts).await? {
        Written::Done(version) => Some(Versioned { value: next, version }),
        Written::Stale | Written::Full(_) => None,
    })
}

/// The coupon to record with the claim: none when the configuration offers no discount, or why
/// it cannot be given.
async fn coupon(
    store: &dyn Store,
    due: &Due,
    delivery: &Delivery,
    config: &ConfigurationInput,
    in_force: InForce,
    now: DateTime<Utc>,
) -> Result<Result<Option<IssuedCoupon>, Reason>, StoreError> {
    let config_version = in_force.version;
    let coupon = &config.coupon_configuration;
    let Some(snapshot) = delivery.snapshot.as_ref() else { return Ok(Err(Reason::NoCheckout)) };
    if coupon.discount_type == DiscountType::Unspecified {
        return Ok(Ok(None));
    }
    let expires_at = coupon.expires_after.as_ref().and_then(|valid_for| expiry(now, valid_for));
    let series = series(&snapshot.currency, expires_at);
    let recorded = store.get_coupon_promotion(&due.store, due.kind, &series).await?;
    let promotion_id = match recorded.filter(|r| r.config_version == config_version) {
        Some(record) => record.promotion_id,
        None => {
            let starts = in_force.since;
            let Ok(fields) = promotion_fields(due.kind, coupon, &snapshot.currency, starts, expires_at) else {
                return Ok(Err(Reason::CouponUnavailable));
            };
            let created = store.create_promotion(&due.store, fields, None, None).await.map_err(write_failure)?;
            let record = CouponPromotion { promotion_id: created.value.id().0, config_version };
            store.put_coupon_promotion(&due.store, due.kind, &series, &record).await?;
            record.promotion_id
        }
    };
    let code = new_code(due.kind).map_err(|e| StoreError::Backend(Box::new(e)))?;
    Ok(Ok(Some(IssuedCoupon { code: code.as_ref().to_owned(), promotion_id: PromotionId(promotion_id).0, expires_at })))
}

/// Which version of the configuration a coupon comes from, and since when it was in force (its
/// promotion starts then, so a code is valid from the moment it is sent whatever clock a run has).
#[derive(Clone, Copy)]
struct InForce {
    version: u64,
    since: DateTime<Utc>,
}

/// The cap counters a claim takes one coupon from, each with the reason it skips for when full.
fn caps(
    kind: ConfigKind,
    delivery: &Delivery,
    config: &ConfigurationInput,
    now: DateTime<Utc>,
) -> Vec<(Count, Reason)> {
    let customer = delivery.customer().map(|c| c.key()).unwrap_or_default();
    let limits = [
        (config.max_coupons_per_customer_amount, &config.max_coupons_per_customer_period, Reason::CustomerCapReached),
        (config.max_coupons_global_amount, &config.max_coupons_global_period, Reason::StoreCapReached),
    ];
    limits
        .into_iter()
        .filter_map(|(amount, period, reason)| {
            let (amount, period) = (amount?, period.as_ref()?);
            let slot = window(now, period);
            let name = match reason {
                Reason::CustomerCapReached => keys::customer_coupons_sk(kind, &customer, slot),
                _ => keys::store_coupons_sk(kind, slot),
            };
            let expires_at = Some(after(now, period) + Duration::days(1));
            Some((Count { name, count: 1, total: 0, at_most: Some(i64::from(amount)), expires_at }, reason))
        })
        .collect()
}

fn write_failure(error: WriteError) -> StoreError {
    match error {
        WriteError::Store(error) => error,
        WriteError::Refused(refusal) => StoreError::Backend(Box::new(refusal)),
    }
}
