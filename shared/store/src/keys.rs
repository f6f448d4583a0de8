//! The single-table key design: the one place each key string is built.
//!
//! | item                | PK             | SK                          |
//! |---------------------|----------------|-----------------------------|
//! | promotion           | `STORE#<store>` | `PROMO#<id, 20 digits>`    |
//! | promotion head      | `STORE#<store>` | `PROMO!` (next id)         |
//! | a share of the count| `STORE#<store>` | `PROMO!N<shard, 2 digits>` |
//! | promotion settings  | `STORE#<store>` | `SETTINGS#PROMOTIONS`      |
//! | coupon code         | `STORE#<store>` | `CODE#<CODE IN UPPER CASE>`|
//! | a promotion's code  | `STORE#<store>` | `PCODE#<promotion, 20 digits>#<code id, 20 digits>` |
//! | a code id's claim   | `STORE#<store>` | `CODEID#<code id, 20 digits>` (TTL `expires_at`) |
//! | API key             | `APIKEY#<sha256 of the key>` | `APIKEY`      |
//! | a store's key, by id| `STORE#<store>` | `APIKEY#<id, 20 digits>`   |
//! | marketing config    | `STORE#<store>` | `CONFIG#ABANDONED_CHECKOUTS` or `CONFIG#PURCHASE_FOLLOW_UPS` |
//! | idempotency key     | `STORE#<store>` | `IDEMPOTENCY#<key as the client sent it>` (TTL `expires_at`) |
//! | a promotion's uses  | `STORE#<store>` | `USES#<promotion, 20 digits>#S<shard>`; its first code's: `…#CODE` |
//! | a promotion's code count | `STORE#<store>` | `USES#<promotion, 20 digits>#N<shard, 2 digits>` |
//! | a customer's uses   | `STORE#<store>` | `CUSTOMER#<customer key>#P#<promotion>` or `…#C#<CODE>` |
//! | redemption          | `STORE#<store>` | `REDEMPTION#<id, 20 digits>` |
//! | an order's redemption | `STORE#<store>` | `ORDER#<order id>` |
//! | a promotion's redemption | `STORE#<store>` | `PREDEMPTION#<promotion, 20 digits>#<id, 20 digits>` |
//! | a held redemption   | `HOLDS#<bucket>` | `<hold end, Unix ms, 20 digits>#<store>#<id>` |
//!
//! The marketing runtime's items (deliveries, their due times, counters) are in [`outreach`].
//!
//! A promotion item also carries the listing's index keys (GSIs `ByName`, `ByStart`,
//! `FacetById`, `FacetByName`, `FacetByStart`): `list_facet` = `STORE#<store>#<STATUS>#<TYPE>`,
//! `list_name` = `<name in lower case>\u{1}<id, 20 digits>`, `list_start` =
//! `<start date in UTC, fixed width>#<id, 20 digits>`. Each ends with the id, so every key is
//! unique and none is the start of another: a position in a listing is one key.
//!
//! Ids are zero-padded so that the sort key order is the id order. The head item and the shares
//! of the store's promotion count sort before every promotion (`!` < `#`): the count is the sum
//! of one short Query, and no two creates of consecutive ids touch the same share (a create
//! counts in the share of its id, [`promotion_count_shard`]). A code is stored twice, in one transaction: under its
//! text (which makes it unique and findable in one GetItem) and under its promotion (which lists
//! a promotion's codes in one Query). Every item also carries an `entity_type`.
//!
//! One sparse index, [`LIVE_INDEX`]: a promotion item carries [`LIVE_PK`] (its store's
//! partition) and [`LIVE_SK`] (when it ends, [`live_sk`]) only while it is an enabled automatic
//! promotion, so a Query of the index returns a store's live promotions and nothing else.

pub mod outreach;

use crate::idempotency::IdempotencyKey;
use domain::access::KeyHash;
use domain::ids::{PromotionId, StoreId};
use domain::marketing::ConfigKind;
use domain::promotion::listing::{name_order, Facet};
use domain::promotion::resource::{RedemptionType, Status};
use domain::promotion::timestamp::Timestamp;
use domain::redemption::{CustomerKey, RedemptionId};

