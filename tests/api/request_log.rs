//! Each request's log line, as an operator queries it: one JSON object with the request's ids,
//! route, store, status, latency and DynamoDB usage, the error kind of a failure, and never the
//! API key or the body.

use api::request_log::RequestLine;
use serde_json::{json, Value};
use store::dynamodb::usage::UsageInterceptor;

use crate::support::{app, dynamo_store_with, fixture, DEV_KEY};

#[tokio::test]
async fn a_request_writes_one_json_line_with_its_usage_and_never_its_key() {
    skip_without_dynamodb!();
    let app = app(dynamo_store_with(UsageInterceptor).await).await;
    crate::fixtures::seed(&app).await;
    let mut lines: Vec<Value> = Vec::new();
    for (name, status) in [("get-promotion", 200), ("get-promotion-missing", 404)] {
        let request = fixture(name);
        let (response, line) = RequestLine::start(&request).measure(get_promotion::handle(&app, request)).await;
        assert_eq!(response.status(), status, "{name}");
        lines.push(serde_json::to_value(line).unwrap());
    }
    let found = &lines[0];
    assert_eq!(found["route"], "GET /stores/{store_hash}/v3/promotions/{id}", "{found}");
    assert_eq!(
        (&found["store"], &found["status"], &found["request_id"]),
        (&json!("demo"), &json!(200), &json!("fixture-request"))
    );
    assert_eq!(found["dynamodb_calls"], 2, "the key lookup and the promotion: {found}");
    assert!(found["consumed_capacity"].as_f64().is_some_and(|units| units > 0.0), "{found}");
    assert!(found["latency_ms"].as_f64().is_some_and(|ms| ms > 0.0), "{found}");
    assert!(found.get("error").is_none(), "{found}");
    assert_eq!(lines[1]["error"], "not_found", "{}", lines[1]);
    let text = serde_json::to_string(&lines).unwrap();
    assert!(!text.contains(DEV_KEY), "the key never reaches the log: {text}");
}
