//! Codes at scale: codegen's rate on a sample of codes, the rest of a million seeded in bulk on
//! the same promotion (`seed_codes`), a page of them, and how long the deleted promotion's codes
//! take to disappear from the table.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use api::App;

use aws_sdk_dynamodb::types::{AttributeValue, Select};
use aws_sdk_dynamodb::Client;
use domain::ids::{PromotionId, StoreId};
use lambda_http::http::Method;
use serde_json::json;
use store::keys;

use crate::client::Api;
use crate::probes::Row;
use crate::{load, workload, STORE};

/// The prefix of every generated code (no other code of the bench starts with it).
const PREFIX: &str = "FLASH";
/// Codes per codegen request: the API's largest batch.
const BATCH: u64 = 250;
/// Concurrent codegen clients. DynamoDB Local runs one transaction at a time, so its codegen rate
/// does not grow with clients: more clients only queue in the emulator, where a codegen's latency
/// grows with them until one passes the API's deadline (docs/scale.md has the run that showed it).
/// One client measures the rate without that queue; codegens of one promotion side by side are
/// the suite's to test.
const CODEGEN_CLIENTS: usize = 1;
/// Codes made through codegen, to measure its rate (`SCALE_CODEGEN`); the rest are seeded.
const CODEGEN_SAMPLE: u64 = 20_000;

/// The table the bench writes, read directly to count what is left.
pub struct Table {
    pub client: Client,
    pub name: String,
}

/// Generates a sample of codes on one promotion from [`CODEGEN_CLIENTS`] clients, seeds the rest
/// up to `codes`, measures a page of them, deletes the promotion and waits until none of its code
/// items is left.
pub async fn at_scale(api: &Api, table: &Table, codes: u64) -> Result<Vec<Row>, String> {
    let body = workload::coupon("Flash sale");
    let created = api.call(Method::POST, &format!("/stores/{STORE}/v3/promotions"), Some(&body)).await?;
    let id = created.body["data"]["id"].as_u64().ok_or_else(|| format!("create: {}", created.body))?;
    let sample = crate::size("SCALE_CODEGEN", CODEGEN_SAMPLE).min(codes);
    println!("generating {sample} codes on promotion {id} …");
    let path = format!("/stores/{STORE}/v3/promotions/{id}/codegen");
    let request = json!({"batch_size": BATCH, "prefix": PREFIX, "delimiter": "-", "code_length": 12});
    let started = Instant::now();
    let (generated, _) = load::run(api, CODEGEN_CLIENTS, sample.div_ceil(BATCH), move |_| {
        (Method::POST, path.clone(), Some(request.clone()))
    })
    .await?;
    // Only the batches that were created count; a 5xx is reported (and fails the run at its end),
    // but the codes that exist are still deleted and purged.
    let created = generated.statuses.get(&201).copied().unwrap_or(0);
    let rate = (created * BATCH) as f64 / started.elapsed().as_secs_f64();
    let clients = if CODEGEN_CLIENTS == 1 { "1 client".to_owned() } else { format!("{CODEGEN_CLIENTS} clients") };
    let what = format!("codegen of {BATCH} codes, {clients}");
    let mut rows = vec![Row::new(what, 0, generated, format!("{rate:.0} codes/s, {} codes", created * BATCH))];
    crate::probes::print(&rows);

    let store = StoreId::parse(STORE).ok_or("store")?;
    let seeded = codes.saturating_sub(created * BATCH);
    println!("seeding {seeded} more codes …");
    let started = Instant::now();
    let first_id = domain::ids::code_ids(domain::clock::now(), 1).map_err(|e| format!("{e:?}"))?[0];
    crate::seed_codes::seed(table, &store, PromotionId(id), PREFIX, seeded, first_id).await?;
    println!("  in {:.0} s", started.elapsed().as_secs_f64());

    let page = format!("/stores/{STORE}/v3/promotions/{id}/codes?limit=50");
    rows.push(Row::new("list codes, first page of 50", 0, load::repeat(api, 50, Method::GET, &page, None).await?, ""));

    let delete = load::repeat(api, 1, Method::DELETE, &format!("/stores/{STORE}/v3/promotions/{id}"), None).await?;
    let deleted_at = Instant::now();
    // The purge's own end is the moment measured (polling the table meanwhile would load the
    // emulator it measures); the table is then counted once to confirm nothing is left.
    let purge = tokio::time::timeout(GIVE_UP, purge_in_background(api.app(), PromotionId(id))).await;
    let gone_after = deleted_at.elapsed().as_secs_f64();
    let left = code_items(table, PromotionId(id)).await?;
    let outcome = if purge.is_ok() { "codes gone" } else { "purge still running" };
    let note = format!("{outcome} {gone_after:.0} s after the 204 ({left} left)");
    rows.push(Row::new(format!("delete a promotion with {codes} codes"), 0, delete, note));
    if left > 0 {
        crate::probes::print(&rows);
        return Err(format!("{left} code items of the deleted promotion are left"));
    }
    Ok(rows)
}

/// What the table's stream has `purge-codes` do on AWS after the delete: runs of at most
/// [`PURGE_RUN`] (a Lambda timeout), each going on where the last stopped, until none is left.
async fn purge_in_background(app: Arc<App>, promotion: PromotionId) {
    let Some(store) = StoreId::parse(STORE) else { return };
    loop {
        let until = SystemTime::now() + PURGE_RUN;
        match purge_codes::purge(app.store(), &store, promotion, purge_codes::CHUNK, until).await {
            Ok(true) => return,
            Ok(false) => {}
            Err(error) => {
                eprintln!("purge: {error:?}; trying again");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// The purge function's timeout in template.yaml.
const PURGE_RUN: Duration = Duration::from_secs(900);

/// How long the bench waits for a purge.
const GIVE_UP: Duration = Duration::from_secs(3600);

/// How many code items of `promotion` the table holds: its codes' entries under the promotion
/// and their lookups by text.
async fn code_items(table: &Table, promotion: PromotionId) -> Result<u64, String> {
    let store = StoreId::parse(STORE).ok_or("store")?;
    let under_promotion = (keys::promotion_code_sk(promotion, 0), keys::promotion_code_sk(promotion, u64::MAX));
    let by_text = (keys::code_sk(PREFIX), keys::code_sk(&format!("{PREFIX}~")));
    let mut total = 0;
    for (first, last) in [under_promotion, by_text] {
        let mut start = None;
        loop {
            let page = table
                .client
                .query()
                .table_name(&table.name)
                .key_condition_expression("PK = :pk AND SK BETWEEN :first AND :last")
                .expression_attribute_values(":pk", AttributeValue::S(keys::store_pk(&store)))
                .expression_attribute_values(":first", AttributeValue::S(first.clone()))
                .expression_attribute_values(":last", AttributeValue::S(last.clone()))
                .select(Select::Count)
                // Short calls, each well within the SDK's attempt timeout on a busy emulator.
                .limit(10_000)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(|e| format!("{e:?}"))?;
            total += page.count() as u64;
            start = page.last_evaluated_key;
            if start.is_none() {
                break;
            }
        }
    }
    Ok(total)
}
