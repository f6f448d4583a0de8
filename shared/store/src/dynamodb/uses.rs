//! A promotion's use count on DynamoDB: the `USES#` counters redemptions move
//! (`super::redemption_items`), summed when a promotion is read, and gathered into the first
//! shard when a promotion gets a `max_uses` (a limited promotion counts there only).

use std::collections::HashMap;

use super::redemption_items::signed_use_count;
use super::transact::number;
use super::DynamoStore;
use crate::error::StoreError;
use crate::keys;
use domain::ids::{PromotionId, StoreId};

impl DynamoStore {
    /// The counted uses of the promotions whose counters lie between `low` and `high` (one
    /// Query): per promotion, the sum of its shards and the uses of its first code.
    pub(super) async fn counted_uses(
        &self,
        store: &StoreId,
        (low, high): (String, String),
    ) -> Result<HashMap<PromotionId, (u64, Option<u64>)>, StoreError> {
        let mut sums: HashMap<PromotionId, (i64, Option<i64>)> = HashMap::new();
        for item in self.query_range(store, &low, &high, true, None).await? {
            let sk = item.get(keys::SK).and_then(|v| v.as_s().ok()).map(String::as_str).unwrap_or_default();
            let Some((id, counter)) = sk.strip_prefix("USES#").and_then(|rest| rest.split_once('#')) else { continue };
            let Ok(id) = id.parse().map(PromotionId) else { continue };
            let entry = sums.entry(id).or_default();
            if counter == "CODE" {
                entry.1 = Some(signed_use_count(&item));
            } else {
                entry.0 += signed_use_count(&item);
            }
        }
        let positive = |n: i64| u64::try_from(n).unwrap_or(0);
        Ok(sums.into_iter().map(|(id, (uses, code))| (id, (positive(uses), code.map(positive)))).collect())
    }

    /// When a promotion gets a `max_uses` it did not have, moves the uses its other shards
    /// counted into the first, where a limited promotion counts (one Query, one transaction).
    pub(super) async fn gather_uses(&self, store: &StoreId, id: PromotionId) -> Result<(), StoreError> {
        let (low, high) = keys::promotion_uses_range(id);
        let first = keys::promotion_uses_sk(id, 0);
        let mut moved = 0;
        let mut items = Vec::new();
        for item in self.query_range(store, &low, &high, true, None).await? {
            let sk = item.get(keys::SK).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            let count = signed_use_count(&item);
            if sk == first || sk.ends_with("#CODE") || count == 0 {
                continue;
            }
            moved += count;
            let values = HashMap::from([(":delta".to_owned(), number(-count))]);
            items.push(self.update(Self::key(store, sk), "ADD use_count :delta", None, vec![], values)?);
        }
        if items.is_empty() {
            return Ok(());
        }
        let values = HashMap::from([(":delta".to_owned(), number(moved))]);
        items.push(self.update(Self::key(store, first), "ADD use_count :delta", None, vec![], values)?);
        self.transact(items).await?.map_err(|_| StoreError::Backend("moving use counts was cancelled".into()))
    }
}
