//! The items of a redemption's writes on DynamoDB, and how they are read back: the redemption,
//! its order and hold entries, the use counters it moves, and the transactions that take and
//! give back uses (`super::redemptions` sends them).
//!
//! Counters: a limited promotion counts in its first shard, `use_count < max_uses`; an
//! unlimited one in one of [`keys::USE_SHARDS`] shards picked at random, so that a flash sale
//! spreads over items (each takes at most 1,000 writes a second); reads sum the shards.

use std::collections::{HashMap, HashSet};

use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::transact::number;
use super::{backend, DynamoStore, Item};
use crate::error::StoreError;
use crate::keys;
use domain::ids::{PromotionId, StoreId};
use domain::redemption::{Counted, Redemption, RedemptionId, RedemptionStatus};

/// The redemption's item, and its copies under its promotions.
#[derive(Serialize, Deserialize)]
pub(super) struct RedemptionItem {
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
pub(super) struct OrderItem {
    #[serde(rename = "PK")]
    pub(super) pk: String,
    #[serde(rename = "SK")]
    pub(super) sk: String,
    pub(super) entity_type: String,
    pub(super) redemption_id: u64,
    pub(super) fingerprint: String,
}

/// A held redemption's due-time entry.
#[derive(Serialize, Deserialize)]
pub(super) struct HoldItem {
    #[serde(rename = "PK")]
    pub(super) pk: String,
    #[serde(rename = "SK")]
    pub(super) sk: String,
    pub(super) entity_type: String,
    pub(super) store_id: String,
    pub(super) redemption_id: u64,
}

pub(super) fn random_shard() -> u8 {
    let mut byte = [0u8; 1];
    getrandom::fill(&mut byte).map_or(0, |()| byte[0] % keys::USE_SHARDS)
}

pub(super) fn hold_bucket(id: RedemptionId) -> u8 {
    (id.0 % u64::from(keys::HOLD_BUCKETS)) as u8
}

pub(super) fn values(pairs: &[(&str, AttributeValue)]) -> Item {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
}

pub(super) fn text(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

impl DynamoStore {
    pub(super) fn redemption_item(
        &self,
        store: &StoreId,
        sk: String,
        redemption: &Redemption,
    ) -> Result<Item, StoreError> {
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
    pub(super) fn count_use(
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
    pub(super) fn code_uses(
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
    pub(super) fn redeem_items(
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
            if let Some(max) = max_uses {
                // The limit as the promotion holds it now, not as the (eventually consistent)
                // index of live promotions showed it: a `max_uses` changed since cancels the
                // write, and the evaluation runs again on what is current.
                let promotion_key = Self::key(store, keys::promotion_sk(promotion.id));
                let same_limit = values(&[(":max", number(max))]);
                let names = [("#fields", "fields")];
                items.push(self.condition_check_with(
                    promotion_key,
                    "promotion.#fields.max_uses = :max",
                    &names,
                    same_limit,
                )?);
            }
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
    pub(super) fn status_items(
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
}

pub(super) fn parse_redemption(item: Item) -> Result<Redemption, StoreError> {
    let item: RedemptionItem = serde_dynamo::from_item(item).map_err(backend)?;
    serde_json::from_str(&item.redemption).map_err(backend)
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
