//! The DynamoDB actions `template.yaml` allows each function. Its `Policies` must be inline
//! `Statement`s on the table itself: a SAM policy template (`DynamoDBCrudPolicy`, …) or a
//! managed policy would allow actions this check cannot see, and the table has no index, so no
//! function needs an index ARN (a function that queries one later gets that ARN, and only it).

use serde_yaml_ng::Value;

use super::recorder::Actions;
use crate::template::{functions, template};

/// The actions each function's statements allow, by function (its crate: `create-promotion`),
/// and what in the policies breaks the rules above.
pub fn allowed(template: &Value) -> (Actions, Vec<String>) {
    let table: Value = serde_yaml_ng::from_str("!GetAtt Table.Arn").expect("YAML");
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
                if statement["Effect"].as_str() != Some("Allow") || statement["Resource"] != table {
                    problems.push(format!("{name}: a statement is not an Allow on the table: {}", text(statement)));
                }
                let action = &statement["Action"];
                let listed = action.as_sequence().map_or_else(|| vec![action.clone()], Clone::clone);
                actions.extend(listed.iter().filter_map(Value::as_str).map(str::to_owned));
            }
        }
    }
    (allowed, problems)
}

fn text(value: &Value) -> String {
    serde_yaml_ng::to_string(value).unwrap_or_default().trim().replace('\n', " ")
}

#[test]
fn every_function_is_allowed_dynamodb_actions_by_inline_statements_on_the_table_alone() {
    let template = template();
    let (allowed, problems) = self::allowed(&template);
    assert_eq!(problems, Vec::<String>::new());
    for (function, actions) in &allowed {
        assert!(actions.iter().all(|a| a.starts_with("dynamodb:") && !a.contains('*')), "{function}: {actions:?}");
    }
    let table = &template["Resources"]["Table"]["Properties"];
    assert!(
        table.get("GlobalSecondaryIndexes").is_none() && table.get("LocalSecondaryIndexes").is_none(),
        "the table has an index: grant the functions that query it its ARN (and only those), then drop this check"
    );
}

#[test]
fn a_sam_policy_template_or_a_grant_beyond_the_table_is_named() {
    let template: Value = serde_yaml_ng::from_str(
        "Resources:
           ReadFunction:
             Type: AWS::Serverless::Function
             Properties:
               Policies:
                 - DynamoDBReadPolicy: {TableName: !Ref Table}
                 - Statement:
                     - {Effect: Allow, Action: 'dynamodb:GetItem', Resource: '*'}",
    )
    .unwrap();
    let (allowed, problems) = self::allowed(&template);
    assert_eq!(allowed["ReadFunction"].iter().collect::<Vec<_>>(), ["dynamodb:GetItem"]);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("DynamoDBReadPolicy") && problems[1].contains("not an Allow on the table"));
}
