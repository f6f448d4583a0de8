//! BigCommerce's contract for finding and paging coupon codes: `GET /promotions/codes?code=X` is
//! a list (empty when nothing matches), and `GET /promotions/{id}/codes` pages by the deprecated
//! `page` as well as by cursor, with `meta` as the platform writes it.

use serde_json::{json, Value};

use crate::support::{json, request, sqlite_app, with_query};
use api::App;

async fn bulk_promotion_with_codes(app: &App, count: u64) -> String {
    let bulk = json!({"redemption_type": "COUPON", "coupon_type": "BULK", "name": "paged",
                      "rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "5"}}}}]});
    let created = json(&create_promotion::handle(app, request("POST", "demo", None, Some(bulk))).await);
    let promotion = created["data"]["id"].to_string();
    let body = json!({"batch_size": count, "code_length": 8});
    let generated = generate_codes::handle(app, request("POST", "demo", Some(&promotion), Some(body))).await;
    assert_eq!(generated.status(), 201);
    promotion
}

async fn codes(app: &App, promotion: &str, query: &str) -> (u16, Value) {
    let response = list_codes::handle(app, with_query(request("GET", "demo", Some(promotion), None), query)).await;
    (response.status().as_u16(), json(&response))
}

fn ids(page: &Value) -> Vec<u64> {
    page["data"].as_array().unwrap().iter().map(|code| code["id"].as_u64().unwrap()).collect()
}

#[tokio::test]
async fn finding_a_code_answers_a_list_and_an_unknown_code_an_empty_one() {
    let app = sqlite_app().await;
    let promotion = bulk_promotion_with_codes(&app, 1).await;
    let (_, listed) = codes(&app, &promotion, "").await;
    let text = listed["data"][0]["code"].as_str().unwrap().to_lowercase();
    let find = |code: String| get_store_code::handle(&app, with_query(request("GET", "demo", None, None), &code));
    let found = find(format!("code={text}")).await;
    let body = json(&found);
    assert_eq!(found.status(), 200);
    assert_eq!(body["data"].as_array().map(Vec::len), Some(1), "{body}");
    assert_eq!((&body["data"][0]["id"], &body["meta"]["pagination"]["total"]), (&listed["data"][0]["id"], &json!(1)));
    let missing = find("code=NO-SUCH-CODE".to_owned()).await;
    let body = json(&missing);
    assert_eq!((missing.status().as_u16(), &body["data"]), (200, &json!([])), "{body}");
    let cursors = &body["meta"]["cursor_pagination"];
    assert!(cursors.get("start_cursor").is_none() && cursors.get("end_cursor").is_none(), "omitted, not null: {body}");
}

#[tokio::test]
async fn codes_page_by_number_with_the_platforms_meta_and_without_looping() {
    let app = sqlite_app().await;
    let promotion = bulk_promotion_with_codes(&app, 5).await;
    let (_, all) = codes(&app, &promotion, "limit=5").await;

    let (status, first) = codes(&app, &promotion, "limit=2").await;
    assert_eq!(status, 200);
    assert_eq!(first["meta"]["pagination"]["total_pages"], 3, "no way chosen: both blocks: {first}");
    assert!(first["meta"]["cursor_pagination"]["links"].get("previous").is_none(), "the first page: {first}");

    let mut paged = Vec::new();
    for page in 1..=3 {
        let (status, body) = codes(&app, &promotion, &format!("limit=2&page={page}")).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["meta"]["pagination"]["current_page"], page);
        assert!(body["meta"].get("cursor_pagination").is_none(), "a page number gets page numbers alone: {body}");
        paged.extend(ids(&body));
    }
    assert_eq!(paged, ids(&all), "pages 1 to 3 are the codes in order, each once");

    let (_, past) = codes(&app, &promotion, "limit=2&page=4").await;
    assert_eq!(past["data"], json!([]));
    let (status, both) = codes(&app, &promotion, &format!("page=2&after={}", paged[0])).await;
    assert_eq!(status, 422, "{both}");
    let (status, deep) = codes(&app, &promotion, "limit=250&page=1000").await;
    assert_eq!(status, 422);
    assert!(deep["errors"]["page"].as_str().is_some_and(|m| m.contains("after")), "points to the cursor: {deep}");
}
