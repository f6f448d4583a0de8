//! Sixty partial updates of one promotion at once, without `If-Match`: none is lost. Each one
//! lands (200), or, if it still loses races after retrying on fresh data for the whole
//! `RETRY_BUDGET`, answers 409 and changes nothing: never a 409 sooner, which was the bug (the
//! first lost race answered 409). The promotion gains one version per write that landed, and
//! each version keeps the `name` and `display_name` the last writers of each set. On the
//! embedded store all sixty land.

use std::collections::BTreeMap;
use std::sync::Arc;

use api::App;
use serde_json::json;

use crate::support::{app, dynamo_store, json, request, sqlite_store};

async fn sixty_concurrent_partial_updates_lose_nothing(app: App, every_one_lands: bool) {
    let body = json!({"redemption_type": "AUTOMATIC", "name": "contended",
                      "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "5"}}}}]});
    let created = json(&create_promotion::handle(&app, request("POST", "demo", None, Some(body))).await);
    let id = created["data"]["id"].as_u64().unwrap().to_string();
    let app = Arc::new(app);
    let updates = (0..60).map(|n| {
        let (app, id) = (Arc::clone(&app), id.clone());
        let patch = if n % 2 == 0 {
            json!({"name": format!("name {n}")})
        } else {
            json!({"display_name": format!("shown {n}")})
        };
        tokio::spawn(async move {
            let started = std::time::Instant::now();
            let response = update_promotion::handle(&app, request("PUT", "demo", Some(&id), Some(patch))).await;
            (response, started.elapsed())
        })
    });
    let updates: Vec<_> = updates.collect(); // all sixty in flight before the first answer is awaited
    let mut answers = Vec::new();
    for update in updates {
        answers.push(update.await.unwrap());
    }
    // Each answer's status and how long it took (ms), for a failure's message.
    let statuses: Vec<(u16, u128)> = answers.iter().map(|(r, t)| (r.status().as_u16(), t.as_millis())).collect();
    let mut versions = BTreeMap::new();
    for (n, (response, took)) in answers.into_iter().enumerate() {
        if response.status() == 409 && !every_one_lands {
            assert!(took >= update_promotion::RETRY_BUDGET, "a 409 before the retry budget ran out: {statuses:?}");
            continue;
        }
        assert_eq!(response.status(), 200, "{} {statuses:?}", json(&response));
        let etag = response.headers()["etag"].to_str().unwrap().to_owned();
        versions.insert(etag.trim_matches('"').trim_start_matches('v').parse::<u64>().unwrap(), (n, json(&response)));
    }
    let landed = u64::try_from(versions.len()).unwrap();
    assert!(landed > 0, "{statuses:?}");
    assert_eq!(versions.keys().copied().collect::<Vec<_>>(), (2..=landed + 1).collect::<Vec<_>>(), "one version each");
    let (mut name, mut shown) = (created["data"]["name"].clone(), created["data"]["display_name"].clone());
    for (version, (n, answer)) in &versions {
        if n % 2 == 0 {
            name = json!(format!("name {n}"));
        } else {
            shown = json!(format!("shown {n}"));
        }
        assert_eq!(answer["data"]["name"], name, "v{version}, by writer {n}: {answer}");
        assert_eq!(answer["data"]["display_name"], shown, "v{version}, by writer {n}: {answer}");
    }
    let read = get_promotion::handle(&app, request("GET", "demo", Some(&id), None)).await;
    assert_eq!(read.headers()["etag"], format!("\"v{}\"", landed + 1).as_str(), "every write that landed, none lost");
    let data = &json(&read)["data"];
    assert_eq!((&data["name"], &data["display_name"]), (&name, &shown), "the last writer of each field");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_concurrent_partial_updates_lose_nothing_on_sqlite() {
    sixty_concurrent_partial_updates_lose_nothing(app(sqlite_store()).await, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_concurrent_partial_updates_lose_nothing_on_dynamodb() {
    skip_without_dynamodb!();
    sixty_concurrent_partial_updates_lose_nothing(app(dynamo_store().await).await, false).await;
}
