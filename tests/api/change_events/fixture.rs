//! `events/stream/publish-changes.json`: the DynamoDB stream event `publish-changes` is shown
//! with (`sam local invoke PublishChangesFunction -e …`), as Lambda sends it, mapped.

use aws_lambda_events::event::dynamodb::Event;
use publish_changes::stream_change;
use serde_json::{json, Value};
use store::dynamodb::changes::change_event;

use super::noticed;
use crate::support::root;

#[test]
fn the_stream_fixture_is_a_renamed_promotion_a_new_code_and_a_counter_that_announces_nothing() {
    let text = std::fs::read_to_string(root().join("events/stream/publish-changes.json")).expect("the fixture");
    let event: Event = serde_json::from_str(&text).expect("a DynamoDB stream event");

    let events: Vec<Value> = event
        .records
        .iter()
        .filter_map(|record| change_event(stream_change(record)).expect("readable"))
        .map(|e| noticed(&e))
        .collect();

    assert_eq!(event.records.len(), 3);
    assert_eq!(
        events,
        [
            json!({"detail_type": "promotion.updated",
                   "detail": {"store_id": "demo", "entity_id": "1", "version": 2, "changed_fields": ["name"]}}),
            json!({"detail_type": "code.created",
                   "detail": {"store_id": "demo", "entity_id": "1001", "promotion_id": 2, "version": null}}),
        ]
    );
}
