//! Removing the codes of a deleted promotion, after the promotion is gone.
//!
//! Deleting a promotion is one transaction whatever its number of codes (its item and its share
//! of the count); from then on [`crate::CodeStore::find_code`] finds none of its codes and every code
//! write of it is refused, since each is conditional on the promotion item. Its code items are
//! then removed by `purge-codes` (fed by the table's stream) with [`crate::CodeStore::purge_codes`]: one
//! Query of the first `limit` items under `PCODE#<promotion>#`, then one transaction per
//! [`PURGES_PER_TRANSACTION`] codes, all side by side. Each code's two items go together; the
//! one under its text only while it is still this code (`code.id`), so that a text the purge
//! freed and a new code took is never deleted. Items already gone delete as nothing: a purge cut
//! short is finished by the next call, which starts from what is left.

use std::collections::HashMap;

use futures::future::try_join_all;

use super::codes::CodeItem;
use super::transact::number;
use super::{backend, DynamoStore, Item};
use crate::error::StoreError;
use crate::keys;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::CouponCode;

/// Codes per purging transaction: two deletes each.
pub const PURGES_PER_TRANSACTION: usize = 50;

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

    /// Deletes these codes of the promotion in one transaction (sent again without the text
    /// items another code holds now).
    async fn purge_batch(&self, store: &StoreId, id: PromotionId, codes: &[CouponCode]) -> Result<(), StoreError> {
        let mut by_text: Vec<bool> = vec![true; codes.len()];
        for _ in 0..2 {
            let mut items = Vec::with_capacity(2 * codes.len());
            let mut text_at = Vec::new();
            for (index, (code, with_text)) in codes.iter().zip(&by_text).enumerate() {
                items.push(self.delete(Self::key(store, keys::promotion_code_sk(id, code.id)), "", Item::new())?);
                if *with_text {
                    text_at.push((items.len(), index));
                    let values = HashMap::from([(":id".to_owned(), number(code.id))]);
                    items.push(self.delete(
                        Self::key(store, keys::code_sk(&code.code.key())),
                        STILL_THIS_CODE,
                        values,
                    )?);
                }
            }
            let Err(cancelled) = self.transact(items).await? else { return Ok(()) };
            for (at, index) in text_at {
                by_text[index] &= !cancelled.failed(at);
            }
        }
        Err(StoreError::Unavailable("a purge of codes kept being cancelled".into()))
    }

    /// [`crate::CodeStore::purge_codes`] on DynamoDB.
    pub(super) async fn purge(&self, store: &StoreId, id: PromotionId, limit: usize) -> Result<bool, StoreError> {
        if self.promotion_exists(store, id).await? {
            return Ok(true);
        }
        let limit = limit.max(1);
        let codes = self.filed_codes(store, id, limit).await?;
        try_join_all(codes.chunks(PURGES_PER_TRANSACTION).map(|batch| self.purge_batch(store, id, batch))).await?;
        Ok(codes.len() < limit)
    }
}
