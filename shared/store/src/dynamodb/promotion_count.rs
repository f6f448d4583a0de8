//! A store's promotion ids and its promotion count, kept so that creates never queue on one item.
//!
//! Ids come from `ADD next_id` on the head item (`PROMO!`), an UpdateItem outside the create's
//! transaction: DynamoDB applies concurrent ones one after another, without a conflict, and no
//! transaction holds the head. The count lives in [`keys::PROMOTION_COUNT_SHARDS`] shares
//! (`PROMO!N<shard>`); a create or delete moves, in its own transaction, the share its
//! promotion's id falls in. Concurrent creates hold consecutive ids, hence different shares, so
//! their transactions do not meet (before the count was shared, every create moved the same
//! two items, and 50 concurrent creates cancelled each other's transactions into 503s). The
//! count is the sum of one Query of the head and the shares; the head's own `promotion_count`,
//! written by earlier versions, is part of that sum and no longer moves.

use std::collections::BTreeMap;
use std::collections::HashMap;

use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue, TransactWriteItem};
use serde::Deserialize;

use super::transact::number;
use super::{backend, sdk_error, DynamoStore};
use crate::error::StoreError;
use crate::keys;
use domain::ids::{PromotionId, StoreId};

/// The head item or a share of the count.
#[derive(Deserialize)]
struct CountItem {
    #[serde(default)]
    promotion_count: i64,
}

impl DynamoStore {
    /// The store's next promotion id: never handed out before, whatever becomes of its create.
    pub(super) async fn next_promotion_id(&self, store: &StoreId) -> Result<PromotionId, StoreError> {
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

    /// The updates that count `ids` in (`sign` 1) or out (`sign` -1): one per share they fall in
    /// (a transaction may name an item once).
    pub(super) fn count_updates(
        &self,
        store: &StoreId,
        ids: &[PromotionId],
        sign: i64,
    ) -> Result<Vec<TransactWriteItem>, StoreError> {
        let mut shares: BTreeMap<u64, i64> = BTreeMap::new();
        for id in ids {
            *shares.entry(keys::promotion_count_shard(*id)).or_default() += sign;
        }
        shares
            .into_iter()
            .map(|(shard, delta)| {
                let values = HashMap::from([
                    (":delta".to_owned(), number(delta)),
                    (":entity".to_owned(), AttributeValue::S(keys::SEQUENCE_ENTITY.into())),
                ]);
                self.update(
                    Self::key(store, keys::promotion_count_sk(shard)),
                    "ADD promotion_count :delta SET entity_type = :entity",
                    None,
                    vec![],
                    values,
                )
            })
            .collect()
    }

    /// How many promotions the store has: the sum of the head and the shares (one Query).
    pub(super) async fn promotion_count(&self, store: &StoreId) -> Result<u64, StoreError> {
        let (low, high) = keys::promotion_count_range();
        let items = self.query_range(store, low, high, true, None).await?;
        let mut total: i64 = 0;
        for item in items {
            total += serde_dynamo::from_item::<_, CountItem>(item).map_err(backend)?.promotion_count;
        }
        Ok(u64::try_from(total).unwrap_or(0))
    }
}
