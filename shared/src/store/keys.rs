//! The single-table key design: the one place each key string is built.
//!
//! | item                | PK             | SK                          |
//! |---------------------|----------------|-----------------------------|
//! | promotion           | `STORE#<store>` | `PROMO#<id, 20 digits>`    |
//! | promotion id counter| `STORE#<store>` | `SEQ#PROMO`                |
//! | marketing config    | `STORE#<store>` | `CONFIG#ABANDONED_CHECKOUTS` or `CONFIG#PURCHASE_FOLLOW_UPS` |
//!
//! Ids are zero-padded so that the sort key order is the id order (a page sorted by id is one
//! Query). Every item also carries an `entity_type`.

use crate::ids::{PromotionId, StoreId};
use crate::marketing::ConfigKind;

/// The partition key attribute name.
pub const PK: &str = "PK";
/// The sort key attribute name.
pub const SK: &str = "SK";

/// `entity_type` of promotion items.
pub const PROMOTION_ENTITY: &str = "promotion";
/// `entity_type` of counter items.
pub const SEQUENCE_ENTITY: &str = "sequence";
/// `entity_type` of marketing configuration items.
pub const MARKETING_CONFIG_ENTITY: &str = "marketing_configuration";

/// The partition of everything a store owns.
pub fn store_pk(store: &StoreId) -> String {
    format!("STORE#{store}")
}

/// The sort key of one promotion.
pub fn promotion_sk(id: PromotionId) -> String {
    format!("PROMO#{:020}", id.0)
}

/// The sort key of the store's promotion id counter.
pub fn promotion_sequence_sk() -> &'static str {
    "SEQ#PROMO"
}

/// The sort key of one kind of marketing configuration.
pub fn marketing_config_sk(kind: ConfigKind) -> &'static str {
    match kind {
        ConfigKind::AbandonedCheckouts => "CONFIG#ABANDONED_CHECKOUTS",
        ConfigKind::PurchaseFollowUps => "CONFIG#PURCHASE_FOLLOW_UPS",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_their_documented_shape() {
        let store = StoreId::parse("abc123").unwrap();
        assert_eq!(store_pk(&store), "STORE#abc123");
        assert_eq!(promotion_sk(PromotionId(42)), "PROMO#00000000000000000042");
        assert_eq!(
            promotion_sk(PromotionId(u64::MAX)),
            "PROMO#18446744073709551615"
        );
        assert_eq!(promotion_sequence_sk(), "SEQ#PROMO");
        assert_eq!(
            marketing_config_sk(ConfigKind::AbandonedCheckouts),
            "CONFIG#ABANDONED_CHECKOUTS"
        );
        assert_eq!(
            marketing_config_sk(ConfigKind::PurchaseFollowUps),
            "CONFIG#PURCHASE_FOLLOW_UPS"
        );
    }

    #[test]
    fn promotion_sort_keys_order_like_their_ids() {
        let mut keys: Vec<_> = [10, 9, 100, 1]
            .map(|id| promotion_sk(PromotionId(id)))
            .to_vec();
        keys.sort();
        assert_eq!(
            keys,
            [1, 9, 10, 100].map(|id| promotion_sk(PromotionId(id)))
        );
    }
}
