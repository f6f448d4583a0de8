//! Every answer carries `Cache-Control: no-store` and `X-Content-Type-Options: nosniff`, and
//! local-api answers a path or a method no route serves in the API's own error shape.

use std::sync::Arc;

use reqwest::{Client, StatusCode};
use serde_json::Value;

use crate::fixtures::call;
use crate::support::{fixture, sqlite_app, DEV_KEY};

#[tokio::test]
async fn every_answer_forbids_caching_and_sniffing() {
    let app = sqlite_app().await;
    for name in
        ["get-promotion-missing", "create-promotion", "get-marketing-config-abandoned-checkouts", "delete-code-no-key"]
    {
        let response = call(&app, name, fixture(name)).await;
        let headers = response.headers();
        assert_eq!(headers.get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"), "{name}");
        assert_eq!(headers.get("x-content-type-options").map(|v| v.to_str().unwrap()), Some("nosniff"), "{name}");
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_in_the_apis_error_shape() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(local_api::serve(listener, Arc::new(sqlite_app().await)));
    let client = Client::new();
    let send = |method: reqwest::Method, path: &str| {
        client.request(method, format!("http://{address}{path}")).header("x-auth-token", DEV_KEY).send()
    };
    let unknown = send(reqwest::Method::GET, "/stores/demo/v3/promotions/1/nothing/here").await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(unknown.headers()["cache-control"], "no-store");
    let body: Value = unknown.json().await.unwrap();
    assert_eq!((body["status"].as_u64(), body["type"].is_string()), (Some(404), true), "promotions shape: {body}");

    let marketing = send(reqwest::Method::GET, "/v1/stores/411486491630370816/nothing").await.unwrap();
    assert_eq!(marketing.status(), StatusCode::NOT_FOUND);
    let body: Value = marketing.json().await.unwrap();
    assert_eq!(body["code"], "not-found", "marketing shape: {body}");

    let patch = send(reqwest::Method::PATCH, "/stores/demo/v3/promotions/1").await.unwrap();
    assert_eq!(patch.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(patch.headers().contains_key("allow"), "the methods it does serve");
    let body: Value = patch.json().await.unwrap();
    assert_eq!(body["status"], 405, "{body}");
    server.abort();
}
