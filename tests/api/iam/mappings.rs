//! What a function fed by an event source mapping needs besides its own requests: Lambda reads
//! the source with the function's role. For a DynamoDB stream that is [`STREAM_READ`] on the
//! stream and `ListStreams` (Lambda developer guide, "Using Lambda with DynamoDB": the execution
//! role's permissions), and `sqs:SendMessage` when failed batches go to a queue.

use serde_yaml_ng::Value;

use super::policies::STREAM_READ;
use super::recorder::Actions;

/// The actions each function's event source mappings in `template` need, by function (its crate).
pub fn needed(template: &Value) -> Actions {
    let resources = template["Resources"].as_mapping().expect("Resources");
    let mut needed = Actions::new();
    for (_, mapping) in resources.iter().filter(|(_, r)| r["Type"].as_str() == Some("AWS::Lambda::EventSourceMapping"))
    {
        let properties = &mapping["Properties"];
        let function = ref_of(&properties["FunctionName"]).expect("a mapping names its function with !Ref");
        let binary = &resources[function]["Metadata"]["BuildProperties"]["Binary"];
        let actions = needed.entry(binary.as_str().expect("the function's crate").to_owned()).or_default();
        let stream: Value = serde_yaml_ng::from_str("!GetAtt Table.StreamArn").expect("YAML");
        assert_eq!(properties["EventSourceArn"], stream, "the one source this check knows is the table's stream");
        actions.extend(STREAM_READ.iter().map(|action| (*action).to_owned()));
        actions.insert("dynamodb:ListStreams".to_owned());
        if !properties["DestinationConfig"]["OnFailure"]["Destination"].is_null() {
            actions.insert("sqs:SendMessage".to_owned());
        }
    }
    needed
}

/// The name a `!Ref` tag names.
fn ref_of(value: &Value) -> Option<&str> {
    match value {
        Value::Tagged(tagged) if tagged.tag == "!Ref" => tagged.value.as_str(),
        _ => None,
    }
}
