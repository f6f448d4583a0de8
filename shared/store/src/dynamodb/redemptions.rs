//! Redemptions on DynamoDB. A redemption is one TransactWriteItems: its order item (unique
//! order id), the redemption, its due-time entry if held, and per promotion a use counter (a
//! limited one's conditional on room), its copy under the promotion (for listing) and the
//! customer's counter; per code its two items (conditional on the code's room) and the
//! customer's counter. Confirm, rollback and release are single transactions conditional on the
//! redemption's status, so a use is never given back twice.
//!
//! Counters: a limited promotion counts in its first shard, `use_count < max_uses`; an
//! unlimited one in one of [`keys::USE_SHARDS`] shards picked at random, so that a flash sale
//! spreads over items (each takes at most 1,000 writes a second); reads sum the shards.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::transact::number;
use super::{backend, sdk_error, DynamoStore, Item};
use crate::error::{Refusal, StoreError, WriteError};
use crate::keys;
use crate::{Redeemed, RedemptionPage, RedemptionStore};
use domain::evaluation::CustomerUses;
use domain::ids::{PromotionId, StoreId};
use domain::redemption::{Counted, CustomerKey, Redemption, RedemptionId, RedemptionStatus};

/// The redemption's item, and its copies under its promotions.
#[derive(Serialize, Deserialize)]
struct RedemptionItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity_type: String,
    redemption_status: String,
    /// The hold's end (Unix ms) while held; conditions a confirm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hold_until: Option<i64>,
    /// The redemption as JSON text.
    redemption: String,
}

/// The item that makes the order id unique.
#[derive(Serialize, Deserialize)]
struct OrderItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity_type: String,
    redemption_id: u64,
    fingerprint: String,
}

/// A held redemption's due-time entry.
#[derive(Serialize, Deserialize)]
struct HoldItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity_type: String,
    store_id: String,
    redemption_id: u64,
}

/// How often a status change re-reads after a code it gives a use back to was deleted, or
/// another writer changed the status first.
const STATUS_ROUNDS: usize = 5;

fn random_shard() -> u8 {
    let mut byte = [0u8; 1];
    getrandom::fill(&mut byte).map_or(0, |()| byte[0] % keys::USE_SHARDS)
}

fn hold_bucket(id: RedemptionId) -> u8 {
    (id.0 % u64::from(keys::HOLD_BUCKETS)) as u8
}

fn values(pairs: &[(&str, AttributeValue)]) -> Item {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
}

