//! Codes with surrounding spaces: `SAVE10 ` would read as `SAVE10`, so neither a write nor a
//! lookup accepts one, and a lookup never trims a code into another one.

use std::sync::Arc;

use api::App;
use domain::clock;
use domain::ids::StoreId;
use domain::promotion::code::{CodeText, NewCode};
use domain::promotion::timestamp::Timestamp;
use domain::promotion::PromotionInput;
use serde_json::json;
use store::{CodePage, Store};

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
    assert_eq!(json(&found)["data"].as_array().map(Vec::len), Some(1), "SAVE10 is still there");
    let of_promotion = with_query(request("GET", "demo", Some(&id.to_string()), None), "code=SAVE10 ");
    let response = list_codes::handle(&app, of_promotion).await;
    let body = json(&response);
    assert_eq!(response.status(), 422, "/promotions/{id}/codes?{encoded} is not SAVE10: {body}");
    assert!(body["errors"]["code"].is_string(), "{body}");
    let response = list_promotions::handle(&app, with_query(request("GET", "demo", None, None), "code=SAVE10 ")).await;
    let body = json(&response);
    assert_eq!(response.status(), 422, "/promotions?{encoded} is not SAVE10: {body}");
    assert!(body["errors"]["code"].is_string(), "{body}");
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

/// A bulk delete racing single deletes of the same codes: it never reports as missing a code
/// it deleted itself, and no code is left.
async fn a_bulk_delete_racing_single_deletes_reports_only_what_others_deleted(db: Arc<dyn Store>) {
    let store = StoreId::parse("demo").unwrap();
    for trial in 0..6u64 {
        let body = json!({"redemption_type": "COUPON", "coupon_type": "BULK", "name": format!("race {trial}"),
                          "rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "5"}}}}]});
        let fields = serde_json::from_value::<PromotionInput>(body).unwrap().into_fields(clock::now(), None).unwrap();
        let promotion = db.create_promotion(&store, fields, None, None).await.unwrap().value.id();
        let now = Timestamp::from_utc(clock::now());
        let codes: Vec<_> = (1..=50u64)
            .map(|n| {
                NewCode::new(CodeText::try_from_str(&format!("R{trial}-{n}")).unwrap(), 0, 0)
                    .into_code(trial * 100 + n, now)
            })
            .collect();
        db.add_codes(&store, promotion, codes, None, None).await.unwrap();
        let all: Vec<u64> = (1..=50).map(|n| trial * 100 + n).collect();
        let singles: Vec<u64> = all.iter().copied().step_by(5).collect();
        let bulk = {
            let (db, store, all) = (Arc::clone(&db), store.clone(), all.clone());
            tokio::spawn(async move { db.delete_codes(&store, promotion, &all).await })
        };
        let single_deletes = singles.iter().map(|id| {
            let (db, store, id) = (Arc::clone(&db), store.clone(), *id);
            tokio::spawn(async move { db.delete_codes(&store, promotion, &[id]).await })
        });
        let mut deleted_by_singles = Vec::new();
        for (id, delete) in singles.iter().zip(single_deletes.collect::<Vec<_>>()) {
            if delete.await.unwrap().unwrap().is_empty() {
                deleted_by_singles.push(*id);
            }
        }
        let missing = bulk.await.unwrap().unwrap();
        assert!(
            missing.iter().all(|id| deleted_by_singles.contains(id)),
            "trial {trial}: reported missing {missing:?}, but the single deletes took only {deleted_by_singles:?}"
        );
        let left = db.list_codes(&store, promotion, CodePage { after: None, before: None, limit: 100 }).await.unwrap();
        assert!(left.is_empty(), "trial {trial}: {} codes left", left.len());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_delete_racing_single_deletes_reports_only_what_others_deleted_on_sqlite() {
    a_bulk_delete_racing_single_deletes_reports_only_what_others_deleted(Arc::new(sqlite_store())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_delete_racing_single_deletes_reports_only_what_others_deleted_on_dynamodb() {
    skip_without_dynamodb!();
    a_bulk_delete_racing_single_deletes_reports_only_what_others_deleted(Arc::new(dynamo_store().await)).await;
}
