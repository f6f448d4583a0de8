//! Test helpers: fresh stores on each backend, fixture events, response bodies.

pub mod fault_proxy;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::Arc;

use api::App;
use aws_sdk_dynamodb::config::http::HttpRequest;
use aws_sdk_dynamodb::config::interceptors::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_sdk_dynamodb::config::{BehaviorVersion, ConfigBag, Credentials, Intercept, Region, RuntimeComponents};
use aws_sdk_dynamodb::error::BoxError;
use chrono::{DateTime, Utc};
use domain::access::{ApiKey, Scopes};
use domain::ids::StoreId;
use lambda_http::{Body, Request, Response};
use serde_json::Value;
use store::dynamodb::DynamoStore;
use store::sqlite::SqliteStore;
use store::Store;

/// The key the promotion fixtures in `events/` carry; [`app`] registers it for store `demo`.
pub const DEV_KEY: &str = "local-dev-key";
/// The key the marketing fixtures carry; [`app`] registers it for [`MARKETING_STORE`].
pub const MARKETING_KEY: &str = "local-dev-marketing-key";
/// The store of the marketing fixtures (a flake id, as the marketing API's store ids are).
pub const MARKETING_STORE: &str = "411486491630370816";

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Calls its function with every HTTP request a DynamoDB client sends: once per attempt, so
/// retries are seen too.
pub struct OnRequest<F>(pub F);

impl<F> std::fmt::Debug for OnRequest<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnRequest")
    }
}

impl<F: Fn(&HttpRequest) -> Result<(), BoxError> + Send + Sync + 'static> Intercept for OnRequest<F> {
    fn name(&self) -> &'static str {
        "OnRequest"
    }

    fn read_before_attempt(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        (self.0)(context.request())
    }
}

/// Counts every request a DynamoDB client sends (retries included) in `calls`.
fn counting(calls: Arc<AtomicUsize>) -> impl Intercept + 'static {
    OnRequest(move |_: &HttpRequest| {
        calls.fetch_add(1, Ordering::SeqCst);
        Ok(())
    })
}

/// Counts every operation a DynamoDB client starts in `calls`: an attempt the SDK sends again
/// (after a throttle or a timeout of a busy emulator) is the same operation.
#[derive(Debug)]
struct CountOperations(Arc<AtomicUsize>);

