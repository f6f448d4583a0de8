//! The marketing runtime on DynamoDB. A delivery write is one TransactWriteItems: the delivery
//! (a put conditional on its version), its due-time entry (the old one deleted, the new one put,
//! when its due time moved) and its counters (`ADD`, each conditional on its limit).
//!
//! Round trips: get 1 GetItem; put 1 TransactWriteItems; due 1 Query per bucket (4); list 1 Query;
//! counters 1 Query; coupon promotion 1 GetItem / 1 PutItem.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::transact::number;
use super::{backend, sdk_error, DynamoStore, Item};
use crate::error::StoreError;
use crate::keys::{self, outreach as outreach_keys};
use crate::outreach::{Count, Counter, CouponPromotion, Due, Written};
use crate::{OutreachStore, Versioned};
use domain::ids::StoreId;
use domain::marketing::ConfigKind;
use domain::outreach::text::Ref;
use domain::outreach::Delivery;

/// The keys and entity type every item of the runtime starts with.
#[derive(Serialize, Deserialize)]
pub(super) struct Head {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity_type: String,
}

impl Head {
    pub(super) fn new(pk: String, sk: String, entity_type: &str) -> Self {
        Self { pk, sk, entity_type: entity_type.to_owned() }
    }
}

#[derive(Serialize, Deserialize)]
struct DeliveryItem {
    #[serde(flatten)]
    head: Head,
    version: u64,
    delivery: Delivery,
}

#[derive(Serialize, Deserialize)]
struct DueItem {
    #[serde(flatten)]
    head: Head,
    store_id: String,
    kind: ConfigKind,
    subject: Ref,
}

#[derive(Serialize, Deserialize)]
struct CouponPromotionItem {
    #[serde(flatten)]
    head: Head,
    #[serde(flatten)]
    promotion: CouponPromotion,
}

#[derive(Deserialize)]
struct CounterItem {
    #[serde(rename = "SK")]
    sk: String,
    #[serde(default)]
    count: i64,
    #[serde(default)]
    total: i64,
}

