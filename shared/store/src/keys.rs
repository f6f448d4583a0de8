//! The single-table key design: the one place each key string is built.
//!
//! | item                | PK             | SK                          |
//! |---------------------|----------------|-----------------------------|
//! | promotion           | `STORE#<store>` | `PROMO#<id, 20 digits>`    |
//! | promotion head      | `STORE#<store>` | `PROMO!` (next id, count)  |
//! | promotion tail      | `STORE#<store>` | `PROMO$` (count)           |
//! | promotion settings  | `STORE#<store>` | `SETTINGS#PROMOTIONS`      |
//! | coupon code         | `STORE#<store>` | `CODE#<CODE IN UPPER CASE>`|
//! | a promotion's code  | `STORE#<store>` | `PCODE#<promotion, 20 digits>#<code id, 20 digits>` |
//! | a code id's claim   | `STORE#<store>` | `CODEID#<code id, 20 digits>` (TTL `expires_at`) |
//! | API key             | `APIKEY#<sha256 of the key>` | `APIKEY`      |
//! | a store's key, by id| `STORE#<store>` | `APIKEY#<id, 20 digits>`   |
//! | marketing config    | `STORE#<store>` | `CONFIG#ABANDONED_CHECKOUTS` or `CONFIG#PURCHASE_FOLLOW_UPS` |
//! | idempotency key     | `STORE#<store>` | `IDEMPOTENCY#<key as the client sent it>` (TTL `expires_at`) |
//! | a promotion's uses  | `STORE#<store>` | `USES#<promotion, 20 digits>#S<shard>`; its first code's: `…#CODE` |
//! | a customer's uses   | `STORE#<store>` | `CUSTOMER#<customer key>#P#<promotion>` or `…#C#<CODE>` |
//! | redemption          | `STORE#<store>` | `REDEMPTION#<id, 20 digits>` |
//! | an order's redemption | `STORE#<store>` | `ORDER#<order id>` |
//! | a promotion's redemption | `STORE#<store>` | `PREDEMPTION#<promotion, 20 digits>#<id, 20 digits>` |
//! | a held redemption   | `HOLDS#<bucket>` | `<hold end, Unix ms, 20 digits>#<store>#<id>` |
//!
//! The marketing runtime's items (deliveries, their due times, counters) are in [`outreach`].
//!
//! Ids are zero-padded so that the sort key order is the id order. The head and tail items sort
//! just before (`!` < `#`) and just after (`$` > `#`) every promotion and both carry the store's
//! promotion count, so one Query in either direction returns the count and then the first page
//! (a page sorted by id is one Query). A code is stored twice, in one transaction: under its
//! text (which makes it unique and findable in one GetItem) and under its promotion (which lists
//! a promotion's codes in one Query). Every item also carries an `entity_type`.

pub mod outreach;

use crate::idempotency::IdempotencyKey;
use domain::access::KeyHash;
use domain::ids::{PromotionId, StoreId};
use domain::marketing::ConfigKind;
use domain::redemption::{CustomerKey, RedemptionId};

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
/// `entity_type` of the head and tail items (the promotion id sequence and count).
pub const SEQUENCE_ENTITY: &str = "sequence";
/// `entity_type` of the promotion settings item.
pub const SETTINGS_ENTITY: &str = "promotion_settings";
/// `entity_type` of a code under its text.
pub const CODE_ENTITY: &str = "coupon_code";
/// `entity_type` of a code id's claim.
pub const CODE_ID_ENTITY: &str = "code_id";
/// `entity_type` of a code under its promotion.
pub const PROMOTION_CODE_ENTITY: &str = "promotion_coupon_code";
/// `entity_type` of marketing configuration items.
pub const MARKETING_CONFIG_ENTITY: &str = "marketing_configuration";
/// `entity_type` of the records of `Idempotency-Key`s.
pub const IDEMPOTENCY_ENTITY: &str = "idempotency_key";
/// `entity_type` of use counters (a promotion's shards, a customer's counts).
pub const USES_ENTITY: &str = "uses";
/// `entity_type` of redemptions and of their copies under a promotion.
pub const REDEMPTION_ENTITY: &str = "redemption";
/// `entity_type` of the items that make an order id unique.
pub const ORDER_ENTITY: &str = "order";
/// `entity_type` of the due-time entries of held redemptions.
pub const HOLD_ENTITY: &str = "hold";
/// How many counters an unlimited promotion's uses are spread over (a limited one uses the
/// first): each item takes at most 1,000 writes a second.
pub const USE_SHARDS: u8 = 10;
/// How many partitions the due-time entries of held redemptions are spread over.
pub const HOLD_BUCKETS: u8 = 4;

