//! Promotions on DynamoDB.
//!
//! Round trips: get 2 side by side (GetItem, and a Query of its use counters); create 2
//! (UpdateItem on the head for the id, then one transaction: the promotion, both counts, and
//! its first code if any); replace 1 (PutItem conditional on the version read; the read is the
//! caller's), plus a Query and a transaction when it gets a `max_uses` it did not have (its
//! uses gathered into one counter); delete 1 without codes (one transaction: the promotion and
//! both counts), plus one Query and one transaction per 48 codes with them; a page sorted by id
//! 2 Queries (the page, the head or tail item giving the count; then its counters); every
//! promotion 2 Queries side by side.
//!
//! A promotion's `current_uses` is not in its item: redemptions count in `USES#` items
//! (`super::redemptions`), read with it and summed here.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue, ReturnValuesOnConditionCheckFailure};
use serde::Deserialize;

use super::codes::CodeItem;
use super::promotion_item::read_promotion;
use super::transact::number;
use super::versions::version_in;
use super::{backend, sdk_error, service_error, DynamoStore, Item};
use crate::error::{Refusal, StoreError, WriteError};
use crate::keys;
use crate::listing::{IndexPage, IndexQuery};
use crate::{distinct, CodeStore, PromotionStore, Respond, Versioned, Window};
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::CouponCode;
use domain::promotion::{Promotion, PromotionFields};

/// The head and tail items: the id sequence (head only) and the promotion count.
#[derive(Deserialize)]
struct CountItem {
    #[serde(default)]
    promotion_count: u64,
}

/// The condition under which a promotion may go: it exists and has no codes.
const CODELESS: &str =
    "attribute_exists(PK) AND (attribute_not_exists(promotion.code_count) OR promotion.code_count = :zero)";

impl DynamoStore {
    async fn next_promotion_id(&self, store: &StoreId) -> Result<PromotionId, StoreError> {
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(store, keys::promotion_head_sk().to_owned())))
            .update_expression("ADD next_id :one SET entity_type = :entity")
            .expression_attribute_values(":one", number(1))
            .expression_attribute_values(":entity", AttributeValue::S(keys::SEQUENCE_ENTITY.into()))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(sdk_error)?;
        let next = output.attributes().and_then(|a| a.get("next_id")).and_then(|v| v.as_n().ok());
        next.and_then(|n| n.parse().ok())
            .map(PromotionId)
            .ok_or_else(|| StoreError::Backend("the id counter returned no number".into()))
    }

    /// The two updates that move both copies of the store's promotion count by `delta`.
    fn count_updates(
        &self,
        store: &StoreId,
        delta: i64,
    ) -> Result<Vec<aws_sdk_dynamodb::types::TransactWriteItem>, StoreError> {
        [keys::promotion_head_sk(), keys::promotion_tail_sk()]
            .into_iter()
            .map(|sk| {
                let values = HashMap::from([
                    (":delta".to_owned(), number(delta)),
                    (":entity".to_owned(), AttributeValue::S(keys::SEQUENCE_ENTITY.into())),
                ]);
                self.update(
                    Self::key(store, sk.to_owned()),
                    "ADD promotion_count :delta SET entity_type = :entity",
                    None,
                    vec![],
                    values,
                )
            })
            .collect()
    }

    /// Replaces the promotion item under `condition`; true when the item it replaced had a
    /// `max_uses`.
    async fn put_promotion(
        &self,
        store: &StoreId,
        promotion: &Promotion,
        version: u64,
        condition: &str,
        values: Item,
    ) -> Result<bool, WriteError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(Self::promotion_item(store, promotion, version)?))
            .condition_expression(condition)
            .set_expression_attribute_values((!values.is_empty()).then_some(values))
            .return_values(ReturnValue::AllOld)
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match result {
            Ok(output) => {
                let old = output.attributes.map(read_promotion).transpose()?;
                Ok(old.is_some_and(|old| old.value.fields().max_uses().is_some()))
            }
            Err(error) => match error.into_service_error() {
                PutItemError::ConditionalCheckFailedException(failed) if failed.item().is_some() => {
                    Err(Refusal::Stale.into())
                }
                PutItemError::ConditionalCheckFailedException(_) => Err(Refusal::Missing.into()),
                other => Err(service_error(other).into()),
            },
        }
    }

    /// Deletes a codeless promotion (at one of the versions `only_at` names, if given) and counts
    /// it out: `Ok(Some(promotion))` if it still has codes or another version (nothing changed),
    /// `Ok(None)` if it is gone (or never was).
    async fn delete_codeless(
        &self,
        store: &StoreId,
        id: PromotionId,
        only_at: Option<&[u64]>,
    ) -> Result<Option<Versioned<Promotion>>, WriteError> {
        let mut values = HashMap::from([(":zero".to_owned(), number(0))]);
        let condition = match only_at {
            Some(versions) => {
                let (at, version_values) = version_in(versions);
                values.extend(version_values);
                format!("{CODELESS} AND {at}")
            }
            None => CODELESS.to_owned(),
        };
        let mut items = vec![self.delete(Self::key(store, keys::promotion_sk(id)), &condition, values)?];
        items.extend(self.count_updates(store, -1)?);
        match self.transact(items).await? {
            Ok(()) => Ok(None),
            Err(cancelled) => match cancelled.old_item(0) {
                Some(item) => Ok(Some(read_promotion(item.clone())?)),
                None if cancelled.failed(0) => Ok(None),
                None => Err(Refusal::Contended.into()),
            },
        }
    }

    /// Reads items of the store's partition between two sort keys, in order, until `wanted`
    /// items (all of them when `None`).
    pub(super) async fn query_range(
        &self,
        store: &StoreId,
        low: &str,
        high: &str,
        forward: bool,
        wanted: Option<usize>,
    ) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("PK = :pk AND SK BETWEEN :low AND :high")
                .expression_attribute_values(":pk", AttributeValue::S(keys::store_pk(store)))
                .expression_attribute_values(":low", AttributeValue::S(low.to_owned()))
                .expression_attribute_values(":high", AttributeValue::S(high.to_owned()))
                .scan_index_forward(forward)
                .set_limit(wanted.map(|w| i32::try_from(w - items.len()).unwrap_or(i32::MAX)))
                .set_exclusive_start_key(start)
                .consistent_read(true)
                .send()
                .await
                .map_err(sdk_error)?;
            items.extend(output.items.unwrap_or_default());
            start = output.last_evaluated_key;
            if start.is_none() || wanted.is_some_and(|w| items.len() >= w) {
                return Ok(items);
            }
        }
    }

    /// The store's promotions with these ids (one BatchGetItem per 100 ids).
    async fn batch_get_promotions(&self, store: &StoreId, ids: &[PromotionId]) -> Result<Vec<Promotion>, StoreError> {
        let keys = ids.iter().map(|id| Self::key(store, keys::promotion_sk(*id))).collect();
        let items = self.batch_get(keys).await?;
        items.into_iter().map(|item| Ok(read_promotion(item)?.value)).collect()
    }
}

