//! A shop on one backend for the runtime's scenarios: its configurations, its events, the due
//! runs at chosen times (the clock is the test's), a recording mailer, the deliveries listing,
//! and redemptions of the coupons through the promotions API.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use api::App;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use lambda_http::{Body, Request, RequestExt};
use mail::{Delivery, MailError, Mailer, OutgoingEmail};
use run_marketing_due::{Links, Report};
use serde_json::{json, Value};
use store::Store;

use crate::support::{json, marketing_request, register_key, MARKETING_STORE};

/// The key the shop's backend sends events with (and reads deliveries, and redeems).
pub const EVENTS_KEY: &str = "local-dev-events-key";
/// When the scenarios' first events happen.
pub const T0: &str = "2026-12-02T10:00:00Z";

/// A mailer that records what it is handed; it fails (for now) as often as told first.
#[derive(Default)]
pub struct Recorder {
    pub sent: Mutex<Vec<OutgoingEmail>>,
    failures: AtomicUsize,
}

impl Recorder {
    /// The next `count` sends fail as a mail service that is down would.
    pub fn fail_next(&self, count: usize) {
        self.failures.store(count, Ordering::SeqCst);
    }

    pub fn emails(&self) -> Vec<OutgoingEmail> {
        self.sent.lock().unwrap().clone()
    }
}

#[async_trait]
impl Mailer for Recorder {
    async fn send(&self, email: &OutgoingEmail) -> Result<Delivery, MailError> {
        if self.failures.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok() {
            return Err(MailError::Transient("the mail service is unreachable".into()));
        }
        let mut sent = self.sent.lock().unwrap();
        sent.push(email.clone());
        Ok(Delivery::Sent { message_id: format!("message-{}", sent.len()) })
    }
}

/// One shop, its app and its mailer.
pub struct Shop {
    pub app: App,
    pub mailer: Arc<Recorder>,
}

/// `T0` moved by `offset` (`+1h`, `+59m59.999s` style is not parsed: give RFC 3339).
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("an RFC 3339 time").with_timezone(&Utc)
}

impl Shop {
    pub async fn on(store: impl Store + 'static) -> Shop {
        let app = crate::support::app(store).await;
        let scopes = "marketing:events,marketing:read,promotions:write,redemptions:write";
        register_key(app.store(), EVENTS_KEY, MARKETING_STORE, scopes).await;
        Shop { app, mailer: Arc::default() }
    }

    /// PUTs the configuration of `kind` (`abandoned-checkouts`, `purchase-follow-ups`).
    pub async fn configure(&self, kind: &str, body: Value) {
        let request = marketing_request("PUT", MARKETING_STORE, kind, Some(body));
        let response = put_marketing_config::handle(&self.app, request).await;
        assert_eq!(response.status(), 200, "{}", json(&response));
    }

    /// POSTs `events` (a JSON array): the status and body.
    pub async fn events(&self, events: Value) -> (u16, Value) {
        let request = request("POST", "/marketing/events", None, Some(json!({ "events": events })));
        let response = record_marketing_events::handle(&self.app, request).await;
        (response.status().as_u16(), json(&response))
    }

    /// Runs the due work as the schedule would at `now`.
    pub async fn run(&self, now: &str) -> Report {
        let links = Links { public_url: "https://api.example".into() };
        run_marketing_due::run(self.app.store(), self.mailer.as_ref(), &links, at(now)).await.expect("the run works")
    }

    /// `GET …/marketing/{kind}/deliveries?{query}`: the body.
    pub async fn deliveries(&self, kind: &str, query: &str) -> Value {
        let path = format!("/marketing/{kind}/deliveries");
        let request = request("GET", &path, Some(kind), None);
        let request = crate::support::with_query(request, query);
        let response = list_marketing_deliveries::handle(&self.app, request).await;
        assert_eq!(response.status(), 200, "{}", json(&response));
        json(&response)
    }

    /// The one delivery of `kind` for `subject`.
    pub async fn delivery(&self, kind: &str, subject: &str) -> Value {
        let page = self.deliveries(kind, "limit=100").await;
        let field = if kind == "abandoned-checkouts" { "checkout_id" } else { "order_id" };
        let found = page["data"].as_array().unwrap().iter().find(|d| d[field] == subject).cloned();
        found.unwrap_or_else(|| panic!("no delivery for {subject} in {page}"))
    }

