//! A redemption whose write DynamoDB throttles is a 503 with nothing counted.

use std::sync::Arc;

use api::auth::KeyCache;
use api::App;
use domain::access::KeyHash;
use serde_json::json;
use store::dynamodb::DynamoStore;

use super::{cart, current_uses, promotion, redeem, ten_percent};
use crate::support::fault_proxy::{Fault, FaultProxy, Plan, Seen};
use crate::support::{app, dynamo_client, dynamo_store, dynamodb_endpoint, DEV_KEY};

#[tokio::test]
async fn a_throttled_or_silent_redemption_write_counts_nothing() {
    skip_without_dynamodb!();
    let store = dynamo_store().await;
    let table = store.table().to_owned();
    let healthy = app(store).await;
    let limited = promotion(&healthy, ten_percent(Some(3), None)).await;
    for fault in [Fault::Throttle, Fault::Delay(std::time::Duration::from_secs(4))] {
        let plan: Plan = Arc::new(move |seen: Seen| (seen.operation == "TransactWriteItems").then_some(fault));
        let proxy = FaultProxy::start(&dynamodb_endpoint(), plan).await;
        let keys = KeyCache::default();
        keys.find(healthy.store(), &KeyHash::of(DEV_KEY)).await.expect("the key is read");
        let faulty =
            App::with_key_cache(Arc::new(DynamoStore::new(dynamo_client(&proxy.url(), Arc::default()), &table)), keys);
        let (status, body) = redeem(&faulty, cart("faulted", json!({}))).await;
        assert_eq!(status, 503, "{fault:?}: {body}");
        assert_eq!(current_uses(&healthy, limited).await, 0, "{fault:?}: nothing was counted");
    }
    let (status, body) = redeem(&healthy, cart("faulted", json!({}))).await;
    assert_eq!(status, 201, "the order was never redeemed, so it can be now: {body}");
}

#[tokio::test]
async fn a_redemption_write_that_meets_another_is_evaluated_again_and_counted_once() {
    skip_without_dynamodb!();
    let store = dynamo_store().await;
    let table = store.table().to_owned();
    let healthy = app(store).await;
    let limited = promotion(&healthy, ten_percent(Some(3), None)).await;
    let first = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let plan: Plan = Arc::new(move |seen: Seen| {
        let conflict = seen.operation == "TransactWriteItems" && first.swap(false, std::sync::atomic::Ordering::SeqCst);
        conflict.then_some(Fault::TransactionConflict)
    });
    let proxy = FaultProxy::start(&dynamodb_endpoint(), plan).await;
    let keys = KeyCache::default();
    keys.find(healthy.store(), &KeyHash::of(DEV_KEY)).await.expect("the key is read");
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let client = dynamo_client(&proxy.url(), Arc::clone(&calls));
    let conflicted = App::with_key_cache(Arc::new(DynamoStore::new(client, &table)), keys);
    let (status, body) = redeem(&conflicted, cart("met-another", json!({}))).await;
    assert_eq!(status, 201, "{body}");
    let per_attempt = 3 + 1; // the store's promotions, their uses, its settings; the transaction
    assert_eq!(
        calls.load(std::sync::atomic::Ordering::SeqCst),
        2 * per_attempt,
        "one retry: the reads and the write again"
    );
    assert_eq!(current_uses(&healthy, limited).await, 1);
}

#[tokio::test]
async fn a_redemption_that_keeps_meeting_other_writes_is_a_503_with_retry_after_and_counts_nothing() {
    skip_without_dynamodb!();
    let store = dynamo_store().await;
    let table = store.table().to_owned();
    let healthy = app(store).await;
    let limited = promotion(&healthy, ten_percent(Some(3), Some(1))).await;
    super::coupon(&healthy, "ALWAYS-MET", 5, 1).await;
    let plan: Plan =
        Arc::new(|seen: Seen| (seen.operation == "TransactWriteItems").then_some(Fault::TransactionConflict));
    let proxy = FaultProxy::start(&dynamodb_endpoint(), plan).await;
    let keys = KeyCache::default();
    keys.find(healthy.store(), &KeyHash::of(DEV_KEY)).await.expect("the key is read");
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let client = dynamo_client(&proxy.url(), Arc::clone(&calls));
    let contended = App::with_key_cache(Arc::new(DynamoStore::new(client, &table)), keys);
    let body = cart("always-met", json!({"customer": {"id": 7}, "coupon_codes": ["ALWAYS-MET"]}));
    let request = super::redemption_request("POST", None, None, Some(body.clone()));
    let response = create_redemption::handle(&contended, request).await;
    assert_eq!(response.status(), 503, "{}", crate::support::json(&response));
    assert_eq!(response.headers()["retry-after"], "1");
    let sent = calls.load(std::sync::atomic::Ordering::SeqCst);
    assert!(sent <= create_redemption::ATTEMPTS as usize * 12, "the attempts are bounded: {sent} calls");

    assert_eq!(current_uses(&healthy, limited).await, 0, "nothing counted for the promotion");
    let (status, again) = redeem(&healthy, body).await;
    assert_eq!(status, 201, "{again}");
    let applied = super::counted(&again);
    assert_eq!(applied.len(), 2, "the promotion and the coupon, for the customer's one use of each: {again}");
    assert_eq!(current_uses(&healthy, limited).await, 1);
}
