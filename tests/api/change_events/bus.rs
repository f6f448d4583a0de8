//! `publish-changes` against a server speaking EventBridge's API on loopback (moto's server
//! mode, pinned in `scripts/tools.sh`; `scripts/test` starts it and names it in
//! `EVENTBRIDGE_ENDPOINT`): the stream fixture's events reach a merchant's queue through a rule
//! on the bus; an entry EventBridge refuses is sent again with everything after it, and a bus
//! that takes nothing gets every event again from the first.

use aws_lambda_events::event::dynamodb::Event;
use aws_sdk_eventbridge::config::interceptors::BeforeDeserializationInterceptorContextMut;
use aws_sdk_eventbridge::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_eventbridge::error::BoxError;
use aws_sdk_eventbridge::types::Target;
use aws_sdk_sqs::types::QueueAttributeName;
use aws_smithy_types::body::SdkBody;
use serde_json::{json, Value};

use publish_changes::Publisher;

use crate::support::{loopback_sdk_config, root};

/// The EventBridge server `scripts/test` started, if any: plain `cargo test` skips these tests
/// and says so once, on stderr (past the harness's capture), as the DynamoDB half does.
fn endpoint() -> Option<String> {
    static ANNOUNCED: std::sync::Once = std::sync::Once::new();
    let endpoint = std::env::var("EVENTBRIDGE_ENDPOINT").ok();
    if endpoint.is_none() {
        ANNOUNCED.call_once(|| {
            let line = "EVENTBRIDGE_ENDPOINT is not set: the EventBridge tests were skipped \
                        (./scripts/test runs them against moto)\n";
            let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
        });
    }
    endpoint
}

fn clients(endpoint: &str) -> (aws_sdk_eventbridge::Client, aws_sdk_sqs::Client) {
    let config = loopback_sdk_config(endpoint);
    (aws_sdk_eventbridge::Client::new(&config), aws_sdk_sqs::Client::new(&config))
}

fn stream_fixture() -> Event {
    let text = std::fs::read_to_string(root().join("events/stream/publish-changes.json")).expect("the fixture");
    serde_json::from_str(&text).expect("a DynamoDB stream event")
}

/// A queue that a rule on `bus` sends store `demo`'s change events to; its URL.
async fn merchant_queue(events: &aws_sdk_eventbridge::Client, sqs: &aws_sdk_sqs::Client, bus: &str) -> String {
    let url = sqs.create_queue().queue_name(bus).send().await.expect("a queue").queue_url.expect("its URL");
    let attributes = sqs.get_queue_attributes().queue_url(&url).attribute_names(QueueAttributeName::QueueArn);
    let attributes = attributes.send().await.expect("the queue's attributes").attributes.unwrap_or_default();
    let arn = attributes.get(&QueueAttributeName::QueueArn).expect("the queue's ARN");
    let pattern = json!({"source": ["promotions-api"], "detail": {"store_id": ["demo"]}});
    let rule = events.put_rule().event_bus_name(bus).name("demo").event_pattern(pattern.to_string());
    rule.send().await.expect("the merchant's rule");
    let target = Target::builder().id("queue").arn(arn).build().expect("a target");
    events.put_targets().event_bus_name(bus).rule("demo").targets(target).send().await.expect("the rule's target");
    url
}

#[tokio::test]
async fn the_streams_changes_reach_a_merchants_queue_through_a_rule_on_the_bus() {
    let Some(endpoint) = endpoint() else { return };
    let (events, sqs) = clients(&endpoint);
    let bus = format!("changes-{}", std::process::id());
    events.create_event_bus().name(&bus).send().await.expect("the bus");
    let queue = merchant_queue(&events, &sqs, &bus).await;

    let response = Publisher::new(events, &bus).publish(&stream_fixture()).await;

    assert_eq!(response.batch_item_failures, [], "every change is on the bus");
    let received = sqs.receive_message().queue_url(&queue).max_number_of_messages(10).send().await;
    let messages = received.expect("the queue's messages").messages.unwrap_or_default();
    let mut noticed: Vec<Value> = messages
        .iter()
        .map(|message| {
            let event: Value = serde_json::from_str(message.body().unwrap_or_default()).expect("an event");
            json!({"source": event["source"], "detail-type": event["detail-type"], "entity_id": event["detail"]["entity_id"],
                   "changed_fields": event["detail"]["changed_fields"]})
        })
        .collect();
    noticed.sort_by_key(|event| event["detail-type"].to_string());
    assert_eq!(
        noticed,
        [
            json!({"source": "promotions-api", "detail-type": "code.created", "entity_id": "1001", "changed_fields": null}),
            json!({"source": "promotions-api", "detail-type": "promotion.updated", "entity_id": "1", "changed_fields": ["name"]}),
        ],
        "a queue keeps no order: the events are compared by type"
    );
}

/// Rewrites every PutEvents answer into EventBridge's answer when it takes the first entry and
/// refuses the second (throttled), as it may for any entry.
#[derive(Debug)]
struct SecondEntryRefused;

impl Intercept for SecondEntryRefused {
    fn name(&self) -> &'static str {
        "SecondEntryRefused"
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let answer = json!({"FailedEntryCount": 1, "Entries": [
            {"EventId": "taken"}, {"ErrorCode": "ThrottlingException", "ErrorMessage": "Rate exceeded"}]});
        *context.response_mut().body_mut() = SdkBody::from(answer.to_string());
        Ok(())
    }
}

#[tokio::test]
async fn an_entry_eventbridge_refuses_is_sent_again_with_everything_after_it() {
    let Some(endpoint) = endpoint() else { return };
    let config = aws_sdk_eventbridge::config::Builder::from(&loopback_sdk_config(&endpoint));
    let client = aws_sdk_eventbridge::Client::from_conf(config.interceptor(SecondEntryRefused).build());
    let bus = format!("refusing-{}", std::process::id());
    let (plain, _) = clients(&endpoint);
    plain.create_event_bus().name(&bus).send().await.expect("the bus");
    let fixture = stream_fixture();

    let response = Publisher::new(client, &bus).publish(&fixture).await;

    let second = fixture.records[1].change.sequence_number.clone();
    let failed: Vec<Option<String>> = response.batch_item_failures.into_iter().map(|f| f.item_identifier).collect();
    assert_eq!(failed, [second], "the code's record (the second event) and what follows it are sent again");
}

#[tokio::test]
async fn a_bus_that_takes_nothing_gets_every_change_again_from_the_first() {
    let Some(endpoint) = endpoint() else { return };
    let (events, _) = clients(&endpoint);
    let fixture = stream_fixture();

    let response = Publisher::new(events, "no-such-bus").publish(&fixture).await;

    let first = fixture.records[0].change.sequence_number.clone();
    let failed: Vec<Option<String>> = response.batch_item_failures.into_iter().map(|f| f.item_identifier).collect();
    assert_eq!(failed, [first]);
}