/// The first and last sort keys of a promotion's use counters.
pub fn promotion_uses_range(id: PromotionId) -> (String, String) {
    (format!("USES#{:020}#", id.0), format!("USES#{:020}#~", id.0))
}

/// The first and last sort keys of the use counters of promotions `first..=last`.
pub fn promotions_uses_range(first: PromotionId, last: PromotionId) -> (String, String) {
    (format!("USES#{:020}#", first.0), format!("USES#{:020}#~", last.0))
}

/// The first and last sort keys of every promotion's use counters.
pub fn all_promotions_uses_range() -> (String, String) {
    ("USES#".to_owned(), "USES#~".to_owned())
}

/// One counter of a promotion's uses.
pub fn promotion_uses_sk(id: PromotionId, shard: u8) -> String {
    format!("USES#{:020}#S{shard}", id.0)
}

/// The uses of a promotion's first code (the one its resource shows).
pub fn promotion_code_uses_sk(id: PromotionId) -> String {
    format!("USES#{:020}#CODE", id.0)
}

/// A customer's uses of a promotion.
pub fn customer_promotion_uses_sk(customer: &CustomerKey, id: PromotionId) -> String {
    format!("CUSTOMER#{}#P#{:020}", customer.as_str(), id.0)
}

/// A customer's uses of a code (by its upper-case key).
pub fn customer_code_uses_sk(customer: &CustomerKey, key: &str) -> String {
    format!("CUSTOMER#{}#C#{key}", customer.as_str())
}

/// A redemption.
pub fn redemption_sk(id: RedemptionId) -> String {
    format!("REDEMPTION#{:020}", id.0)
}

/// The item that makes an order id unique in its store.
pub fn order_sk(order_id: &str) -> String {
    format!("ORDER#{order_id}")
}

/// A redemption's copy under one of its promotions (listed newest first).
pub fn promotion_redemption_sk(promotion: PromotionId, id: RedemptionId) -> String {
    format!("PREDEMPTION#{:020}#{:020}", promotion.0, id.0)
}

/// The partition of one bucket of held redemptions' due times.
pub fn holds_pk(bucket: u8) -> String {
    format!("HOLDS#{bucket}")
}

/// A held redemption's due-time entry: sorted by the time its hold ends.
pub fn hold_sk(until_ms: i64, store: &StoreId, id: RedemptionId) -> String {
    format!("{until_ms:020}#{store}#{:020}", id.0)
}

/// The attribute DynamoDB's TTL reads (Unix seconds) to delete expired items.
pub const TTL_ATTRIBUTE: &str = "expires_at";

/// The partition of everything a store owns.
pub fn store_pk(store: &StoreId) -> String {
    format!("STORE#{store}")
}

/// The store whose partition `pk` is (the inverse of [`store_pk`]), if it is a store's.
pub fn store_of_pk(pk: &str) -> Option<&str> {
    pk.strip_prefix("STORE#")
}

/// The sort key of one promotion.
pub fn promotion_sk(id: PromotionId) -> String {
    format!("PROMO#{:020}", id.0)
}

/// The sort key of the item before every promotion: the id sequence and the count.
pub fn promotion_head_sk() -> &'static str {
    "PROMO!"
}

