//! The keys of the marketing runtime's items (`domain::outreach`).
//!
//! | item | PK | SK |
//! |---|---|---|
//! | a delivery (one per checkout or order and kind) | `STORE#<store>` | `DELIVERY#<ac or fu>#<checkout or order id>` |
//! | a delivery's due time (while scheduled or being sent) | `MDUE#<0–3>` | `<due, Unix ms, 20 digits>#<store>#<ac or fu>#<id>` |
//! | a counter: coupons per customer / per store in a cap window, recovered orders per currency | `STORE#<store>` | `MCOUNT#<ac or fu>#CUSTOMER#<customer key>#<window>` / `MCOUNT#<ac or fu>#STORE#<window>` / `MCOUNT#<ac or fu>#RECOVERED#<currency>` |
//! | the promotion a configuration's coupons live under | `STORE#<store>` | `COUPON#<ac or fu>#<currency>` |
//! | a customer's unsubscribe token and opt-out | `STORE#<store>` | `OPTOUT#<customer key>` |
//! | an unsubscribe token, naming its store and customer | `UNSUB#<token>` | `UNSUB` |

use chrono::{DateTime, Utc};
use domain::ids::StoreId;
use domain::marketing::ConfigKind;
use domain::outreach::text::Ref;

/// `entity_type` of deliveries.
pub const DELIVERY_ENTITY: &str = "marketing_delivery";
/// `entity_type` of the due-time entries of deliveries.
pub const DELIVERY_DUE_ENTITY: &str = "marketing_due";
/// `entity_type` of the runtime's counters.
pub const MARKETING_COUNTER_ENTITY: &str = "marketing_counter";
/// `entity_type` of the record of a configuration's coupon promotion.
pub const COUPON_PROMOTION_ENTITY: &str = "marketing_coupon_promotion";
/// `entity_type` of a customer's opt-out record and of the token that names it.
pub const OPT_OUT_ENTITY: &str = "marketing_opt_out";
/// How many partitions the due-time entries are spread over.
pub const DUE_BUCKETS: u8 = 4;

/// A delivery's sort key.
pub fn delivery_sk(kind: ConfigKind, subject: &Ref) -> String {
    format!("{}{}", deliveries_prefix(kind), subject.as_ref())
}

/// The sort-key prefix of a store's deliveries of one kind.
pub fn deliveries_prefix(kind: ConfigKind) -> String {
    format!("DELIVERY#{}#", kind.short())
}

/// The due-time partition a delivery's entries go to (the same for all of its due times).
pub fn due_bucket(store: &StoreId, subject: &Ref) -> u8 {
    let sum =
        store.as_str().bytes().chain(subject.as_ref().bytes()).fold(0u32, |acc, b| acc.wrapping_add(u32::from(b)));
    (sum % u32::from(DUE_BUCKETS)) as u8
}

/// The partition of one bucket of due times.
pub fn due_pk(bucket: u8) -> String {
    format!("MDUE#{bucket}")
}

/// A delivery's due-time entry: sorted by its due time.
pub fn due_sk(due: DateTime<Utc>, store: &StoreId, kind: ConfigKind, subject: &Ref) -> String {
    format!("{}#{store}#{}#{}", due_prefix(due), kind.short(), subject.as_ref())
}

/// The sort keys of every entry due by `due` sort at or before this.
pub fn due_until(due: DateTime<Utc>) -> String {
    format!("{}#~", due_prefix(due))
}

fn due_prefix(due: DateTime<Utc>) -> String {
    format!("{:020}", due.timestamp_millis().max(0))
}

/// A customer's coupons of one kind in one cap window.
pub fn customer_coupons_sk(kind: ConfigKind, customer: &str, window: i64) -> String {
    format!("MCOUNT#{}#CUSTOMER#{customer}#{window}", kind.short())
}

/// A store's coupons of one kind in one cap window.
pub fn store_coupons_sk(kind: ConfigKind, window: i64) -> String {
    format!("MCOUNT#{}#STORE#{window}", kind.short())
}

/// The sort-key prefix of a kind's recovered orders, per currency.
pub fn recovered_prefix(kind: ConfigKind) -> String {
    format!("MCOUNT#{}#RECOVERED#", kind.short())
}

/// The orders recovered in one currency.
pub fn recovered_sk(kind: ConfigKind, currency: &str) -> String {
    format!("{}{currency}", recovered_prefix(kind))
}

/// The record of a configuration's coupon promotion for one series (a currency, and the day its
/// codes expire).
pub fn coupon_promotion_sk(kind: ConfigKind, series: &str) -> String {
    format!("COUPON#{}#{series}", kind.short())
}

/// A customer's unsubscribe token and opt-out.
pub fn opt_out_sk(customer: &str) -> String {
    format!("OPTOUT#{customer}")
}

/// The partition of an unsubscribe token (its only item's sort key is [`UNSUBSCRIBE_SK`]).
pub fn unsubscribe_pk(token: &str) -> String {
    format!("UNSUB#{token}")
}

/// The sort key of an unsubscribe token's item.
pub const UNSUBSCRIBE_SK: &str = "UNSUB";

#[cfg(test)]
mod tests {
    use super::*;
    use domain::parse::StrValue;

    #[test]
    fn outreach_keys_have_their_documented_shape() {
        let (store, subject) = (StoreId::parse("42").unwrap(), Ref::parse_str("chk_1").unwrap());
        let kind = ConfigKind::AbandonedCheckouts;
        assert_eq!(delivery_sk(kind, &subject), "DELIVERY#ac#chk_1");
        let due = DateTime::from_timestamp_millis(1_800_000_000_000).unwrap();
        assert_eq!(due_sk(due, &store, kind, &subject), "00000001800000000000#42#ac#chk_1");
        assert!(due_sk(due, &store, kind, &subject) < due_until(due));
        assert_eq!(customer_coupons_sk(ConfigKind::PurchaseFollowUps, "ID#c1", 7), "MCOUNT#fu#CUSTOMER#ID#c1#7");
        assert_eq!(store_coupons_sk(kind, 7), "MCOUNT#ac#STORE#7");
        assert_eq!(recovered_sk(kind, "EUR"), "MCOUNT#ac#RECOVERED#EUR");
        assert_eq!((coupon_promotion_sk(kind, "EUR"), due_pk(3)), ("COUPON#ac#EUR".to_owned(), "MDUE#3".to_owned()));
    }
}
