//! The single-table key design: the one place each key string is built.
//!
//! | item                | PK             | SK                          |
//! |---------------------|----------------|-----------------------------|
//! | promotion           | `STORE#<store>` | `PROMO#<id, 20 digits>`    |
//! | promotion id counter| `STORE#<store>` | `SEQ#PROMO`                |
//! | API key             | `APIKEY#<sha256 of the key>` | `APIKEY`      |
//! | a store's key, by id| `STORE#<store>` | `APIKEY#<id, 20 digits>`   |
//!
//! Ids are zero-padded so that the sort key order is the id order (a page sorted by id is one
//! Query). Every item also carries an `entity_type`.

use crate::auth::KeyHash;
use crate::ids::{PromotionId, StoreId};

/// The partition key attribute name.
pub const PK: &str = "PK";
/// The sort key attribute name.
pub const SK: &str = "SK";

/// `entity_type` of promotion items.
pub const PROMOTION_ENTITY: &str = "promotion";
/// `entity_type` of API key items.
pub const API_KEY_ENTITY: &str = "api_key";
/// `entity_type` of the per-store entries that name a store's keys.
pub const API_KEY_REF_ENTITY: &str = "api_key_ref";
/// `entity_type` of counter items.
pub const SEQUENCE_ENTITY: &str = "sequence";

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

/// The partition of one API key, found by the hash of the key (its only lookup on requests).
pub fn api_key_pk(hash: &KeyHash) -> String {
    format!("APIKEY#{hash}")
}

/// The sort key of an API key item.
pub fn api_key_sk() -> &'static str {
    "APIKEY"
}

/// The sort key of the entry that names one of a store's keys by id (for revocation).
pub fn api_key_ref_sk(id: u64) -> String {
    format!("APIKEY#{id:020}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_their_documented_shape() {
        let store = StoreId::parse("abc123").unwrap();
        assert_eq!(store_pk(&store), "STORE#abc123");
        assert_eq!(promotion_sk(PromotionId(42)), "PROMO#00000000000000000042");
        assert_eq!(promotion_sk(PromotionId(u64::MAX)), "PROMO#18446744073709551615");
        assert_eq!(promotion_sequence_sk(), "SEQ#PROMO");
        assert_eq!(
            api_key_pk(&KeyHash::of("abc")),
            "APIKEY#ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(api_key_sk(), "APIKEY");
        assert_eq!(api_key_ref_sk(7), "APIKEY#00000000000000000007");
    }

    #[test]
    fn promotion_sort_keys_order_like_their_ids() {
        let mut keys: Vec<_> = [10, 9, 100, 1].map(|id| promotion_sk(PromotionId(id))).to_vec();
        keys.sort();
        assert_eq!(keys, [1, 9, 10, 100].map(|id| promotion_sk(PromotionId(id))));
    }
}
