//! One stream record as one PutEvents entry: the change event the `store` crate maps it to
//! (`store::dynamodb::changes`), addressed to the bus, stamped with the time of the change.

use aws_lambda_events::event::dynamodb::EventRecord;
use aws_sdk_eventbridge::primitives::DateTime;
use aws_sdk_eventbridge::types::PutEventsRequestEntry;
use store::dynamodb::changes::{change_event, StreamChange, SOURCE};
use store::StoreError;

/// The record as the store's mapping reads it.
pub fn stream_change(record: &EventRecord) -> StreamChange<'_> {
    StreamChange {
        id: &record.event_id,
        time: record.change.approximate_creation_date_time,
        old_image: &record.change.old_image,
        new_image: &record.change.new_image,
    }
}

/// The entry for `record` on `bus`, or `None` when the record is no merchant-visible change.
pub fn entry(record: &EventRecord, bus: &str) -> Result<Option<PutEventsRequestEntry>, StoreError> {
    let Some(event) = change_event(stream_change(record))? else { return Ok(None) };
    let detail = serde_json::to_string(&event.detail).map_err(|error| StoreError::Backend(Box::new(error)))?;
    let time = event.detail.time;
    let entry = PutEventsRequestEntry::builder()
        .event_bus_name(bus)
        .source(SOURCE)
        .detail_type(event.detail_type())
        .detail(detail)
        .time(DateTime::from_millis(time.timestamp_millis()))
        .build();
    Ok(Some(entry))
}
