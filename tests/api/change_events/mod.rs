//! Change events: the table's stream records mapped to the events merchants subscribe to
//! (`store::dynamodb::changes`), and published by `publish-changes`.
//!
//! - `table_stream`: reads a DynamoDB Local table's stream through the Streams API and turns each
//!   record into the shape Lambda hands the function.
//! - `stream`: the changes a merchant makes, through the real store, as events, in order per
//!   entity; everything else the table holds announces nothing.
//! - `fixture`: `events/stream/publish-changes.json`, the stream event the function is shown with.
//! - `bus`: `publish-changes` putting them on an EventBridge bus (moto's server, when
//!   `scripts/test` started it), through a rule to a merchant's queue.

mod bus;
mod fixture;
mod stream;
mod table_stream;

use serde_json::{json, Value};
use store::dynamodb::changes::ChangeEvent;

/// What a reader of `event` notices: its detail type and detail, minus the time and change id
/// (which every event has and no test can predict).
pub fn noticed(event: &ChangeEvent) -> Value {
    let mut detail = serde_json::to_value(&event.detail).expect("a detail is JSON");
    let fields = detail.as_object_mut().expect("a detail is an object");
    assert!(fields.remove("time").is_some() && fields.remove("change_id").is_some_and(|id| id != ""), "{event:?}");
    json!({"detail_type": event.detail_type(), "detail": detail})
}
