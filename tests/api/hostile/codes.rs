//! Codes with surrounding spaces: `SAVE10 ` would read as `SAVE10`, so neither a write nor a
//! lookup accepts one, and a lookup never trims a code into another one.

use api::App;
use serde_json::json;

use crate::support::{app, dynamo_store, json, request, sqlite_store, with_query};

async fn coupon_with(app: &App, code: &str) -> u64 {
    let body = json!({"redemption_type": "COUPON", "coupon_type": "BULK", "name": "spaces",
                      "rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "5"}}}}]});
    let created = json(&create_promotion::handle(app, request("POST", "demo", None, Some(body))).await);
    let id = created["data"]["id"].as_u64().unwrap();
    let response =
        create_code::handle(app, request("POST", "demo", Some(&id.to_string()), Some(json!({"code": code})))).await;
    assert_eq!(response.status(), 201, "{}", json(&response));
    id
}

async fn no_code_has_surrounding_spaces_and_no_lookup_trims_one(app: App) {
    let id = coupon_with(&app, "SAVE10").await;
    for spaced in ["SAVE10 ", " SAVE10", "SAVE 10 "] {
        let response =
            create_code::handle(&app, request("POST", "demo", Some(&id.to_string()), Some(json!({"code": spaced}))))
                .await;
        let body = json(&response);
        assert_eq!(response.status(), 422, "{spaced:?}: {body}");
        assert!(body["errors"]["code"].is_string(), "{body}");
    }
    let encoded = "code=SAVE10%20";
    let spaced = with_query(request("DELETE", "demo", None, None), "code=SAVE10 ");
    let response = delete_store_code::handle(&app, spaced).await;
    assert_eq!(response.status(), 422, "{encoded}: a code with a space is not SAVE10: {}", json(&response));
    let found = get_store_code::handle(&app, with_query(request("GET", "demo", None, None), "code=SAVE10")).await;
    assert_eq!(found.status(), 200, "SAVE10 is still there");
    let cart = json!({"currency_code": "USD", "coupon_codes": ["SAVE10 "],
                      "items": [{"product_id": 1, "quantity": 1, "unit_price": "10.00"}]});
    let response = evaluate_promotions::handle(&app, request("POST", "demo", None, Some(cart))).await;
    assert_eq!(response.status(), 422, "{}", json(&response));
}

#[tokio::test]
async fn no_code_has_surrounding_spaces_and_no_lookup_trims_one_on_sqlite() {
    no_code_has_surrounding_spaces_and_no_lookup_trims_one(app(sqlite_store()).await).await;
}

#[tokio::test]
async fn no_code_has_surrounding_spaces_and_no_lookup_trims_one_on_dynamodb() {
    skip_without_dynamodb!();
    no_code_has_surrounding_spaces_and_no_lookup_trims_one(app(dynamo_store().await).await).await;
}
