//! A redemption whose write DynamoDB throttles is a 503 with nothing counted.

use std::sync::Arc;

use api::auth::KeyCache;
use api::App;
use domain::access::KeyHash;
use serde_json::json;
use store::dynamodb::DynamoStore;

use super::{cart, current_uses, promotion, redeem, ten_percent};
use crate::support::fault_proxy::{Fault, FaultProxy, Plan, Seen};
use crate::support::{app, dynamo_client, dynamodb_endpoint, dynamo_store, DEV_KEY};

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
        let faulty = App::with_key_cache(Arc::new(DynamoStore::new(dynamo_client(&proxy.url(), Arc::default()), &table)), keys);
        let (status, body) = redeem(&faulty, cart("faulted", json!({}))).await;
        assert_eq!(status, 503, "{fault:?}: {body}");
        assert_eq!(current_uses(&healthy, limited).await, 0, "{fault:?}: nothing was counted");
    }
    let (status, body) = redeem(&healthy, cart("faulted", json!({}))).await;
    assert_eq!(status, 201, "the order was never redeemed, so it can be now: {body}");
}
