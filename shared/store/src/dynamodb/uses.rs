//! A promotion's counters on DynamoDB: the `USES#` counters redemptions move
//! (`super::redemption_items`), summed when a promotion is read, and gathered into the first
//! shard when a promotion gets a `max_uses` (a limited promotion counts there only); and, in the
//! same range, the counters of its generated codes (`super::codes`), read in the same Query.

use std::collections::HashMap;

use super::redemption_items::signed_use_count;
use super::transact::number;
use super::{DynamoStore, Item};
use crate::error::StoreError;
use crate::keys;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::Promotion;

/// A number attribute of an item, 0 when it has none.
fn signed_number(item: &Item, name: &str) -> i64 {
    item.get(name).and_then(|v| v.as_n().ok()).and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// What a promotion's counters hold, summed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Counters {
    /// The uses its redemptions took.
    pub uses: u64,
    /// The uses of its first code, if it has one.
    pub code_uses: Option<u64>,
    /// The codes counted apart from the promotion item (generated ones).
    pub codes: u64,
    /// How many writes moved those counts: added to the item's version, so that every code
    /// change moves the promotion's `ETag`.
    pub code_changes: u64,
}

impl Counters {
    /// `promotion` with what these counters hold (the item has the rest).
    pub fn apply(&self, promotion: Promotion) -> Promotion {
        promotion.with_counted_uses(self.uses, self.code_uses).with_counted_codes(self.codes)
    }
}

impl DynamoStore {
    /// The counters of the promotions whose counters lie between `low` and `high` (one Query):
    /// per promotion, the sum of its use shards, the uses of its first code, and the sums of
    /// its code count's shards.
    pub(super) async fn counted_uses(
        &self,
        store: &StoreId,
        (low, high): (String, String),
    ) -> Result<HashMap<PromotionId, Counters>, StoreError> {
        let mut sums: HashMap<PromotionId, (i64, Option<i64>, i64, i64)> = HashMap::new();
        for item in self.query_range(store, &low, &high, true, None).await? {
            let sk = item.get(keys::SK).and_then(|v| v.as_s().ok()).map(String::as_str).unwrap_or_default();
            let Some((id, counter)) = sk.strip_prefix("USES#").and_then(|rest| rest.split_once('#')) else { continue };
            let Ok(id) = id.parse().map(PromotionId) else { continue };
            let entry = sums.entry(id).or_default();
            if counter == "CODE" {
                entry.1 = Some(signed_use_count(&item));
            } else if counter.starts_with('N') {
                entry.2 += signed_number(&item, "code_count");
                entry.3 += signed_number(&item, "changes");
            } else {
                entry.0 += signed_use_count(&item);
            }
        }
        let positive = |n: i64| u64::try_from(n).unwrap_or(0);
        Ok(sums
            .into_iter()
            .map(|(id, (uses, code, codes, changes))| {
                let counted = Counters {
                    uses: positive(uses),
                    code_uses: code.map(positive),
                    codes: positive(codes),
                    code_changes: positive(changes),
                };
                (id, counted)
            })
            .collect())
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
