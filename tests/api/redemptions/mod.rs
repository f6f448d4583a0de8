//! Redemptions as a checkout team meets them, through the handlers on both backends: limits
//! that hold under concurrency ([`races`]), the life of a redemption (hold, confirm, release,
//! rollback: [`lifecycle`]), a write that fails leaving every counter as it was ([`faults`]), a
//! limit checked as the promotion holds it when the write lands ([`stale_limit`]),
//! and `local-api` killed mid-burst or left to release a hold on its own ([`process`]).

use std::collections::HashMap;

use api::App;
use lambda_http::{Body, Request, RequestExt};
use serde_json::{json, Value};

use crate::support::{json, request, DEV_KEY};

mod faults;
mod lifecycle;
mod process;
mod races;
mod stale_limit;

/// Runs each case on a fresh app of every backend.
macro_rules! on_every_backend {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                super::$case(crate::support::sqlite_app().await).await;
            })+
        }
        mod dynamodb {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                skip_without_dynamodb!();
                super::$case(crate::support::app(crate::support::dynamo_store().await).await).await;
            })+
        }
    };
}
pub(crate) use on_every_backend;

/// Creates a promotion in store `demo`; returns its id.
async fn promotion(app: &App, body: Value) -> u64 {
    let response = create_promotion::handle(app, request("POST", "demo", None, Some(body))).await;
    let body = json(&response);
    assert_eq!(response.status(), 201, "{body}");
    body["data"]["id"].as_u64().unwrap()
}

/// An automatic promotion of 10% off the cart, with these limits.
fn ten_percent(max_uses: Option<u64>, per_customer: Option<u64>) -> Value {
    json!({"redemption_type": "AUTOMATIC", "name": "10% off", "max_uses": max_uses,
           "max_uses_per_customer": per_customer,
           "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}]})
}

/// A coupon promotion of 5.00 off the cart with the code `code` (`max_uses`, per customer).
pub(super) async fn coupon(app: &App, code: &str, max_uses: u32, per_customer: u32) -> u64 {
    let body = json!({"redemption_type": "COUPON", "coupon_type": "BULK", "name": format!("{code} 5 off"),
                      "rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "5"}}}}]});
    let id = promotion(app, body).await;
    let code = json!({"code": code, "max_uses": max_uses, "max_uses_per_customer": per_customer});
    let response = create_code::handle(app, request("POST", "demo", Some(&id.to_string()), Some(code))).await;
    assert_eq!(response.status(), 201, "{}", json(&response));
    id
}

/// A cart of one 100.00 line, for `order`, with extra fields (`customer`, `hold`, codes).
fn cart(order: &str, extra: Value) -> Value {
    let mut body = json!({"order_id": order, "currency_code": "USD",
                          "items": [{"product_id": 1, "quantity": 1, "unit_price": "100.00"}]});
    body.as_object_mut().unwrap().extend(extra.as_object().cloned().unwrap_or_default());
    body
}

/// A request to a redemption route: `path` after `/promotions/redemptions`.
pub(super) fn redemption_request(
    method: &str,
    redemption: Option<u64>,
    verb: Option<&str>,
    body: Option<Value>,
) -> Request {
    let mut uri = "/stores/demo/v3/promotions/redemptions".to_owned();
    let mut params = HashMap::from([("store_hash".to_owned(), "demo".to_owned())]);
    if let Some(id) = redemption {
        uri = format!("{uri}/{id}");
        params.insert("redemption_id".to_owned(), id.to_string());
    }
    if let Some(verb) = verb {
        uri = format!("{uri}/{verb}");
    }
    lambda_http::http::Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .header("x-auth-token", DEV_KEY)
        .body(body.map_or(Body::Empty, |b| Body::Text(b.to_string())))
        .unwrap()
        .with_path_parameters(params)
}

/// `POST /redemptions`: the status and body.
async fn redeem(app: &App, body: Value) -> (u16, Value) {
    let response = create_redemption::handle(app, redemption_request("POST", None, None, Some(body))).await;
    (response.status().as_u16(), json(&response))
}

/// `POST /redemptions/{id}/{verb}` (confirm, rollback): the status and body.
async fn act(app: &App, id: u64, verb: &str) -> (u16, Value) {
    let request = redemption_request("POST", Some(id), Some(verb), None);
    let response = match verb {
        "confirm" => confirm_redemption::handle(app, request).await,
        _ => rollback_redemption::handle(app, request).await,
    };
    (response.status().as_u16(), json(&response))
}

/// The promotion's `current_uses`, as `GET /promotions/{id}` shows it.
async fn current_uses(app: &App, promotion: u64) -> u64 {
    let response = get_promotion::handle(app, request("GET", "demo", Some(&promotion.to_string()), None)).await;
    json(&response)["data"]["current_uses"].as_u64().unwrap()
}

/// The ids of the promotions a redemption's body says it counted.
pub(super) fn counted(body: &Value) -> Vec<u64> {
    body["data"]["promotions"].as_array().map_or(Vec::new(), |p| p.iter().map(|p| p["id"].as_u64().unwrap()).collect())
}

/// The reason code the redemption's evaluation gives for the promotion (`None`: it applied).
fn reason(body: &Value, promotion: u64) -> Option<String> {
    let promotions = body["data"]["evaluation"]["promotions"].as_array()?;
    let found = promotions.iter().find(|p| p["id"].as_u64() == Some(promotion))?;
    found["reason"]["code"].as_str().map(str::to_owned)
}