/// The sort key of the item after every promotion: the count again.
pub fn promotion_tail_sk() -> &'static str {
    "PROMO$"
}

/// The sort key of the store's promotion settings.
pub fn promotion_settings_sk() -> &'static str {
    "SETTINGS#PROMOTIONS"
}

/// The sort key of a code under its text (compared without case: `key` is upper case).
pub fn code_sk(key: &str) -> String {
    format!("CODE#{key}")
}

/// The sort key of a code under its promotion.
pub fn promotion_code_sk(promotion: PromotionId, code_id: u64) -> String {
    format!("PCODE#{:020}#{code_id:020}", promotion.0)
}

/// The sort key of a code id's claim, which keeps the id unique in the store.
pub fn code_id_sk(id: u64) -> String {
    format!("CODEID#{id:020}")
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

/// The sort key of one kind of marketing configuration.
pub fn marketing_config_sk(kind: ConfigKind) -> &'static str {
    match kind {
        ConfigKind::AbandonedCheckouts => "CONFIG#ABANDONED_CHECKOUTS",
        ConfigKind::PurchaseFollowUps => "CONFIG#PURCHASE_FOLLOW_UPS",
    }
}

/// The sort key of the record of one `Idempotency-Key` (keys are scoped by store).
pub fn idempotency_sk(key: &IdempotencyKey) -> String {
    format!("IDEMPOTENCY#{key}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_their_documented_shape() {
        let store = StoreId::parse("abc123").unwrap();
        assert_eq!(store_pk(&store), "STORE#abc123");
        assert_eq!((store_of_pk("STORE#abc123"), store_of_pk("HOLDS#1")), (Some("abc123"), None));
        assert_eq!(promotion_sk(PromotionId(42)), "PROMO#00000000000000000042");
        assert_eq!(promotion_sk(PromotionId(u64::MAX)), "PROMO#18446744073709551615");
        assert_eq!((promotion_head_sk(), promotion_tail_sk()), ("PROMO!", "PROMO$"));
        assert_eq!(code_sk("SAVE10"), "CODE#SAVE10");
        assert_eq!(promotion_settings_sk(), "SETTINGS#PROMOTIONS");
        assert_eq!(promotion_code_sk(PromotionId(3), 9), "PCODE#00000000000000000003#00000000000000000009");
        assert_eq!(
            api_key_pk(&KeyHash::of("abc")),
            "APIKEY#ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(api_key_sk(), "APIKEY");
        assert_eq!(api_key_ref_sk(7), "APIKEY#00000000000000000007");
        assert_eq!(idempotency_sk(&IdempotencyKey::parse("order-42#b").unwrap()), "IDEMPOTENCY#order-42#b");
        assert_eq!((IDEMPOTENCY_ENTITY, TTL_ATTRIBUTE), ("idempotency_key", "expires_at"));
    }

    #[test]
    fn the_head_and_tail_sort_around_every_promotion() {
        let (first, last) = (promotion_sk(PromotionId(1)), promotion_sk(PromotionId(u64::MAX)));
        assert!(promotion_head_sk() < first.as_str() && last.as_str() < promotion_tail_sk());
        assert!(promotion_code_sk(PromotionId(u64::MAX), u64::MAX).as_str() < promotion_head_sk());
        assert_eq!(marketing_config_sk(ConfigKind::AbandonedCheckouts), "CONFIG#ABANDONED_CHECKOUTS");
        assert_eq!(marketing_config_sk(ConfigKind::PurchaseFollowUps), "CONFIG#PURCHASE_FOLLOW_UPS");
    }

    #[test]
    fn promotion_sort_keys_order_like_their_ids() {
        let mut keys: Vec<_> = [10, 9, 100, 1].map(|id| promotion_sk(PromotionId(id))).to_vec();
        keys.sort();
        assert_eq!(keys, [1, 9, 10, 100].map(|id| promotion_sk(PromotionId(id))));
    }
}
