//! Codegen against a small alphabet: every taken code of a batch is replaced at once, so a
//! batch still fits where a fifth of the space is taken, and a space with too few free codes is
//! a 422 that names the options to change (never a misleading 409).

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
