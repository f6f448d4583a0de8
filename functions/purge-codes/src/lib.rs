//! Removes the codes of deleted promotions, in the background. Deleting a promotion is one
//! write however many codes it has (they stop counting at once: `store::CodeStore::find_code`
//! finds none of them); the table's stream then brings the promotion item's `REMOVE` here (the
//! event source mapping filters for nothing else) and its codes are purged in chunks of
//! [`CHUNK`] until none is left.
//!
//! Resumable and idempotent: each chunk starts from the codes still filed under the promotion,
//! so work done is never done again, and work cut short is finished later. When the invocation
//! nears its deadline, or the store fails, the record is reported as the batch's failure
//! (`ReportBatchItemFailures`), and Lambda sends the batch again from it; `local-api` runs the
//! same purge after each delete ([`purge`]).

use std::time::SystemTime;

use aws_lambda_events::event::dynamodb::{Event, EventRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use domain::ids::{PromotionId, StoreId};
use store::{keys, Store, StoreError};

/// Codes removed per store call: one Query and 20 transactions side by side on DynamoDB.
pub const CHUNK: usize = 1_000;

/// Purges the codes of every promotion `event` deleted, until `until`; the answer names the
/// first record whose purge is not finished, if any, for Lambda to send again.
pub async fn purge_deleted(store: &dyn Store, event: &Event, until: SystemTime) -> DynamoDbEventResponse {
    let mut response = DynamoDbEventResponse::default();
    for record in &event.records {
        let Some((store_id, promotion)) = deleted_promotion(record) else { continue };
        let finished = match purge(store, &store_id, promotion, CHUNK, until).await {
            Ok(finished) => finished,
            Err(error) => {
                let message = format!("the purge of promotion {} failed: {error}", promotion.0);
                eprintln!("{}", serde_json::json!({ "level": "ERROR", "message": message }));
                false
            }
        };
        if !finished {
            let mut failure = DynamoDbBatchItemFailure::default();
            failure.item_identifier = record.change.sequence_number.clone();
            response.batch_item_failures.push(failure);
            break;
        }
    }
    response
}

/// Removes the deleted promotion's codes, `chunk` at a time, until none is left (true) or
/// `until` passed (false: call again to go on).
pub async fn purge(
    store: &dyn Store,
    store_id: &StoreId,
    promotion: PromotionId,
    chunk: usize,
    until: SystemTime,
) -> Result<bool, StoreError> {
    loop {
        if store.purge_codes(store_id, promotion, chunk).await? {
            return Ok(true);
        }
        if SystemTime::now() >= until {
            return Ok(false);
        }
    }
}

/// The store and id of the promotion a record removed, if it removed one.
fn deleted_promotion(record: &EventRecord) -> Option<(StoreId, PromotionId)> {
    if record.event_name != "REMOVE" {
        return None;
    }
    let text = |name: &str| match record.change.keys.get(name) {
        Some(serde_dynamo::AttributeValue::S(text)) => Some(text.as_str()),
        _ => None,
    };
    let store = StoreId::parse(keys::store_of_pk(text(keys::PK)?)?)?;
    Some((store, keys::promotion_of_sk(text(keys::SK)?)?))
}