#[async_trait]
impl PromotionStore for DynamoStore {
    async fn create_promotion(
        &self,
        store: &StoreId,
        fields: PromotionFields,
        first_code: Option<CouponCode>,
        respond: Option<Respond<'_>>,
    ) -> Result<Versioned<Promotion>, WriteError> {
        let promotion = Promotion::new(self.next_promotion_id(store).await?, fields);
        let promotion = promotion.with_codes_added(first_code.as_slice());
        let created = Versioned { value: promotion, version: 1 };
        let mut items = vec![self.put_new(Self::promotion_item(store, &created.value, 1)?)?];
        items.extend(self.count_updates(store, 1)?);
        if let Some(code) = &first_code {
            items.extend(self.code_puts(store, created.value.id(), code)?);
        }
        let completion_at = items.len();
        if let Some(respond) = respond {
            items.push(self.completion_put(store, &respond(&created))?);
        }
        match self.transact(items).await? {
            Ok(()) => Ok(created),
            Err(cancelled) if cancelled.failed(completion_at) => Err(Refusal::ClaimLost.into()),
            Err(cancelled) if cancelled.failed(3) => Err(WriteError::from(Refusal::DuplicateCode(
                first_code.map(|c| c.code.as_ref().to_owned()).into_iter().collect(),
            ))),
            Err(cancelled) if cancelled.failed(4) || cancelled.failed(5) => Err(Refusal::IdTaken.into()),
            Err(_) => Err(StoreError::Backend("a freshly allocated promotion id was taken".into()).into()),
        }
    }

