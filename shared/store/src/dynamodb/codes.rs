//! Coupon codes on DynamoDB: each code is two items written and deleted together, one under its
//! text (`CODE#<TEXT>`: unique, found in one GetItem) and one under its promotion
//! (`PCODE#<promotion>#<id>`: listed in one Query), written with its id's claim (`code_ids`).
//! Every change also moves the promotion's code count in the same transaction: a code written
//! under a limit (a SINGLE coupon's) on the promotion item (`code_count`, `code`, `version`),
//! every other one on a counter of its own (`counted_codes`), so that generated codes never
//! rewrite the promotion.
//!
//! Round trips: find 2 (GetItem of the code, then of its promotion's key); add one transaction
//! per [`CODES_PER_TRANSACTION`] codes (under a limit one after the other; else all but the last
//! side by side, then the last: `counted_codes`); list 1 Query; delete 1 GetItem + 1
//! BatchGetItem + one transaction per 41 codes.

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use aws_sdk_dynamodb::types::TransactWriteItem;
use serde::{Deserialize, Serialize};

use super::transact::{number, MAX_TRANSACTION_ITEMS};
use super::{backend, sdk_error, DynamoStore, Item};
use crate::distinct;
use crate::error::{Refusal, StoreError, WriteError};
use crate::idempotency::Completion;
use crate::keys;
use crate::{CodePage, CodeStore, PromotionStore};
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::{CodeText, CouponCode};

/// Codes per transaction: three items each (see [`DynamoStore::code_puts`]), plus the
/// promotion's update (and, in the last one, an `Idempotency-Key` record).
pub const CODES_PER_TRANSACTION: usize = (MAX_TRANSACTION_ITEMS - 2) / 3;

/// Codes per deleting transaction: two items each, beside the promotion's update and one update
/// per code counter.
const DELETES_PER_TRANSACTION: usize = (MAX_TRANSACTION_ITEMS - 1 - keys::CODE_COUNT_SHARDS as usize) / 2;

/// A code, under its text or under its promotion.
#[derive(Serialize, Deserialize)]
pub(super) struct CodeItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity_type: String,
    pub(super) promotion_id: PromotionId,
    pub(super) code: CouponCode,
    /// The counter of the promotion's generated codes that counts this code (`None`: the
    /// promotion item counts it, as it does a SINGLE coupon's code and every code written
    /// before the counters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) count_shard: Option<u8>,
}

impl DynamoStore {
    /// The three puts that store a new code: under its text (fails if the text exists), under its
    /// promotion, and its id's claim (fails if another write handed the id out). `count_shard`
    /// names the counter that counts it, if not the promotion item.
    pub(super) fn code_puts(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        code: &CouponCode,
        count_shard: Option<u8>,
    ) -> Result<[TransactWriteItem; 3], StoreError> {
        let [by_text, by_promotion] = Self::code_items(store, promotion, code, count_shard)?;
        Ok([self.put_new(by_text)?, self.put_new(by_promotion)?, self.code_id_claim(store, code.id)?])
    }

    /// The two items of a code as the table holds them: under its text and under its promotion.
    /// Public for tools that fill a table in bulk (the scale bench), which also move the code
    /// counters ([`Self::count_codes`]).
    pub fn code_items(
        store: &StoreId,
        promotion: PromotionId,
        code: &CouponCode,
        count_shard: Option<u8>,
    ) -> Result<[Item; 2], StoreError> {
        let item = |sk: String, entity: &str| CodeItem {
            pk: keys::store_pk(store),
            sk,
            entity_type: entity.to_owned(),
            promotion_id: promotion,
            code: code.clone(),
            count_shard,
        };
        let by_text = item(keys::code_sk(&code.code.key()), keys::CODE_ENTITY);
        let by_promotion = item(keys::promotion_code_sk(promotion, code.id), keys::PROMOTION_CODE_ENTITY);
        Ok([serde_dynamo::to_item(by_text).map_err(backend)?, serde_dynamo::to_item(by_promotion).map_err(backend)?])
    }

