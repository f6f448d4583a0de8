//! Listing through the indexes, on both stores: cursor pages cover each promotion exactly once in
//! every order and filter (also while promotions are created between pages), sorted and
//! filtered pages match a reference computed from all of the store's promotions, the name
//! filter is a prefix without case, cursors belong to their listing, deep page numbers are
//! refused past the documented depth, filters without an index answer only small stores, and on DynamoDB a page costs the same at any depth and
//! store size.

use api::http::listing::list_request;
use api::App;
use domain::ids::StoreId;
use domain::promotion::listing::MAX_UNINDEXED;
use serde_json::{json, Value};
use store::dynamodb::usage::{measured, UsageInterceptor};

use crate::support::{app, dynamo_store, dynamo_store_with, json, request, sqlite_app, with_query};

async fn list(app: &App, query: &str) -> (u16, Value) {
    let response = list_promotions::handle(app, with_query(request("GET", "demo", None, None), query)).await;
    (response.status().as_u16(), json(&response))
}

fn ids(body: &Value) -> Vec<u64> {
    body["data"].as_array().unwrap().iter().map(|p| p["id"].as_u64().unwrap()).collect()
}

/// Creates a promotion: `i` picks its name, status, redemption type and start date, so that
/// every order differs from the id order.
async fn create(app: &App, i: usize) -> u64 {
    let names = ["spring sale", "Summer", "SPRING two", "autumn", "Winter", "spa day", "Zest", "apple"];
    let mut body = json!({"redemption_type": "AUTOMATIC", "name": format!("{} {}", names[i % 8], i % 3),
                          "status": if i.is_multiple_of(3) { "DISABLED" } else { "ENABLED" },
                          "start_date": format!("2024-0{}-01T00:00:00+00:00", 1 + (i * 7) % 9),
                          "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}]});
    if i % 4 == 1 {
        body["redemption_type"] = json!("COUPON");
        body["codes"] = json!({"code": format!("CODE{i}")});
    }
    let response = create_promotion::handle(app, request("POST", "demo", None, Some(body))).await;
    let body = json(&response);
    assert_eq!(response.status(), 201, "{body}");
    body["data"]["id"].as_u64().unwrap()
}

/// The ids `query` lists, computed from all of the store's promotions.
async fn reference(app: &App, query: &str) -> Vec<u64> {
    let mut listing = list_request(&with_query(request("GET", "demo", None, None), query)).unwrap().request;
    listing.limit = 10_000;
    let (all, _) = app.store().list_promotions(&StoreId::parse("demo").unwrap(), false, None).await.unwrap();
    listing.apply(all, &[]).0.iter().map(|p| p.id().0).collect()
}

/// Every id of `query`, following `links.<link>` from `start` until it ends.
async fn walk(app: &App, start: &str, link: &str) -> Vec<Vec<u64>> {
    let (mut pages, mut next) = (Vec::new(), Some(start.to_owned()));
    while let Some(query) = next {
        let (status, body) = list(app, &query).await;
        assert_eq!(status, 200, "{query}: {body}");
        pages.push(ids(&body));
        next = body["meta"]["cursor_pagination"]["links"][link].as_str().map(|l| l.trim_start_matches('?').to_owned());
        assert!(pages.len() <= 20, "{query}: the walk ends");
    }
    pages
}

const LISTINGS: [&str; 9] = [
    "sort=name",
    "sort=name&direction=desc",
    "sort=start_date",
    "sort=start_date&direction=desc",
    "sort=id&direction=desc",
    "status=ENABLED",
    "redemption_type=coupon&sort=name&direction=desc",
    "status=DISABLED&redemption_type=automatic&sort=start_date",
    "name=SP",
];

async fn cursor_pages_cover_every_promotion_once_in_every_listing(app: &App) {
    for i in 0..14 {
        create(app, i).await;
    }
    for query in LISTINGS {
        let expected = reference(app, query).await;
        assert!(!expected.is_empty(), "{query}");
        let forward = walk(app, &format!("{query}&limit=4"), "next").await;
        assert_eq!(forward.concat(), expected, "{query}, forward");
        assert!(forward.iter().all(|page| page.len() <= 4), "{query}: {forward:?}");
        let (_, whole) = list(app, &format!("{query}&limit=100")).await;
        let end_cursor = whole["meta"]["cursor_pagination"]["end_cursor"].as_str().unwrap().to_owned();
        let before = walk(app, &format!("{query}&limit=4&before={end_cursor}"), "previous").await;
        let mut seen: Vec<u64> = before.into_iter().rev().flatten().collect();
        seen.extend(expected.last());
        assert_eq!(seen, expected, "{query}, backward");
    }
}

#[tokio::test]
async fn cursor_pages_cover_every_promotion_once_in_every_listing_on_sqlite() {
    cursor_pages_cover_every_promotion_once_in_every_listing(&sqlite_app().await).await;
}

#[tokio::test]
async fn cursor_pages_cover_every_promotion_once_in_every_listing_on_dynamodb() {
    skip_without_dynamodb!();
    cursor_pages_cover_every_promotion_once_in_every_listing(&app(dynamo_store().await).await).await;
}

async fn pages_cover_every_promotion_once_while_promotions_are_created(app: &App) {
    let before: Vec<u64> = {
        let mut created = Vec::new();
        for i in 0..12 {
            created.push(create(app, i).await);
        }
        created
    };
    let paging = walk(app, "sort=name&limit=3", "next");
    let creating = async {
        for i in 12..24 {
            create(app, i).await;
        }
    };
    let (pages, ()) = tokio::join!(paging, creating);
    let mut seen: Vec<u64> = pages.concat();
    let listed = seen.len();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), listed, "no promotion twice: {pages:?}");
    assert!(before.iter().all(|id| seen.contains(id)), "every promotion that was there: {pages:?}");
}

