//! Records the IAM actions the requests of a function need, as an SDK interceptor sees them
//! leave: `<service>:<Operation>` from the request's `X-Amz-Target` (`events:PutEvents` for
//! EventBridge), for SES v2's REST `POST /v2/email/outbound-emails` `ses:SendEmail` and, when it
//! sends a raw message, `ses:SendRawEmail` too (SES authorizes a v2 `SendEmail` with `Content.Raw`
//! as a raw send), and for DynamoDB `dynamodb:<Operation>` except for the two
//! operations IAM does not authorise by their own name. A `TransactWriteItems` needs the action
//! of each item it holds (`Put` → `dynamodb:PutItem`, `Update`, `Delete`, `ConditionCheck` →
//! `dynamodb:ConditionCheckItem`), and `TransactGetItems` needs `dynamodb:GetItem`
//! (DynamoDB developer guide, "Using IAM with DynamoDB transactions"). A `Query` on an index
//! needs `Query` on that index's ARN: recorded as `dynamodb:Query on index/<name>`.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::config::http::HttpRequest;
use aws_sdk_dynamodb::config::Intercept;
use serde_json::Value;

use crate::support::OnRequest;

/// The IAM actions each function needed, by function name (`create-promotion`).
pub type Actions = BTreeMap<String, BTreeSet<String>>;

/// What a test recorded so far, and the function the requests in flight belong to (none while
/// a test sets a table up or seeds it: those requests are not the function's).
#[derive(Debug, Default)]
pub struct Recorder {
    current: Mutex<Option<String>>,
    actions: Mutex<Actions>,
}

impl Recorder {
    /// Runs `work` with every request it sends counted as `function`'s.
    pub async fn during<T>(&self, function: &str, work: impl Future<Output = T>) -> T {
        *self.current.lock().unwrap() = Some(function.to_owned());
        self.actions.lock().unwrap().entry(function.to_owned()).or_default();
        let output = work.await;
        *self.current.lock().unwrap() = None;
        output
    }

    /// Everything recorded, by function.
    pub fn actions(&self) -> Actions {
        self.actions.lock().unwrap().clone()
    }

    fn record(&self, needed: Vec<String>) {
        let Some(function) = self.current.lock().unwrap().clone() else { return };
        self.actions.lock().unwrap().entry(function).or_default().extend(needed);
    }
}

/// The interceptor that feeds `recorder`: it sees every attempt, retries included.
pub fn recording(recorder: Arc<Recorder>) -> impl Intercept + 'static {
    OnRequest(move |request: &HttpRequest| {
        if request.uri().contains("/v2/email/outbound-emails") {
            let body: Value = serde_json::from_slice(request.body().bytes().unwrap_or_default()).unwrap_or_default();
            let raw = body["Content"]["Raw"].is_object();
            let actions = ["ses:SendEmail"].into_iter().chain(raw.then_some("ses:SendRawEmail"));
            recorder.record(actions.map(str::to_owned).collect());
            return Ok(());
        }
        let target = request.headers().get("x-amz-target").and_then(|target| target.split_once('.'));
        let (service, operation) = target.ok_or("a request names its operation")?;
        let needed = match service {
            "AWSEvents" => vec![format!("events:{operation}")],
            _ => needed_actions(operation, request.body().bytes().unwrap_or_default()),
        };
        recorder.record(needed);
        Ok(())
    })
}

/// The IAM actions one request of `operation` with JSON `body` needs.
pub fn needed_actions(operation: &str, body: &[u8]) -> Vec<String> {
    let action = |name: &str| format!("dynamodb:{name}");
    match operation {
        "TransactGetItems" => vec![action("GetItem")],
        "TransactWriteItems" => {
            let body: Value = serde_json::from_slice(body).unwrap_or_default();
            let items = body["TransactItems"].as_array().cloned().unwrap_or_default();
            let kinds = items.iter().filter_map(Value::as_object).flat_map(|item| item.keys().cloned());
            kinds
                .map(|kind| match kind.as_str() {
                    "ConditionCheck" => action("ConditionCheckItem"),
                    other => action(&format!("{other}Item")),
                })
                .collect()
        }
        "Query" | "Scan" => {
            let body: Value = serde_json::from_slice(body).unwrap_or_default();
            match body["IndexName"].as_str() {
                Some(index) => vec![format!("dynamodb:{operation} on index/{index}")],
                None => vec![action(operation)],
            }
        }
        other => vec![action(other)],
    }
}

#[test]
fn a_transaction_needs_the_action_of_each_of_its_items_and_nothing_of_its_own() {
    let body = br#"{"TransactItems": [{"Put": {}}, {"Update": {}}, {"ConditionCheck": {}}, {"Put": {}}]}"#;
    let needed: BTreeSet<String> = needed_actions("TransactWriteItems", body).into_iter().collect();
    let expected = ["dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:UpdateItem"];
    assert_eq!(needed, expected.into_iter().map(str::to_owned).collect());
    assert_eq!(needed_actions("TransactGetItems", b"{}"), ["dynamodb:GetItem"]);
    assert_eq!(needed_actions("Query", b"{}"), ["dynamodb:Query"]);
    assert_eq!(needed_actions("Query", br#"{"IndexName": "ByName"}"#), ["dynamodb:Query on index/ByName"]);
}
