//! Redemptions on DynamoDB. A redemption is one TransactWriteItems: its order item (unique
//! order id), the redemption, its due-time entry if held, and per promotion a use counter (a
//! limited one's conditional on room), its copy under the promotion (for listing) and the
//! customer's counter; per code its two items (conditional on the code's room) and the
//! customer's counter (the items are built in `super::redemption_items`). Confirm, rollback and
//! release are single transactions conditional on the redemption's status, so a use is never
//! given back twice.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::paged_query::query_until;
use super::redemption_items::{parse_redemption, text, use_count, HoldItem, OrderItem};
use super::{backend, sdk_error, DynamoStore};
use crate::error::{Refusal, StoreError, WriteError};
use crate::keys;
use crate::{Redeemed, RedemptionPage, RedemptionStore};
use domain::evaluation::CustomerUses;
use domain::ids::{PromotionId, StoreId};
use domain::redemption::{Counted, CustomerKey, Redemption, RedemptionId, RedemptionStatus};

/// How often a status change re-reads after a code it gives a use back to was deleted, or
/// another writer changed the status first.
const STATUS_ROUNDS: usize = 5;

impl DynamoStore {
    /// Moves the redemption `id` to the status `change` gives it (or answers what `change`
    /// says for its current status), in one transaction per attempt.
    async fn change_status(
        &self,
        store: &StoreId,
        id: RedemptionId,
        now: DateTime<Utc>,
        reuse_single_use_codes: bool,
        change: impl Fn(Redemption) -> Result<Result<Redemption, Redemption>, WriteError>,
    ) -> Result<Option<Redemption>, WriteError> {
        let mut skip = HashSet::new();
        for _ in 0..STATUS_ROUNDS {
            let Some(current) = self.get_redemption(store, id).await? else { return Ok(None) };
            let to = match change(current.clone())? {
                Ok(to) => to,
                Err(unchanged) => return Ok(Some(unchanged)),
            };
            let (items, code_items) = self.status_items(store, &current, &to, now, reuse_single_use_codes, &skip)?;
            let codes_from = items.len() - code_items.len();
            match self.transact(items).await? {
                Ok(()) => return Ok(Some(to)),
                Err(cancelled) => {
                    for (i, key) in code_items.iter().enumerate() {
                        if cancelled.failed(codes_from + i) {
                            skip.insert(key.clone());
                        }
                    }
                }
            }
        }
        Err(Refusal::Contended.into())
    }

    async fn read_order(&self, store: &StoreId, order_id: &str) -> Result<Option<OrderItem>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(store, keys::order_sk(order_id))))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        output.item.map(|item| serde_dynamo::from_item(item).map_err(backend)).transpose()
    }

    /// Releases the held redemptions of one due-time bucket whose hold ended by `now`.
    async fn release_bucket(&self, bucket: u8, now: DateTime<Utc>, limit: usize) -> Result<usize, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND SK <= :due")
            .expression_attribute_values(":pk", text(keys::holds_pk(bucket)))
            .expression_attribute_values(":due", text(format!("{:020}#~", now.timestamp_millis())))
            .limit(i32::try_from(limit).unwrap_or(i32::MAX))
            .send()
            .await
            .map_err(sdk_error)?;
        let mut released = 0;
        for item in output.items.unwrap_or_default() {
            let hold: HoldItem = serde_dynamo::from_item(item).map_err(backend)?;
            let Some(store) = StoreId::parse(&hold.store_id) else { continue };
            let expired = self
                .change_status(&store, RedemptionId(hold.redemption_id), now, true, |current| {
                    Ok(match current.status {
                        RedemptionStatus::Held => Ok(current.expired(now)),
                        _ => Err(current),
                    })
                })
                .await;
            match expired {
                Ok(Some(redemption)) if redemption.status == RedemptionStatus::Expired => released += 1,
                Ok(_) => {
                    let key =
                        HashMap::from([(keys::PK.to_owned(), text(hold.pk)), (keys::SK.to_owned(), text(hold.sk))]);
                    self.client
                        .delete_item()
                        .table_name(&self.table)
                        .set_key(Some(key))
                        .send()
                        .await
                        .map_err(sdk_error)?;
                }
                Err(WriteError::Store(error)) => return Err(error),
                Err(WriteError::Refused(_)) => {}
            }
        }
        Ok(released)
    }
}

