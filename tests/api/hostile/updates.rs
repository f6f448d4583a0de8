//! Sixty partial updates of one promotion at once, without `If-Match`: every one lands (200)
//! on both stores, the promotion ends with sixty more versions, and no write loses another's
//! field: each version keeps the `name` and `display_name` the last writers of each set.

use std::collections::BTreeMap;
use std::sync::Arc;

use api::App;
use serde_json::json;

use crate::support::{app, dynamo_store, json, request, sqlite_store};

async fn sixty_concurrent_partial_updates_all_land(app: App) {
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
        tokio::spawn(
            async move { update_promotion::handle(&app, request("PUT", "demo", Some(&id), Some(patch))).await },
        )
    });
    let updates: Vec<_> = updates.collect(); // all sixty in flight before the first answer is awaited
    let started = std::time::Instant::now();
    let mut answers = Vec::new();
    for update in updates {
        answers.push((update.await.unwrap(), started.elapsed()));
    }
    // Each answer's status and when it came (ms), for a failure's message.
    let statuses: Vec<(u16, u128)> = answers.iter().map(|(r, t)| (r.status().as_u16(), t.as_millis())).collect();
    let mut versions = BTreeMap::new();
    for (n, (response, _)) in answers.into_iter().enumerate() {
        assert_eq!(response.status(), 200, "{} {statuses:?}", json(&response));
        let etag = response.headers()["etag"].to_str().unwrap().to_owned();
        versions.insert(etag.trim_matches('"').trim_start_matches('v').parse::<u64>().unwrap(), (n, json(&response)));
    }
    assert_eq!(versions.keys().copied().collect::<Vec<_>>(), (2..=61).collect::<Vec<_>>(), "one version each");
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
    assert_eq!(read.headers()["etag"], "\"v61\"", "sixty writes, none lost");
    let data = &json(&read)["data"];
    assert_eq!((&data["name"], &data["display_name"]), (&name, &shown), "the last writer of each field");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_concurrent_partial_updates_all_land_on_sqlite() {
    sixty_concurrent_partial_updates_all_land(app(sqlite_store()).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_concurrent_partial_updates_all_land_on_dynamodb() {
    skip_without_dynamodb!();
    sixty_concurrent_partial_updates_all_land(app(dynamo_store().await).await).await;
}