#[tokio::test]
async fn pages_cover_every_promotion_once_while_promotions_are_created_on_sqlite() {
    pages_cover_every_promotion_once_while_promotions_are_created(&sqlite_app().await).await;
}

#[tokio::test]
async fn pages_cover_every_promotion_once_while_promotions_are_created_on_dynamodb() {
    skip_without_dynamodb!();
    pages_cover_every_promotion_once_while_promotions_are_created(&app(dynamo_store().await).await).await;
}

async fn numbered_pages_match_the_reference_and_the_name_filter_is_a_prefix_without_case(app: &App) {
    for i in 0..14 {
        create(app, i).await;
    }
    for query in LISTINGS {
        let expected = reference(app, query).await;
        let (status, second) = list(app, &format!("{query}&limit=3&page=2")).await;
        assert_eq!(status, 200, "{query}: {second}");
        assert_eq!(ids(&second), expected.iter().skip(3).take(3).copied().collect::<Vec<_>>(), "{query}");
    }
    let (_, spring) = list(app, "name=sPrInG").await;
    let names: Vec<&str> = spring["data"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert!(!names.is_empty() && names.iter().all(|n| n.to_lowercase().starts_with("spring")), "{names:?}");
    assert!(names.windows(2).all(|w| w[0].to_lowercase() <= w[1].to_lowercase()), "in name order: {names:?}");
    assert_eq!(list(app, "name=spring&sort=id").await.0, 422, "a name filter lists in name order");
    let long = "s".repeat(2_000);
    for odd in ["\u{1}", "\u{10FFFF}", long.as_str()] {
        assert_eq!(list(app, &format!("name={odd}")).await.0, 200, "a prefix of no name: {odd:.10}");
    }
}

#[tokio::test]
async fn numbered_pages_match_the_reference_and_the_name_filter_is_a_prefix_without_case_on_sqlite() {
    numbered_pages_match_the_reference_and_the_name_filter_is_a_prefix_without_case(&sqlite_app().await).await;
}

#[tokio::test]
async fn numbered_pages_match_the_reference_and_the_name_filter_is_a_prefix_without_case_on_dynamodb() {
    skip_without_dynamodb!();
    let app = app(dynamo_store().await).await;
    numbered_pages_match_the_reference_and_the_name_filter_is_a_prefix_without_case(&app).await;
}

#[tokio::test]
async fn a_cursor_of_another_listing_and_a_deep_page_number_are_422s_that_say_why() {
    let app = sqlite_app().await;
    for i in 0..3 {
        create(&app, i).await;
    }
    let (_, first) = list(&app, "sort=name&limit=1").await;
    let cursor = first["meta"]["cursor_pagination"]["end_cursor"].as_str().unwrap().to_owned();
    assert_eq!(list(&app, &format!("sort=name&limit=1&after={cursor}")).await.0, 200);
    for other in ["sort=start_date", "sort=name&direction=desc", "sort=name&status=ENABLED", "code=CODE1"] {
        let (status, body) = list(&app, &format!("{other}&limit=1&after={cursor}")).await;
        assert_eq!(status, 422, "{other}: {body}");
        assert!(body["errors"]["after"].is_string(), "{other}: {body}");
    }
    let (status, made_up) = list(&app, "sort=name&limit=1&after=00.0000000000000000").await;
    assert_eq!(status, 422, "a made-up cursor: {made_up}");
    let (status, deep) = list(&app, "sort=name&limit=50&page=22").await;
    assert_eq!(status, 422, "{deep}");
    assert!(deep["errors"]["page"].as_str().unwrap().contains("after"), "{deep}");
    assert_eq!(list(&app, "sort=name&limit=50&page=21").await.0, 200, "1,000 rows deep is answered");
}

async fn an_unindexed_filter_answers_a_small_store_and_refuses_a_larger_one(app: &App) {
    let demo = StoreId::parse("demo").unwrap();
    let body = json!({"redemption_type": "AUTOMATIC", "name": "bulk", "currency_code": "EUR",
                      "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}]});
    let input: domain::promotion::PromotionInput = serde_json::from_value(body).unwrap();
    let fields = input.into_fields(domain::clock::now(), None).unwrap();
    for _ in 0..MAX_UNINDEXED {
        app.store().create_promotion(&demo, fields.clone(), None, None).await.unwrap();
    }
    let (status, body) = list(app, "currency_code=EUR&limit=5").await;
    assert_eq!((status, body["meta"]["pagination"]["total"].as_u64()), (200, Some(MAX_UNINDEXED)), "{body}");
    app.store().create_promotion(&demo, fields, None, None).await.unwrap();
    let (status, body) = list(app, "currency_code=EUR&limit=5").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["errors"]["currency_code"].as_str().unwrap().contains("status"),
        "it names the indexed filters: {body}"
    );
    assert_eq!(list(app, "status=ENABLED&limit=5").await.0, 200, "the indexed filters answer");
}

#[tokio::test]
async fn an_unindexed_filter_answers_a_small_store_and_refuses_a_larger_one_on_sqlite() {
    an_unindexed_filter_answers_a_small_store_and_refuses_a_larger_one(&sqlite_app().await).await;
}

#[tokio::test]
async fn an_unindexed_filter_answers_a_small_store_and_refuses_a_larger_one_on_dynamodb() {
    skip_without_dynamodb!();
    an_unindexed_filter_answers_a_small_store_and_refuses_a_larger_one(&app(dynamo_store().await).await).await;
}

/// One read unit (4 KB, strongly consistent): pages of different promotions differ by their
/// items' sizes, which may cross a 4 KB step; reading every promotion of the store would cost
/// several units more at 60 promotions.
const ONE_READ: f64 = 1.0;

/// The calls and capacity units of one listing request.
async fn cost(app: &App, query: &str) -> (u32, f64) {
    let ((status, body), usage) = measured(list(app, query)).await;
    assert_eq!(status, 200, "{query}: {body}");
    (usage.calls, usage.capacity_units)
}

#[tokio::test]
async fn a_cursor_page_costs_the_same_at_any_depth_and_store_size() {
    skip_without_dynamodb!();
    let app = app(dynamo_store_with(UsageInterceptor).await).await;
    for i in 0..12 {
        create(&app, i).await;
    }
    let small = cost(&app, "sort=name&limit=3").await;
    for i in 12..60 {
        create(&app, i).await;
    }
    for query in ["sort=name&limit=3", "sort=start_date&limit=3", "status=ENABLED&sort=name&limit=3"] {
        let first = cost(&app, query).await;
        let (_, page) = list(&app, &format!("{query}&limit=30")).await;
        let deep_cursor = page["meta"]["cursor_pagination"]["end_cursor"].as_str().unwrap().to_owned();
        let deep = cost(&app, &format!("{query}&after={deep_cursor}")).await;
        println!("{query}: page 1 {first:?}, 30 rows deep {deep:?} (calls, capacity units)");
        assert_eq!(first.0, deep.0, "{query}: calls at page 1 and 30 rows deep");
        assert!(deep.1 <= first.1 + ONE_READ, "{query}: capacity {first:?} at page 1, {deep:?} 30 rows deep");
    }
    let large = cost(&app, "sort=name&limit=3").await;
    println!("sort=name&limit=3: page 1 at 12 promotions {small:?}, at 60 {large:?} (calls, capacity units)");
    assert_eq!(small.0, large.0, "calls of page 1 at 12 and at 60 promotions");
    assert!(large.1 <= small.1 + ONE_READ, "capacity of page 1: {small:?} at 12 promotions, {large:?} at 60");
}
