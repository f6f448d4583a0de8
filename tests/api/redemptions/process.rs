//! `local-api` as its own process on SQLite: `kill -9` in the middle of a burst of redemptions
//! loses nothing acknowledged and leaves every count equal to the held and confirmed
//! redemptions that took it (a redemption is one SQLite transaction), and a hold that runs out
//! is released by the server on its own.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::Client;
use serde_json::{json, Value};

use crate::support::DEV_KEY;

/// The `local-api` process; killed when dropped, whatever the test did.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `local-api` on `port` with its database in `dir`, and waits until it answers.
async fn start(port: u16, dir: &std::path::Path, client: &Client) -> Process {
    let child = Command::new(env!("CARGO_BIN_EXE_local-api-process"))
        .env("PORT", port.to_string())
        .env("DATA_DIR", dir)
        .env("DEV_API_KEY", DEV_KEY)
        .env_remove("TABLE_NAME")
        .stdout(Stdio::null())
        .spawn()
        .expect("local-api starts");
    let process = Process(child);
    for _ in 0..200 {
        if client.get(url(port, "/settings")).send().await.is_ok() {
            return process;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("local-api did not answer on port {port}");
}

fn url(port: u16, path: &str) -> String {
    format!("http://127.0.0.1:{port}/stores/demo/v3/promotions{path}")
}

async fn send(client: &Client, method: reqwest::Method, url: String, body: Option<Value>) -> (u16, Value) {
    let mut request = client.request(method, url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("an answer");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_kill_9_every_acknowledged_redemption_is_there_and_every_count_matches() {
    let dir = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-auth-token", DEV_KEY.parse().unwrap());
    let client = Client::builder().default_headers(headers).build().unwrap();
    let mut process = start(port, dir.path(), &client).await;

    let coupon = json!({"redemption_type": "COUPON", "coupon_type": "BULK", "name": "burst", "max_uses": 100000,
                        "rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "5"}}}}]});
    let (status, created) = send(&client, reqwest::Method::POST, url(port, ""), Some(coupon)).await;
    assert_eq!(status, 201, "{created}");
    let id = created["data"]["id"].as_u64().unwrap();
    let code = json!({"code": "BURST", "max_uses": 100000});
    let (status, _) = send(&client, reqwest::Method::POST, url(port, &format!("/{id}/codes")), Some(code)).await;
    assert_eq!(status, 201);

    let burst: Vec<_> = (0..300)
        .map(|n| {
            let (client, target) = (client.clone(), url(port, "/redemptions"));
            let body = json!({"order_id": format!("burst-{n}"), "currency_code": "USD", "coupon_codes": ["BURST"],
                              "items": [{"product_id": 1, "quantity": 1, "unit_price": "20.00"}]});
            tokio::spawn(async move {
                let response = client.post(target).json(&body).send().await.ok()?;
                let status = response.status().as_u16();
                let body: Value = response.json().await.ok()?;
                (status == 201).then(|| body["data"]["id"].as_u64()).flatten()
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(150)).await;
    process.0.kill().expect("SIGKILL");
    let _ = process.0.wait();
    let mut acknowledged = Vec::new();
    for request in burst {
        acknowledged.extend(request.await.unwrap());
    }
    drop(process);
    eprintln!("acknowledged before the kill: {}", acknowledged.len());
    assert!(acknowledged.len() < 300, "the kill cut the burst short (else this proves nothing about a crash)");

    let _restarted = start(port, dir.path(), &client).await;
    for redemption in &acknowledged {
        let (status, body) =
            send(&client, reqwest::Method::GET, url(port, &format!("/redemptions/{redemption}")), None).await;
        assert_eq!((status, body["data"]["status"].as_str()), (200, Some("CONFIRMED")), "{redemption}: {body}");
    }
    let mut stored = 0;
    let mut before = String::new();
    loop {
        let page_url = url(port, &format!("/{id}/redemptions?limit=250{before}"));
        let (_, page) = send(&client, reqwest::Method::GET, page_url, None).await;
        let listed = page["data"].as_array().unwrap();
        assert!(listed.iter().all(|r| r["status"] == "CONFIRMED"), "only confirmed redemptions hold uses: {page}");
        stored += listed.len();
        match page["meta"]["cursor_pagination"]["end_cursor"].as_str() {
            Some(cursor) => before = format!("&before={cursor}"),
            None => break,
        }
    }
    assert!(stored >= acknowledged.len(), "{stored} stored, {} acknowledged", acknowledged.len());
    let (_, promotion) = send(&client, reqwest::Method::GET, url(port, &format!("/{id}")), None).await;
    assert_eq!(promotion["data"]["current_uses"].as_u64(), Some(stored as u64), "the promotion's count");
    let (_, codes) = send(&client, reqwest::Method::GET, url(port, &format!("/{id}/codes")), None).await;
    assert_eq!(codes["data"][0]["current_uses"].as_u64(), Some(stored as u64), "the code's count: {codes}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_api_releases_a_hold_that_ran_out_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-auth-token", DEV_KEY.parse().unwrap());
    let client = Client::builder().default_headers(headers).build().unwrap();
    let _process = start(port, dir.path(), &client).await;
    let body = json!({"redemption_type": "AUTOMATIC", "name": "once", "max_uses": 1,
                      "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}]});
    let (_, promotion) = send(&client, reqwest::Method::POST, url(port, ""), Some(body)).await;
    let cart = json!({"order_id": "short-hold", "hold": "PT1S", "currency_code": "USD",
                      "items": [{"product_id": 1, "quantity": 1, "unit_price": "20.00"}]});
    let (status, held) = send(&client, reqwest::Method::POST, url(port, "/redemptions"), Some(cart)).await;
    assert_eq!((status, held["data"]["status"].as_str()), (201, Some("HELD")), "{held}");
    let redemption = url(port, &format!("/redemptions/{}", held["data"]["id"]));
    let mut status = String::new();
    for _ in 0..200 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let (_, body) = send(&client, reqwest::Method::GET, redemption.clone(), None).await;
        status = body["data"]["status"].as_str().unwrap_or_default().to_owned();
        if status == "EXPIRED" {
            break;
        }
    }
    assert_eq!(status, "EXPIRED", "released on its own (every 2 s; waited up to 20 s)");
    let (_, promotion) =
        send(&client, reqwest::Method::GET, url(port, &format!("/{}", promotion["data"]["id"])), None).await;
    assert_eq!(promotion["data"]["current_uses"], 0, "its use is back");
}