fn text(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

impl DynamoStore {
    fn redemption_item(&self, store: &StoreId, sk: String, redemption: &Redemption) -> Result<Item, StoreError> {
        let item = RedemptionItem {
            pk: keys::store_pk(store),
            sk,
            entity_type: keys::REDEMPTION_ENTITY.to_owned(),
            redemption_status: redemption.status.as_str().to_owned(),
            hold_until: redemption
                .hold_expires_at
                .filter(|_| redemption.status == RedemptionStatus::Held)
                .map(|at| at.as_datetime().timestamp_millis()),
            redemption: serde_json::to_string(redemption).map_err(backend)?,
        };
        serde_dynamo::to_item(item).map_err(backend)
    }

    /// `ADD use_count :delta` on a counter, under `condition` if any.
    fn count_use(
        &self,
        key: Item,
        delta: i64,
        condition: Option<&str>,
        extra: &[(&str, AttributeValue)],
    ) -> Result<TransactWriteItem, StoreError> {
        let mut all = values(&[(":delta", number(delta)), (":entity", text(keys::USES_ENTITY))]);
        all.extend(values(extra));
        self.update(key, "ADD use_count :delta SET entity_type = :entity", condition, vec![], all)
    }

    /// Moves both items of a code by `delta` (the one under its text only while it is still the
    /// same code, and for a use taken only while it has room).
    fn code_uses(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        code_id: u64,
        key: &str,
        delta: i64,
    ) -> Result<[TransactWriteItem; 2], StoreError> {
        let expression = "SET code.current_uses = code.current_uses + :delta";
        let by_text = if delta > 0 {
            "attribute_exists(PK) AND code.id = :id AND (code.max_uses = :zero OR code.current_uses < code.max_uses)"
        } else {
            "attribute_exists(PK) AND code.id = :id AND code.current_uses >= :one"
        };
        let shared = [(":delta", number(delta)), (":id", number(code_id))];
        let mut text_values = values(&shared);
        let bound = if delta > 0 { (":zero", number(0)) } else { (":one", number(1)) };
        text_values.extend(values(&[bound]));
        Ok([
            self.update(Self::key(store, keys::code_sk(key)), expression, Some(by_text), vec![], text_values)?,
            self.update(
                Self::key(store, keys::promotion_code_sk(promotion, code_id)),
                expression,
                Some("attribute_exists(PK) AND code.id = :id"),
                vec![],
                values(&shared),
            )?,
        ])
    }

    /// The items of a redemption's write: the order, the redemption, its hold, then its uses.
    fn redeem_items(
        &self,
        store: &StoreId,
        counted: &Counted,
        fingerprint: &str,
    ) -> Result<Vec<TransactWriteItem>, StoreError> {
        let redemption = &counted.redemption;
        let order = OrderItem {
            pk: keys::store_pk(store),
            sk: keys::order_sk(&redemption.order_id),
            entity_type: keys::ORDER_ENTITY.to_owned(),
            redemption_id: redemption.id.0,
            fingerprint: fingerprint.to_owned(),
        };
        let mut items = vec![
            self.put_new(serde_dynamo::to_item(order).map_err(backend)?)?,
            self.put_new(self.redemption_item(store, keys::redemption_sk(redemption.id), redemption)?)?,
        ];
        if let Some(until) = redemption.hold_expires_at {
            let until = until.as_datetime().timestamp_millis();
            let hold = HoldItem {
                pk: keys::holds_pk(hold_bucket(redemption.id)),
                sk: keys::hold_sk(until, store, redemption.id),
                entity_type: keys::HOLD_ENTITY.to_owned(),
                store_id: store.to_string(),
                redemption_id: redemption.id.0,
            };
            items.push(self.put_new(serde_dynamo::to_item(hold).map_err(backend)?)?);
        }
        let customer = redemption.customer_key.as_ref();
        let room = "attribute_not_exists(use_count) OR use_count < :max";
        for promotion in &redemption.promotions {
            let limits = counted.limits.promotions.iter().find(|(id, _, _)| *id == promotion.id);
            let (max_uses, per_customer) = limits.map_or((None, None), |(_, max, per)| (*max, *per));
            items.push(match max_uses {
                Some(max) => self.count_use(
                    Self::key(store, keys::promotion_uses_sk(promotion.id, 0)),
                    1,
                    Some(room),
                    &[(":max", number(max))],
                )?,
                None => self.count_use(
                    Self::key(store, keys::promotion_uses_sk(promotion.id, random_shard())),
                    1,
                    None,
                    &[],
                )?,
            });
            let copy = keys::promotion_redemption_sk(promotion.id, redemption.id);
            items.push(self.put(self.redemption_item(store, copy, redemption)?)?);
            if let Some(customer) = customer {
                let key = Self::key(store, keys::customer_promotion_uses_sk(customer, promotion.id));
                items.push(match per_customer {
                    Some(max) => self.count_use(key, 1, Some(room), &[(":max", number(max))])?,
                    None => self.count_use(key, 1, None, &[])?,
                });
            }
        }
        for (promotion, code) in redemption.code_keys() {
            let key = code.key();
            items.extend(self.code_uses(store, promotion, code.id, &key, 1)?);
            if code.shown_on_promotion {
                items.push(self.count_use(Self::key(store, keys::promotion_code_uses_sk(promotion)), 1, None, &[])?);
            }
            if let Some(customer) = customer {
                let per_customer = counted.limits.codes.iter().find(|(k, _)| *k == key).map_or(0, |(_, per)| *per);
                let counter = Self::key(store, keys::customer_code_uses_sk(customer, &key));
                items.push(match per_customer {
                    0 => self.count_use(counter, 1, None, &[])?,
                    max => self.count_use(counter, 1, Some(room), &[(":max", number(max))])?,
                });
            }
        }
        Ok(items)
    }

    /// The items that move a redemption from one status to `to` and, unless it is confirmed,
    /// give its uses back (but those of the codes in `skip`, which are gone).
    fn status_items(
        &self,
        store: &StoreId,
        from: &Redemption,
        to: &Redemption,
        now: DateTime<Utc>,
        reuse_single_use_codes: bool,
        skip: &HashSet<String>,
    ) -> Result<(Vec<TransactWriteItem>, Vec<String>), StoreError> {
        let held = (":held", text(RedemptionStatus::Held.as_str()));
        let (condition, condition_values) = match (from.status, to.status) {
            (RedemptionStatus::Held, RedemptionStatus::Confirmed) => (
                "redemption_status = :held AND hold_until > :now",
                values(&[held, (":now", number(now.timestamp_millis()))]),
            ),
            (RedemptionStatus::Confirmed, _) => (
                "redemption_status = :confirmed",
                values(&[(":confirmed", text(RedemptionStatus::Confirmed.as_str()))]),
            ),
            _ => ("redemption_status = :held", values(&[held])),
        };
        let item = self.redemption_item(store, keys::redemption_sk(to.id), to)?;
        let set_values =
            values(&[(":status", item["redemption_status"].clone()), (":body", item["redemption"].clone())]);
        let expression = "SET redemption_status = :status, redemption = :body REMOVE hold_until";
        let mut first = set_values.clone();
        first.extend(condition_values);
        let mut items = vec![self.update(
            Self::key(store, keys::redemption_sk(to.id)),
            expression,
            Some(condition),
            vec![],
            first,
        )?];
        for promotion in &from.promotions {
            let copy = Self::key(store, keys::promotion_redemption_sk(promotion.id, to.id));
            items.push(self.update(copy, expression, None, vec![], set_values.clone())?);
        }
        if let Some(until) = from.hold_expires_at.filter(|_| from.status == RedemptionStatus::Held) {
            let key = HashMap::from([
                (keys::PK.to_owned(), text(keys::holds_pk(hold_bucket(from.id)))),
                (keys::SK.to_owned(), text(keys::hold_sk(until.as_datetime().timestamp_millis(), store, from.id))),
            ]);
            items.push(self.delete(key, "", Item::new())?);
        }
        let mut code_items = Vec::new();
        if to.status.counts() {
            return Ok((items, code_items));
        }
        let customer = from.customer_key.as_ref();
        for promotion in &from.promotions {
            // A limited promotion counts in its first shard; giving back there keeps its room exact.
            items.push(self.count_use(Self::key(store, keys::promotion_uses_sk(promotion.id, 0)), -1, None, &[])?);
            if let Some(customer) = customer {
                let key = Self::key(store, keys::customer_promotion_uses_sk(customer, promotion.id));
                items.push(self.count_use(key, -1, None, &[])?);
            }
        }
        for (promotion, code) in from.code_keys() {
            let key = code.key();
            if let Some(customer) = customer {
                items.push(self.count_use(
                    Self::key(store, keys::customer_code_uses_sk(customer, &key)),
                    -1,
                    None,
                    &[],
                )?);
            }
            if code.shown_on_promotion {
                items.push(self.count_use(Self::key(store, keys::promotion_code_uses_sk(promotion)), -1, None, &[])?);
            }
            if skip.contains(&key) || (code.single_use && !reuse_single_use_codes) {
                continue;
            }
            for item in self.code_uses(store, promotion, code.id, &key, -1)? {
                items.push(item);
                code_items.push(key.clone());
            }
        }
        Ok((items, code_items))
    }

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

fn parse_redemption(item: Item) -> Result<Redemption, StoreError> {
    let item: RedemptionItem = serde_dynamo::from_item(item).map_err(backend)?;
    serde_json::from_str(&item.redemption).map_err(backend)
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
        let mut found = Vec::new();
        let mut start = None;
        loop {
            let mut query = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("PK = :pk AND SK BETWEEN :low AND :high")
                .expression_attribute_values(":pk", text(keys::store_pk(store)))
                .expression_attribute_values(":low", text(low.clone()))
                .expression_attribute_values(":high", text(high.clone()))
                .scan_index_forward(false)
                .limit(i32::try_from(wanted - found.len()).unwrap_or(i32::MAX))
                .set_exclusive_start_key(start)
                .consistent_read(true);
            if let Some(status) = status {
                query = query
                    .filter_expression("redemption_status = :status")
                    .expression_attribute_values(":status", text(status.as_str()));
            }
            let output = query.send().await.map_err(sdk_error)?;
            for item in output.items.unwrap_or_default() {
                found.push(parse_redemption(item)?);
            }
            start = output.last_evaluated_key;
            if start.is_none() || found.len() >= wanted {
                return Ok(found);
            }
        }
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

/// A counter item's count (never below zero: a shard that only gave back may be negative).
pub(super) fn use_count(item: &Item) -> u64 {
    let signed = signed_use_count(item);
    u64::try_from(signed).unwrap_or(0)
}

/// A counter item's count as stored.
pub(super) fn signed_use_count(item: &Item) -> i64 {
    item.get("use_count").and_then(|v| v.as_n().ok()).and_then(|n| n.parse().ok()).unwrap_or(0)
}
