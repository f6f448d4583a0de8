//! BatchWriteItem until every request is processed: DynamoDB may leave some of a batch
//! unprocessed (throttled) and answer success, so what it hands back is sent again after a
//! jittered pause that doubles, [`BATCH_ATTEMPTS`] attempts in all (as a batch read); then the
//! store is unavailable rather than retrying for as long as the table throttles.

use aws_sdk_dynamodb::types::WriteRequest;

use super::transact::backoff;
use super::{sdk_error, DynamoStore, BATCH_ATTEMPTS};
use crate::error::StoreError;

/// Most requests one BatchWriteItem may hold.
pub const MAX_BATCH_WRITES: usize = 25;

impl DynamoStore {
    /// Sends `requests` (at most [`MAX_BATCH_WRITES`]) in one BatchWriteItem, and what DynamoDB
    /// leaves unprocessed again, [`BATCH_ATTEMPTS`] attempts in all; [`StoreError::Unavailable`]
    /// when some are still left. Public for tools that fill a table in bulk.
    pub async fn batch_write(&self, mut requests: Vec<WriteRequest>) -> Result<(), StoreError> {
        for attempt in 0..BATCH_ATTEMPTS {
            if requests.is_empty() {
                return Ok(());
            }
            if attempt > 0 {
                tokio::time::sleep(backoff(attempt - 1)).await;
            }
            let answer =
                self.client.batch_write_item().request_items(&self.table, requests).send().await.map_err(sdk_error)?;
            requests = answer.unprocessed_items.and_then(|mut left| left.remove(&self.table)).unwrap_or_default();
        }
        if requests.is_empty() {
            return Ok(());
        }
        Err(StoreError::Unavailable("DynamoDB kept requests of a batch write unprocessed".into()))
    }
}
