//! The measured requests at one store size, and the table they print.

use lambda_http::http::Method;
use serde_json::json;

use crate::client::Api;
use crate::stats::Series;
use crate::{load, workload, STORE};

/// How often each probe is sent at each size.
const PROBES: u64 = 200;

/// One line of the report.
pub struct Row {
    pub what: String,
    pub stored: u64,
    pub series: Series,
    /// Anything else worth saying (a rate, a time).
    pub note: String,
}

impl Row {
    pub fn new(what: impl Into<String>, stored: u64, series: Series, note: impl Into<String>) -> Self {
        Row { what: what.into(), stored, series, note: note.into() }
    }
}

/// The two codes the cart carries, each of its own coupon promotion.
pub const CODES: [&str; 2] = ["SCALE-A", "SCALE-B"];

/// Creates the two coupon promotions the cart's codes name; returns their ids.
pub async fn coupons_with_codes(api: &Api) -> Result<Vec<u64>, String> {
    let mut ids = Vec::new();
    for code in CODES {
        let body = workload::coupon(&format!("Coupon {code}"));
        let created = api.call(Method::POST, &format!("/stores/{STORE}/v3/promotions"), Some(&body)).await?;
        let id = created.body["data"]["id"].as_u64().ok_or_else(|| format!("create coupon: {}", created.body))?;
        let path = format!("/stores/{STORE}/v3/promotions/{id}/codes");
        let added = api.call(Method::POST, &path, Some(&json!({"code": code, "max_uses": 0}))).await?;
        if added.status >= 300 {
            return Err(format!("add code {code}: {} {}", added.status, added.body));
        }
        ids.push(id);
    }
    Ok(ids)
}

/// Evaluation, code lookup and listing pages, at a store holding `stored` promotions.
pub async fn measure(api: &Api, stored: u64, coupons: &[u64]) -> Result<Vec<Row>, String> {
    println!("measuring at {stored} promotions …");
    let promotions = format!("/stores/{STORE}/v3/promotions");
    let cart = workload::cart(CODES);
    let evaluate = load::repeat(api, PROBES, Method::POST, &format!("{promotions}/evaluate"), Some(&cart)).await?;
    let applied = api.call(Method::POST, &format!("{promotions}/evaluate"), Some(&cart)).await?;
    let (data, listed) = (&applied.body["data"], applied.body["data"]["promotions"].as_array().map_or(0, Vec::len));
    let (before, after) = (&data["totals"]["total_before"], &data["totals"]["total_after"]);
    let note = format!("{listed} promotions answered; total {before} → {after}; coupons {coupons:?}");
    let mut rows = vec![Row::new("evaluate (100 lines, 2 codes)", stored, evaluate, note)];
    let lookup = load::repeat(api, PROBES, Method::GET, &format!("{promotions}/codes?code={}", CODES[0]), None).await?;
    rows.push(Row::new("code lookup", stored, lookup, ""));
    for page in [1, 400] {
        let path = format!("{promotions}?sort=name&direction=asc&limit=50&page={page}");
        let series = load::repeat(api, PROBES / 4, Method::GET, &path, None).await?;
        rows.push(Row::new(format!("list sorted by name, page {page} of 50"), stored, series, ""));
    }
    let deep = deep_cursor(api, &promotions, 400, stored).await?;
    rows.push(deep);
    Ok(rows)
}

/// The cursor page that page `page` would be: follows `after` cursors to it, then measures it.
async fn deep_cursor(api: &Api, promotions: &str, page: u64, stored: u64) -> Result<Row, String> {
    let mut path = format!("{promotions}?sort=name&direction=asc&limit=50");
    let mut reached = 1;
    while reached < page {
        let answer = api.call(Method::GET, &path, None).await?;
        match answer.body["meta"]["cursor_pagination"]["links"]["next"].as_str() {
            Some(next) => path = format!("{promotions}{next}"),
            None => break,
        }
        reached += 1;
    }
    let series = load::repeat(api, PROBES / 4, Method::GET, &path, None).await?;
    Ok(Row::new(format!("list sorted by name, cursor page {reached}"), stored, series, ""))
}

/// 1,000 creates from 50 concurrent clients in one store.
pub async fn concurrent_creates(api: &Api) -> Result<Row, String> {
    println!("50 clients creating 1,000 promotions …");
    let promotions = format!("/stores/{STORE}/v3/promotions");
    let started = std::time::Instant::now();
    let (series, ids) = load::run(api, 50, 1_000, move |n| {
        (Method::POST, promotions.clone(), Some(workload::coupon(&format!("Burst {n}"))))
    })
    .await?;
    let elapsed = started.elapsed().as_secs_f64();
    let mut distinct = ids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let note = format!("{:.0} creates/s, {} distinct ids", ids.len() as f64 / elapsed, distinct.len());
    Ok(Row::new("create promotion, 50 clients", 0, series, note))
}

/// The report, as a Markdown table (printed after each phase too, so a run cut short keeps
/// what it measured).
pub fn print(rows: &[Row]) {
    println!();
    println!("| request | stored promotions | requests | statuses | DynamoDB calls / request | RCU+WCU / request | p50 ms | p99 ms | note |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for row in rows {
        let stored = if row.stored == 0 { "—".to_owned() } else { row.stored.to_string() };
        println!(
            "| {} | {} | {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {} |",
            row.what,
            stored,
            row.series.count(),
            row.series.status_summary(),
            row.series.calls_per_request(),
            row.series.capacity_per_request(),
            row.series.percentile_ms(50.0),
            row.series.percentile_ms(99.0),
            row.note
        );
    }
}
