//! Promotions on DynamoDB.
//!
//! Round trips: get 2 side by side (GetItem, and a Query of its counters: uses and generated
//! codes); create 2 (UpdateItem on the head for the id, then one transaction: the promotion, its
//! share of the count (`promotion_count`), and its first code if any); replace 2 (a Query of its
//! counters, then PutItem conditional on the item's part of the version read; the read is the
//! caller's), plus a Query and a transaction when it gets a `max_uses` it did not have (its uses
//! gathered into one counter); delete 1 transaction (the promotion and its share of the count)
//! whatever its codes, which are purged after (`purge`), + 1 Query with `If-Match`; a page sorted
//! by id 3 Queries (the page and the count side by side, then its counters); every promotion 2
//! Queries side by side (they are the count).
//!
//! A promotion's `current_uses` is not in its item: redemptions count in `USES#` items
//! (`super::redemptions`), read with it and summed here.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue, ReturnValuesOnConditionCheckFailure};

use super::paged_query::query_until;
use super::promotion_item::read_promotion;
use super::transact::number;
use super::uses::Counters;
use super::versions::version_in;
use super::{sdk_error, service_error, DynamoStore, Item};
use crate::error::{Refusal, StoreError, WriteError};
use crate::keys;
use crate::listing::{IndexPage, IndexQuery};
use crate::{distinct, PromotionStore, Respond, Versioned, Window};
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::CouponCode;
use domain::promotion::{Promotion, PromotionFields};

/// The condition under which a promotion may go: it exists and has no codes.
const CODELESS: &str =
    "attribute_exists(PK) AND (attribute_not_exists(promotion.code_count) OR promotion.code_count = :zero)";

impl DynamoStore {
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