    /// Adds one batch of codes in one transaction.
    async fn add_batch(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        codes: &[CouponCode],
        max_codes: Option<u64>,
        completion: Option<&Completion>,
    ) -> Result<(), WriteError> {
        let added = codes.len() as u64;
        let mut values = HashMap::from([
            (":added".to_owned(), number(added)),
            (":zero".to_owned(), number(0)),
            (":one".to_owned(), number(1)),
            (":first".to_owned(), serde_dynamo::to_attribute_value(&codes[0]).map_err(backend)?),
        ]);
        let mut condition = "attribute_exists(PK)".to_owned();
        if let Some(max) = max_codes {
            let room = max.checked_sub(added).ok_or(Refusal::CodeLimitReached)?;
            values.insert(":room".to_owned(), number(room));
            condition.push_str(" AND (attribute_not_exists(promotion.code_count) OR promotion.code_count <= :room)");
        }
        let expression = "SET promotion.code_count = if_not_exists(promotion.code_count, :zero) + :added, \
                          promotion.code = if_not_exists(promotion.code, :first), version = version + :one";
        let mut items = vec![self.update(
            Self::key(store, keys::promotion_sk(promotion)),
            expression,
            Some(&condition),
            vec![],
            values,
        )?];
        for code in codes {
            items.extend(self.code_puts(store, promotion, code, None)?);
        }
        let completion_at = items.len();
        if let Some(completion) = completion {
            items.push(self.completion_put(store, completion)?);
        }
        match self.transact(items).await? {
            Ok(()) => Ok(()),
            Err(cancelled) if cancelled.failed(completion_at) => Err(Refusal::ClaimLost.into()),
            Err(cancelled) if cancelled.old_item(0).is_some() => Err(Refusal::CodeLimitReached.into()),
            Err(cancelled) if cancelled.failed(0) => Err(Refusal::Missing.into()),
            Err(cancelled) => {
                let taken: Vec<String> = (0..codes.len())
                    .filter(|i| cancelled.failed(1 + 3 * i))
                    .map(|i| codes[i].code.as_ref().to_owned())
                    .collect();
                let id_taken = (0..codes.len()).any(|i| cancelled.failed(2 + 3 * i) || cancelled.failed(3 + 3 * i));
                match (taken.is_empty(), id_taken) {
                    (false, _) => Err(WriteError::from(Refusal::DuplicateCode(taken))),
                    (true, true) => Err(Refusal::IdTaken.into()),
                    (true, false) => Err(Refusal::Contended.into()),
                }
            }
        }
    }

    /// The texts of `codes` that the store has already (one BatchGetItem per 100 codes).
    pub(super) async fn taken_texts(&self, store: &StoreId, codes: &[CouponCode]) -> Result<Vec<String>, StoreError> {
        let keys = codes.iter().map(|code| Self::key(store, keys::code_sk(&code.code.key()))).collect();
        let found = self.batch_get(keys).await?;
        let found: Vec<CodeItem> =
            found.into_iter().map(|item| serde_dynamo::from_item(item).map_err(backend)).collect::<Result<_, _>>()?;
        let taken = |code: &&CouponCode| found.iter().any(|item| item.code.code.key() == code.code.key());
        Ok(codes.iter().filter(taken).map(|code| code.code.as_ref().to_owned()).collect())
    }

    /// The promotion's codes with these ids (one BatchGetItem per 100 ids).
    async fn batch_get_codes(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        ids: &[u64],
    ) -> Result<Vec<CodeItem>, StoreError> {
        let keys = ids.iter().map(|id| Self::key(store, keys::promotion_code_sk(promotion, *id))).collect();
        let items = self.batch_get(keys).await?;
        items.into_iter().map(|item| serde_dynamo::from_item::<_, CodeItem>(item).map_err(backend)).collect()
    }

    /// Deletes one batch of codes, counting them out where they were counted (the promotion
    /// item, which also loses its `code` if it is among them, or their counters).
    async fn delete_batch(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        codes: &[CodeItem],
        single: Option<u64>,
    ) -> Result<bool, StoreError> {
        let on_item = codes.iter().filter(|c| c.count_shard.is_none()).count();
        let removes_single = single.is_some_and(|id| codes.iter().any(|c| c.code.id == id));
        let mut items = Vec::with_capacity(MAX_TRANSACTION_ITEMS);
        if on_item > 0 || removes_single {
            let values = HashMap::from([(":removed".to_owned(), number(on_item)), (":one".to_owned(), number(1))]);
            let expression = if removes_single {
                "SET promotion.code_count = promotion.code_count - :removed, version = version + :one REMOVE promotion.code"
            } else {
                "SET promotion.code_count = promotion.code_count - :removed, version = version + :one"
            };
            let key = Self::key(store, keys::promotion_sk(promotion));
            items.push(self.update(key, expression, Some("attribute_exists(PK)"), vec![], values)?);
        }
        let mut shards: BTreeMap<u8, i64> = BTreeMap::new();
        for shard in codes.iter().filter_map(|c| c.count_shard) {
            *shards.entry(shard).or_default() -= 1;
        }
        for (shard, delta) in shards {
            items.push(self.count_codes(store, promotion, shard, delta)?);
        }
        for CodeItem { code, .. } in codes {
            let by_text = Self::key(store, keys::code_sk(&code.code.key()));
            items.push(self.delete(by_text, "attribute_exists(PK)", Item::new())?);
            let by_promotion = Self::key(store, keys::promotion_code_sk(promotion, code.id));
            items.push(self.delete(by_promotion, "attribute_exists(PK)", Item::new())?);
        }
        Ok(self.transact(items).await?.is_ok())
    }
}

