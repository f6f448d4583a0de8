//! The marketing runtime's store contract, on every backend: a delivery write is conditional on
//! the version read, moves the due-time entry with it, and moves its counters within their
//! limits, all or nothing.

use chrono::{DateTime, Duration, Utc};
use domain::ids::StoreId;
use domain::marketing::{ConfigKind, FlakeId, MarketingConfiguration};
use domain::outreach::event::Checkout;
use domain::outreach::{Delivery, Stamp};
use domain::parse::StrValue;
use serde_json::json;
use store::outreach::{Count, Due, Written};
use store::{Store, Versioned};

on_every_backend!(
    a_delivery_is_written_once_per_version_read,
    the_due_index_follows_the_delivery,
    a_full_counter_refuses_the_whole_write,
    deliveries_are_listed_per_kind_after_a_cursor,
);

const KIND: ConfigKind = ConfigKind::AbandonedCheckouts;

fn shop() -> StoreId {
    StoreId::parse("411486491630370816").unwrap()
}

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z").unwrap().to_utc() + Duration::minutes(minutes)
}

/// The scheduled delivery of checkout `id`, updated at `minutes` (due an hour later).
fn scheduled(id: &str, minutes: i64) -> Delivery {
    let checkout: Checkout = serde_json::from_value(json!({
        "id": id, "customer": {"email": "ann@example.com", "marketing_consent": true}, "lines": [],
        "value": 2500, "currency": "EUR", "resume_url": "https://shop.example/c"}))
    .unwrap();
    let mut config = MarketingConfiguration::unconfigured(FlakeId::new(1)).settings;
    config.enabled = true;
    config.trigger_after = StrValue::parse_str("PT1H").unwrap();
    let stamp = Stamp { at: at(minutes), event: StrValue::parse_str(&format!("e{minutes}")).unwrap() };
    Delivery::checkout_updated(None, &checkout, &stamp, &config).unwrap()
}

async fn due_at(db: &dyn Store, minutes: i64) -> Vec<String> {
    db.due_deliveries(at(minutes), 100)
        .await
        .unwrap()
        .iter()
        .map(|Due { subject, .. }| subject.as_ref().to_owned())
        .collect()
}

fn count(name: &str, at_most: i64) -> Count {
    Count { name: name.to_owned(), count: 1, total: 0, at_most: Some(at_most), expires_at: None }
}

async fn a_delivery_is_written_once_per_version_read(db: &dyn Store) {
    let first = scheduled("chk_1", 0);
    assert_eq!(db.put_delivery(&shop(), None, &first, &[]).await.unwrap(), Written::Done(1));
    assert_eq!(db.put_delivery(&shop(), None, &first, &[]).await.unwrap(), Written::Stale, "it exists now");
    let read = db.get_delivery(&shop(), KIND, &first.subject).await.unwrap().unwrap();
    assert_eq!(read, Versioned { value: first.clone(), version: 1 });
    let moved = scheduled("chk_1", 10);
    assert_eq!(db.put_delivery(&shop(), Some(&read), &moved, &[]).await.unwrap(), Written::Done(2));
    assert_eq!(db.put_delivery(&shop(), Some(&read), &first, &[]).await.unwrap(), Written::Stale, "version 1 is gone");
    assert_eq!(db.get_delivery(&shop(), KIND, &first.subject).await.unwrap().unwrap().value, moved);
}

async fn the_due_index_follows_the_delivery(db: &dyn Store) {
    let first = scheduled("chk_1", 0);
    db.put_delivery(&shop(), None, &first, &[]).await.unwrap();
    assert_eq!((due_at(db, 59).await, due_at(db, 60).await), (vec![], vec!["chk_1".to_owned()]));
    let read = db.get_delivery(&shop(), KIND, &first.subject).await.unwrap().unwrap();
    db.put_delivery(&shop(), Some(&read), &scheduled("chk_1", 30), &[]).await.unwrap();
    assert_eq!((due_at(db, 60).await, due_at(db, 90).await), (vec![], vec!["chk_1".to_owned()]), "moved");
    let read = db.get_delivery(&shop(), KIND, &first.subject).await.unwrap().unwrap();
    let skipped = read.value.skipped(domain::outreach::Reason::NoConsent);
    db.put_delivery(&shop(), Some(&read), &skipped, &[]).await.unwrap();
    assert_eq!(due_at(db, 1000).await, Vec::<String>::new(), "gone with its due time");
}

async fn a_full_counter_refuses_the_whole_write(db: &dyn Store) {
    let counts = [count("MCOUNT#ac#STORE#1", 5), count("MCOUNT#ac#CUSTOMER#ID#c#1", 1)];
    assert_eq!(db.put_delivery(&shop(), None, &scheduled("chk_1", 0), &counts).await.unwrap(), Written::Done(1));
    let second = db.put_delivery(&shop(), None, &scheduled("chk_2", 0), &counts).await.unwrap();
    assert_eq!(second, Written::Full(1), "the customer's cap is full");
    assert!(db.get_delivery(&shop(), KIND, &scheduled("chk_2", 0).subject).await.unwrap().is_none(), "nothing written");
    let counters = db.counters(&shop(), "MCOUNT#ac#").await.unwrap();
    let counted: Vec<_> = counters.iter().map(|c| (c.name.as_str(), c.count)).collect();
    assert_eq!(
        counted,
        [("MCOUNT#ac#CUSTOMER#ID#c#1", 1), ("MCOUNT#ac#STORE#1", 1)],
        "the store's counter did not move"
    );
}

async fn deliveries_are_listed_per_kind_after_a_cursor(db: &dyn Store) {
    for id in ["chk_c", "chk_a", "chk_b"] {
        db.put_delivery(&shop(), None, &scheduled(id, 0), &[]).await.unwrap();
    }
    let subjects = |page: Vec<Delivery>| page.iter().map(|d| d.subject.as_ref().to_owned()).collect::<Vec<_>>();
    assert_eq!(subjects(db.list_deliveries(&shop(), KIND, None, 2).await.unwrap()), ["chk_a", "chk_b"]);
    let after = StrValue::parse_str("chk_b").unwrap();
    assert_eq!(subjects(db.list_deliveries(&shop(), KIND, Some(&after), 2).await.unwrap()), ["chk_c"]);
    let other = db.list_deliveries(&shop(), ConfigKind::PurchaseFollowUps, None, 10).await.unwrap();
    assert!(other.is_empty(), "the other kind has none");
}