    /// Deletes the promotion item (at one of the versions `only_at` names, if given) and counts
    /// it out, in one transaction; its codes are left to [`crate::CodeStore::purge_codes`].
    async fn delete_item(&self, store: &StoreId, id: PromotionId, only_at: Option<&[u64]>) -> Result<(), WriteError> {
        let (condition, values) = match only_at {
            Some(versions) => {
                let (at, values) = version_in(versions);
                (format!("attribute_exists(PK) AND {at}"), values)
            }
            None => ("attribute_exists(PK)".to_owned(), Item::new()),
        };
        let mut items = vec![self.delete(Self::key(store, keys::promotion_sk(id)), &condition, values)?];
        items.extend(self.count_updates(store, &[id], -1)?);
        match self.transact(items).await? {
            Ok(()) => Ok(()),
            Err(cancelled) if cancelled.old_item(0).is_some() => Err(Refusal::Stale.into()),
            Err(cancelled) if cancelled.failed(0) => Ok(()),
            Err(_) => Err(Refusal::Contended.into()),
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
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND SK BETWEEN :low AND :high")
            .expression_attribute_values(":pk", AttributeValue::S(keys::store_pk(store)))
            .expression_attribute_values(":low", AttributeValue::S(low.to_owned()))
            .expression_attribute_values(":high", AttributeValue::S(high.to_owned()))
            .scan_index_forward(forward)
            .consistent_read(true);
        query_until(query, wanted).await
    }

    /// The counters of one promotion (one Query).
    async fn counters_of(&self, store: &StoreId, id: PromotionId) -> Result<Counters, StoreError> {
        Ok(self.counted_uses(store, keys::promotion_uses_range(id)).await?.remove(&id).unwrap_or_default())
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
        items.extend(self.count_updates(store, &[created.value.id()], 1)?);
        if let Some(code) = &first_code {
            items.extend(self.code_puts(store, created.value.id(), code, None)?);
        }
        let completion_at = items.len();
        if let Some(respond) = respond {
            items.push(self.completion_put(store, &respond(&created))?);
        }
        match self.transact(items).await? {
            Ok(()) => Ok(created),
            Err(cancelled) if cancelled.failed(completion_at) => Err(Refusal::ClaimLost.into()),
            Err(cancelled) if cancelled.failed(2) => Err(WriteError::from(Refusal::DuplicateCode(
                first_code.map(|c| c.code.as_ref().to_owned()).into_iter().collect(),
            ))),
            Err(cancelled) if cancelled.failed(3) || cancelled.failed(4) => Err(Refusal::IdTaken.into()),
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
        let counters = uses.get(&id).copied().unwrap_or_default();
        Ok(Some(Versioned { value: counters.apply(value), version: version + counters.code_changes }))
    }

    async fn replace_promotion(
        &self,
        store: &StoreId,
        promotion: &Promotion,
        expected_version: u64,
    ) -> Result<Versioned<Promotion>, WriteError> {
        // The version is the item's and its code counters' writes: the item is written at its
        // part of `expected_version`, without the codes the counters hold.
        let counters = self.counters_of(store, promotion.id()).await?;
        let item_version = expected_version.checked_sub(counters.code_changes).ok_or(Refusal::Stale)?;
        let values = HashMap::from([(":expected".to_owned(), number(item_version))]);
        let own = promotion.clone().with_uncounted_codes(counters.codes);
        let was_limited = self.put_promotion(store, &own, item_version + 1, "version = :expected", values).await?;
        let version = expected_version + 1;
        if promotion.fields().max_uses().is_some() && !was_limited {
            self.gather_uses(store, promotion.id()).await?;
        }
        Ok(Versioned { value: promotion.clone(), version })
    }

    async fn delete_promotion(
        &self,
        store: &StoreId,
        id: PromotionId,
        only_at: Option<&[u64]>,
    ) -> Result<(), WriteError> {
        let Some(versions) = only_at else { return self.delete_item(store, id, None).await };
        let changes = self.counters_of(store, id).await?.code_changes;
        let item_versions: Vec<u64> = versions.iter().filter_map(|v| v.checked_sub(changes)).collect();
        self.delete_item(store, id, Some(&item_versions)).await
    }

    async fn count_promotions(&self, store: &StoreId) -> Result<u64, StoreError> {
        self.promotion_count(store).await
    }

    async fn list_promotions(
        &self,
        store: &StoreId,
        descending: bool,
        window: Option<Window>,
    ) -> Result<(Vec<Promotion>, u64), StoreError> {
        let (low, high) = keys::promotions_range();
        let wanted = window.map(|w| usize::try_from(w.offset + w.limit).unwrap_or(usize::MAX));
        let all_uses = async {
            match window {
                None => self.counted_uses(store, keys::all_promotions_uses_range()).await.map(Some),
                Some(_) => Ok(None),
            }
        };
        // Without a window every promotion is read, and they are the count.
        let count = async {
            match window {
                Some(_) => self.promotion_count(store).await.map(Some),
                None => Ok(None),
            }
        };
        let (items, total, all_uses) =
            tokio::try_join!(self.query_range(store, &low, &high, !descending, wanted), count, all_uses)?;
        let promotions =
            items.into_iter().map(|item| Ok(read_promotion(item)?.value)).collect::<Result<Vec<_>, _>>()?;
        let total = total.unwrap_or(promotions.len() as u64);
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
        let counted =
            page.into_iter().map(|promotion| uses.get(&promotion.id()).copied().unwrap_or_default().apply(promotion));
        Ok((counted.collect(), total))
    }

    async fn list_promotion_index(&self, store: &StoreId, query: &IndexQuery) -> Result<IndexPage, StoreError> {
        self.index_page(store, query).await
    }

    async fn delete_promotions(&self, store: &StoreId, ids: &[PromotionId]) -> Result<Vec<PromotionId>, WriteError> {
        let ids = &distinct(ids);
        for _ in 0..MAX_DELETE_ROUNDS {
            let found = self.batch_get_promotions(store, ids).await?;
            let (Some(first), Some(last)) =
                (found.iter().map(Promotion::id).min(), found.iter().map(Promotion::id).max())
            else {
                return Ok(Vec::new());
            };
            let counters = self.counted_uses(store, keys::promotions_uses_range(first, last)).await?;
            let found: Vec<Promotion> =
                found.into_iter().map(|p| counters.get(&p.id()).copied().unwrap_or_default().apply(p)).collect();
            let (refused, deletable): (Vec<_>, Vec<_>) = found.iter().partition(|p| p.code_count() > 0);
            if deletable.is_empty() {
                return Ok(refused.iter().map(|p| p.id()).collect());
            }
            let zero = || HashMap::from([(":zero".to_owned(), number(0))]);
            let mut items = deletable
                .iter()
                .map(|p| self.delete(Self::key(store, keys::promotion_sk(p.id())), CODELESS, zero()))
                .collect::<Result<Vec<_>, _>>()?;
            let gone: Vec<PromotionId> = deletable.iter().map(|p| p.id()).collect();
            items.extend(self.count_updates(store, &gone, -1)?);
            if self.transact(items).await?.is_ok() {
                return Ok(refused.iter().map(|p| p.id()).collect());
            }
        }
        Err(Refusal::Contended.into())
    }
}

/// How often a delete re-reads after losing a race with another writer.
const MAX_DELETE_ROUNDS: usize = 5;