#[async_trait]
impl RedemptionStore for DynamoStore {
    async fn redeem(&self, store: &StoreId, counted: &Counted, fingerprint: &str) -> Result<Redeemed, WriteError> {
        let items = self.redeem_items(store, counted, fingerprint)?;
        let cancelled = match self.transact_once(items).await? {
            Ok(()) => return Ok(Redeemed::Created(counted.redemption.clone())),
            Err(cancelled) => cancelled,
        };
        if cancelled.failed(0) {
            let order = self.read_order(store, &counted.redemption.order_id).await?;
            let order = order.ok_or(Refusal::Contended)?;
            let redemption = self.get_redemption(store, RedemptionId(order.redemption_id)).await?;
            let redemption = redemption.ok_or(Refusal::Contended)?;
            return Ok(Redeemed::Existing { redemption, same_request: order.fingerprint == fingerprint });
        }
        if cancelled.failed(1) {
            return Err(Refusal::AlreadyExists.into());
        }
        // A limit without room, a code gone, or a conflict with another redemption's write: the
        // caller evaluates again (its pause spreads the retries of a flash sale). Anything else
        // would fail again the same way.
        if !cancelled.only(&["None", "ConditionalCheckFailed", "TransactionConflict"]) {
            return Err(StoreError::Backend(format!("the redemption was cancelled: {:?}", cancelled.0).into()).into());
        }
        Ok(Redeemed::TryAgain)
    }

    async fn get_redemption(&self, store: &StoreId, id: RedemptionId) -> Result<Option<Redemption>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(store, keys::redemption_sk(id))))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        output.item.map(parse_redemption).transpose()
    }

    async fn list_redemptions(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        status: Option<RedemptionStatus>,
        page: RedemptionPage,
    ) -> Result<Vec<Redemption>, StoreError> {
        let low = keys::promotion_redemption_sk(promotion, RedemptionId(0));
        let high = match page.before {
            Some(before) => keys::promotion_redemption_sk(promotion, RedemptionId(before.0.saturating_sub(1))),
            None => keys::promotion_redemption_sk(promotion, RedemptionId(u64::MAX)),
        };
        let wanted = usize::try_from(page.limit).unwrap_or(usize::MAX);
        let mut query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND SK BETWEEN :low AND :high")
            .expression_attribute_values(":pk", text(keys::store_pk(store)))
            .expression_attribute_values(":low", text(low))
            .expression_attribute_values(":high", text(high))
            .scan_index_forward(false)
            .consistent_read(true);
        if let Some(status) = status {
            query = query
                .filter_expression("redemption_status = :status")
                .expression_attribute_values(":status", text(status.as_str()));
        }
        query_until(query, Some(wanted)).await?.into_iter().map(parse_redemption).collect()
    }

    async fn confirm_redemption(
        &self,
        store: &StoreId,
        id: RedemptionId,
        now: DateTime<Utc>,
    ) -> Result<Option<Redemption>, WriteError> {
        self.change_status(store, id, now, true, |current| match current.status {
            RedemptionStatus::Confirmed => Ok(Err(current)),
            RedemptionStatus::Held if !current.hold_ended(now) => Ok(Ok(current.confirmed(now))),
            RedemptionStatus::Held => Err(Refusal::NotHeld(RedemptionStatus::Expired).into()),
            other => Err(Refusal::NotHeld(other).into()),
        })
        .await
    }

    async fn rollback_redemption(
        &self,
        store: &StoreId,
        id: RedemptionId,
        reuse_single_use_codes: bool,
        now: DateTime<Utc>,
    ) -> Result<Option<Redemption>, WriteError> {
        self.change_status(store, id, now, reuse_single_use_codes, |current| {
            Ok(if current.status.counts() { Ok(current.rolled_back(now)) } else { Err(current) })
        })
        .await
    }

    async fn release_expired_holds(&self, now: DateTime<Utc>, limit: usize) -> Result<usize, StoreError> {
        let mut released = 0;
        for bucket in 0..keys::HOLD_BUCKETS {
            released += self.release_bucket(bucket, now, limit.saturating_sub(released)).await?;
            if released >= limit {
                break;
            }
        }
        Ok(released)
    }

    async fn customer_uses(
        &self,
        store: &StoreId,
        customer: &CustomerKey,
        promotions: &[PromotionId],
        codes: &[String],
    ) -> Result<CustomerUses, StoreError> {
        let promotion_sks: HashMap<String, PromotionId> =
            promotions.iter().map(|id| (keys::customer_promotion_uses_sk(customer, *id), *id)).collect();
        let code_sks: HashMap<String, String> =
            codes.iter().map(|key| (keys::customer_code_uses_sk(customer, key), key.clone())).collect();
        let wanted = promotion_sks.keys().chain(code_sks.keys()).map(|sk| Self::key(store, sk.clone())).collect();
        let mut by_promotion = HashMap::new();
        let mut by_code = HashMap::new();
        for item in self.batch_get(wanted).await? {
            let sk = item.get(keys::SK).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            let used = use_count(&item);
            if let Some(id) = promotion_sks.get(&sk) {
                by_promotion.insert(*id, used);
            } else if let Some(key) = code_sks.get(&sk) {
                by_code.insert(key.clone(), used);
            }
        }
        Ok(CustomerUses::identified(by_promotion, by_code))
    }
}
