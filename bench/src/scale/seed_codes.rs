//! Filling a promotion with codes fast: the items codegen writes (through the store's own item
//! builder, so they are the codes the API reads, lists and purges), in BatchWriteItem calls of 25
//! from several tasks, then one transaction that moves the promotion's code counters by what was
//! written.
//!
//! Why not codegen: DynamoDB Local runs one transaction at a time, so the API's codegen fills a
//! table at a few hundred codes per second (the bench measures that rate on a sample) and a
//! million codes would take an hour. Batches skip what only concurrent writers need (the
//! conditions and the id claims): the codes' texts and ids are distinct by construction here.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
use domain::clock;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::{CodeText, NewCode};
use domain::promotion::timestamp::Timestamp;
use store::dynamodb::batch_write::MAX_BATCH_WRITES;
use store::dynamodb::DynamoStore;
use store::{keys, StoreError};

use crate::codes::Table;

/// Calls in flight at once.
const WRITERS: usize = 8;
/// Codes between two progress lines.
const REPORT_EVERY: u64 = 100_000;

/// How far the writers are, for a progress line every [`REPORT_EVERY`] codes (a run of a
/// million codes is long, and its rate shows whether the emulator keeps up).
struct Progress {
    started: Instant,
    written: AtomicU64,
}

impl Progress {
    fn add(&self, codes: u64) {
        let before = self.written.fetch_add(codes, Ordering::Relaxed);
        if (before + codes) / REPORT_EVERY > before / REPORT_EVERY {
            let seconds = self.started.elapsed().as_secs_f64();
            println!("  {} codes in {seconds:.0} s ({:.0} codes/s)", before + codes, (before + codes) as f64 / seconds);
        }
    }
}

/// Writes `count` codes `<prefix>-S<n>` on `promotion`, ids counting up from `first_id`.
pub async fn seed(
    table: &Table,
    store: &StoreId,
    promotion: PromotionId,
    prefix: &str,
    count: u64,
    first_id: u64,
) -> Result<(), String> {
    let per_writer = count.div_ceil(WRITERS as u64);
    let mut writers = tokio::task::JoinSet::new();
    let table = Arc::new(DynamoStore::new(table.client.clone(), table.name.clone()));
    let progress = Arc::new(Progress { started: Instant::now(), written: AtomicU64::new(0) });
    for writer in 0..WRITERS as u64 {
        let range = (writer * per_writer)..((writer + 1) * per_writer).min(count);
        let (store_table, store, prefix) = (Arc::clone(&table), store.clone(), prefix.to_owned());
        let progress = Arc::clone(&progress);
        writers.spawn(async move {
            write_range(&store_table, &store, promotion, &prefix, range, first_id, &progress).await
        });
    }
    let mut counted: HashMap<u8, i64> = HashMap::new();
    while let Some(done) = writers.join_next().await {
        for (shard, codes) in done.map_err(|e| e.to_string())?? {
            *counted.entry(shard).or_default() += codes;
        }
    }
    let updates = counted
        .into_iter()
        .map(|(shard, codes)| table.count_codes(store, promotion, shard, codes))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{e:?}"))?;
    if updates.is_empty() {
        // Codegen made every code (`SCALE_CODEGEN` ≥ `SCALE_CODES`): nothing to count.
        return Ok(());
    }
    table
        .client()
        .transact_write_items()
        .set_transact_items(Some(updates))
        .send()
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(())
}

/// Writes codes `range` and answers how many each counter counts.
async fn write_range(
    table: &DynamoStore,
    store: &StoreId,
    promotion: PromotionId,
    prefix: &str,
    range: std::ops::Range<u64>,
    first_id: u64,
    progress: &Progress,
) -> Result<HashMap<u8, i64>, String> {
    let created = Timestamp::from_utc(clock::now());
    let mut counted: HashMap<u8, i64> = HashMap::new();
    let mut pending: Vec<WriteRequest> = Vec::with_capacity(MAX_BATCH_WRITES);
    let mut pending_codes = 0;
    for n in range {
        pending_codes += 1;
        let text = CodeText::try_from_str(&format!("{prefix}-S{n:07}")).ok_or("a seeded code's text")?;
        let code = NewCode::new(text, 1, 1).into_code(first_id + n, created);
        let shard = (n % u64::from(keys::CODE_COUNT_SHARDS)) as u8;
        *counted.entry(shard).or_default() += 1;
        for item in DynamoStore::code_items(store, promotion, &code, Some(shard)).map_err(|e| format!("{e:?}"))? {
            let put = PutRequest::builder().set_item(Some(item)).build().map_err(|e| e.to_string())?;
            pending.push(WriteRequest::builder().put_request(put).build());
            if pending.len() == MAX_BATCH_WRITES {
                write(table, std::mem::take(&mut pending)).await?;
                progress.add(std::mem::take(&mut pending_codes));
            }
        }
    }
    if !pending.is_empty() {
        write(table, pending).await?;
    }
    Ok(counted)
}

/// One BatchWriteItem, sent again when the emulator answered too late (its garbage collector
/// pauses now and then on a table of millions of items): the puts are the same each time.
async fn write(table: &DynamoStore, requests: Vec<WriteRequest>) -> Result<(), String> {
    let mut attempts = 0;
    loop {
        match table.batch_write(requests.clone()).await {
            Ok(()) => return Ok(()),
            Err(StoreError::Unavailable(error)) if attempts < 5 => {
                attempts += 1;
                eprintln!("seeding: {error}; sending again");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
            Err(error) => return Err(format!("{error:?}")),
        }
    }
}
