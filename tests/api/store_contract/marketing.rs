//! The marketing configuration store contract, on every backend.

use domain::ids::StoreId;
use domain::marketing::timestamp::UpdatedAt;
use domain::marketing::updated_by::UpdatedBy;
use domain::marketing::{ConfigKind, ConfigurationInput, FlakeId, MarketingConfiguration};
use domain::parse::StrValue;
use serde_json::{json, Value};
use store::Versioned;
use store::{Refusal, Store, WriteError};

on_every_backend!(
    get_returns_none_when_the_store_never_wrote_that_kind,
    get_returns_what_put_stored,
    put_replaces_the_whole_configuration,
    the_two_kinds_are_stored_separately,
    another_store_never_reads_the_configuration,
    a_put_at_a_stale_version_conflicts_and_writes_nothing,
);

const ABANDONED: ConfigKind = ConfigKind::AbandonedCheckouts;
const FOLLOW_UPS: ConfigKind = ConfigKind::PurchaseFollowUps;

fn store(id: &str) -> StoreId {
    StoreId::parse(id).expect("a valid store id")
}

/// A checked configuration of store `id` from a PUT body.
fn configuration(id: &str, body: Value) -> MarketingConfiguration {
    let settings: ConfigurationInput = serde_json::from_value(body).expect("a well-formed body");
    MarketingConfiguration::accept(
        FlakeId::parse_str(id).expect("a flake id"),
        settings,
        UpdatedBy::anonymous(),
        UpdatedAt::new(domain::clock::now()),
    )
    .expect("a valid configuration")
}

/// Everything set: both limits, an expiry, ids.
fn full(id: &str) -> MarketingConfiguration {
    configuration(
        id,
        json!({
            "enabled": true, "trigger_after": "PT1,5S", "minimum_order_value": 100,
            "maximum_order_value": 9_000_000_000_000_i64,
            "max_coupons_per_customer_amount": 1, "max_coupons_per_customer_period": "P1M",
            "max_coupons_global_amount": 2_147_483_647, "max_coupons_global_period": "P1Y",
            "coupon_configuration": {
                "duration": "repeating", "duration_in_months": 12, "discount_type": "amount",
                "discount_amount": 500, "discount_only_required_tags_or_products": true,
                "discount_apply_before_sales": true, "required_tag_ids": ["18446744073709551615"],
                "required_product_ids": ["1", "2"], "minimum_order_value": 0,
                "customer_redeem_limit_enabled": true, "customer_redeem_limit": 3,
                "usable_on_one_time_purchases": true, "usable_on_subscriptions": false,
                "expires_after": "P2W"
            }
        }),
    )
}

/// Only the required fields.
fn minimal(id: &str) -> MarketingConfiguration {
    configuration(
        id,
        json!({
            "enabled": false, "trigger_after": "P1D", "minimum_order_value": 0,
            "coupon_configuration": {
                "duration": "once", "discount_type": "unspecified", "discount_amount": 0,
                "discount_only_required_tags_or_products": false,
                "discount_apply_before_sales": false, "required_tag_ids": [],
                "required_product_ids": [], "minimum_order_value": 0,
                "customer_redeem_limit_enabled": false, "customer_redeem_limit": 0,
                "usable_on_one_time_purchases": true, "usable_on_subscriptions": true
            }
        }),
    )
}

async fn get_returns_none_when_the_store_never_wrote_that_kind(db: &dyn Store) {
    for kind in ConfigKind::ALL {
        assert_eq!(db.get_marketing_config(&store("1"), kind).await.unwrap(), None);
    }
}

async fn get_returns_what_put_stored(db: &dyn Store) {
    let written = full("1");
    db.put_marketing_config(&store("1"), ABANDONED, &written, None).await.unwrap();
    let read = db.get_marketing_config(&store("1"), ABANDONED).await.unwrap();
    assert_eq!(read, Some(Versioned { value: written, version: 1 }));
}

async fn put_replaces_the_whole_configuration(db: &dyn Store) {
    db.put_marketing_config(&store("1"), ABANDONED, &full("1"), None).await.unwrap();
    let smaller = minimal("1");
    db.put_marketing_config(&store("1"), ABANDONED, &smaller, None).await.unwrap();
    let read = db.get_marketing_config(&store("1"), ABANDONED).await.unwrap();
    assert_eq!(read, Some(Versioned { value: smaller, version: 2 }), "nothing of the first configuration is left");
}

async fn the_two_kinds_are_stored_separately(db: &dyn Store) {
    let (abandoned, follow_ups) = (full("1"), minimal("1"));
    db.put_marketing_config(&store("1"), ABANDONED, &abandoned, None).await.unwrap();
    assert_eq!(db.get_marketing_config(&store("1"), FOLLOW_UPS).await.unwrap(), None);
    db.put_marketing_config(&store("1"), FOLLOW_UPS, &follow_ups, None).await.unwrap();
    assert_eq!(db.get_marketing_config(&store("1"), ABANDONED).await.unwrap().map(|c| c.value), Some(abandoned));
    assert_eq!(db.get_marketing_config(&store("1"), FOLLOW_UPS).await.unwrap().map(|c| c.value), Some(follow_ups));
}

async fn another_store_never_reads_the_configuration(db: &dyn Store) {
    let mine = full("1");
    db.put_marketing_config(&store("1"), ABANDONED, &mine, None).await.unwrap();
    for kind in ConfigKind::ALL {
        assert_eq!(db.get_marketing_config(&store("2"), kind).await.unwrap(), None);
    }
    db.put_marketing_config(&store("2"), ABANDONED, &minimal("2"), None).await.unwrap();
    assert_eq!(db.get_marketing_config(&store("1"), ABANDONED).await.unwrap().map(|c| c.value), Some(mine));
}

async fn a_put_at_a_stale_version_conflicts_and_writes_nothing(db: &dyn Store) {
    let never = db.put_marketing_config(&store("1"), ABANDONED, &full("1"), Some(&[1])).await;
    assert!(matches!(never, Err(WriteError::Refused(Refusal::Stale))), "{never:?}");
    assert_eq!(db.get_marketing_config(&store("1"), ABANDONED).await.unwrap(), None);
    assert_eq!(db.put_marketing_config(&store("1"), ABANDONED, &full("1"), Some(&[0])).await.unwrap(), 1);
    let stale = db.put_marketing_config(&store("1"), ABANDONED, &minimal("1"), Some(&[0])).await;
    assert!(matches!(stale, Err(WriteError::Refused(Refusal::Stale))), "{stale:?}");
    let smaller = minimal("1");
    assert_eq!(db.put_marketing_config(&store("1"), ABANDONED, &smaller, Some(&[4, 1])).await.unwrap(), 2);
    let read = db.get_marketing_config(&store("1"), ABANDONED).await.unwrap().unwrap();
    assert_eq!(read, Versioned { value: smaller, version: 2 });
    let none = db.put_marketing_config(&store("1"), FOLLOW_UPS, &minimal("1"), Some(&[])).await;
    assert!(matches!(none, Err(WriteError::Refused(Refusal::Stale))), "an empty list allows no version: {none:?}");
}