    /// Follows an unsubscribe link with `token` (no key): `GET` as a browser, `POST` as a mail
    /// client's one-click unsubscribe. The status.
    pub async fn unsubscribe(&self, method: &str, token: &str) -> u16 {
        let params = std::collections::HashMap::from([("token".to_owned(), token.to_owned())]);
        let request = lambda_http::http::Request::builder()
            .method(method)
            .uri(format!("/v1/marketing/unsubscribe/{token}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::Text("List-Unsubscribe=One-Click".into()))
            .expect("a valid request")
            .with_path_parameters(params);
        unsubscribe_marketing::handle(&self.app, request).await.status().as_u16()
    }

    /// Redeems a cart of `total` (major units) with `code` through the promotions API, at the
    /// test clock's `evaluated_at`: the status and body.
    pub async fn redeem(&self, order: &str, code: &str, total: &str, evaluated_at: &str) -> (u16, Value) {
        let body = json!({"order_id": order, "currency_code": "EUR", "customer": {"email": "ann@example.com"},
                          "items": [{"product_id": 1, "quantity": 1, "unit_price": total}],
                          "coupon_codes": [code], "evaluated_at": evaluated_at});
        let mut request = promotions_request("/promotions/redemptions", body);
        request.headers_mut().insert("x-auth-token", EVENTS_KEY.parse().unwrap());
        let response = create_redemption::handle(&self.app, request).await;
        (response.status().as_u16(), json(&response))
    }
}

/// A request to a marketing route of the shop (`path` after `/v1/stores/{storeId}`).
fn request(method: &str, path: &str, kind: Option<&str>, body: Option<Value>) -> Request {
    let mut params = std::collections::HashMap::from([("storeId".to_owned(), MARKETING_STORE.to_owned())]);
    if let Some(kind) = kind {
        params.insert("kind".to_owned(), kind.to_owned());
    }
    lambda_http::http::Request::builder()
        .method(method)
        .uri(format!("/v1/stores/{MARKETING_STORE}{path}"))
        .header("content-type", "application/json")
        .header("authorization", format!("APIKey {EVENTS_KEY}"))
        .body(body.map_or(Body::Empty, |b| Body::Text(b.to_string())))
        .expect("a valid request")
        .with_path_parameters(params)
}

fn promotions_request(path: &str, body: Value) -> Request {
    let params = std::collections::HashMap::from([("store_hash".to_owned(), MARKETING_STORE.to_owned())]);
    lambda_http::http::Request::builder()
        .method("POST")
        .uri(format!("/stores/{MARKETING_STORE}/v3{path}"))
        .header("content-type", "application/json")
        .body(Body::Text(body.to_string()))
        .expect("a valid request")
        .with_path_parameters(params)
}

/// A `checkout.updated` event: `id`, at `occurred_at`, for checkout `checkout` of `value` cents.
pub fn checkout_updated(id: &str, occurred_at: &str, checkout: &str, value: i64) -> Value {
    json!({"id": id, "type": "checkout.updated", "occurred_at": occurred_at,
           "checkout": {"id": checkout,
                        "customer": {"id": "cus_ann", "email": "ann@example.com", "marketing_consent": true},
                        "lines": [{"name": "Mug <b>blue</b> & co", "quantity": 2, "price": value / 2}],
                        "value": value, "currency": "EUR",
                        "resume_url": format!("https://shop.example/checkouts/{checkout}?step=payment&x=1")}})
}

/// An `order.completed` event for order `order` of checkout `checkout`.
pub fn order_completed(id: &str, occurred_at: &str, order: &str, checkout: Option<&str>, value: i64) -> Value {
    json!({"id": id, "type": "order.completed", "occurred_at": occurred_at,
           "order": {"id": order, "checkout_id": checkout,
                     "customer": {"id": "cus_ann", "email": "ann@example.com", "marketing_consent": true},
                     "value": value, "currency": "EUR"}})
}

/// An abandoned-checkouts configuration: one hour, 15 % off, bounds 10.00–1,000.00.
pub fn reminder_config() -> Value {
    json!({
        "enabled": true, "trigger_after": "PT1H", "minimum_order_value": 1000, "maximum_order_value": 100000,
        "coupon_configuration": {
            "duration": "once", "discount_type": "percent", "discount_amount": 15,
            "discount_only_required_tags_or_products": false, "discount_apply_before_sales": false,
            "required_tag_ids": [], "required_product_ids": [], "minimum_order_value": 0,
            "customer_redeem_limit_enabled": false, "customer_redeem_limit": 0,
            "usable_on_one_time_purchases": true, "usable_on_subscriptions": false, "expires_after": "P7D"
        }
    })
}
