//! A DynamoDB Local table's stream, read with the DynamoDB Streams API, as the records Lambda
//! hands a stream function: each SDK record is written out in Lambda's JSON and read back as
//! `aws_lambda_events`' record, so the mapping is tested on what it receives on AWS.

use std::collections::HashMap;

use aws_lambda_events::event::dynamodb::EventRecord;
use aws_sdk_dynamodb::types::{StreamSpecification, StreamViewType};
use aws_sdk_dynamodbstreams::types::{AttributeValue, Record, ShardIteratorType};
use serde_json::json;
use store::dynamodb::DynamoStore;

use crate::support::{dynamodb_endpoint, loopback_sdk_config};

/// Turns on the stream of `store`'s table, as template.yaml has it (new and old images), and
/// returns its ARN.
pub async fn enable(store: &DynamoStore) -> String {
    let spec = StreamSpecification::builder()
        .stream_enabled(true)
        .stream_view_type(StreamViewType::NewAndOldImages)
        .build()
        .expect("a stream specification");
    let client = store.client();
    client.update_table().table_name(store.table()).stream_specification(spec).send().await.expect("a stream");
    let table = client.describe_table().table_name(store.table()).send().await.expect("the table");
    table.table.and_then(|t| t.latest_stream_arn).expect("the table has a stream")
}

/// Every record on the stream `arn` so far, shard by shard, each shard in its order.
pub async fn records(arn: &str) -> Vec<EventRecord> {
    let client = client();
    let stream = client.describe_stream().stream_arn(arn).send().await.expect("the stream is described");
    let shards = stream.stream_description.map(|d| d.shards.unwrap_or_default()).unwrap_or_default();
    let mut records = Vec::new();
    for shard in shards {
        let shard_id = shard.shard_id.expect("a shard has an id");
        let iterator = client.get_shard_iterator().stream_arn(arn).shard_id(shard_id);
        let iterator = iterator.shard_iterator_type(ShardIteratorType::TrimHorizon).send().await;
        let mut next = iterator.expect("a shard iterator").shard_iterator;
        while let Some(iterator) = next {
            let page = client.get_records().shard_iterator(iterator).send().await.expect("the shard's records");
            let page_records = page.records.unwrap_or_default();
            if page_records.is_empty() {
                break;
            }
            records.extend(page_records.into_iter().map(lambda_record));
            next = page.next_shard_iterator;
        }
    }
    records
}

fn client() -> aws_sdk_dynamodbstreams::Client {
    aws_sdk_dynamodbstreams::Client::new(&loopback_sdk_config(&dynamodb_endpoint()))
}

/// The record as Lambda's DynamoDB event carries it.
fn lambda_record(record: Record) -> EventRecord {
    let change = record.dynamodb.expect("a record has its change");
    let image = |image: Option<HashMap<String, AttributeValue>>| image.map(serde_dynamo::Item::from);
    let created = change.approximate_creation_date_time.map(|t| t.as_secs_f64());
    let event = json!({
        "eventID": record.event_id,
        "eventName": record.event_name.map(|name| name.as_str().to_owned()),
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "ApproximateCreationDateTime": created,
            "Keys": image(change.keys),
            "NewImage": image(change.new_image),
            "OldImage": image(change.old_image),
            "SequenceNumber": change.sequence_number,
            "SizeBytes": change.size_bytes,
            "StreamViewType": change.stream_view_type.map(|view| view.as_str().to_owned()),
        },
    });
    serde_json::from_value(event).expect("Lambda's DynamoDB record")
}
