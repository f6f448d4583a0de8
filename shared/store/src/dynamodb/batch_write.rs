//! BatchWriteItem until every request is processed: DynamoDB may leave some of a batch
//! unprocessed (throttled) and answer success, so what it hands back is sent again after a pause.

use aws_sdk_dynamodb::types::WriteRequest;

use super::transact::backoff;
use super::{sdk_error, DynamoStore};
use crate::error::StoreError;

/// Most requests one BatchWriteItem may hold.
pub const MAX_BATCH_WRITES: usize = 25;

impl DynamoStore {
    /// Sends `requests` (at most [`MAX_BATCH_WRITES`]) in one BatchWriteItem, and what DynamoDB
    /// leaves unprocessed again until none is left. Public for tools that fill a table in bulk.
    pub async fn batch_write(&self, mut requests: Vec<WriteRequest>) -> Result<(), StoreError> {
        for retry in 0.. {
            let answer =
                self.client.batch_write_item().request_items(&self.table, requests).send().await.map_err(sdk_error)?;
            requests = answer.unprocessed_items.and_then(|mut left| left.remove(&self.table)).unwrap_or_default();
            if requests.is_empty() {
                break;
            }
            tokio::time::sleep(backoff(retry)).await;
        }
        Ok(())
    }
}
