//! The API over HTTP, as a user's curl sees it: `local-api` on port 0, on each backend.

use std::net::SocketAddr;
use std::sync::Arc;

use api::App;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use store::sqlite::SqliteStore;

use crate::support::{app, dynamo_store, root, sqlite_app, DEV_KEY, MARKETING_KEY};

/// A running `local-api`; the server task ends with the value.
struct Server {
    address: SocketAddr,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    async fn start(app: App) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        Self { address, task: tokio::spawn(local_api::serve(listener, Arc::new(app))) }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}/stores/demo/v3/promotions{path}", self.address)
    }

    fn marketing_url(&self, kind: &str) -> String {
        format!("http://{}/v1/stores/411486491630370816/marketing/{kind}/configuration", self.address)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A client that sends [`MARKETING_KEY`] with every request, as the marketing API reads it.
fn marketing_client() -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("authorization", format!("APIKey {MARKETING_KEY}").parse().unwrap());
    Client::builder().default_headers(headers).build().unwrap()
}

/// A client that sends [`DEV_KEY`] with every request.
fn authorized_client() -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-auth-token", DEV_KEY.parse().unwrap());
    Client::builder().default_headers(headers).build().unwrap()
}

fn curl_body(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(format!("events/bodies/{name}.json"))).unwrap()).unwrap()
}

