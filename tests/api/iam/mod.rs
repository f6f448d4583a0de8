//! IAM proven by the calls: each function must be allowed exactly the actions its requests need
//! (and, for a function an event source mapping feeds, what Lambda needs to read the source), no
//! fewer (on AWS a missing one is an `AccessDeniedException`, answered 503, which DynamoDB
//! Local, checking no IAM, never shows) and no more (least privilege).
//!
//! - `recorder`: the SDK interceptor that turns each request into the IAM actions it needs.
//! - `drive`: every function through its init, its fixtures and the calls no fixture makes.
//! - `mappings`: what reading the table's stream needs, for the function it feeds.
//! - `policies`: what `template.yaml` allows each function.
//! - `admin`: the same proof for the policy docs/operations.md gives `admin`.

mod admin;
mod drive;
mod mappings;
mod policies;
mod recorder;

use std::collections::BTreeSet;
use std::sync::Arc;

use local_api::routes::{ROUTES, SCHEDULED, STREAMED};
use recorder::{Actions, Recorder};

use crate::template::template;

/// Every way `allowed` (by `source`) differs from `needed`, one line each, by function.
fn differences(needed: &Actions, allowed: &Actions, source: &str) -> Vec<String> {
    let functions: BTreeSet<&String> = needed.keys().chain(allowed.keys()).collect();
    let none = BTreeSet::new();
    let mut lines = Vec::new();
    for function in functions {
        let (needs, allows) = (needed.get(function).unwrap_or(&none), allowed.get(function).unwrap_or(&none));
        for action in needs.difference(allows) {
            lines.push(format!("{function} sends {action}, which {source} does not allow it"));
        }
        for action in allows.difference(needs) {
            lines.push(format!("{function} is allowed {action}, which none of its requests sends"));
        }
    }
    lines
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_function_is_allowed_exactly_the_actions_its_requests_and_its_event_sources_need() {
    skip_without_dynamodb!();
    let recorder = Arc::new(Recorder::default());
    drive::every_function(&recorder).await;
    let mut needed = recorder.actions();
    for (function, actions) in mappings::needed(&template()) {
        needed.entry(function).or_default().extend(actions);
    }
    let mut functions: Vec<String> = ROUTES.iter().map(|route| route.function()).collect();
    functions.extend(SCHEDULED.iter().chain(STREAMED).map(|name| (*name).to_owned()));
    functions.sort_unstable();
    functions.dedup();
    assert_eq!(needed.keys().cloned().collect::<Vec<_>>(), functions, "every function was driven");
    let (allowed, problems) = policies::allowed(&template());
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(differences(&needed, &allowed, "template.yaml"), Vec::<String>::new(), "needed: {needed:#?}");
}

#[test]
fn an_action_sent_but_not_allowed_or_allowed_but_never_sent_is_named() {
    let actions = |function: &str, names: &[&str]| {
        Actions::from([(function.to_owned(), names.iter().map(|name| format!("dynamodb:{name}")).collect())])
    };
    let needed = actions("put-marketing-config", &["GetItem", "UpdateItem"]);
    let allowed = actions("put-marketing-config", &["UpdateItem", "DeleteItem"]);
    assert_eq!(
        differences(&needed, &allowed, "template.yaml"),
        [
            "put-marketing-config sends dynamodb:GetItem, which template.yaml does not allow it",
            "put-marketing-config is allowed dynamodb:DeleteItem, which none of its requests sends",
        ]
    );
    assert_eq!(differences(&needed, &needed, "template.yaml"), Vec::<String>::new());
}
