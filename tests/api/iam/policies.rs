//! The actions `template.yaml` allows each function. Its `Policies` must be inline `Statement`s,
//! each on one resource of the stack and only for what that resource is for: DynamoDB item
//! actions on the table, reading the stream on the table's stream (and `ListStreams` on the
//! table's streams), `PutEvents` on the change events' bus, `SendMessage` on their dead-letter
//! queue. A SAM policy template (`DynamoDBCrudPolicy`, …) or a managed policy would allow actions
//! this check cannot see, and the table has no index, so no function needs an index ARN (a
//! function that queries one later gets that ARN, and only it).

use serde_yaml_ng::Value;

use super::recorder::Actions;
use crate::template::{functions, template};

/// What Lambda needs to read a DynamoDB stream for a function, on the stream itself.
pub const STREAM_READ: [&str; 3] = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"];

/// Where the marketing emails are sent from and in: the account's verified identities and
/// configuration sets of the region (the sender is a stack parameter, so its identity is not a
/// resource of the stack).
const SES_RESOURCES: &str = "- !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*
- !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/*";

/// Whether `action` may be granted on `resource` (a statement's YAML).
fn grantable(resource: &Value, action: &str) -> bool {
    let is = |text: &str| resource == &serde_yaml_ng::from_str::<Value>(text).expect("YAML");
    let streams = "!Sub arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}/stream/*";
    let stream_action = STREAM_READ.contains(&action) || action == "dynamodb:ListStreams";
    (is("!GetAtt Table.Arn") && action.starts_with("dynamodb:") && !stream_action)
        || (is("!GetAtt Table.StreamArn") && STREAM_READ.contains(&action))
        || (is(streams) && action == "dynamodb:ListStreams")
        || (is("!GetAtt EventBus.Arn") && action == "events:PutEvents")
        || (is("!GetAtt ChangeEventsDeadLetters.Arn") && action == "sqs:SendMessage")
        || (is(SES_RESOURCES) && action == "ses:SendEmail")
}

/// The actions each function's statements allow, by function (its crate: `create-promotion`),
/// and what in the policies breaks the rules above.
pub fn allowed(template: &Value) -> (Actions, Vec<String>) {
    let mut allowed = Actions::new();
    let mut problems = Vec::new();
    for (name, function) in functions(template) {
        let binary = function["Metadata"]["BuildProperties"]["Binary"].as_str().unwrap_or(&name).to_owned();
        let actions = allowed.entry(binary).or_default();
        for policy in function["Properties"]["Policies"].as_sequence().into_iter().flatten() {
            let Some(statements) = policy.get("Statement").and_then(Value::as_sequence) else {
                problems.push(format!("{name}: {} is not an inline Statement", text(policy)));
                continue;
            };
            for statement in statements {
                let action = &statement["Action"];
                let listed = action.as_sequence().map_or_else(|| vec![action.clone()], Clone::clone);
                let listed: Vec<&str> = listed.iter().filter_map(Value::as_str).collect();
                let fits = listed.iter().all(|action| grantable(&statement["Resource"], action));
                if statement["Effect"].as_str() != Some("Allow") || !fits {
                    problems.push(format!(
                        "{name}: a statement is not an Allow of what its resource is for: {}",
                        text(statement)
                    ));
                }
                actions.extend(listed.into_iter().map(str::to_owned));
            }
        }
    }
    (allowed, problems)
}

fn text(value: &Value) -> String {
    serde_yaml_ng::to_string(value).unwrap_or_default().trim().replace('\n', " ")
}

#[test]
fn every_function_is_allowed_actions_by_inline_statements_on_the_resources_they_are_for_alone() {
    let template = template();
    let (allowed, problems) = self::allowed(&template);
    assert_eq!(problems, Vec::<String>::new());
    for (function, actions) in &allowed {
        assert!(actions.iter().all(|a| !a.contains('*')), "{function}: {actions:?}");
    }
    let table = &template["Resources"]["Table"]["Properties"];
    assert!(
        table.get("GlobalSecondaryIndexes").is_none() && table.get("LocalSecondaryIndexes").is_none(),
        "the table has an index: grant the functions that query it its ARN (and only those), then drop this check"
    );
}

#[test]
fn a_sam_policy_template_or_a_grant_beyond_what_a_resource_is_for_is_named() {
    let template: Value = serde_yaml_ng::from_str(
        "Resources:
           ReadFunction:
             Type: AWS::Serverless::Function
             Properties:
               Policies:
                 - DynamoDBReadPolicy: {TableName: !Ref Table}
                 - Statement:
                     - {Effect: Allow, Action: 'dynamodb:GetItem', Resource: '*'}
                     - {Effect: Allow, Action: 'dynamodb:GetRecords', Resource: !GetAtt Table.Arn}
                     - {Effect: Allow, Action: 'events:PutEvents', Resource: !GetAtt EventBus.Arn}",
    )
    .unwrap();
    let (allowed, problems) = self::allowed(&template);
    let actions: Vec<&String> = allowed["ReadFunction"].iter().collect();
    assert_eq!(actions, ["dynamodb:GetItem", "dynamodb:GetRecords", "events:PutEvents"]);
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].contains("DynamoDBReadPolicy") && problems[2].contains("GetRecords"), "{problems:?}");
}
