//! Many requests at once: `clients` tasks that each take the next request until none is left.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use lambda_http::http::Method;
use serde_json::Value;

use crate::client::Api;
use crate::stats::Series;

/// Sends `count` requests built by `request(n)` from `clients` concurrent clients; returns their
/// figures and the JSON answers' `data.id`s (where there is one).
pub async fn run<F>(api: &Api, clients: usize, count: u64, request: F) -> Result<(Series, Vec<u64>), String>
where
    F: Fn(u64) -> (Method, String, Option<Value>) + Send + Sync + 'static,
{
    let next = Arc::new(AtomicU64::new(0));
    let request = Arc::new(request);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..clients {
        let (api, next, request) = (api.clone(), Arc::clone(&next), Arc::clone(&request));
        tasks.spawn(async move {
            let (mut series, mut ids) = (Series::default(), Vec::new());
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count {
                    return Ok::<_, String>((series, ids));
                }
                let (method, path, body) = request(n);
                let started = Instant::now();
                let answer = api.call(method, &path, body.as_ref()).await?;
                series.record(answer.status, started.elapsed(), answer.usage);
                ids.extend(answer.body["data"]["id"].as_u64());
            }
        });
    }
    let (mut series, mut ids) = (Series::default(), Vec::new());
    while let Some(done) = tasks.join_next().await {
        let (part, part_ids) = done.map_err(|e| e.to_string())??;
        series.merge(part);
        ids.extend(part_ids);
    }
    Ok((series, ids))
}

/// One request `times` times in a row (latency without contention).
pub async fn repeat(api: &Api, times: u64, method: Method, path: &str, body: Option<&Value>) -> Result<Series, String> {
    let mut series = Series::default();
    for _ in 0..times {
        let started = Instant::now();
        let answer = api.call(method.clone(), path, body).await?;
        series.record(answer.status, started.elapsed(), answer.usage);
    }
    Ok(series)
}
