//! What an evaluation reads on DynamoDB, whatever the store's size.
//!
//! Round trips, in two steps: side by side, one Query of the sparse [`keys::LIVE_INDEX`] from
//! the evaluation time on (one per MB of live promotions; an index is only ever eventually
//! consistent) and one BatchGetItem of the codes' `CODE#<TEXT>` items; then one BatchGetItem of
//! the named promotions the live set did not bring and of the use counter (`USES#<id>#S0`) of
//! each promotion with a `max_uses`, skipped when it has nothing to read. A limited promotion
//! counts all its uses in that counter, and a redemption's write is conditional on that same
//! counter, so the count read here is the one the limit is enforced on.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use domain::evaluation::candidates::Live;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::{CodeText, CouponCode};
use domain::promotion::timestamp::Timestamp;
use domain::promotion::Promotion;

use super::codes::CodeItem;
use super::paged_query::query_until;
use super::promotion_item::read_promotion;
use super::redemption_items::use_count;
use super::{backend, DynamoStore, Item};
use crate::candidates::{CandidateStore, Candidates, Freshness};
use crate::error::StoreError;
use crate::keys;

impl DynamoStore {
    /// The store's live promotions whose index value is at least `from` (one Query per MB).
    async fn live_promotions(&self, store: &StoreId, from: i64) -> Result<Vec<Promotion>, StoreError> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(keys::LIVE_INDEX)
            .key_condition_expression("#pk = :pk AND #sk >= :from")
            .expression_attribute_names("#pk", keys::LIVE_PK)
            .expression_attribute_names("#sk", keys::LIVE_SK)
            .expression_attribute_values(":pk", AttributeValue::S(keys::store_pk(store)))
            .expression_attribute_values(":from", AttributeValue::S(keys::live_sk(from)));
        let items = query_until(query, None).await?;
        items.into_iter().map(|item| Ok(read_promotion(item)?.value)).collect()
    }

    /// The codes with these texts, by their upper-case key (one BatchGetItem per 100).
    async fn codes_by_key(
        &self,
        store: &StoreId,
        codes: &[CodeText],
        consistent: bool,
    ) -> Result<HashMap<String, (PromotionId, CouponCode)>, StoreError> {
        let wanted: HashSet<String> = codes.iter().map(CodeText::key).collect();
        let keys = wanted.iter().map(|key| Self::key(store, keys::code_sk(key))).collect();
        let mut found = HashMap::new();
        for item in self.batch_get_with(keys, consistent).await? {
            let item: CodeItem = serde_dynamo::from_item(item).map_err(backend)?;
            found.insert(item.code.code.key(), (item.promotion_id, item.code));
        }
        Ok(found)
    }

    /// `live` with the `missing` promotions added, and the uses of each limited one and each
    /// added one counted (one BatchGetItem per 100 keys, none when there is nothing to read).
    async fn with_named_and_counted(
        &self,
        store: &StoreId,
        mut promotions: Vec<Promotion>,
        missing: &[PromotionId],
        consistent: bool,
    ) -> Result<Vec<Promotion>, StoreError> {
        let limited = promotions.iter().filter(|p| p.fields().max_uses().is_some()).map(Promotion::id);
        let counters: HashMap<String, PromotionId> =
            limited.chain(missing.iter().copied()).map(|id| (keys::promotion_uses_sk(id, 0), id)).collect();
        let mut wanted: Vec<Item> = missing.iter().map(|id| Self::key(store, keys::promotion_sk(*id))).collect();
        wanted.extend(counters.keys().map(|sk| Self::key(store, sk.clone())));
        let mut uses = HashMap::new();
        if !wanted.is_empty() {
            for item in self.batch_get_with(wanted, consistent).await? {
                let sk = item.get(keys::SK).and_then(|v| v.as_s().ok()).map(String::as_str).unwrap_or_default();
                match counters.get(sk) {
                    Some(id) => _ = uses.insert(*id, use_count(&item)),
                    None => promotions.push(read_promotion(item)?.value),
                }
            }
        }
        let counted = promotions.into_iter().map(|p| {
            let current = uses.get(&p.id()).copied().unwrap_or(0);
            p.with_counted_uses(current, None)
        });
        Ok(counted.collect())
    }
}

#[async_trait]
impl CandidateStore for DynamoStore {
    async fn evaluation_candidates(
        &self,
        store: &StoreId,
        codes: &[CodeText],
        at: Timestamp,
        freshness: Freshness,
    ) -> Result<Candidates, StoreError> {
        let consistent = freshness == Freshness::Strong;
        let found = async {
            match codes.is_empty() {
                true => Ok(HashMap::new()),
                false => self.codes_by_key(store, codes, consistent).await,
            }
        };
        let (live, found) = tokio::try_join!(self.live_promotions(store, Live::floor(at)), found)?;
        let live_ids: HashSet<PromotionId> = live.iter().map(Promotion::id).collect();
        let named: HashSet<PromotionId> = found.values().map(|(id, _)| *id).collect();
        let missing: Vec<PromotionId> = named.into_iter().filter(|id| !live_ids.contains(id)).collect();
        let promotions = self.with_named_and_counted(store, live, &missing, consistent).await?;
        let present: HashSet<PromotionId> = promotions.iter().map(Promotion::id).collect();
        let codes = codes.iter().map(|text| {
            let code = found.get(&text.key()).filter(|(id, _)| present.contains(id)).cloned();
            (text.clone(), code)
        });
        Ok(Candidates { promotions, codes: codes.collect() })
    }
}
