//! The life of a redemption: a hold that runs out gives its uses back, a confirmed one keeps
//! them, a rollback gives them back once however often it is sent, and the counts a merchant
//! reads are exactly the held and confirmed redemptions.

use api::App;
use chrono::Duration;
use serde_json::json;

use super::{act, cart, counted, coupon, current_uses, on_every_backend, promotion, reason, redeem, ten_percent};
use crate::support::{json, request};

on_every_backend!(
    a_hold_that_runs_out_gives_its_uses_back_and_cannot_be_confirmed,
    a_confirmed_hold_keeps_its_uses_past_its_end,
    a_rollback_gives_the_uses_back_once_however_often_it_is_sent,
    a_single_use_code_of_a_cancelled_order_is_reusable_unless_the_store_says_no,
    a_customer_is_one_customer_by_id_or_by_email_in_any_case,
    the_same_order_with_another_cart_is_a_conflict_naming_order_id,
    a_promotions_redemptions_list_newest_first_by_status_and_page,
    a_limit_set_later_counts_the_uses_taken_before_it,
);

async fn release_after(app: &App, after: Duration) -> usize {
    release_holds::release(app.store(), domain::clock::now() + after).await.expect("the release runs")
}

async fn a_hold_that_runs_out_gives_its_uses_back_and_cannot_be_confirmed(app: App) {
    let last = promotion(&app, ten_percent(Some(1), None)).await;
    let (status, held) = redeem(&app, cart("held-1", json!({"hold": "PT5M"}))).await;
    assert_eq!((status, held["data"]["status"].as_str()), (201, Some("HELD")), "{held}");
    let (_, refused) = redeem(&app, cart("held-2", json!({}))).await;
    assert_eq!(reason(&refused, last).as_deref(), Some("usage_limit_reached"), "the hold took the use: {refused}");
    assert_eq!(release_after(&app, Duration::minutes(1)).await, 0, "nothing is due before the hold ends");
    assert_eq!(release_after(&app, Duration::minutes(6)).await, 1);
    assert_eq!(release_after(&app, Duration::minutes(6)).await, 0, "released once");
    assert_eq!(current_uses(&app, last).await, 0, "the use is back");
    let id = held["data"]["id"].as_u64().unwrap();
    let (status, body) = act(&app, id, "confirm").await;
    assert_eq!(status, 409, "{body}");
    let (_, again) = redeem(&app, cart("held-3", json!({}))).await;
    assert_eq!(counted(&again), [last], "another order can use it now: {again}");
}

async fn a_confirmed_hold_keeps_its_uses_past_its_end(app: App) {
    let limited = promotion(&app, ten_percent(Some(5), None)).await;
    let (_, held) = redeem(&app, cart("confirm-1", json!({"hold": "PT1M"}))).await;
    let id = held["data"]["id"].as_u64().unwrap();
    let (status, confirmed) = act(&app, id, "confirm").await;
    assert_eq!((status, confirmed["data"]["status"].as_str()), (200, Some("CONFIRMED")), "{confirmed}");
    let (status, twice) = act(&app, id, "confirm").await;
    assert_eq!((status, &twice["data"]), (200, &confirmed["data"]), "confirming again answers the same");
    assert_eq!(release_after(&app, Duration::minutes(2)).await, 0, "a confirmed hold is not released");
    assert_eq!(current_uses(&app, limited).await, 1);
}

