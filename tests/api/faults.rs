//! DynamoDB failures: a closed port, throttling, silence past the SDK's attempt timeout and a
//! connection closed without an answer each become a 503 with `Retry-After` in the API's own
//! error shape, after the SDK's bounded retries and well within the functions' 10 s timeout,
//! and saying nothing of the cause; a write the fault interrupted leaves nothing half-written.
//!
//! A request that makes several calls is answered 503 at its deadline (8 s) whatever they take.
//!
//! The faulty store shares its table with a healthy one (which seeds the data and checks it
//! afterwards), and its key cache is warm, so the fault hits the endpoint's own calls.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use api::auth::KeyCache;
use api::http::promotions::ERROR_TYPE;
use api::http::REQUEST_DEADLINE;
use api::App;
use domain::access::KeyHash;
use serde_json::Value;
use store::dynamodb::client::OPERATION_TIMEOUT;
use store::dynamodb::transact::CONFLICT_RETRIES;
use store::dynamodb::DynamoStore;

use crate::fixtures::{call, seed};
use crate::support::fault_proxy::{after, Fault, FaultProxy, Plan, Seen};
use crate::support::{
    app, dynamo_client, dynamo_store, dynamodb_endpoint, fixture, json, request, DEV_KEY, MARKETING_KEY,
};

/// The functions' timeout in `template.yaml`.
const FUNCTION_TIMEOUT: Duration = Duration::from_secs(10);

/// A healthy app on a fresh table with the fixtures' data, and the table's name.
async fn healthy() -> (App, String) {
    let store = dynamo_store().await;
    let table = store.table().to_owned();
    let app = app(store).await;
    seed(&app).await;
    (app, table)
}

/// An app on the same table through `endpoint`, whose key cache already knows both keys.
async fn through(healthy: &App, table: &str, endpoint: &str) -> App {
    let keys = KeyCache::default();
    for key in [DEV_KEY, MARKETING_KEY] {
        keys.find(healthy.store(), &KeyHash::of(key)).await.expect("the key is read");
    }
    let store = DynamoStore::new(dynamo_client(endpoint, Arc::default()), table);
    App::with_key_cache(Arc::new(store), keys)
}

/// Sends the fixture `name` and checks the 503; returns how long the answer took.
async fn assert_unavailable(app: &App, name: &str) -> Duration {
    let started = Instant::now();
    let response = call(app, name, fixture(name)).await;
    let elapsed = started.elapsed();
    let body = json(&response);
    assert_eq!(response.status(), 503, "{name}: {body}");
    assert_eq!(response.headers().get("retry-after").map(|v| v.as_bytes()), Some(&b"1"[..]), "{name}");
    assert_eq!(body["status"], 503, "{name}: {body}");
    if name.contains("marketing") {
        assert_eq!(body["code"], "service-unavailable", "{name}: {body}");
        assert!(body["message"].is_string(), "{name}: {body}");
    } else {
        assert_eq!((body["type"].as_str(), body["title"].is_string()), (Some(ERROR_TYPE), true), "{name}: {body}");
    }
    let text = body.to_string().to_lowercase();
    for internal in ["throughput", "dispatch", "timeout", "127.0.0.1", "connection", "dynamodb", "sdk"] {
        assert!(!text.contains(internal), "{name} shows {internal:?}: {body}");
    }
    assert!(elapsed < OPERATION_TIMEOUT + Duration::from_secs(2), "{name} took {elapsed:?}");
    assert!(elapsed < FUNCTION_TIMEOUT);
    eprintln!("fault case {name}: 503 after {} ms", elapsed.as_millis());
    elapsed
}

const READS_AND_WRITES: [&str; 6] = [
    "get-promotion",
    "create-promotion",
    "update-promotion",
    "create-code",
    "get-marketing-config-abandoned-checkouts",
    "put-marketing-config-abandoned-checkouts",
];

#[tokio::test]
async fn an_unreachable_table_is_a_503_with_retry_after_in_both_error_shapes() {
    skip_without_dynamodb!();
    let (healthy, table) = healthy().await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let app = through(&healthy, &table, &format!("http://{closed}")).await;
    for name in READS_AND_WRITES {
        assert_unavailable(&app, name).await;
    }
}

#[tokio::test]
async fn throttling_is_a_503_after_the_sdks_three_attempts() {
    skip_without_dynamodb!();
    let (healthy, table) = healthy().await;
    let proxy = FaultProxy::start(&dynamodb_endpoint(), after(0, Fault::Throttle)).await;
    let app = through(&healthy, &table, &proxy.url()).await;
    assert_unavailable(&app, "get-promotion-settings").await;
    assert_eq!(proxy.requests(), 3, "one call, three attempts");
    assert_unavailable(&app, "put-marketing-config-abandoned-checkouts").await;
    assert_eq!(proxy.requests(), 6);
}

