//! Codegen against a small alphabet: every taken code of a batch is replaced at once, so a
//! batch still fits where a fifth of the space is taken, and a space with too few free codes is
//! a 422 that names the options to change (never a misleading 409, and never a request that
//! draws forever once the taken codes and the batch cover the space).

use std::future::Future;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use api::App;
use serde_json::{json, Value};

use crate::support::{app, dynamo_store, json, request, sqlite_store};

async fn generate(app: &App, promotion: &str, body: Value) -> (u16, Value) {
    let mut req = request("POST", "demo", Some(promotion), Some(body));
    *req.uri_mut() = format!("/stores/demo/v3/promotions/{promotion}/codegen").parse().unwrap();
    let response = generate_codes::handle(app, req).await;
    (response.status().as_u16(), json(&response))
}

async fn bulk_coupon(app: &App) -> String {
    let body = json!({"redemption_type": "COUPON", "coupon_type": "BULK", "name": "small alphabet",
                      "rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "5"}}}}]});
    let created = json(&create_promotion::handle(app, request("POST", "demo", None, Some(body))).await);
    created["data"]["id"].as_u64().unwrap().to_string()
}

/// Every character but the first `keep` of A-Z 0-9, excluded.
fn excluding_all_but(keep: usize) -> Vec<String> {
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".chars().skip(keep).map(String::from).collect()
}

async fn a_crowded_space_still_fits_a_batch_and_a_full_one_is_named(app: App) {
    let promotion = bulk_coupon(&app).await;
    let six_of_six = json!({"batch_size": 250, "code_length": 6, "exclude_characters": excluding_all_but(6)});
    for batch in 0..5 {
        let (status, body) = generate(&app, &promotion, six_of_six.clone()).await;
        assert_eq!(status, 201, "batch {batch} of 46,656 possible codes: {body}");
    }
    let nine_of_two = json!({"batch_size": 250, "code_length": 9, "exclude_characters": excluding_all_but(2)});
    let (status, body) = generate(&app, &promotion, nine_of_two.clone()).await;
    assert_eq!(status, 201, "250 of 512: {body}");
    generate(&app, &promotion, nine_of_two.clone()).await;
    let (status, body) = generate(&app, &promotion, nine_of_two).await;
    assert_eq!(status, 422, "at most 262 of 512 are free, and at least 250 more are taken: {body}");
    for option in ["code_length", "exclude_characters"] {
        assert!(body["errors"][option].is_string(), "{option}: {body}");
    }
}

#[tokio::test]
async fn a_crowded_space_still_fits_a_batch_and_a_full_one_is_named_on_sqlite() {
    a_crowded_space_still_fits_a_batch_and_a_full_one_is_named(app(sqlite_store()).await).await;
}

#[tokio::test]
async fn a_crowded_space_still_fits_a_batch_and_a_full_one_is_named_on_dynamodb() {
    skip_without_dynamodb!();
    a_crowded_space_still_fits_a_batch_and_a_full_one_is_named(app(dynamo_store().await).await).await;
}

/// Runs `scenario` on a thread and runtime of its own and gives up after `limit`. A request
/// that never yields holds its thread (and the timers of its runtime: `tokio::time::timeout`
/// would never fire), so the wait is the test thread's: the test fails instead of hanging, and
/// the stuck thread is left behind.
fn ends_within<F: Future<Output = ()> + Send + 'static>(limit: Duration, scenario: F) {
    let (done, ended) = mpsc::channel();
    let thread = std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(scenario);
        let _ = done.send(());
    });
    match ended.recv_timeout(limit) {
        Ok(()) => {}
        Err(RecvTimeoutError::Disconnected) => {
            if let Err(panic) = thread.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(RecvTimeoutError::Timeout) => panic!("no answer within {limit:?}: the codegen is still drawing"),
    }
}

/// 512 possible codes, at least 300 taken: a batch of 250 cannot fit, whatever it draws.
async fn a_batch_larger_than_the_free_space_is_a_422_not_a_hang(app: App) {
    let promotion = bulk_coupon(&app).await;
    let nine_of_two = |batch_size: u32| json!({"batch_size": batch_size, "code_length": 9, "exclude_characters": excluding_all_but(2)});
    let mut taken = 0;
    for _ in 0..10 {
        if taken == 300 {
            break;
        }
        let (status, body) = generate(&app, &promotion, nine_of_two(100)).await;
        assert!(status == 201 || status == 422, "100 more of 512: {body}");
        taken += if status == 201 { 100 } else { 0 };
    }
    assert_eq!(taken, 300, "three batches of 100 fit in 512");
    let (status, body) = generate(&app, &promotion, nine_of_two(250)).await;
    assert_eq!(status, 422, "212 of 512 are free: {body}");
    for option in ["code_length", "exclude_characters", "prefix", "suffix"] {
        assert!(body["errors"][option].is_string(), "{option}: {body}");
    }
}

#[test]
fn a_batch_larger_than_the_free_space_is_a_422_not_a_hang_on_sqlite() {
    ends_within(Duration::from_secs(120), async {
        a_batch_larger_than_the_free_space_is_a_422_not_a_hang(app(sqlite_store()).await).await;
    });
}

#[test]
fn a_batch_larger_than_the_free_space_is_a_422_not_a_hang_on_dynamodb() {
    skip_without_dynamodb!();
    ends_within(Duration::from_secs(120), async {
        a_batch_larger_than_the_free_space_is_a_422_not_a_hang(app(dynamo_store().await).await).await;
    });
}
