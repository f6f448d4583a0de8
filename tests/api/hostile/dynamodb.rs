//! A batch read whose keys DynamoDB keeps leaving unprocessed (a throttled table) is retried
//! with backoff a bounded number of times, then answered 503, instead of looping; so is a
//! batch write whose requests it keeps leaving unprocessed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use api::auth::KeyCache;
use api::App;
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, WriteRequest};
use domain::access::KeyHash;
use store::dynamodb::{DynamoStore, BATCH_ATTEMPTS};
use store::StoreError;

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

#[tokio::test]
async fn a_batch_write_left_unprocessed_ends_as_unavailable() {
    skip_without_dynamodb!();
    let table = dynamo_store().await.table().to_owned();
    let batches = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&batches);
    let plan: Plan = Arc::new(move |seen: Seen| {
        let batch = seen.operation == "BatchWriteItem";
        if batch {
            counted.fetch_add(1, Ordering::SeqCst);
        }
        batch.then_some(Fault::Unprocessed)
    });
    let proxy = FaultProxy::start(&dynamodb_endpoint(), plan).await;
    let throttled = DynamoStore::new(dynamo_client(&proxy.url(), Arc::default()), &table);
    let key = |name: &str| (name.to_owned(), AttributeValue::S("STORE#demo".to_owned()));
    let delete = DeleteRequest::builder().set_key(Some([key("PK"), key("SK")].into())).build().unwrap();
    let requests = vec![WriteRequest::builder().delete_request(delete).build()];
    let written = tokio::time::timeout(Duration::from_secs(30), throttled.batch_write(requests)).await;
    let written = written.expect("the batch write ends while DynamoDB keeps its requests unprocessed");
    assert!(matches!(written, Err(StoreError::Unavailable(_))), "{written:?}");
    assert_eq!(batches.load(Ordering::SeqCst), BATCH_ATTEMPTS, "bounded attempts");
}
