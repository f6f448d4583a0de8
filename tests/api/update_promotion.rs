//! `PUT /promotions/{id}`: a partial update that keeps what it is not told to change, refuses
//! to change what is fixed, and loses no field when writers race.

use api::App;
use futures::future::join_all;
use serde_json::{json, Value};

use crate::support::{app, dynamo_store, json, request, sqlite_app};

async fn call(app: &App, method: &str, id: Option<&str>, body: Option<Value>) -> (u16, Value) {
    let req = request(method, "demo", id, body);
    let response = match method {
        "POST" => create_promotion::handle(app, req).await,
        "PUT" => update_promotion::handle(app, req).await,
        _ => get_promotion::handle(app, req).await,
    };
    (response.status().as_u16(), json(&response))
}

async fn seeded(app: &App, extra: Value) -> Value {
    let mut body = json!({
        "redemption_type": "COUPON",
        "name": "Spring sale",
        "display_name": "Spring!",
        "end_date": "2030-01-01T00:00:00+00:00",
        "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}],
    });
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    let (status, created) = call(app, "POST", None, Some(body)).await;
    assert_eq!(status, 201, "{created}");
    created["data"].clone()
}

#[tokio::test]
async fn fields_left_out_keep_their_value() {
    let db = sqlite_app().await;
    let before = seeded(&db, json!({})).await;
    let (status, after) = call(&db, "PUT", Some("1"), Some(json!({"name": "Summer sale"}))).await;
    assert_eq!(status, 200, "{after}");
    let mut expected = before.clone();
    expected["name"] = json!("Summer sale");
    assert_eq!(after["data"], expected);
    assert_eq!(call(&db, "GET", Some("1"), None).await.1["data"], expected);
}

#[tokio::test]
async fn null_clears_an_optional_field() {
    let db = sqlite_app().await;
    seeded(&db, json!({})).await;
    let (status, after) = call(&db, "PUT", Some("1"), Some(json!({"end_date": null}))).await;
    assert_eq!((status, &after["data"]["end_date"]), (200, &Value::Null));
}

#[tokio::test]
async fn what_a_get_returned_can_be_sent_back_unchanged() {
    let db = sqlite_app().await;
    let before = seeded(&db, json!({"coupon_type": "BULK"})).await;
    let (status, after) = call(&db, "PUT", Some("1"), Some(before.clone())).await;
    assert_eq!((status, &after["data"]), (200, &before));
}

#[tokio::test]
async fn redemption_and_coupon_types_cannot_change_and_a_refused_update_changes_nothing() {
    let db = sqlite_app().await;
    let before = seeded(&db, json!({})).await;
    for (patch, field) in [
        (json!({"redemption_type": "AUTOMATIC", "name": "changed"}), "redemption_type"),
        (json!({"coupon_type": "BULK", "name": "changed"}), "coupon_type"),
        (json!({"status": "INVALID"}), "status"),
        (json!({"end_date": "2000-01-01T00:00:00+00:00"}), "end_date"),
    ] {
        let (status, answer) = call(&db, "PUT", Some("1"), Some(patch)).await;
        assert_eq!(status, 422, "{answer}");
        assert!(answer["errors"][field].is_string(), "{field}: {answer}");
    }
    assert_eq!(call(&db, "GET", Some("1"), None).await.1["data"], before);
}

#[tokio::test]
async fn updating_a_missing_promotion_is_a_404() {
    let db = sqlite_app().await;
    assert_eq!(call(&db, "PUT", Some("41"), Some(json!({"name": "x"}))).await.0, 404);
    assert_eq!(call(&db, "PUT", Some("not-a-number"), Some(json!({"name": "x"}))).await.0, 404);
}

async fn concurrent_updates_of_different_fields_all_survive(db: &App) {
    seeded(db, json!({})).await;
    let patches = [
        json!({"name": "renamed"}),
        json!({"display_name": "Shown"}),
        json!({"max_uses": 10}),
        json!({"stop": true}),
        json!({"end_date": "2031-01-01T00:00:00+00:00"}),
        json!({"channels": [{"id": 1}]}),
    ];
    let results = join_all(patches.iter().map(|p| call(db, "PUT", Some("1"), Some(p.clone())))).await;
    assert!(results.iter().all(|(status, _)| *status == 200), "{results:?}");
    let (_, after) = call(db, "GET", Some("1"), None).await;
    for patch in &patches {
        for (field, value) in patch.as_object().unwrap() {
            assert_eq!(&after["data"][field], value, "{field} was lost");
        }
    }
}

#[tokio::test]
async fn concurrent_updates_of_different_fields_all_survive_on_sqlite() {
    concurrent_updates_of_different_fields_all_survive(&sqlite_app().await).await;
}

#[tokio::test]
async fn concurrent_updates_of_different_fields_all_survive_on_dynamodb() {
    skip_without_dynamodb!();
    concurrent_updates_of_different_fields_all_survive(&app(dynamo_store().await).await).await;
}