impl Intercept for CountOperations {
    fn name(&self) -> &'static str {
        "CountOperations"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

/// [`dynamo_store`], counting every operation it starts in `calls` (the SDK's own retries not).
pub async fn dynamo_store_counting_operations(calls: Arc<AtomicUsize>) -> DynamoStore {
    dynamo_store_with(CountOperations(calls)).await
}

/// An empty SQLite store that lives as long as the value.
pub fn sqlite_store() -> SqliteStore {
    SqliteStore::in_memory().expect("an in-memory database opens")
}

/// An empty DynamoDB store on a table of its own, on the DynamoDB Local that `scripts/test`
/// started (its address is in `DYNAMODB_ENDPOINT`).
pub async fn dynamo_store() -> DynamoStore {
    dynamo_store_counting(Arc::default()).await
}

/// [`dynamo_store`], counting every request it sends to DynamoDB (retries included) in `calls`.
pub async fn dynamo_store_counting(calls: Arc<AtomicUsize>) -> DynamoStore {
    dynamo_store_with(counting(calls)).await
}

/// [`dynamo_store`], with `interceptor` seeing every request it sends.
pub async fn dynamo_store_with(interceptor: impl Intercept + 'static) -> DynamoStore {
    static NEXT_TABLE: AtomicU32 = AtomicU32::new(0);
    let table = format!("test-{}-{}", std::process::id(), NEXT_TABLE.fetch_add(1, Ordering::Relaxed));
    let store = DynamoStore::new(dynamo_client_with(&dynamodb_endpoint(), interceptor), table);
    store.create_table().await.expect("the test table is created");
    store
}

/// The address of the DynamoDB Local that `scripts/test` started.
pub fn dynamodb_endpoint() -> String {
    std::env::var("DYNAMODB_ENDPOINT")
        .expect("DYNAMODB_ENDPOINT is not set: run the suite with ./scripts/test, which starts DynamoDB Local")
}

/// Whether the DynamoDB half of the suite runs: `DYNAMODB_ENDPOINT` names a DynamoDB Local
/// (`scripts/test` starts one and sets it). Without it, plain `cargo test` runs every other test
/// and says so once, on stderr (written past the test harness's capture, so it shows).
pub fn dynamodb_available() -> bool {
    static ANNOUNCED: std::sync::Once = std::sync::Once::new();
    let available = std::env::var_os("DYNAMODB_ENDPOINT").is_some();
    if !available {
        ANNOUNCED.call_once(|| {
            let line = "DYNAMODB_ENDPOINT is not set: the DynamoDB half of the suite was skipped \
                        (./scripts/test runs it against DynamoDB Local)\n";
            let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
        });
    }
    available
}

/// Ends a DynamoDB test early, as passed, when [`dynamodb_available`] says the half is skipped.
macro_rules! skip_without_dynamodb {
    () => {
        if !crate::support::dynamodb_available() {
            return;
        }
    };
}

/// A DynamoDB client for `endpoint` with the functions' own HTTP client, timeouts and retries,
/// counting every request it sends in `calls`.
pub fn dynamo_client(endpoint: &str, calls: Arc<AtomicUsize>) -> aws_sdk_dynamodb::Client {
    dynamo_client_with(endpoint, counting(calls))
}

/// A DynamoDB client for `endpoint` with the functions' own HTTP client, timeouts and retries,
/// and `interceptor` seeing every request it sends.
pub fn dynamo_client_with(endpoint: &str, interceptor: impl Intercept + 'static) -> aws_sdk_dynamodb::Client {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "tests"))
        .http_client(store::dynamodb::client::http_client())
        .timeout_config(store::dynamodb::client::timeouts())
        .retry_config(store::dynamodb::client::retries())
        .interceptor(interceptor)
        .build();
    aws_sdk_dynamodb::Client::from_conf(config)
}

/// The configuration of an SDK client of any service served on loopback at `endpoint` (DynamoDB
/// Local's Streams API, moto's EventBridge and SQS): test credentials, the functions' own HTTP
/// client. `<service>::Client::new(&config)`, or `<service>::config::Builder::from(&config)`.
pub fn loopback_sdk_config(endpoint: &str) -> aws_config::SdkConfig {
    let credentials = Credentials::new("test", "test", None, None, "tests");
    aws_config::SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(aws_sdk_dynamodb::config::SharedCredentialsProvider::new(credentials))
        .http_client(store::dynamodb::client::http_client())
        .build()
}

/// Registers `key` for `store` with `scopes` (unless a store reopened from disk has it already).
pub async fn register_key(db: &dyn Store, key: &str, store: &str, scopes: &str) -> ApiKey {
    put_key(db, key_record(key, store, scopes, domain::clock::now())).await
}

/// The record of `key` for `store` with `scopes`, made at `created_at`.
pub fn key_record(key: &str, store: &str, scopes: &str, created_at: DateTime<Utc>) -> ApiKey {
    let store = StoreId::parse(store).expect("a valid store id");
    ApiKey::register(key, store, Scopes::parse_list(scopes).unwrap(), created_at).unwrap()
}

/// Stores `record` (already stored counts as stored), and answers it.
pub async fn put_key(db: &dyn Store, record: ApiKey) -> ApiKey {
    match db.put_api_key(&record).await {
        Ok(()) | Err(store::WriteError::Refused(store::Refusal::AlreadyExists)) => record,
        Err(other) => panic!("the key is not stored: {other}"),
    }
}

/// An app on `store` where [`DEV_KEY`] may do everything on store `demo`, and [`MARKETING_KEY`]
/// on [`MARKETING_STORE`].
pub async fn app(store: impl Store + 'static) -> App {
    let store: Arc<dyn Store> = Arc::new(store);
    register_key(store.as_ref(), DEV_KEY, "demo", "promotions:write,marketing:write,redemptions:write").await;
    let scopes = "promotions:write,marketing:write,marketing:events,redemptions:write";
    register_key(store.as_ref(), MARKETING_KEY, MARKETING_STORE, scopes).await;
    App::new(store)
}

/// [`app`] on a fresh in-memory SQLite store.
pub async fn sqlite_app() -> App {
    app(sqlite_store()).await
}

/// The API Gateway event `events/<name>.json` as the request a function receives.
pub fn fixture(name: &str) -> Request {
    let path = root().join("events").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    lambda_http::request::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The JSON body of a response (`Value::Null` when empty).
pub fn json(response: &Response<Body>) -> Value {
    let bytes: &[u8] = response.body().as_ref();
    if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(bytes).expect("the response body is JSON")
    }
}

/// A request to a promotion route with the given path parameters and JSON body.
pub fn request(method: &str, store: &str, id: Option<&str>, body: Option<Value>) -> Request {
    use lambda_http::RequestExt;
    let mut params = std::collections::HashMap::from([("store_hash".to_owned(), store.to_owned())]);
    let mut uri = format!("/stores/{store}/v3/promotions");
    if let Some(id) = id {
        params.insert("id".to_owned(), id.to_owned());
        uri = format!("{uri}/{id}");
    }
    let body = body.map_or(Body::Empty, |b| Body::Text(b.to_string()));
    lambda_http::http::Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .header("x-auth-token", DEV_KEY)
        .body(body)
        .expect("a valid request")
        .with_path_parameters(params)
}

/// A request to a marketing configuration route (`kind` is the path segment) with a JSON body.
pub fn marketing_request(method: &str, store: &str, kind: &str, body: Option<Value>) -> Request {
    marketing_raw_request(method, store, kind, "application/json", body.map(|b| b.to_string()))
}

/// A request to a marketing configuration route with a body sent as is, as `content_type`.
pub fn marketing_raw_request(
    method: &str,
    store: &str,
    kind: &str,
    content_type: &str,
    body: Option<String>,
) -> Request {
    use lambda_http::RequestExt;
    let params = std::collections::HashMap::from([
        ("storeId".to_owned(), store.to_owned()),
        ("kind".to_owned(), kind.to_owned()),
    ]);
    lambda_http::http::Request::builder()
        .method(method)
        .uri(format!("/v1/stores/{store}/marketing/{kind}/configuration"))
        .header("content-type", content_type)
        .header("authorization", format!("APIKey {}", if store == "demo" { DEV_KEY } else { MARKETING_KEY }))
        .body(body.map_or(Body::Empty, Body::Text))
        .expect("a valid request")
        .with_path_parameters(params)
}

/// Asserts that every field of `expected` is in `actual` with the same value; objects in
/// `actual` may have more fields (defaults the server filled in).
pub fn assert_includes(actual: &Value, expected: &Value, path: &str) {
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            for (key, value) in expected {
                let inner = actual.get(key).unwrap_or_else(|| panic!("{path}.{key} is missing"));
                assert_includes(inner, value, &format!("{path}.{key}"));
            }
        }
        (Value::Array(actual), Value::Array(expected)) => {
            assert_eq!(actual.len(), expected.len(), "{path} has another length");
            for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
                assert_includes(a, e, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(actual, expected, "{path} differs"),
    }
}

/// The names of the fixtures in `events/` (without `.json`).
pub fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("events"))
        .expect("events/ exists")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok()?.strip_suffix(".json").map(str::to_owned))
        .collect();
    names.sort();
    names
}

/// The request with `key` as its marketing API credential instead of the default one.
pub fn with_marketing_key(mut request: Request, key: &str) -> Request {
    request.headers_mut().insert("authorization", format!("APIKey {key}").parse().expect("a header value"));
    request
}

/// The flake id of the registered key `key`.
pub async fn key_id(app: &App, key: &str) -> u64 {
    let found = app.store().find_api_key(&domain::access::KeyHash::of(key)).await.unwrap();
    found.expect("the key is registered").id
}

/// The request with these query string parameters (`a=1&b=2`, not URL-encoded).
pub fn with_query(request: Request, query: &str) -> Request {
    use lambda_http::RequestExt;
    let params: std::collections::HashMap<String, String> =
        query.split('&').filter_map(|pair| pair.split_once('=')).map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    request.with_query_string_parameters(params)
}
