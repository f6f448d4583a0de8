//! Removing the codes of a deleted promotion, after the promotion is gone.
//!
//! Deleting a promotion is one transaction whatever its number of codes (its item and its share
//! of the count); from then on [`crate::CodeStore::find_code`] finds none of its codes and every code
//! write of it is refused, since each is conditional on the promotion item. Its code items are
//! then removed by `purge-codes` (fed by the table's stream) with [`crate::CodeStore::purge_codes`]: one
//! Query of the first `limit` items under `PCODE#<promotion>#`, then batches of
//! [`PURGES_PER_BATCH`] codes, [`PURGES_IN_FLIGHT`] side by side: each code's item under its
//! text first (a conditional DeleteItem: only while it is still this code, `code.id`, so that a
//! text the purge freed and a new code took is never deleted), then the batch's entries under the
//! promotion in one BatchWriteItem. No transaction: the order is what keeps a purge cut short
//! exact (an entry under the promotion outlives its text item, so the next call, which starts
//! from what is left, finds it and finishes it; items already gone delete as nothing), and plain
//! deletes cost half a transaction's capacity. A purge runs in the background, so it need not be
//! fast, but it must not crowd out the store's requests (all of a store's items share its
//! partition).

use std::collections::HashMap;

use futures::{StreamExt, TryStreamExt};

use super::codes::CodeItem;
use aws_sdk_dynamodb::types::{DeleteRequest, WriteRequest};

use super::batch_write::MAX_BATCH_WRITES;
use super::delete_if::Condition;
use super::transact::number;
use super::{backend, DynamoStore, Item};
use crate::error::StoreError;
use crate::keys;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::CouponCode;

/// Codes purged together: their entries under the promotion are one BatchWriteItem.
pub const PURGES_PER_BATCH: usize = MAX_BATCH_WRITES;

/// Batches purged side by side.
pub const PURGES_IN_FLIGHT: usize = 4;

/// Conditional deletes of one batch's items under their texts in flight at once.
const TEXT_DELETES_IN_FLIGHT: usize = 8;

/// The condition on a code's item under its text: gone already, or still this code.
const STILL_THIS_CODE: &str = "attribute_not_exists(PK) OR code.id = :id";

impl DynamoStore {
    /// Whether the store has the promotion (a strongly consistent GetItem of its key alone).
    pub(super) async fn promotion_exists(&self, store: &StoreId, id: PromotionId) -> Result<bool, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(store, keys::promotion_sk(id))))
            .projection_expression("PK")
            .consistent_read(true)
            .send()
            .await
            .map_err(super::sdk_error)?;
        Ok(output.item.is_some())
    }

    /// The first `limit` codes filed under the promotion.
    async fn filed_codes(&self, store: &StoreId, id: PromotionId, limit: usize) -> Result<Vec<CouponCode>, StoreError> {
        let (low, high) = (keys::promotion_code_sk(id, 0), keys::promotion_code_sk(id, u64::MAX));
        let items = self.query_range(store, &low, &high, true, Some(limit)).await?;
        items
            .into_iter()
            .take(limit)
            .map(|item| Ok(serde_dynamo::from_item::<_, CodeItem>(item).map_err(backend)?.code))
            .collect()
    }

    /// Deletes these codes of the promotion: first each one's item under its text (while it is
    /// still this code), then, once those are gone, their entries under the promotion, which are
    /// what the next purge would find again if this one were cut short.
    async fn purge_batch(&self, store: &StoreId, id: PromotionId, codes: &[CouponCode]) -> Result<(), StoreError> {
        let texts: Vec<_> = codes.iter().map(|code| self.delete_text_if_still(store, code)).collect();
        futures::stream::iter(texts).buffer_unordered(TEXT_DELETES_IN_FLIGHT).try_collect::<Vec<()>>().await?;
        let entries = codes.iter().map(|code| Self::key(store, keys::promotion_code_sk(id, code.id))).collect();
        self.delete_all(entries).await
    }

    /// Deletes the code's item under its text if it is still this code (a text the purge freed
    /// may belong to a new code already); an item gone or another code's is left as it is.
    async fn delete_text_if_still(&self, store: &StoreId, code: &CouponCode) -> Result<(), StoreError> {
        let key = Self::key(store, keys::code_sk(&code.code.key()));
        let values = HashMap::from([(":id".to_owned(), number(code.id))]);
        self.delete_if(key, Condition { expression: STILL_THIS_CODE, names: HashMap::new(), values }).await
    }

    /// Deletes the items at `keys` (at most 25) in one BatchWriteItem.
    async fn delete_all(&self, keys: Vec<Item>) -> Result<(), StoreError> {
        let requests = keys
            .into_iter()
            .map(|key| {
                let delete = DeleteRequest::builder().set_key(Some(key)).build().map_err(backend)?;
                Ok(WriteRequest::builder().delete_request(delete).build())
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        self.batch_write(requests).await
    }

    /// [`crate::CodeStore::purge_codes`] on DynamoDB.
    pub(super) async fn purge(&self, store: &StoreId, id: PromotionId, limit: usize) -> Result<bool, StoreError> {
        if self.promotion_exists(store, id).await? {
            return Ok(true);
        }
        let limit = limit.max(1);
        let codes = self.filed_codes(store, id, limit).await?;
        // Collected first: a lazy map over the chunks would not be `Send` for the async trait.
        let batches: Vec<_> = codes.chunks(PURGES_PER_BATCH).map(|batch| self.purge_batch(store, id, batch)).collect();
        futures::stream::iter(batches).buffer_unordered(PURGES_IN_FLIGHT).try_collect::<Vec<()>>().await?;
        Ok(codes.len() < limit)
    }
}