fn text(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

impl DynamoStore {
    fn due_key(store: &StoreId, delivery: &Delivery, at: DateTime<Utc>) -> (String, String) {
        let bucket = outreach_keys::due_bucket(store, &delivery.subject);
        (outreach_keys::due_pk(bucket), outreach_keys::due_sk(at, store, delivery.kind, &delivery.subject))
    }

    fn delivery_put(
        &self,
        store: &StoreId,
        next: &Delivery,
        expected: u64,
    ) -> Result<aws_sdk_dynamodb::types::TransactWriteItem, StoreError> {
        let item = DeliveryItem {
            head: Head::new(
                keys::store_pk(store),
                outreach_keys::delivery_sk(next.kind, &next.subject),
                outreach_keys::DELIVERY_ENTITY,
            ),
            version: expected + 1,
            delivery: next.clone(),
        };
        let item = serde_dynamo::to_item(item).map_err(backend)?;
        if expected == 0 {
            self.put_new(item)
        } else {
            self.put_if(
                item,
                "#version = :version",
                vec![("#version", "version")],
                Item::from([(":version".to_owned(), number(expected))]),
            )
        }
    }

    fn due_moves(
        &self,
        store: &StoreId,
        previous: Option<&Delivery>,
        next: &Delivery,
    ) -> Result<Vec<aws_sdk_dynamodb::types::TransactWriteItem>, StoreError> {
        let before = previous.and_then(|p| p.due_at);
        if before == next.due_at {
            return Ok(Vec::new());
        }
        let mut items = Vec::new();
        if let (Some(at), Some(previous)) = (before, previous) {
            let (pk, sk) = Self::due_key(store, previous, at);
            items.push(self.delete(
                HashMap::from([(keys::PK.to_owned(), text(pk)), (keys::SK.to_owned(), text(sk))]),
                "",
                Item::new(),
            )?);
        }
        if let Some(at) = next.due_at {
            let (pk, sk) = Self::due_key(store, next, at);
            let entry = DueItem {
                head: Head::new(pk, sk, outreach_keys::DELIVERY_DUE_ENTITY),
                store_id: store.to_string(),
                kind: next.kind,
                subject: next.subject.clone(),
            };
            items.push(self.put(serde_dynamo::to_item(entry).map_err(backend)?)?);
        }
        Ok(items)
    }

    fn count_update(
        &self,
        store: &StoreId,
        count: &Count,
    ) -> Result<aws_sdk_dynamodb::types::TransactWriteItem, StoreError> {
        let mut values = Item::from([
            (":count".to_owned(), number(count.count)),
            (":total".to_owned(), number(count.total)),
            (":entity".to_owned(), text(outreach_keys::MARKETING_COUNTER_ENTITY)),
        ]);
        let mut expression = "SET entity_type = :entity ADD #count :count, #total :total".to_owned();
        let mut names = vec![("#count", "count"), ("#total", "total")];
        if let Some(at) = count.expires_at {
            expression = "SET entity_type = :entity, #expires = :expires ADD #count :count, #total :total".to_owned();
            names.push(("#expires", keys::TTL_ATTRIBUTE));
            values.insert(":expires".to_owned(), number(at.timestamp()));
        }
        let condition = count.at_most.map(|limit| {
            values.insert(":room".to_owned(), number(limit - count.count));
            "attribute_not_exists(#count) OR #count <= :room"
        });
        self.update(Self::key(store, count.name.clone()), &expression, condition, names, values)
    }
}

#[async_trait]
impl OutreachStore for DynamoStore {
    async fn get_delivery(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        subject: &Ref,
    ) -> Result<Option<Versioned<Delivery>>, StoreError> {
        let item: Option<DeliveryItem> = self.read_item(store, outreach_keys::delivery_sk(kind, subject)).await?;
        let Some(item) = item else { return Ok(None) };
        Ok(Some(Versioned { value: item.delivery, version: item.version }))
    }

    async fn put_delivery(
        &self,
        store: &StoreId,
        previous: Option<&Versioned<Delivery>>,
        next: &Delivery,
        counts: &[Count],
    ) -> Result<Written, StoreError> {
        if let Some(index) = counts.iter().position(|c| c.at_most.is_some_and(|limit| c.count > limit)) {
            return Ok(Written::Full(index));
        }
        let expected = previous.map_or(0, |p| p.version);
        let mut items = vec![self.delivery_put(store, next, expected)?];
        items.extend(self.due_moves(store, previous.map(|p| &p.value), next)?);
        let first_count = items.len();
        for count in counts {
            items.push(self.count_update(store, count)?);
        }
        match self.transact(items).await? {
            Ok(()) => Ok(Written::Done(expected + 1)),
            Err(cancelled) if cancelled.failed(0) => Ok(Written::Stale),
            Err(cancelled) => match (first_count..first_count + counts.len()).find(|i| cancelled.failed(*i)) {
                Some(index) => Ok(Written::Full(index - first_count)),
                None => Err(StoreError::Backend("a delivery write was cancelled for no condition".into())),
            },
        }
    }

    async fn due_deliveries(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<Due>, StoreError> {
        let mut due = Vec::new();
        for bucket in 0..outreach_keys::DUE_BUCKETS {
            if due.len() >= limit {
                break;
            }
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("PK = :pk AND SK <= :due")
                .expression_attribute_values(":pk", text(outreach_keys::due_pk(bucket)))
                .expression_attribute_values(":due", text(outreach_keys::due_until(now)))
                .limit(i32::try_from(limit - due.len()).unwrap_or(i32::MAX))
                .send()
                .await
                .map_err(sdk_error)?;
            for item in output.items.unwrap_or_default() {
                let entry: DueItem = serde_dynamo::from_item(item).map_err(backend)?;
                let Some(store) = StoreId::parse(&entry.store_id) else { continue };
                due.push(Due { store, kind: entry.kind, subject: entry.subject });
            }
        }
        Ok(due)
    }

    async fn list_deliveries(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        after: Option<&Ref>,
        limit: usize,
    ) -> Result<Vec<Delivery>, StoreError> {
        let start = after.map(|after| Self::key(store, outreach_keys::delivery_sk(kind, after)));
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
            .expression_attribute_values(":pk", text(keys::store_pk(store)))
            .expression_attribute_values(":prefix", text(outreach_keys::deliveries_prefix(kind)))
            .set_exclusive_start_key(start)
            .limit(i32::try_from(limit).unwrap_or(i32::MAX))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        output
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|item| serde_dynamo::from_item::<_, DeliveryItem>(item).map(|i| i.delivery).map_err(backend))
            .collect()
    }

    async fn counters(&self, store: &StoreId, prefix: &str) -> Result<Vec<Counter>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
            .expression_attribute_values(":pk", text(keys::store_pk(store)))
            .expression_attribute_values(":prefix", text(prefix))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        output
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|item| {
                let item: CounterItem = serde_dynamo::from_item(item).map_err(backend)?;
                Ok(Counter { name: item.sk, count: item.count, total: item.total })
            })
            .collect()
    }

    async fn get_coupon_promotion(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        series: &str,
    ) -> Result<Option<CouponPromotion>, StoreError> {
        let item: Option<CouponPromotionItem> =
            self.read_item(store, outreach_keys::coupon_promotion_sk(kind, series)).await?;
        Ok(item.map(|item| item.promotion))
    }

    async fn put_coupon_promotion(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        series: &str,
        promotion: &CouponPromotion,
    ) -> Result<(), StoreError> {
        let item = CouponPromotionItem {
            head: Head::new(
                keys::store_pk(store),
                outreach_keys::coupon_promotion_sk(kind, series),
                outreach_keys::COUPON_PROMOTION_ENTITY,
            ),
            promotion: promotion.clone(),
        };
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(serde_dynamo::to_item(item).map_err(backend)?))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }
}
