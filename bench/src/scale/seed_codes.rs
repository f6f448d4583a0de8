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
use std::sync::Arc;

use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
use domain::clock;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::{CodeText, NewCode};
use domain::promotion::timestamp::Timestamp;
use store::dynamodb::DynamoStore;
use store::keys;

use crate::codes::Table;

/// Items per BatchWriteItem call: DynamoDB's most.
const ITEMS_PER_CALL: usize = 25;
/// Calls in flight at once.
const WRITERS: usize = 8;

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
    let table = Arc::new(Table { client: table.client.clone(), name: table.name.clone() });
    for writer in 0..WRITERS as u64 {
        let range = (writer * per_writer)..((writer + 1) * per_writer).min(count);
        let (table, store, prefix) = (Arc::clone(&table), store.clone(), prefix.to_owned());
        writers.spawn(async move { write_range(&table, &store, promotion, &prefix, range, first_id).await });
    }
    let mut counted: HashMap<u8, i64> = HashMap::new();
    while let Some(done) = writers.join_next().await {
        for (shard, codes) in done.map_err(|e| e.to_string())?? {
            *counted.entry(shard).or_default() += codes;
        }
    }
    let counters = DynamoStore::new(table.client.clone(), table.name.clone());
    let updates = counted
        .into_iter()
        .map(|(shard, codes)| counters.count_codes(store, promotion, shard, codes))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{e:?}"))?;
    table.client.transact_write_items().set_transact_items(Some(updates)).send().await.map_err(|e| format!("{e:?}"))?;
    Ok(())
}

/// Writes codes `range` and answers how many each counter counts.
async fn write_range(
    table: &Table,
    store: &StoreId,
    promotion: PromotionId,
    prefix: &str,
    range: std::ops::Range<u64>,
    first_id: u64,
) -> Result<HashMap<u8, i64>, String> {
    let created = Timestamp::from_utc(clock::now());
    let mut counted: HashMap<u8, i64> = HashMap::new();
    let mut pending: Vec<WriteRequest> = Vec::with_capacity(ITEMS_PER_CALL);
    for n in range {
        let text = CodeText::try_from_str(&format!("{prefix}-S{n:07}")).ok_or("a seeded code's text")?;
        let code = NewCode::new(text, 1, 1).into_code(first_id + n, created);
        let shard = (n % u64::from(keys::CODE_COUNT_SHARDS)) as u8;
        *counted.entry(shard).or_default() += 1;
        for item in DynamoStore::code_items(store, promotion, &code, Some(shard)).map_err(|e| format!("{e:?}"))? {
            let put = PutRequest::builder().set_item(Some(item)).build().map_err(|e| e.to_string())?;
            pending.push(WriteRequest::builder().put_request(put).build());
            if pending.len() == ITEMS_PER_CALL {
                write(table, std::mem::take(&mut pending)).await?;
            }
        }
    }
    if !pending.is_empty() {
        write(table, pending).await?;
    }
    Ok(counted)
}

/// One BatchWriteItem, sending what DynamoDB left unprocessed again until none is left.
async fn write(table: &Table, mut requests: Vec<WriteRequest>) -> Result<(), String> {
    while !requests.is_empty() {
        let answer = table
            .client
            .batch_write_item()
            .request_items(&table.name, requests)
            .send()
            .await
            .map_err(|e| format!("{e:?}"))?;
        requests = answer.unprocessed_items.and_then(|mut left| left.remove(&table.name)).unwrap_or_default();
    }
    Ok(())
}