#[tokio::test]
async fn silence_past_the_attempt_timeout_is_a_503_within_the_operation_timeout() {
    skip_without_dynamodb!();
    let (healthy, table) = healthy().await;
    let proxy = FaultProxy::start(&dynamodb_endpoint(), after(0, Fault::Delay(Duration::from_secs(4)))).await;
    let app = through(&healthy, &table, &proxy.url()).await;
    let (promotion, marketing) = tokio::join!(
        assert_unavailable(&app, "get-promotion"),
        assert_unavailable(&app, "get-marketing-config-abandoned-checkouts"),
    );
    assert!(promotion >= Duration::from_secs(2) && marketing >= Duration::from_secs(2), "the attempts waited");
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_a_503() {
    skip_without_dynamodb!();
    let (healthy, table) = healthy().await;
    let proxy = FaultProxy::start(&dynamodb_endpoint(), after(0, Fault::HangUp)).await;
    let app = through(&healthy, &table, &proxy.url()).await;
    assert_unavailable(&app, "get-promotion").await;
    assert_unavailable(&app, "put-marketing-config-abandoned-checkouts").await;
}

/// What a write endpoint's interrupted request could have changed, read on the healthy store.
async fn visible_state(app: &App) -> Vec<Value> {
    let mut state = Vec::new();
    for name in ["list-promotions", "get-promotion", "list-codes", "get-marketing-config-abandoned-checkouts"] {
        let mut body = json(&call(app, name, fixture(name)).await);
        body.as_object_mut().map(|o| o.remove("updated_at"));
        state.push(body);
    }
    state
}

#[tokio::test]
async fn a_write_throttled_after_its_read_leaves_nothing_half_written() {
    skip_without_dynamodb!();
    let (healthy, table) = healthy().await;
    let before = visible_state(&healthy).await;
    for name in ["create-promotion", "update-promotion", "create-code", "generate-codes"] {
        let proxy = FaultProxy::start(&dynamodb_endpoint(), after(1, Fault::Throttle)).await;
        let app = through(&healthy, &table, &proxy.url()).await;
        assert_unavailable(&app, name).await;
        assert_eq!(proxy.requests(), 4, "{name}: the first call, then three attempts of the second");
        assert_eq!(visible_state(&healthy).await, before, "{name} changed something");
    }
}

/// A plan that answers the transactions numbered in `faulted` (from 0, retries included) with
/// `fault`, and forwards everything else.
fn transactions(faulted: Range<usize>, fault: Fault) -> Plan {
    let seen = Arc::new(AtomicUsize::new(0));
    Arc::new(move |request: Seen| {
        let transaction = request.operation == "TransactWriteItems";
        (transaction && faulted.contains(&seen.fetch_add(1, Ordering::SeqCst))).then_some(fault)
    })
}

fn conflicting_transactions(conflicts: usize) -> Plan {
    transactions(0..conflicts, Fault::TransactionConflict)
}

#[tokio::test]
async fn a_transaction_cancelled_by_a_conflicting_one_is_sent_again() {
    skip_without_dynamodb!();
    let (healthy, table) = healthy().await;
    let proxy = FaultProxy::start(&dynamodb_endpoint(), conflicting_transactions(2)).await;
    let app = through(&healthy, &table, &proxy.url()).await;
    let response = call(&app, "create-promotion", fixture("create-promotion")).await;
    assert_eq!(response.status(), 201, "{}", json(&response));
    assert_eq!(proxy.requests(), 4, "the id, two conflicts, then the transaction that applied");
}

#[tokio::test]
async fn a_transaction_that_keeps_conflicting_is_a_503_and_writes_nothing() {
    skip_without_dynamodb!();
    let (healthy, table) = healthy().await;
    let before = visible_state(&healthy).await;
    let proxy = FaultProxy::start(&dynamodb_endpoint(), conflicting_transactions(usize::MAX)).await;
    let app = through(&healthy, &table, &proxy.url()).await;
    assert_unavailable(&app, "create-promotion").await;
    assert_eq!(proxy.requests(), 2 + CONFLICT_RETRIES, "the id, then the transaction and its retries");
    assert_eq!(visible_state(&healthy).await, before);
}

#[tokio::test]
async fn a_request_that_keeps_meeting_silence_is_answered_503_at_its_deadline() {
    skip_without_dynamodb!();
    let (healthy, table) = healthy().await;
    let before = visible_state(&healthy).await;
    let proxy = FaultProxy::start(&dynamodb_endpoint(), after(1, Fault::Delay(Duration::from_secs(4)))).await;
    let app = through(&healthy, &table, &proxy.url()).await;
    let keyed = || {
        let mut request = fixture("create-promotion");
        request.headers_mut().insert("idempotency-key", "deadline".parse().unwrap());
        request
    };
    let started = Instant::now();
    let response = call(&app, "create-promotion", keyed()).await;
    let elapsed = started.elapsed();
    eprintln!("fault case create-promotion past its deadline: {} after {} ms", response.status(), elapsed.as_millis());
    assert_eq!((response.status().as_u16(), response.headers()["retry-after"].as_bytes()), (503, &b"1"[..]));
    assert!(REQUEST_DEADLINE <= elapsed && elapsed < REQUEST_DEADLINE + Duration::from_secs(1), "{elapsed:?}");
    assert!(elapsed < FUNCTION_TIMEOUT);
    assert_eq!(visible_state(&healthy).await, before, "nothing was written");
    let retry = call(&healthy, "create-promotion", keyed()).await;
    assert_eq!(retry.status(), 409, "the key stays claimed for its lease, so the retry cannot create twice");
}

#[tokio::test]
async fn codegen_throttled_after_two_of_its_eight_transactions_takes_the_first_two_back() {
    skip_without_dynamodb!();
    let (healthy, table) = healthy().await;
    let before = visible_state(&healthy).await;
    // The first seven batches go side by side: the two that arrive first are written, every
    // attempt of the other five (3 each, the SDK's retries) is throttled; the last is not sent.
    let proxy = FaultProxy::start(&dynamodb_endpoint(), transactions(2..17, Fault::Throttle)).await;
    let app = through(&healthy, &table, &proxy.url()).await;
    let body = serde_json::json!({"batch_size": 250, "code_length": 8});
    let started = Instant::now();
    let response = generate_codes::handle(&app, request("POST", "demo", Some("2"), Some(body))).await;
    eprintln!("fault case generate-codes of 250: {} after {} ms", response.status(), started.elapsed().as_millis());
    assert_eq!(response.status(), 503, "{}", json(&response));
    assert_eq!(visible_state(&healthy).await, before, "the 64 codes written first were deleted again");
}
