//! `scripts/bench scale`: what a large store costs. Seeds a DynamoDB Local table through the API
//! with `SCALE_LIVE` live automatic promotions (default 1,000), measures, adds promotions no
//! evaluation should read until the store has `SCALE_PROMOTIONS` (default 100,000), measures
//! again, then measures creates from 50 clients, codegen on one promotion (`SCALE_CODEGEN`
//! codes, default 20,000), fills it up to `SCALE_CODES` codes (default 1,000,000) in bulk, and
//! measures how long the codes of that promotion take to disappear after it is deleted. Every figure comes from the requests themselves: latency, DynamoDB
//! calls and consumed capacity (the SDK interceptor's `ReturnConsumedCapacity`).
//!
//! - [`client`]: the API in this process, with each request's DynamoDB usage.
//! - [`load`]: many requests from many clients.
//! - [`workload`]: the promotions and the cart.
//! - [`probes`]: the measured requests (evaluation, listing, code lookup) at one store size.
//! - [`codes`]: codegen at scale, and the background removal of a deleted promotion's codes.
//! - [`seed_codes`]: a million codes written in bulk, as codegen would have written them.
//! - [`stats`]: percentiles and means.

mod client;
mod codes;
mod load;
mod probes;
mod seed_codes;
mod stats;
mod workload;

use std::sync::Arc;
use std::time::Instant;

use aws_sdk_dynamodb::Client;
use domain::access::{ApiKey, Scopes};
use domain::ids::StoreId;
use lambda_http::http::Method;
use store::dynamodb::{client as dynamodb_client, DynamoStore};
use store::KeyStore;

use client::Api;

/// The store the bench fills.
pub const STORE: &str = "scale";

fn size(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|value| value.replace('_', "").parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let port = std::env::var("DYNAMODB_PORT").map_err(|_| "DYNAMODB_PORT is not set")?;
    let (live, total, code_count) =
        (size("SCALE_LIVE", 1_000), size("SCALE_PROMOTIONS", 100_000), size("SCALE_CODES", 1_000_000));
    let endpoint = format!("http://127.0.0.1:{port}");
    let config = dynamodb_client::lambda_config_from(|name| match name {
        "AWS_REGION" => Some("us-east-1".to_owned()),
        "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY" => Some("bench".to_owned()),
        "AWS_ENDPOINT_URL_DYNAMODB" => Some(endpoint.clone()),
        _ => None,
    })?;
    let table = format!("scale-{}", std::process::id());
    let client = Client::from_conf(config);
    let store = DynamoStore::new(client.clone(), table.clone());
    // No TTL: DynamoDB Local's TTL job would scan the table of millions under its write lock.
    store.create_table_without_ttl().await.map_err(|e| format!("{e:?}"))?;
    let key = "scale-bench-key";
    let record = ApiKey::register(key, StoreId::parse(STORE).ok_or("store")?, Scopes::all(), domain::clock::now())
        .map_err(|e| format!("{e:?}"))?;
    store.put_api_key(&record).await.map_err(|e| format!("{e:?}"))?;
    let api = Api::new(Arc::new(api::App::new(Arc::new(store))), key.to_owned());
    let promotions = format!("/stores/{STORE}/v3/promotions");

    println!("seeding {live} live automatic promotions and 2 coupon promotions with codes …");
    let (seeded, _) = load::run(&api, 16, live, {
        let promotions = promotions.clone();
        move |n| (Method::POST, promotions.clone(), Some(workload::live_automatic(n)))
    })
    .await?;
    ensure_no_server_errors("seeding live promotions", &seeded)?;
    let coupons = probes::coupons_with_codes(&api).await?;
    let mut rows = probes::measure(&api, live + 2, &coupons).await?;
    probes::print(&rows);

    let more = total.saturating_sub(live + 2);
    println!("adding {more} promotions that are not live (disabled, ended, coupons without codes) …");
    let started = Instant::now();
    let (seeded, _) = load::run(&api, 32, more, {
        let promotions = promotions.clone();
        move |n| (Method::POST, promotions.clone(), Some(workload::not_live(n)))
    })
    .await?;
    ensure_no_server_errors("seeding", &seeded)?;
    println!("  {} creates in {:.0} s", seeded.count(), started.elapsed().as_secs_f64());
    rows.extend(probes::measure(&api, total, &coupons).await?);
    rows.push(probes::concurrent_creates(&api).await?);
    probes::print(&rows);
    rows.extend(codes::at_scale(&api, &codes::Table { client, name: table }, code_count).await?);
    println!("the whole run:");
    probes::print(&rows);
    rows.iter().try_for_each(|row| ensure_no_server_errors(&row.what, &row.series))
}

/// Fails the bench when a request answered 5xx: the budget is none.
pub fn ensure_no_server_errors(what: &str, series: &stats::Series) -> Result<(), String> {
    match series.server_errors {
        0 => Ok(()),
        errors => Err(format!("{what}: {errors} requests answered 5xx ({})", series.status_summary())),
    }
}
