//! The IAM `admin` needs against a deployed table, as docs/operations.md gives it to operators:
//! exactly the DynamoDB actions its key commands send (create, then revoke), on the table alone.

use std::sync::Arc;

use domain::access::KeyHash;
use serde_json::Value;
use store::KeyStore;

use super::differences;
use super::recorder::{recording, Actions, Recorder};
use crate::admin::admin;
use crate::support::{dynamo_store_with, root};

/// The resource the documented policy names: the table, by the stack's `TableName` output.
const TABLE_ARN: &str = "arn:aws:dynamodb:<region>:<account>:table/<TableName>";

/// The actions of the JSON policy under "The IAM admin needs" in docs/operations.md, and what in
/// it is not an Allow on the table.
fn documented_policy() -> (Actions, Vec<String>) {
    let page = std::fs::read_to_string(root().join("docs/operations.md")).unwrap();
    let section = page.split("### The IAM admin needs").nth(1).expect("docs/operations.md documents admin's IAM");
    let block = section.split("```json").nth(1).and_then(|rest| rest.split("```").next()).expect("a JSON policy");
    let policy: Value = serde_json::from_str(block).expect("the policy is JSON");
    let mut actions = Actions::new();
    let mut problems = Vec::new();
    for statement in policy["Statement"].as_array().into_iter().flatten() {
        if statement["Effect"] != "Allow" || statement["Resource"] != TABLE_ARN {
            problems.push(format!("a statement is not an Allow on {TABLE_ARN}: {statement}"));
        }
        let listed = statement["Action"].as_array().into_iter().flatten().filter_map(Value::as_str);
        actions.entry("admin".to_owned()).or_default().extend(listed.map(str::to_owned));
    }
    (actions, problems)
}

#[tokio::test]
async fn admin_is_documented_exactly_the_dynamodb_actions_its_key_commands_send() {
    skip_without_dynamodb!();
    let recorder = Arc::new(Recorder::default());
    let store = dynamo_store_with(recording(Arc::clone(&recorder))).await;
    let now = domain::clock::now();
    let create = "keys create --store a --scopes promotions:read --expires-in P1D";
    let printed = recorder.during("admin", admin(&store, create, now)).await;
    let id = store.find_api_key(&KeyHash::of(&printed[1])).await.unwrap().unwrap().id;
    recorder.during("admin", admin(&store, &format!("keys revoke --store a --id {id}"), now)).await;
    let (allowed, problems) = documented_policy();
    assert_eq!(problems, Vec::<String>::new());
    let needed = recorder.actions();
    assert_eq!(differences(&needed, &allowed, "docs/operations.md"), Vec::<String>::new(), "needed: {needed:#?}");
}
