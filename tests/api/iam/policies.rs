//! The actions `template.yaml` allows each function. Its `Policies` must be inline `Statement`s,
//! each on one resource of the stack and only for what that resource is for: DynamoDB item
//! actions on the table, reading the stream on the table's stream (and `ListStreams` on the
//! table's streams), `PutEvents` on the change events' bus, `SendMessage` on their dead-letter
//! queue, and `Query` on an index's ARN (`!Sub "${Table.Arn}/index/<name>"`), recorded as
//! `dynamodb:Query on index/<name>`, so a function is granted exactly the indexes it queries. A
//! SAM policy template (`DynamoDBCrudPolicy`, …) or a managed policy would allow actions this
//! check cannot see.

use serde_yaml_ng::Value;

use super::recorder::Actions;
use crate::template::{functions, template};

/// What Lambda needs to read a DynamoDB stream for a function, on the stream itself.
pub const STREAM_READ: [&str; 3] = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"];

/// The index an index ARN names (`!Sub "${Table.Arn}/index/ByName"` → `ByName`).
fn index_of(resource: &Value) -> Option<&str> {
    let Value::Tagged(tagged) = resource else { return None };
    let text = (tagged.tag == "Sub").then(|| tagged.value.as_str()).flatten()?;
    text.strip_prefix("${Table.Arn}/index/").filter(|name| !name.is_empty() && !name.contains(['*', '/']))
}

/// The actions a statement grants, one per resource: an item action on the table as itself, a
/// `Query` on an index as `dynamodb:Query on index/<name>`.
fn granted(resource: &Value, action: &str) -> String {
    match index_of(resource) {
        Some(index) => format!("{action} on index/{index}"),
        None => action.to_owned(),
    }
}
/// Where the marketing emails are sent from and in: the sender's identity (its address, or its
/// domain, whichever SES verified) and the configuration set they are sent in, nothing else.
const SES_RESOURCES: [&str; 3] = [
    "!Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SenderAddress}",
    r#"!Sub ["arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${Domain}",
            {Domain: !Select [1, !Split ["@", !Ref SenderAddress]]}]"#,
    r#"!Sub ["arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${Name}",
            {Name: !If [CreatesConfigurationSet, !Ref MarketingConfigurationSet, !Ref ConfigurationSetName]}]"#,
];

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
        || (index_of(resource).is_some() && action == "dynamodb:Query")
        || (SES_RESOURCES.into_iter().any(is) && (action == "ses:SendEmail" || action == "ses:SendRawEmail"))
}

/// The names of the table's global secondary indexes.
fn table_indexes(template: &Value) -> Vec<&str> {
    let indexes = template["Resources"]["Table"]["Properties"]["GlobalSecondaryIndexes"].as_sequence();
    indexes.into_iter().flatten().filter_map(|index| index["IndexName"].as_str()).collect()
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
                let resource = &statement["Resource"];
                let resources = resource.as_sequence().map_or_else(|| vec![resource.clone()], Clone::clone);
                let fits = resources.iter().all(|r| listed.iter().all(|action| grantable(r, action)));
                if statement["Effect"].as_str() != Some("Allow") || !fits {
                    problems.push(format!(
                        "{name}: a statement is not an Allow of what its resource is for: {}",
                        text(statement)
                    ));
                }
                actions.extend(resources.iter().flat_map(|r| listed.iter().map(|action| granted(r, action))));
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
    assert!(table.get("LocalSecondaryIndexes").is_none(), "a local index can only be added with a new table");
    let granted: Vec<&String> = allowed.values().flatten().filter(|a| a.contains(" on index/")).collect();
    for index in table_indexes(&template) {
        let query = format!("dynamodb:Query on index/{index}");
        assert!(granted.contains(&&query), "no function queries index {index}: drop it, or grant its ARN");
    }
}

#[test]
fn a_query_on_an_index_is_granted_on_that_index_alone() {
    let template: Value = serde_yaml_ng::from_str(
        r#"Resources:
           ListFunction:
             Type: AWS::Serverless::Function
             Properties:
               Policies:
                 - Statement:
                     - {Effect: Allow, Action: [dynamodb:Query], Resource: [!Sub "${Table.Arn}/index/ByName"]}
                     - {Effect: Allow, Action: [dynamodb:GetItem], Resource: !Sub "${Table.Arn}/index/ByName"}
                     - {Effect: Allow, Action: [dynamodb:Query], Resource: !Sub "${Table.Arn}/index/*"}"#,
    )
    .unwrap();
    let (allowed, problems) = self::allowed(&template);
    assert!(allowed["ListFunction"].contains("dynamodb:Query on index/ByName"), "{allowed:?}");
    assert_eq!(problems.len(), 2, "{problems:?}");
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
                     - {Effect: Allow, Action: 'events:PutEvents', Resource: !GetAtt EventBus.Arn}
                     - {Effect: Allow, Action: 'dynamodb:Query', Resource: !Sub '${Table.Arn}/index/LIVE'}
                     - {Effect: Allow, Action: 'dynamodb:GetItem', Resource: !Sub '${Table.Arn}/index/LIVE'}",
    )
    .unwrap();
    let (allowed, problems) = self::allowed(&template);
    let actions: Vec<&String> = allowed["ReadFunction"].iter().collect();
    let expected = [
        "dynamodb:GetItem",
        "dynamodb:GetItem on index/LIVE",
        "dynamodb:GetRecords",
        "dynamodb:Query on index/LIVE",
        "events:PutEvents",
    ];
    assert_eq!(actions, expected);
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert!(problems[0].contains("DynamoDBReadPolicy") && problems[2].contains("GetRecords"), "{problems:?}");
}
