//! Codes that do not rewrite their promotion: a codegen's transactions go side by side (on
//! DynamoDB, 7 at once for 250 codes, then the last) and leave the promotion item as it was,
//! while the promotion's answer (its code count, `has_multiple_codes`) and its `ETag` stay exact
//! on both backends.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use api::App;
use aws_sdk_dynamodb::config::interceptors::{
    BeforeSerializationInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::error::BoxError;
use aws_sdk_dynamodb::types::AttributeValue;
use lambda_http::{Body, Response};
use serde_json::{json, Value};
use store::keys;

use crate::fixtures::prepare;
use crate::support::{app, dynamo_store, dynamo_store_with, json, request, sqlite_app};

/// Most requests a client had in flight at once.
#[derive(Debug, Default)]
struct InFlight {
    now: AtomicUsize,
    most: AtomicUsize,
}

/// Watches a client's operations for [`InFlight`]: from the start of each to its end, retries
/// included (an attempt that timed out never sees its response, so per-attempt hooks would count
/// it in flight forever).
#[derive(Debug)]
struct Watch(Arc<InFlight>);

impl Intercept for Watch {
    fn name(&self) -> &'static str {
        "InFlight"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let now = self.0.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.0.most.fetch_max(now, Ordering::SeqCst);
        Ok(())
    }

    fn read_after_execution(
        &self,
        _context: &FinalizerInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
        Ok(())
    }
}

fn etag(response: &Response<Body>) -> String {
    response.headers().get("etag").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

async fn get(app: &App) -> Response<Body> {
    get_promotion::handle(app, request("GET", "demo", Some("2"), None)).await
}

async fn generate(app: &App, batch_size: u32) -> Value {
    let body = json!({"batch_size": batch_size, "code_length": 10});
    let response = generate_codes::handle(app, request("POST", "demo", Some("2"), Some(body))).await;
    let answer = json(&response);
    assert_eq!(response.status(), 201, "{answer}");
    answer
}

/// Promotion 2 (BULK, one code): a codegen moves its `ETag` and its `has_multiple_codes`; an
/// update with the tag read before the codegen is a 412, with the fresh one a 200; deleting the
/// generated codes again leaves one code.
async fn generated_codes_move_the_answer_and_its_etag(app: App) {
    prepare(&app).await;
    let before = get(&app).await;
    assert_eq!(json(&before)["data"]["multiple_codes"], json!({"has_multiple_codes": false}));
    let generated = generate(&app, 250).await;
    let after = get(&app).await;
    assert_eq!(json(&after)["data"]["multiple_codes"], json!({"has_multiple_codes": true}));
    assert_ne!(etag(&after), etag(&before), "a code change moves the ETag");
    let rename = |tag: &str| {
        let mut req = request("PUT", "demo", Some("2"), Some(json!({"name": "Renamed"})));
        req.headers_mut().insert("if-match", tag.parse().unwrap());
        update_promotion::handle(&app, req)
    };
    assert_eq!(rename(&etag(&before)).await.status(), 412);
    let renamed = rename(&etag(&after)).await;
    assert_eq!(renamed.status(), 200, "{}", json(&renamed));
    assert_eq!(json(&renamed)["data"]["multiple_codes"], json!({"has_multiple_codes": true}));
    assert_eq!(etag(&get(&app).await), etag(&renamed), "the update answered the tag the promotion has");
    let texts: Vec<&str> =
        generated["data"]["codes"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    for text in texts {
        let req = crate::support::with_query(request("DELETE", "demo", Some("codes"), None), &format!("code={text}"));
        assert_eq!(delete_store_code::handle(&app, req).await.status(), 204);
    }
    let single = get(&app).await;
    assert_eq!(json(&single)["data"]["multiple_codes"], json!({"has_multiple_codes": false}), "one code left");
    assert_ne!(etag(&single), etag(&renamed));
}

#[tokio::test]
async fn generated_codes_move_the_answer_and_its_etag_on_sqlite() {
    generated_codes_move_the_answer_and_its_etag(sqlite_app().await).await;
}

#[tokio::test]
async fn generated_codes_move_the_answer_and_its_etag_on_dynamodb() {
    skip_without_dynamodb!();
    generated_codes_move_the_answer_and_its_etag(app(dynamo_store().await).await).await;
}

#[tokio::test]
async fn codegen_of_250_codes_sends_its_transactions_side_by_side_and_never_rewrites_the_promotion() {
    skip_without_dynamodb!();
    let in_flight = Arc::new(InFlight::default());
    let store = dynamo_store_with(Watch(Arc::clone(&in_flight))).await;
    let (client, table) = (store.client().clone(), store.table().to_owned());
    let app = app(store).await;
    prepare(&app).await;
    let item_version = || async {
        let key = [
            (keys::PK.to_owned(), AttributeValue::S("STORE#demo".to_owned())),
            (keys::SK.to_owned(), AttributeValue::S(keys::promotion_sk(domain::ids::PromotionId(2)))),
        ];
        let item = client.get_item().table_name(&table).set_key(Some(key.into())).send().await.unwrap().item.unwrap();
        item["version"].as_n().unwrap().clone()
    };
    let version = item_version().await;
    in_flight.most.store(0, Ordering::SeqCst);
    generate(&app, 250).await;
    // Its read of the promotion goes alone; then 7 transactions at once, then the last.
    assert_eq!(in_flight.most.load(Ordering::SeqCst), 7, "the first 7 transactions side by side");
    assert_eq!(item_version().await, version, "the promotion item was not written");
}