    async fn get_promotion(
        &self,
        store: &StoreId,
        id: PromotionId,
    ) -> Result<Option<Versioned<Promotion>>, StoreError> {
        let read = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(store, keys::promotion_sk(id))))
            .consistent_read(true)
            .send();
        let (output, uses) = tokio::try_join!(
            async { read.await.map_err(sdk_error) },
            self.counted_uses(store, keys::promotion_uses_range(id))
        )?;
        let Some(item) = output.item else { return Ok(None) };
        let Versioned { value, version } = read_promotion(item)?;
        let (current, code) = uses.get(&id).copied().unwrap_or_default();
        Ok(Some(Versioned { value: value.with_counted_uses(current, code), version }))
    }

    async fn replace_promotion(
        &self,
        store: &StoreId,
        promotion: &Promotion,
        expected_version: u64,
    ) -> Result<Versioned<Promotion>, WriteError> {
        let values = HashMap::from([(":expected".to_owned(), number(expected_version))]);
        let version = expected_version + 1;
        let was_limited = self.put_promotion(store, promotion, version, "version = :expected", values).await?;
        if promotion.fields().max_uses().is_some() && !was_limited {
            self.gather_uses(store, promotion.id()).await?;
        }
        Ok(Versioned { value: promotion.clone(), version })
    }

    async fn delete_promotion(
        &self,
        store: &StoreId,
        id: PromotionId,
        mut only_at: Option<&[u64]>,
    ) -> Result<(), WriteError> {
        for _ in 0..MAX_DELETE_ROUNDS {
            let Some(found) = self.delete_codeless(store, id, only_at).await? else { return Ok(()) };
            if only_at.is_some_and(|versions| !versions.contains(&found.version)) {
                return Err(Refusal::Stale.into());
            }
            only_at = None;
            let with_codes = found.value;
            let prefix = keys::promotion_code_sk(id, 0);
            let last = keys::promotion_code_sk(id, u64::MAX);
            let items = self.query_range(store, &prefix, &last, true, None).await?;
            let ids = items
                .into_iter()
                .map(|item| serde_dynamo::from_item::<_, CodeItem>(item).map(|c| c.code.id).map_err(backend))
                .collect::<Result<Vec<_>, _>>()?;
            self.delete_codes(store, with_codes.id(), &ids).await?;
        }
        Err(Refusal::Contended.into())
    }

    async fn list_promotions(
        &self,
        store: &StoreId,
        descending: bool,
        window: Option<Window>,
    ) -> Result<(Vec<Promotion>, u64), StoreError> {
        let (low, high) = (keys::promotion_head_sk(), keys::promotion_tail_sk());
        let wanted = window.map(|w| usize::try_from(w.offset + w.limit + 1).unwrap_or(usize::MAX));
        let all_uses = async {
            match window {
                None => self.counted_uses(store, keys::all_promotions_uses_range()).await.map(Some),
                Some(_) => Ok(None),
            }
        };
        let (items, all_uses) = tokio::try_join!(self.query_range(store, low, high, !descending, wanted), all_uses)?;
        let mut total = 0;
        let mut promotions = Vec::new();
        for item in items {
            let sk = item.get(keys::SK).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            if sk == low || sk == high {
                total = serde_dynamo::from_item::<_, CountItem>(item).map_err(backend)?.promotion_count;
            } else {
                promotions.push(read_promotion(item)?.value);
            }
        }
        let skip = window.map_or(0, |w| usize::try_from(w.offset).unwrap_or(usize::MAX));
        let page: Vec<Promotion> = promotions.into_iter().skip(skip).collect();
        let (Some(first), Some(last)) = (page.iter().map(Promotion::id).min(), page.iter().map(Promotion::id).max())
        else {
            return Ok((page, total));
        };
        let uses = match all_uses {
            Some(uses) => uses,
            None => self.counted_uses(store, keys::promotions_uses_range(first, last)).await?,
        };
        let counted = page.into_iter().map(|promotion| {
            let (current, code) = uses.get(&promotion.id()).copied().unwrap_or_default();
            promotion.with_counted_uses(current, code)
        });
        Ok((counted.collect(), total))
    }

    async fn list_promotion_index(&self, store: &StoreId, query: &IndexQuery) -> Result<IndexPage, StoreError> {
        self.index_page(store, query).await
    }

    async fn delete_promotions(&self, store: &StoreId, ids: &[PromotionId]) -> Result<Vec<PromotionId>, WriteError> {
        let ids = &distinct(ids);
        for _ in 0..MAX_DELETE_ROUNDS {
            let found = self.batch_get_promotions(store, ids).await?;
            let (refused, deletable): (Vec<_>, Vec<_>) = found.iter().partition(|p| p.code_count() > 0);
            if deletable.is_empty() {
                return Ok(refused.iter().map(|p| p.id()).collect());
            }
            let zero = || HashMap::from([(":zero".to_owned(), number(0))]);
            let mut items = deletable
                .iter()
                .map(|p| self.delete(Self::key(store, keys::promotion_sk(p.id())), CODELESS, zero()))
                .collect::<Result<Vec<_>, _>>()?;
            items.extend(self.count_updates(store, -(deletable.len() as i64))?);
            if self.transact(items).await?.is_ok() {
                return Ok(refused.iter().map(|p| p.id()).collect());
            }
        }
        Err(Refusal::Contended.into())
    }
}

/// How often a delete re-reads after losing a race with another writer.
const MAX_DELETE_ROUNDS: usize = 5;
