//! Listing promotions and coupon codes: filters, sorts and the edges of pagination (an empty
//! store, the last page, limits 1 and 250, stale cursors), and codegen at its largest batch.

use api::App;
use serde_json::{json, Value};

use crate::support::{app, dynamo_store, json, request, sqlite_app, with_query};

async fn list(app: &App, query: &str) -> (u16, Value) {
    let response = list_promotions::handle(app, with_query(request("GET", "demo", None, None), query)).await;
    (response.status().as_u16(), json(&response))
}

async fn create(app: &App, body: Value) -> u64 {
    let response = create_promotion::handle(app, request("POST", "demo", None, Some(body))).await;
    let body = json(&response);
    assert_eq!(response.status(), 201, "{body}");
    body["data"]["id"].as_u64().unwrap()
}

fn promotion(name: &str, extra: Value) -> Value {
    let mut body = json!({"redemption_type": "AUTOMATIC", "name": name,
                          "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}]});
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    body
}

fn ids(body: &Value) -> Vec<u64> {
    body["data"].as_array().unwrap().iter().map(|p| p["id"].as_u64().unwrap()).collect()
}

#[tokio::test]
async fn an_empty_store_has_one_empty_page() {
    let (status, body) = list(&sqlite_app().await, "").await;
    assert_eq!((status, ids(&body)), (200, vec![]));
    let pagination = &body["meta"]["pagination"];
    assert_eq!(
        (&pagination["total"], &pagination["total_pages"], &pagination["per_page"]),
        (&json!(0), &json!(0), &json!(50))
    );
    assert!(pagination["links"].get("next").is_none() && pagination["links"].get("previous").is_none());
}

async fn pages_walk_to_the_last_one(app: &App) {
    for i in 1..=7 {
        create(app, promotion(&format!("promotion {i}"), json!({}))).await;
    }
    let (_, first) = list(app, "limit=3").await;
    assert_eq!(ids(&first), [1, 2, 3]);
    assert_eq!(first["meta"]["pagination"]["links"]["next"], "?page=2&limit=3");
    let (_, last) = list(app, "limit=3&page=3").await;
    assert_eq!(ids(&last), [7]);
    let pagination = &last["meta"]["pagination"];
    assert_eq!(
        (&pagination["count"], &pagination["current_page"], &pagination["total_pages"]),
        (&json!(1), &json!(3), &json!(3))
    );
    assert!(pagination["links"].get("next").is_none());
    assert_eq!(pagination["links"]["previous"], "?page=2&limit=3");
    assert_eq!(ids(&list(app, "limit=3&page=4").await.1), Vec::<u64>::new(), "past the last page");
    assert_eq!(ids(&list(app, "limit=1&page=2").await.1), [2]);
    assert_eq!(ids(&list(app, "limit=250").await.1), (1..=7).collect::<Vec<_>>());
    assert_eq!(ids(&list(app, "limit=2&direction=desc").await.1), [7, 6]);
}

#[tokio::test]
async fn pages_walk_to_the_last_one_on_sqlite() {
    pages_walk_to_the_last_one(&sqlite_app().await).await;
}

#[tokio::test]
async fn pages_walk_to_the_last_one_on_dynamodb() {
    skip_without_dynamodb!();
    pages_walk_to_the_last_one(&app(dynamo_store().await).await).await;
}

async fn filters_and_sorts_select_and_order(app: &App) {
    create(app, promotion("Zebra sale", json!({"status": "DISABLED", "currency_code": "EUR"}))).await;
    create(app, promotion("apple days", json!({"channels": [{"id": 2}], "start_date": "2020-01-01T00:00:00+00:00"})))
        .await;
    let coupon = promotion(
        "Mango coupon",
        json!({"redemption_type": "COUPON", "codes": {"code": "MANGO5"}, "start_date": "2021-01-01T00:00:00+00:00"}),
    );
    create(app, coupon).await;
    let cases = [
        ("sort=name", vec![2, 3, 1]),
        ("sort=name&direction=desc", vec![1, 3, 2]),
        ("sort=start_date", vec![2, 3, 1]),
        ("sort=priority", vec![1, 2, 3]),
        ("status=DISABLED", vec![1]),
        ("currency_code=eur", vec![1]),
        ("redemption_type=coupon", vec![3]),
        ("channels=2", vec![1, 2, 3]),
        ("channels=9", vec![1, 3]),
        ("name=APPLE DAYS", vec![2]),
        ("query=sale", vec![1]),
        ("query=mango5", vec![3]),
        ("code=mango5", vec![3]),
        ("code=NOPE", vec![]),
        ("id=1,3", vec![1, 3]),
        ("query=a&sort=name&limit=1&page=2", vec![3]),
    ];
    for (query, expected) in cases {
        let (status, body) = list(app, query).await;
        assert_eq!((status, ids(&body)), (200, expected), "{query}");
    }
    assert_eq!(list(app, "query=a&sort=name&limit=1").await.1["meta"]["pagination"]["total"], 3);
}

#[tokio::test]
async fn filters_and_sorts_select_and_order_on_sqlite() {
    filters_and_sorts_select_and_order(&sqlite_app().await).await;
}

#[tokio::test]
async fn filters_and_sorts_select_and_order_on_dynamodb() {
    skip_without_dynamodb!();
    filters_and_sorts_select_and_order(&app(dynamo_store().await).await).await;
}

#[tokio::test]
async fn a_bad_parameter_is_a_422_naming_it() {
    let app = sqlite_app().await;
    for (query, parameter) in [
        ("limit=0", "limit"),
        ("limit=251", "limit"),
        ("limit=ten", "limit"),
        ("page=0", "page"),
        ("sort=price", "sort"),
        ("direction=up", "direction"),
        ("redemption_type=AUTOMATIC", "redemption_type"),
        ("status=on", "status"),
        ("id=1,x", "id"),
        ("channels=-1", "channels"),
    ] {
        let (status, body) = list(&app, query).await;
        assert_eq!(status, 422, "{query}: {body}");
        assert!(body["errors"][parameter].is_string(), "{query}: {body}");
    }
}

async fn codes(app: &App, promotion: u64, query: &str) -> (u16, Value) {
    let id = promotion.to_string();
    let request = with_query(request("GET", "demo", Some(&format!("{id}/codes")), None), query);
    let request = lambda_http::RequestExt::with_path_parameters(
        request,
        std::collections::HashMap::from([("store_hash".to_owned(), "demo".to_owned()), ("id".to_owned(), id)]),
    );
    let response = list_codes::handle(app, request).await;
    (response.status().as_u16(), json(&response))
}

async fn generate(app: &App, promotion: u64, body: Value) -> (u16, Value) {
    let id = promotion.to_string();
    let request = request("POST", "demo", Some(&id), Some(body));
    let response = generate_codes::handle(app, request).await;
    (response.status().as_u16(), json(&response))
}

async fn codegen_of_250_then_cursor_pages(app: &App) {
    let promotion = create(app, promotion("bulk", json!({"redemption_type": "COUPON", "coupon_type": "BULK"}))).await;
    let (status, generated) =
        generate(app, promotion, json!({"batch_size": 250, "prefix": "X", "delimiter": "-", "code_length": 6})).await;
    assert_eq!(status, 201, "{generated}");
    let texts: std::collections::HashSet<&str> =
        generated["data"]["codes"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(texts.len(), 250);
    let (_, all) = codes(app, promotion, "limit=250").await;
    assert_eq!(all["data"].as_array().unwrap().len(), 250);
    assert!(all["meta"]["cursor_pagination"]["links"].get("next").is_some(), "a full page may have a next one");
    let (_, first) = codes(app, promotion, "limit=1").await;
    let cursor = first["meta"]["cursor_pagination"]["end_cursor"].as_str().unwrap().to_owned();
    let (_, second) = codes(app, promotion, &format!("limit=2&after={cursor}")).await;
    assert_eq!(second["data"].as_array().unwrap().len(), 2);
    assert!(second["data"][0]["id"].as_u64().unwrap() > cursor.parse::<u64>().unwrap());
    let (_, back) = codes(app, promotion, &format!("limit=5&before={}", second["data"][1]["id"])).await;
    assert_eq!(back["data"].as_array().unwrap().len(), 2, "only two codes come before it");
    let (_, last) = codes(app, promotion, &format!("limit=250&after={}", all["data"][249]["id"])).await;
    assert_eq!(
        (last["data"].as_array().unwrap().len(), last["meta"]["cursor_pagination"]["links"].get("next")),
        (0, None)
    );
}

#[tokio::test]
async fn codegen_of_250_then_cursor_pages_on_sqlite() {
    codegen_of_250_then_cursor_pages(&sqlite_app().await).await;
}

#[tokio::test]
async fn codegen_of_250_then_cursor_pages_on_dynamodb() {
    skip_without_dynamodb!();
    codegen_of_250_then_cursor_pages(&app(dynamo_store().await).await).await;
}

#[tokio::test]
async fn a_stale_cursor_still_pages_and_a_bad_one_is_a_422() {
    let app = sqlite_app().await;
    let promotion = create(&app, promotion("bulk", json!({"redemption_type": "COUPON", "coupon_type": "BULK"}))).await;
    generate(&app, promotion, json!({"batch_size": 5})).await;
    let (_, all) = codes(&app, promotion, "").await;
    let stale = all["data"][1]["id"].as_u64().unwrap();
    let request = with_query(request("DELETE", "demo", Some(&promotion.to_string()), None), &format!("id:in={stale}"));
    let deleted = delete_codes::handle(
        &app,
        lambda_http::RequestExt::with_path_parameters(
            request,
            std::collections::HashMap::from([
                ("store_hash".to_owned(), "demo".to_owned()),
                ("id".to_owned(), promotion.to_string()),
            ]),
        ),
    )
    .await;
    assert_eq!(deleted.status(), 204);
    let (status, after_stale) = codes(&app, promotion, &format!("after={stale}")).await;
    assert_eq!((status, after_stale["data"].as_array().unwrap().len()), (200, 3));
    for bad in ["after=abc", "before=0", "limit=0", "limit=251", "after=1&before=9"] {
        assert_eq!(codes(&app, promotion, bad).await.0, 422, "{bad}");
    }
}
