//! A batch read whose keys DynamoDB keeps leaving unprocessed (a throttled table) is retried
//! with backoff a bounded number of times, then answered 503, instead of looping.

use std::sync::Arc;

use api::auth::KeyCache;
use api::App;
use domain::access::KeyHash;
use store::dynamodb::{DynamoStore, BATCH_ATTEMPTS};

use crate::fixtures::{call, seed};
use crate::support::fault_proxy::{Fault, FaultProxy, Plan, Seen};
use crate::support::{app, dynamo_client, dynamo_store, dynamodb_endpoint, fixture, json, DEV_KEY};

#[tokio::test]
async fn a_batch_read_left_unprocessed_ends_in_a_503() {
    skip_without_dynamodb!();
    let store = dynamo_store().await;
    let table = store.table().to_owned();
    let healthy = app(store).await;
    seed(&healthy).await;
    let batches = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = Arc::clone(&batches);
    let plan: Plan = Arc::new(move |seen: Seen| {
        let batch = seen.operation == "BatchGetItem";
        if batch {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        batch.then_some(Fault::Unprocessed)
    });
    let proxy = FaultProxy::start(&dynamodb_endpoint(), plan).await;
    let keys = KeyCache::default();
    keys.find(healthy.store(), &KeyHash::of(DEV_KEY)).await.unwrap();
    let throttled =
        App::with_key_cache(Arc::new(DynamoStore::new(dynamo_client(&proxy.url(), Arc::default()), &table)), keys);
    let response = call(&throttled, "delete-promotions", fixture("delete-promotions")).await;
    assert_eq!(response.status(), 503, "{}", json(&response));
    assert_eq!(response.headers()["retry-after"], "1");
    assert_eq!(batches.load(std::sync::atomic::Ordering::SeqCst), BATCH_ATTEMPTS, "bounded attempts");
}
