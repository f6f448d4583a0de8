//! DynamoDB calls per request, counted by an SDK interceptor on DynamoDB Local, against each
//! endpoint's budget (the counts are exact, so a change in either direction is noticed); and
//! what an evaluation reads, which must not grow with the promotions a store accumulates. The key cache is warm (as in a warm function), so only the endpoint's own
//! calls count; retries would count too.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use api::App;
use serde_json::json;

use crate::fixtures::{call, seed};
use crate::support::{app, dynamo_store_counting, fixture, request, with_query};

mod evaluation_reads;

/// An app on a fresh DynamoDB table with the fixtures' data, and its call counter.
async fn counted() -> (App, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let app = app(dynamo_store_counting(Arc::clone(&calls)).await).await;
    seed(&app).await;
    for warm in ["get-promotion-settings", "get-marketing-config-purchase-follow-ups"] {
        assert!(call(&app, warm, fixture(warm)).await.status().is_success(), "{warm}");
    }
    (app, calls)
}

/// The calls one fixture's request makes.
async fn calls_of(name: &str) -> usize {
    let (app, calls) = counted().await;
    calls.store(0, Ordering::SeqCst);
    let response = call(&app, name, fixture(name)).await;
    assert!(response.status().is_success(), "{name}: {}", response.status());
    calls.load(Ordering::SeqCst)
}

#[tokio::test]
async fn every_endpoint_stays_within_its_dynamodb_call_budget() {
    skip_without_dynamodb!();
    // A promotion is read with its use counters (a Query beside its GetItem, or one Query per
    // page after it), so every endpoint that reads one pays one call more than before the
    // redemptions, at the same latency where the two run side by side. A code found by its
    // text costs a GetItem of its promotion's key after it (a deleted promotion's codes stay
    // until purged, and never count): 2 for the store code, 2 for the evaluated cart's code.
    // A promotion's version adds its code counters' writes, so an update reads them (1 Query)
    // before its conditional write, and a bulk delete reads them for the codes it refuses.
    let budgets = [
        ("get-promotion", 2),
        ("list-promotions", 2),
        ("delete-promotion", 1),
        ("get-store-code", 2),
        ("get-marketing-config-abandoned-checkouts", 1),
        ("put-marketing-config-purchase-follow-ups", 1),
        ("get-promotion-settings", 1),
        ("put-promotion-settings", 1),
        ("create-promotion", 2),
        ("update-promotion", 4),
        ("create-code", 3),
        ("list-codes", 3),
        ("delete-promotions", 3),
        ("generate-codes", 3),
        ("evaluate-promotions", 5),
        ("create-redemption", 5),
        ("get-redemption", 1),
        ("confirm-redemption", 2),
        ("rollback-redemption", 3),
        ("list-redemptions", 1),
        // Per event a GetItem of its delivery and one TransactWriteItems (two for a completion:
        // its checkout's reminder and its order's follow-up), beside one GetItem per kind of
        // configuration an event needs: 3 events here.
        ("record-marketing-events", 10),
        ("list-marketing-deliveries", 2),
        ("unsubscribe-marketing", 2),
    ];
    let mut used = Vec::new();
    for (name, _) in budgets {
        used.push((name, calls_of(name).await));
    }
    assert_eq!(used, budgets, "DynamoDB calls per endpoint against their budgets");
    let calls = |name: &str| used.iter().find(|(n, _)| *n == name).map(|(_, c)| *c).unwrap();
    assert_eq!(
        calls("create-redemption"),
        calls("evaluate-promotions") - 1 + 1,
        "a redemption: evaluate's reads but the store's count (it answers no meta), then one transaction"
    );
}

#[tokio::test]
async fn an_idempotency_key_costs_a_create_one_more_call_and_its_replay_one() {
    skip_without_dynamodb!();
    let (app, calls) = counted().await;
    let keyed = || {
        let mut request = fixture("create-promotion");
        request.headers_mut().insert("idempotency-key", "retry-me".parse().unwrap());
        request
    };
    calls.store(0, Ordering::SeqCst);
    assert_eq!(call(&app, "create-promotion", keyed()).await.status(), 201);
    assert_eq!(
        calls.swap(0, Ordering::SeqCst),
        1 + 2,
        "the claim, then the create's two (the answer rides in its transaction)"
    );
    assert_eq!(call(&app, "create-promotion", keyed()).await.status(), 201);
    assert_eq!(calls.load(Ordering::SeqCst), 1, "a refused claim returns the record");
}

#[tokio::test]
async fn a_page_of_promotions_sorted_by_id_is_the_page_and_the_count_then_its_uses() {
    skip_without_dynamodb!();
    let (app, calls) = counted().await;
    calls.store(0, Ordering::SeqCst);
    let response = list_promotions::handle(&app, with_query(request("GET", "demo", None, None), "limit=50")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(calls.load(Ordering::SeqCst), 3, "the page and the count side by side, then the page's use counters");
}

#[tokio::test]
async fn a_page_through_an_index_is_one_query_per_facet_and_one_per_promotion_for_its_uses() {
    skip_without_dynamodb!();
    let (app, calls) = counted().await;
    for (query, facets) in [("sort=name", 1), ("status=ENABLED&sort=start_date", 2), ("redemption_type=coupon", 3)] {
        calls.store(0, Ordering::SeqCst);
        let list = with_query(request("GET", "demo", None, None), &format!("{query}&limit=50"));
        let response = list_promotions::handle(&app, list).await;
        assert_eq!(response.status(), 200, "{query}");
        let count = crate::support::json(&response)["data"].as_array().unwrap().len();
        assert!(count > 0, "{query}: the fixtures' promotions are listed");
        assert_eq!(calls.load(Ordering::SeqCst), facets + count, "{query}: the facets' reads, then each one's uses");
    }
}

#[tokio::test]
async fn generating_250_codes_stays_within_ceil_of_codes_over_25_plus_2_calls() {
    skip_without_dynamodb!();
    let (app, calls) = counted().await;
    calls.store(0, Ordering::SeqCst);
    let body = json!({"batch_size": 250, "code_length": 8});
    let response = generate_codes::handle(&app, request("POST", "demo", Some("2"), Some(body))).await;
    assert_eq!(response.status(), 201);
    let used = calls.load(Ordering::SeqCst);
    assert!(used <= 250usize.div_ceil(25) + 2, "{used} calls");
    assert_eq!(
        used,
        2 + 250usize.div_ceil(32),
        "one read (the promotion and its uses), then a transaction per 32 codes: 7 side by side, then the last"
    );
}

#[tokio::test]
async fn deleting_a_promotion_with_250_codes_is_one_transaction() {
    skip_without_dynamodb!();
    let (app, calls) = counted().await;
    let body = json!({"batch_size": 250, "code_length": 8});
    let generated = generate_codes::handle(&app, request("POST", "demo", Some("2"), Some(body))).await;
    assert_eq!(generated.status(), 201);
    calls.store(0, Ordering::SeqCst);
    let response = delete_promotion::handle(&app, request("DELETE", "demo", Some("2"), None)).await;
    assert_eq!(response.status(), 204);
    assert_eq!(calls.load(Ordering::SeqCst), 1, "the promotion and its share of the count; its codes are purged after");
}
