//! Limits that hold when many checkouts redeem at once: no use is ever given twice, and every
//! answer matches what was counted.

use std::sync::Arc;

use api::App;
use serde_json::json;

use super::{cart, counted, coupon, current_uses, on_every_backend, promotion, reason, redeem, ten_percent};

on_every_backend!(
    the_last_ten_uses_go_to_exactly_ten_of_a_thousand_concurrent_orders,
    a_once_per_customer_code_applies_once_in_fifty_concurrent_orders_of_one_customer,
    one_order_sent_twenty_times_at_once_is_one_redemption_counted_once,
);

async fn the_last_ten_uses_go_to_exactly_ten_of_a_thousand_concurrent_orders(app: App) {
    let limited = promotion(&app, ten_percent(Some(10), None)).await;
    let app = Arc::new(app);
    let orders = (0..1000).map(|n| {
        let app = Arc::clone(&app);
        tokio::spawn(async move { redeem(&app, cart(&format!("flash-{n}"), json!({}))).await })
    });
    let mut applied = 0;
    for order in orders {
        let (status, body) = order.await.unwrap();
        assert_eq!(status, 201, "every order is redeemed, with or without the promotion: {body}");
        if counted(&body).contains(&limited) {
            applied += 1;
            assert_eq!(body["data"]["totals"]["discount"], "10.00", "{body}");
        } else {
            assert_eq!(reason(&body, limited).as_deref(), Some("usage_limit_reached"), "{body}");
            assert_eq!(body["data"]["totals"]["discount"], "0.00", "the answer is what was counted: {body}");
        }
    }
    assert_eq!(applied, 10, "exactly the ten uses left were given");
    assert_eq!(current_uses(&app, limited).await, 10);
}

async fn a_once_per_customer_code_applies_once_in_fifty_concurrent_orders_of_one_customer(app: App) {
    let promotion = coupon(&app, "ONCE-EACH", 0, 1).await;
    let app = Arc::new(app);
    let orders = (0..50).map(|n| {
        let app = Arc::clone(&app);
        let body = cart(&format!("customer-7-{n}"), json!({"customer": {"id": 7}, "coupon_codes": ["once-each"]}));
        tokio::spawn(async move { redeem(&app, body).await })
    });
    let mut applied = 0;
    for order in orders {
        let (status, body) = order.await.unwrap();
        assert_eq!(status, 201, "{body}");
        if counted(&body).contains(&promotion) {
            applied += 1;
        } else {
            assert_eq!(reason(&body, promotion).as_deref(), Some("customer_usage_limit_reached"), "{body}");
        }
    }
    assert_eq!(applied, 1, "one customer, one use");
    let (_, other) =
        redeem(&app, cart("customer-8-0", json!({"customer": {"id": 8}, "coupon_codes": ["ONCE-EACH"]}))).await;
    assert_eq!(counted(&other), [promotion], "another customer still may: {other}");
}

async fn one_order_sent_twenty_times_at_once_is_one_redemption_counted_once(app: App) {
    let promotion = promotion(&app, ten_percent(None, None)).await;
    let app = Arc::new(app);
    let sends = (0..20).map(|_| {
        let app = Arc::clone(&app);
        tokio::spawn(async move { redeem(&app, cart("order-once", json!({}))).await })
    });
    let mut ids = Vec::new();
    let mut created = 0;
    for send in sends {
        let (status, body) = send.await.unwrap();
        assert!(status == 201 || status == 200, "{status}: {body}");
        created += usize::from(status == 201);
        ids.push(body["data"]["id"].as_u64().unwrap());
    }
    ids.dedup();
    assert_eq!((created, ids.len()), (1, 1), "one redemption, and every answer is it");
    assert_eq!(current_uses(&app, promotion).await, 1);
}
