//! BigCommerce's contract: the coupon override under its current name
//! (`coupon_overrides_other_promotions`, renamed in 2026) as well as the older one, the bulk
//! delete's 422, and the settings answered bare with a 422 that lists `{field, message}`.

use serde_json::{json, Value};

use crate::support::{json, request, sqlite_app};

fn coupon(overrides: Value) -> Value {
    let mut body = json!({"redemption_type": "COUPON", "coupon_type": "BULK", "name": "renamed",
                          "can_be_used_with_other_promotions": false,
                          "rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "5"}}}}]});
    body.as_object_mut().unwrap().extend(overrides.as_object().unwrap().clone());
    body
}

#[tokio::test]
async fn the_coupon_override_is_read_and_answered_under_both_names() {
    let app = sqlite_app().await;
    let response = create_promotion::handle(
        &app,
        request("POST", "demo", None, Some(coupon(json!({"coupon_overrides_other_promotions": true})))),
    )
    .await;
    let created = json(&response);
    assert_eq!(response.status(), 201, "{created}");
    let both = |data: &Value| {
        (
            data["coupon_overrides_other_promotions"].clone(),
            data["coupon_overrides_automatic_when_offering_higher_discounts"].clone(),
        )
    };
    assert_eq!(both(&created["data"]), (json!(true), json!(true)));
    let id = created["data"]["id"].as_u64().unwrap().to_string();

    let off = json!({"coupon_overrides_other_promotions": false});
    let updated = json(&update_promotion::handle(&app, request("PUT", "demo", Some(&id), Some(off))).await);
    assert_eq!(both(&updated["data"]), (json!(false), json!(false)), "the current name alone changes it: {updated}");

    let old = json!({"coupon_overrides_automatic_when_offering_higher_discounts": true});
    let updated = json(&update_promotion::handle(&app, request("PUT", "demo", Some(&id), Some(old))).await);
    assert_eq!(both(&updated["data"]), (json!(true), json!(true)), "the older name still works: {updated}");

    let disagree = coupon(json!({"coupon_overrides_other_promotions": true,
                                 "coupon_overrides_automatic_when_offering_higher_discounts": false}));
    let response = create_promotion::handle(&app, request("POST", "demo", None, Some(disagree))).await;
    let body = json(&response);
    assert_eq!(response.status(), 422, "{body}");
    assert!(body["errors"]["coupon_overrides_other_promotions"].is_string(), "{body}");
}

#[tokio::test]
async fn a_bulk_delete_without_ids_is_the_platforms_bulk_422() {
    let app = sqlite_app().await;
    let response = delete_promotions::handle(&app, request("DELETE", "demo", None, None)).await;
    let body = json(&response);
    assert_eq!(response.status(), 422, "{body}");
    assert_eq!(body["meta"], json!({"total": 0, "success": 0, "failed": 0}), "{body}");
    let errors = body["errors"].as_array().unwrap_or_else(|| panic!("a list of errors: {body}"));
    assert_eq!((errors.len(), &errors[0]["status"]), (1, &json!(422)));
    assert!(errors[0]["title"].as_str().is_some_and(|title| title.contains("id:in")), "{body}");
}

fn settings_request(method: &str, body: Option<Value>) -> lambda_http::Request {
    let mut req = request(method, "demo", None, body);
    *req.uri_mut() = "/stores/demo/v3/promotions/settings".parse().unwrap();
    req
}

#[tokio::test]
async fn settings_read_bare_as_the_platform_answers_and_a_422_lists_field_and_message() {
    let app = sqlite_app().await;
    let body = json!({"promotions_apply_on_products_with_custom_product_price": true,
                      "promotions_triggered_by_products_with_zero_product_price": false,
                      "number_of_coupons_allowed_at_checkout": 3,
                      "promotions_applied_on_original_product_price": true});
    let put = json(&put_promotion_settings::handle(&app, settings_request("PUT", Some(body))).await);
    let read = json(&get_promotion_settings::handle(&app, settings_request("GET", None)).await);
    for answer in [&put, &read] {
        assert_eq!(answer["number_of_coupons_allowed_at_checkout"], 3, "bare, as the platform answers: {answer}");
        assert_eq!(answer["data"]["number_of_coupons_allowed_at_checkout"], 3, "and in data: {answer}");
    }
    let bad = json!({"promotions_apply_on_products_with_custom_product_price": true,
                     "promotions_triggered_by_products_with_zero_product_price": false,
                     "number_of_coupons_allowed_at_checkout": 9,
                     "promotions_applied_on_original_product_price": true});
    let response = put_promotion_settings::handle(&app, settings_request("PUT", Some(bad))).await;
    let refused = json(&response);
    assert_eq!(response.status(), 422, "{refused}");
    assert_eq!(refused["errors"][0]["field"], "number_of_coupons_allowed_at_checkout", "{refused}");
    assert!(refused["errors"][0]["message"].is_string(), "{refused}");
}