#[async_trait]
impl CodeStore for DynamoStore {
    async fn add_codes(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        codes: Vec<CouponCode>,
        max_codes: Option<u64>,
        completion: Option<&Completion>,
    ) -> Result<(), WriteError> {
        if max_codes.is_none() {
            return self.add_counted(store, promotion, &codes, completion).await;
        }
        let mut added: Vec<u64> = Vec::new();
        let batches = codes.len().div_ceil(CODES_PER_TRANSACTION);
        for (i, batch) in codes.chunks(CODES_PER_TRANSACTION).enumerate() {
            let room = max_codes.map(|max| max.saturating_sub((i * CODES_PER_TRANSACTION) as u64));
            let last = (i + 1 == batches).then_some(completion).flatten();
            if let Err(error) = self.add_batch(store, promotion, batch, room, last).await {
                if !added.is_empty() {
                    self.delete_codes(store, promotion, &added).await?;
                }
                // A refusal names every taken code, not only those of the batch that met one:
                // the later batches' are looked up too, so a caller drawing random codes
                // replaces them all in one go.
                if let WriteError::Refused(Refusal::DuplicateCode(mut taken)) = error {
                    let later = &codes[((i + 1) * CODES_PER_TRANSACTION).min(codes.len())..];
                    taken.extend(self.taken_texts(store, later).await?);
                    return Err(Refusal::DuplicateCode(taken).into());
                }
                return Err(error);
            }
            added.extend(batch.iter().map(|c| c.id));
        }
        Ok(())
    }

    async fn list_codes(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        page: CodePage,
    ) -> Result<Vec<CouponCode>, StoreError> {
        let limit = usize::try_from(page.limit).unwrap_or(usize::MAX);
        let (low, high, forward) = match (page.after, page.before) {
            (_, Some(0)) => return Ok(Vec::new()),
            (_, Some(before)) => {
                (keys::promotion_code_sk(promotion, 0), keys::promotion_code_sk(promotion, before - 1), false)
            }
            (Some(u64::MAX), None) => return Ok(Vec::new()),
            (after, None) => {
                let low = after.map_or(0, |a| a + 1);
                (keys::promotion_code_sk(promotion, low), keys::promotion_code_sk(promotion, u64::MAX), true)
            }
        };
        let items = self.query_range(store, &low, &high, forward, Some(limit)).await?;
        let mut codes = items
            .into_iter()
            .map(|item| serde_dynamo::from_item::<_, CodeItem>(item).map(|c| c.code).map_err(backend))
            .collect::<Result<Vec<_>, _>>()?;
        codes.truncate(limit);
        if !forward {
            codes.reverse();
        }
        Ok(codes)
    }

    async fn find_code(
        &self,
        store: &StoreId,
        code: &CodeText,
    ) -> Result<Option<(PromotionId, CouponCode)>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(store, keys::code_sk(&code.key()))))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        let Some(item) = output.item else { return Ok(None) };
        let item: CodeItem = serde_dynamo::from_item(item).map_err(backend)?;
        // A deleted promotion's codes stay until they are purged; none of them counts.
        if !self.promotion_exists(store, item.promotion_id).await? {
            return Ok(None);
        }
        Ok(Some((item.promotion_id, item.code)))
    }

    async fn purge_codes(&self, store: &StoreId, promotion: PromotionId, limit: usize) -> Result<bool, StoreError> {
        self.purge(store, promotion, limit).await
    }

    async fn delete_codes(&self, store: &StoreId, promotion: PromotionId, ids: &[u64]) -> Result<Vec<u64>, WriteError> {
        let ids = &distinct(ids);
        // The codes this call deleted in an earlier round: a round that lost a race reads again,
        // and must not report its own earlier work as missing.
        let mut deleted: Vec<u64> = Vec::new();
        for _ in 0..5 {
            let Some(current) = self.get_promotion(store, promotion).await? else {
                return Ok(ids.iter().copied().filter(|id| !deleted.contains(id)).collect());
            };
            let single = current.value.code().as_ref().map(|c| c.id);
            let wanted: Vec<u64> = ids.iter().copied().filter(|id| !deleted.contains(id)).collect();
            let found = self.batch_get_codes(store, promotion, &wanted).await?;
            let missing: Vec<u64> =
                wanted.iter().copied().filter(|id| !found.iter().any(|c| c.code.id == *id)).collect();
            let mut all_applied = true;
            for batch in found.chunks(DELETES_PER_TRANSACTION) {
                if self.delete_batch(store, promotion, batch, single).await? {
                    deleted.extend(batch.iter().map(|item| item.code.id));
                } else {
                    all_applied = false;
                }
            }
            if all_applied {
                return Ok(missing);
            }
        }
        Err(Refusal::Contended.into())
    }
}