async fn a_rollback_gives_the_uses_back_once_however_often_it_is_sent(app: App) {
    let limited = promotion(&app, ten_percent(Some(2), None)).await;
    let (_, first) = redeem(&app, cart("rb-1", json!({}))).await;
    let (_, second) = redeem(&app, cart("rb-2", json!({}))).await;
    assert_eq!(current_uses(&app, limited).await, 2);
    let id = first["data"]["id"].as_u64().unwrap();
    for _ in 0..3 {
        let (status, body) = act(&app, id, "rollback").await;
        assert_eq!((status, body["data"]["status"].as_str()), (200, Some("ROLLED_BACK")), "{body}");
    }
    assert_eq!(current_uses(&app, limited).await, 1, "given back once; the other order keeps its use");
    let (_, third) = redeem(&app, cart("rb-3", json!({}))).await;
    assert_eq!(counted(&third), [limited], "the use given back serves a new order: {third}");
    let (status, body) = act(&app, id, "confirm").await;
    assert_eq!(status, 409, "a rolled-back redemption cannot be confirmed: {body}");
    assert_eq!(second["data"]["status"], "CONFIRMED");
    let (status, _) = act(&app, 12345, "rollback").await;
    assert_eq!(status, 404);
}

async fn a_single_use_code_of_a_cancelled_order_is_reusable_unless_the_store_says_no(app: App) {
    let reusable = coupon(&app, "ONE-SHOT", 1, 0).await;
    let (_, used) = redeem(&app, cart("code-1", json!({"coupon_codes": ["ONE-SHOT"]}))).await;
    assert_eq!(counted(&used), [reusable], "{used}");
    act(&app, used["data"]["id"].as_u64().unwrap(), "rollback").await;
    let (_, again) = redeem(&app, cart("code-2", json!({"coupon_codes": ["ONE-SHOT"]}))).await;
    assert_eq!(counted(&again), [reusable], "by default the code can be used again: {again}");

    let settings = json!({"promotions_apply_on_products_with_custom_product_price": false,
                          "promotions_triggered_by_products_with_zero_product_price": false,
                          "number_of_coupons_allowed_at_checkout": 1,
                          "promotions_applied_on_original_product_price": true,
                          "reuse_codes_of_cancelled_orders": false});
    let response = put_promotion_settings::handle(&app, request("PUT", "demo", None, Some(settings))).await;
    assert_eq!(response.status(), 200, "{}", json(&response));
    let kept = coupon(&app, "KEPT-SHOT", 1, 0).await;
    let (_, used) = redeem(&app, cart("code-3", json!({"coupon_codes": ["KEPT-SHOT"]}))).await;
    act(&app, used["data"]["id"].as_u64().unwrap(), "rollback").await;
    assert_eq!(current_uses(&app, kept).await, 0, "the promotion's use is back");
    let (_, refused) = redeem(&app, cart("code-4", json!({"coupon_codes": ["KEPT-SHOT"]}))).await;
    assert_eq!(reason(&refused, kept).as_deref(), Some("usage_limit_reached"), "the code stays spent: {refused}");
}

async fn a_customer_is_one_customer_by_id_or_by_email_in_any_case(app: App) {
    let once = promotion(&app, ten_percent(None, Some(1))).await;
    let (_, first) = redeem(&app, cart("ann-1", json!({"customer": {"email": "Ann@Example.com"}}))).await;
    assert_eq!(counted(&first), [once], "{first}");
    assert_eq!(first["data"]["customer"], json!({"email": "ann@example.com"}));
    let (_, second) = redeem(&app, cart("ann-2", json!({"customer": {"email": " ann@example.COM"}}))).await;
    assert_eq!(reason(&second, once).as_deref(), Some("customer_usage_limit_reached"), "{second}");
    let evaluate = json!({"currency_code": "USD", "customer": {"email": "ann@example.com"},
                          "items": [{"product_id": 1, "quantity": 1, "unit_price": "100.00"}]});
    let mut evaluation = request("POST", "demo", None, Some(evaluate));
    *evaluation.uri_mut() = "/stores/demo/v3/promotions/evaluate".parse().unwrap();
    let body = json(&evaluate_promotions::handle(&app, evaluation).await);
    assert_eq!(body["data"]["promotions"][0]["reason"]["code"], "customer_usage_limit_reached", "{body}");
    let (_, guest) = redeem(&app, cart("guest-1", json!({}))).await;
    assert_eq!(counted(&guest), [once], "a guest nobody identified has no per-customer limit: {guest}");
    let (_, by_id) = redeem(&app, cart("id-1", json!({"customer": {"id": 9, "email": "ann@example.com"}}))).await;
    assert_eq!(counted(&by_id), [once], "an id wins over an e-mail: {by_id}");
}