async fn create_read_update_delete(app: App) {
    let server = Server::start(app).await;
    let http = authorized_client();
    let created = http.post(server.url("")).json(&curl_body("create-promotion")).send().await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(created.headers()["content-type"], "application/json");
    let id = created.json::<Value>().await.unwrap()["data"]["id"].clone();
    assert_eq!(id, 1);

    let read = http.get(server.url("/1")).send().await.unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    assert_eq!(read.json::<Value>().await.unwrap()["data"]["name"], "Buy 2 shirts, get 20% off");

    let updated = http.put(server.url("/1")).json(&json!({"name": "Three shirts"})).send().await.unwrap();
    assert_eq!(updated.status(), StatusCode::OK);
    let updated: Value = updated.json().await.unwrap();
    assert_eq!((&updated["data"]["name"], &updated["data"]["currency_code"]), (&json!("Three shirts"), &json!("USD")));

    assert_eq!(http.delete(server.url("/1")).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(http.delete(server.url("/1")).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    let gone = http.get(server.url("/1")).send().await.unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert_eq!(gone.json::<Value>().await.unwrap()["status"], 404);
}

#[tokio::test]
async fn a_promotion_is_created_read_updated_and_deleted_over_http_on_sqlite() {
    create_read_update_delete(sqlite_app().await).await;
}

#[tokio::test]
async fn a_promotion_is_created_read_updated_and_deleted_over_http_on_dynamodb() {
    skip_without_dynamodb!();
    create_read_update_delete(app(dynamo_store().await).await).await;
}

/// A deleted coupon promotion's codes, removed by `local-api` after its 204 (on SQLite by the
/// delete itself): the store lists none of them under the promotion once the purge ran.
async fn a_deleted_promotions_codes_are_purged_in_the_background(store: impl store::Store + Clone + 'static) {
    let server = Server::start(app(store.clone()).await).await;
    let http = authorized_client();
    let created = http.post(server.url("")).json(&curl_body("create-promotion-coupon")).send().await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let id = created.json::<Value>().await.unwrap()["data"]["id"].as_u64().unwrap();
    let codegen = json!({"batch_size": 100, "code_length": 10});
    let generated = http.post(server.url(&format!("/{id}/codegen"))).json(&codegen).send().await.unwrap();
    assert_eq!(generated.status(), StatusCode::CREATED);
    assert_eq!(http.delete(server.url(&format!("/{id}"))).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    let (demo, promotion) = (domain::ids::StoreId::parse("demo").unwrap(), domain::ids::PromotionId(id));
    let page = store::CodePage { after: None, before: None, limit: 1 };
    // The purge runs beside the answer: wait for it (a bounded number of looks, no clock).
    for _ in 0..1_000 {
        if store.list_codes(&demo, promotion, page).await.unwrap().is_empty() {
            return;
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("the deleted promotion's codes were never purged");
}

#[tokio::test]
async fn a_deleted_promotions_codes_are_purged_in_the_background_on_sqlite() {
    a_deleted_promotions_codes_are_purged_in_the_background(crate::support::sqlite_store()).await;
}

#[tokio::test]
async fn a_deleted_promotions_codes_are_purged_in_the_background_on_dynamodb() {
    skip_without_dynamodb!();
    a_deleted_promotions_codes_are_purged_in_the_background(dynamo_store().await).await;
}

async fn configure_and_read_marketing(app: App) {
    let server = Server::start(app).await;
    let http = marketing_client();
    let abandoned = server.marketing_url("abandoned-checkouts");
    let fresh = http.get(&abandoned).send().await.unwrap();
    assert_eq!(fresh.status(), StatusCode::OK);
    assert_eq!(fresh.json::<Value>().await.unwrap()["enabled"], false);

    let put = http.put(&abandoned).json(&curl_body("put-marketing-config-abandoned-checkouts")).send().await.unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    assert_eq!(put.headers()["content-type"], "application/json");
    let written = put.bytes().await.unwrap();
    let read = http.get(&abandoned).send().await.unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    assert_eq!(read.bytes().await.unwrap(), written);

    let other = http.get(server.marketing_url("purchase-follow-ups")).send().await.unwrap();
    assert_eq!(other.json::<Value>().await.unwrap()["enabled"], false);
    let unknown = http.get(server.marketing_url("birthday-greetings")).send().await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(unknown.json::<Value>().await.unwrap()["code"], "not-found");
}

#[tokio::test]
async fn a_marketing_configuration_is_written_and_read_back_over_http_on_sqlite() {
    configure_and_read_marketing(sqlite_app().await).await;
}

#[tokio::test]
async fn a_marketing_configuration_is_written_and_read_back_over_http_on_dynamodb() {
    skip_without_dynamodb!();
    configure_and_read_marketing(app(dynamo_store().await).await).await;
}

#[tokio::test]
async fn curl_without_a_json_content_type_gets_a_415_and_broken_json_a_400() {
    let server = Server::start(sqlite_app().await).await;
    let http = authorized_client();
    let form = http
        .post(server.url(""))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(curl_body("create-promotion").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let broken = http.post(server.url("")).header("content-type", "application/json").body("{").send().await.unwrap();
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
    assert_eq!(broken.json::<Value>().await.unwrap()["status"], 400);
}

#[tokio::test]
async fn the_embedded_store_keeps_promotions_across_restarts() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(local_api::config::DATABASE_FILE);
    let http = authorized_client();
    {
        let server = Server::start(app(SqliteStore::open(&path).unwrap()).await).await;
        let created = http.post(server.url("")).json(&curl_body("create-promotion")).send().await.unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
    }
    let restarted = Server::start(app(SqliteStore::open(&path).unwrap()).await).await;
    let read = http.get(restarted.url("/1")).send().await.unwrap();
    assert_eq!(read.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_route_the_api_does_not_have_is_a_404_and_a_wrong_method_a_405() {
    let server = Server::start(sqlite_app().await).await;
    let http = authorized_client();
    let unknown = http.get(format!("http://{}/stores/demo/v3/nothing", server.address)).send().await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let patch = http.patch(server.url("/1")).send().await.unwrap();
    assert_eq!(patch.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn a_body_over_256_kib_is_a_413_in_each_apis_error_shape_over_http() {
    let server = Server::start(sqlite_app().await).await;
    let oversized = " ".repeat(api::http::MAX_BODY_BYTES + 1);
    let promotions = authorized_client().post(server.url("")).body(oversized.clone()).send().await.unwrap();
    assert_eq!(promotions.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(promotions.json::<Value>().await.unwrap()["status"], 413);
    let marketing = marketing_client().put(server.marketing_url("abandoned-checkouts")).body(oversized);
    let marketing = marketing.send().await.unwrap();
    assert_eq!(marketing.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(marketing.json::<Value>().await.unwrap()["code"], "payload-too-large");
}