/// The partition key attribute name.
pub const PK: &str = "PK";
/// The sort key attribute name.
pub const SK: &str = "SK";
/// The index of the live (enabled, automatic) promotions, by store and end.
pub const LIVE_INDEX: &str = "LIVE";
/// [`LIVE_INDEX`]'s partition key attribute: the store's partition ([`store_pk`]).
pub const LIVE_PK: &str = "LIVE_PK";
/// [`LIVE_INDEX`]'s sort key attribute ([`live_sk`]).
pub const LIVE_SK: &str = "LIVE_SK";

/// `entity_type` of promotion items.
pub const PROMOTION_ENTITY: &str = "promotion";
/// `entity_type` of API key items.
pub const API_KEY_ENTITY: &str = "api_key";
/// `entity_type` of the per-store entries that name a store's keys.
pub const API_KEY_REF_ENTITY: &str = "api_key_ref";
/// `entity_type` of the head item (the promotion id sequence) and the shares of the count.
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

/// How many counters a promotion's generated codes are counted over: the transactions of one
/// codegen each move their own, side by side (its sort key lies in the promotion's `USES#`
/// range, so a promotion's read gets its code count in the same Query as its uses).
pub const CODE_COUNT_SHARDS: u8 = 16;

/// One counter of a promotion's generated codes (`code_count`, and `changes`: the writes that
/// moved it, part of the promotion's version).
pub fn promotion_code_count_sk(id: PromotionId, shard: u8) -> String {
    format!("USES#{:020}#N{shard:02}", id.0)
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

/// The attribute of a promotion's facet: the partition key of the `Facet…` indexes.
pub const LIST_FACET: &str = "list_facet";
/// The attribute of a promotion's name order: the sort key of `ByName` and `FacetByName`.
pub const LIST_NAME: &str = "list_name";
/// The attribute of a promotion's start date order: the sort key of `ByStart` and `FacetByStart`.
pub const LIST_START: &str = "list_start";

/// The partition of a store's promotions of one facet in the listing's indexes.
pub fn listing_facet(store: &StoreId, facet: Facet) -> String {
    let status = match facet.status {
        Status::Enabled => "ENABLED",
        Status::Disabled => "DISABLED",
        Status::Invalid => "INVALID",
    };
    let kind = match facet.redemption_type {
        RedemptionType::Automatic => "AUTOMATIC",
        RedemptionType::Coupon => "COUPON",
    };
    format!("STORE#{store}#{status}#{kind}")
}

/// A promotion's place in name order ([`name_order`], then the id).
pub fn listing_name(name: &str, id: PromotionId) -> String {
    format!("{}\u{1}{:020}", name_order(name), id.0)
}

/// The first and last [`listing_name`] of the names that start with `prefix` (without case).
pub fn listing_name_range(prefix: &str) -> (String, String) {
    let low = name_order(prefix);
    let high = format!("{low}\u{10FFFF}");
    (low, high)
}

/// A promotion's place in start date order (the instant in UTC, then the id).
pub fn listing_start(start: Timestamp, id: PromotionId) -> String {
    let utc = start.as_datetime().with_timezone(&chrono::Utc);
    format!("{}#{:020}", utc.format("%Y-%m-%dT%H:%M:%S%.9fZ"), id.0)
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

/// The promotion whose item has the sort key `sk` (the inverse of [`promotion_sk`]), if one has.
pub fn promotion_of_sk(sk: &str) -> Option<PromotionId> {
    let digits = sk.strip_prefix("PROMO#")?;
    (digits.len() == 20).then(|| digits.parse().ok().map(PromotionId)).flatten()
}

/// A live promotion's [`LIVE_SK`]: the index value of its end (Unix milliseconds, or
/// `i64::MAX` without an end; see `domain::evaluation::candidates::Live`), 19 digits, so that
/// the text order is the time order and `LIVE_SK >= live_sk(at)` keeps those that have not ended.
pub fn live_sk(until: i64) -> String {
    format!("{:019}", until.max(0))
}

/// The sort key of the item before every promotion: the id sequence and the count.
pub fn promotion_head_sk() -> &'static str {
    "PROMO!"
}

/// How many items a store's promotion count is spread over. A create or delete counts in the
/// share of its promotion's id, so creates of consecutive ids (those that run at the same time)
/// never meet on one item.
pub const PROMOTION_COUNT_SHARDS: u64 = 64;

/// The share of the promotion count that the promotion `id` is counted in.
pub fn promotion_count_shard(id: PromotionId) -> u64 {
    id.0 % PROMOTION_COUNT_SHARDS
}

/// The sort key of one share of the store's promotion count.
pub fn promotion_count_sk(shard: u64) -> String {
    format!("PROMO!N{shard:02}")
}

/// The first and last sort keys of the head item and the count's shares (the head's own
/// `promotion_count`, written before the count was shared out, still counts).
pub fn promotion_count_range() -> (&'static str, &'static str) {
    ("PROMO!", "PROMO!~")
}

/// The first and last sort keys of every promotion.
pub fn promotions_range() -> (String, String) {
    (promotion_sk(PromotionId(0)), promotion_sk(PromotionId(u64::MAX)))
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
        assert_eq!(promotion_of_sk(&promotion_sk(PromotionId(42))), Some(PromotionId(42)));
        let (low, high) = promotion_uses_range(PromotionId(3));
        let counter = promotion_code_count_sk(PromotionId(3), 15);
        assert!(counter.as_str() > low.as_str() && counter < high && counter.ends_with("#N15"));
        assert_eq!((promotion_of_sk("PROMO!N01"), promotion_of_sk("PROMO#42")), (None, None));
        assert_eq!((promotion_head_sk(), promotion_count_sk(7).as_str()), ("PROMO!", "PROMO!N07"));
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
        assert_eq!(
            (live_sk(1_780_480_800_000), live_sk(i64::MAX)),
            ("0000001780480800000".to_owned(), "9223372036854775807".to_owned())
        );
    }

    #[test]
    fn the_head_and_the_count_sort_before_every_promotion() {
        let (low, high) = promotion_count_range();
        let (first, _) = promotions_range();
        let last_share = promotion_count_sk(PROMOTION_COUNT_SHARDS - 1);
        assert!(low <= promotion_head_sk() && last_share.as_str() < high && high < first.as_str());
        assert_eq!(promotion_count_shard(PromotionId(65)), 1);
        assert!(promotion_code_sk(PromotionId(u64::MAX), u64::MAX).as_str() < promotion_head_sk());
        assert_eq!(marketing_config_sk(ConfigKind::AbandonedCheckouts), "CONFIG#ABANDONED_CHECKOUTS");
        assert_eq!(marketing_config_sk(ConfigKind::PurchaseFollowUps), "CONFIG#PURCHASE_FOLLOW_UPS");
    }

    #[test]
    fn listing_keys_order_like_the_listing() {
        let store = StoreId::parse("abc").unwrap();
        let facet = Facet { status: Status::Enabled, redemption_type: RedemptionType::Coupon };
        assert_eq!(listing_facet(&store, facet), "STORE#abc#ENABLED#COUPON");
        assert_eq!(listing_name("Sale", PromotionId(7)), "sale\u{1}00000000000000000007");
        assert!(listing_name("ab", PromotionId(9)) < listing_name("ab c", PromotionId(1)));
        let (low, high) = listing_name_range("AB");
        assert!(low.as_str() <= listing_name("ab c", PromotionId(1)).as_str());
        assert!(listing_name("abz", PromotionId(1)).as_str() <= high.as_str());
        let date = |text: &str| <Timestamp as domain::parse::StrValue>::parse_str(text).unwrap();
        let (early, late) = (date("2025-01-01T10:00:00+05:00"), date("2025-01-01T06:00:00Z"));
        assert_eq!(listing_start(early, PromotionId(1)), "2025-01-01T05:00:00.000000000Z#00000000000000000001");
        assert!(listing_start(early, PromotionId(2)) < listing_start(late, PromotionId(1)));
    }

    #[test]
    fn promotion_sort_keys_order_like_their_ids() {
        let mut keys: Vec<_> = [10, 9, 100, 1].map(|id| promotion_sk(PromotionId(id))).to_vec();
        keys.sort();
        assert_eq!(keys, [1, 9, 10, 100].map(|id| promotion_sk(PromotionId(id))));
    }
}
