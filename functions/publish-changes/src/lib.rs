//! Publishes the table's changes: each batch of stream records (in stream order, one batch of a
//! shard at a time) becomes change events on the stack's EventBridge bus, in that order, at most
//! [`ENTRIES_PER_CALL`] per PutEvents.
//!
//! Nothing is lost and the order holds: publishing stops at the first record whose event was
//! not taken (the call failed, EventBridge refused the entry, or its image could not be read),
//! and that record's sequence number is reported as the batch's failure, so that Lambda sends
//! it and everything after it again (`ReportBatchItemFailures`). Events after it in the same
//! call that EventBridge took are then published twice: delivery is at least once, and
//! `change_id` tells the repeats.

mod entry;

pub use entry::stream_change;

use aws_lambda_events::event::dynamodb::{Event, EventRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use aws_sdk_eventbridge::types::PutEventsRequestEntry;
use aws_sdk_eventbridge::Client;

/// PutEvents takes at most 10 entries per call.
pub const ENTRIES_PER_CALL: usize = 10;

/// The bus the events go to and the client that puts them there. Build it once per container.
pub struct Publisher {
    client: Client,
    bus: String,
}

impl Publisher {
    pub fn new(client: Client, bus: impl Into<String>) -> Self {
        Self { client, bus: bus.into() }
    }

    /// Publishes the events of `event`'s records; the answer names the first record to send
    /// again, if any.
    pub async fn publish(&self, event: &Event) -> DynamoDbEventResponse {
        let mut response = DynamoDbEventResponse::default();
        if let Some(sequence_number) = self.first_unpublished(&event.records).await {
            let mut failure = DynamoDbBatchItemFailure::default();
            failure.item_identifier = Some(sequence_number);
            response.batch_item_failures.push(failure);
        }
        response
    }

    /// The sequence number of the first record whose event is not on the bus.
    async fn first_unpublished(&self, records: &[EventRecord]) -> Option<String> {
        let mut entries: Vec<(String, PutEventsRequestEntry)> = Vec::new();
        let mut unreadable = None;
        for record in records {
            match entry::entry(record, &self.bus) {
                Ok(Some(entry)) => entries.push((sequence_number(record), entry)),
                Ok(None) => {}
                Err(error) => {
                    log_error(&format!("record {} cannot be read: {error}", record.event_id));
                    unreadable = Some(sequence_number(record));
                    break;
                }
            }
        }
        for chunk in entries.chunks(ENTRIES_PER_CALL) {
            if let Some(index) = self.put(chunk).await {
                return Some(chunk[index].0.clone());
            }
        }
        unreadable
    }

    /// Puts `chunk` on the bus; the index of the first entry that is not there, if any.
    async fn put(&self, chunk: &[(String, PutEventsRequestEntry)]) -> Option<usize> {
        let entries = chunk.iter().map(|(_, entry)| entry.clone()).collect();
        match self.client.put_events().set_entries(Some(entries)).send().await {
            Err(error) => {
                log_error(&format!("PutEvents failed: {}", aws_sdk_eventbridge::error::DisplayErrorContext(error)));
                Some(0)
            }
            Ok(output) if output.failed_entry_count() == 0 => None,
            Ok(output) => {
                let failed = output.entries().iter().position(|entry| entry.error_code().is_some());
                let code = failed.and_then(|index| output.entries()[index].error_code().map(str::to_owned));
                log_error(&format!("EventBridge refused an entry: {}", code.unwrap_or_default()));
                Some(failed.unwrap_or(0))
            }
        }
    }
}

/// The record's place in its shard: what Lambda's batch item failure names.
fn sequence_number(record: &EventRecord) -> String {
    record.change.sequence_number.clone().unwrap_or_default()
}

/// One JSON line on stderr, which Lambda sends to the function's log group.
fn log_error(message: &str) {
    eprintln!("{}", serde_json::json!({ "level": "ERROR", "message": message }));
}
