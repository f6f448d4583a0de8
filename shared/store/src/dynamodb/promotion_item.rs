//! A promotion as a DynamoDB item: keys, bookkeeping, and the resource as a map whose `rules`
//! are one JSON text (an `S` attribute) rather than a tree of maps and lists.
//!
//! Why a text: no expression ever reads into a rule, and a 10-rule promotion's rules are some
//! 80 nested maps. serde_dynamo builds each of them twice (its own attribute tree, then the
//! SDK's), hashing every key, which made the item the largest stage of a create
//! (`bench/benches/hot_path.rs` measures it; docs/performance.md); the SDK then writes the
//! tree out as JSON again. As text, the rules are written and read once by serde_json. The
//! fields that expressions do use (`promotion.code_count`, `promotion.code`) stay attributes.
//!
//! While the promotion is live (enabled and automatic), the item also carries the keys of the
//! sparse [`keys::LIVE_INDEX`]; every write of the item (create, replace) sets or drops them, and
//! a delete takes the index entry with the item.
//!
//! Items written before the change hold the rules as a list; [`StoredRules`] reads both, and
//! the next write of such a promotion stores the text.

use std::fmt;

use serde::de::{self, value::SeqAccessDeserializer, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::{backend, DynamoStore, Item};
use crate::error::StoreError;
use crate::stored::StoredPromotion;
use crate::{keys, Versioned};
use domain::evaluation::candidates::live_until;
use domain::ids::StoreId;
use domain::promotion::rule::Rule;
use domain::promotion::Promotion;

/// The item: keys, the entity's type, the version that conditions every replace, and the
/// promotion (`P`: written as `StoredPromotion<String>`, read as `StoredPromotion<StoredRules>`).
#[derive(Serialize, Deserialize)]
pub(super) struct PromotionItem<P> {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity_type: String,
    version: u64,
    /// The store's partition while the promotion is live, for [`keys::LIVE_INDEX`].
    #[serde(rename = "LIVE_PK", default, skip_serializing_if = "Option::is_none")]
    live_pk: Option<String>,
    /// [`keys::live_sk`] of its end while it is live.
    #[serde(rename = "LIVE_SK", default, skip_serializing_if = "Option::is_none")]
    live_sk: Option<String>,
    promotion: P,
}

/// A promotion's rules as read from an item: the JSON text, or the list of older items.
pub(super) struct StoredRules(Vec<Rule>);

impl DynamoStore {
    /// The item `promotion` is stored as, at `version`, with the listing's index attributes.
    pub fn promotion_item(store: &StoreId, promotion: &Promotion, version: u64) -> Result<Item, StoreError> {
        let rules = serde_json::to_string(promotion.fields().rules()).map_err(backend)?;
        let live = live_until(promotion).sort_value();
        let item = PromotionItem {
            pk: keys::store_pk(store),
            sk: keys::promotion_sk(promotion.id()),
            entity_type: keys::PROMOTION_ENTITY.to_owned(),
            version,
            live_pk: live.map(|_| keys::store_pk(store)),
            live_sk: live.map(keys::live_sk),
            promotion: StoredPromotion::of(promotion, rules),
        };
        let mut item: Item = serde_dynamo::to_item(item).map_err(backend)?;
        item.extend(Self::listing_attributes(store, promotion));
        Ok(item)
    }
}

/// The promotion an item holds, and its version.
pub(super) fn read_promotion(item: Item) -> Result<Versioned<Promotion>, StoreError> {
    let item: PromotionItem<StoredPromotion<StoredRules>> = serde_dynamo::from_item(item).map_err(backend)?;
    Ok(Versioned { value: item.promotion.into_promotion(|StoredRules(rules)| rules), version: item.version })
}

impl<'de> Deserialize<'de> for StoredRules {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StoredRulesVisitor).map(StoredRules)
    }
}

struct StoredRulesVisitor;

impl<'de> Visitor<'de> for StoredRulesVisitor {
    type Value = Vec<Rule>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("the rules as a JSON text or a list")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        serde_json::from_str(text).map_err(E::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, list: A) -> Result<Self::Value, A::Error> {
        Vec::deserialize(SeqAccessDeserializer::new(list))
    }
}