async fn the_same_order_with_another_cart_is_a_conflict_naming_order_id(app: App) {
    let promotion = promotion(&app, ten_percent(None, None)).await;
    let (status, first) = redeem(&app, cart("same-order", json!({}))).await;
    assert_eq!(status, 201);
    let (status, replay) = redeem(&app, cart("same-order", json!({}))).await;
    assert_eq!((status, &replay["data"]["id"]), (200, &first["data"]["id"]), "{replay}");
    assert!(replay["data"].get("evaluation").is_none(), "a replay answers the redemption as stored");
    let (status, other) = redeem(&app, cart("same-order", json!({"shipping": {"cost": "5.00"}}))).await;
    assert_eq!(status, 409, "{other}");
    assert!(other["errors"]["order_id"].is_string(), "{other}");
    assert_eq!(current_uses(&app, promotion).await, 1, "counted once");
}

async fn a_promotions_redemptions_list_newest_first_by_status_and_page(app: App) {
    let promotion = promotion(&app, ten_percent(None, None)).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let hold = if n % 2 == 0 { json!({"hold": "PT10M"}) } else { json!({}) };
        let (_, body) = redeem(&app, cart(&format!("list-{n}"), hold)).await;
        ids.push(body["data"]["id"].as_u64().unwrap());
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let list = |query: &str| {
        let request = request("GET", "demo", Some(&promotion.to_string()), None);
        crate::support::with_query(request, query)
    };
    let page = json(&list_redemptions::handle(&app, list("limit=2")).await);
    let first: Vec<u64> = page["data"].as_array().unwrap().iter().map(|r| r["id"].as_u64().unwrap()).collect();
    assert_eq!(first, [ids[4], ids[3]], "newest first: {page}");
    let cursor = page["meta"]["cursor_pagination"]["end_cursor"].as_str().unwrap().to_owned();
    let next = json(&list_redemptions::handle(&app, list(&format!("limit=2&before={cursor}"))).await);
    let second: Vec<u64> = next["data"].as_array().unwrap().iter().map(|r| r["id"].as_u64().unwrap()).collect();
    assert_eq!(second, [ids[2], ids[1]], "{next}");
    let held = json(&list_redemptions::handle(&app, list("status=HELD")).await);
    let held: Vec<u64> = held["data"].as_array().unwrap().iter().map(|r| r["id"].as_u64().unwrap()).collect();
    assert_eq!(held, [ids[4], ids[2], ids[0]]);
}

async fn a_limit_set_later_counts_the_uses_taken_before_it(app: App) {
    let promotion = promotion(&app, ten_percent(None, None)).await;
    for n in 0..3 {
        let (_, body) = redeem(&app, cart(&format!("before-limit-{n}"), json!({}))).await;
        assert_eq!(counted(&body), [promotion], "{body}");
    }
    let limit = json!({"max_uses": 4});
    let response =
        update_promotion::handle(&app, request("PUT", "demo", Some(&promotion.to_string()), Some(limit))).await;
    assert_eq!(response.status(), 200, "{}", json(&response));
    assert_eq!(current_uses(&app, promotion).await, 3);
    let (_, fourth) = redeem(&app, cart("after-limit-1", json!({}))).await;
    assert_eq!(counted(&fourth), [promotion], "one use was left: {fourth}");
    let (_, fifth) = redeem(&app, cart("after-limit-2", json!({}))).await;
    assert_eq!(reason(&fifth, promotion).as_deref(), Some("usage_limit_reached"), "{fifth}");
    assert_eq!(current_uses(&app, promotion).await, 4);
}
