//! `openapi.yaml` describes the API that is deployed and served: exactly the routes of
//! `template.yaml` and `local-api`, and on every operation the answers every route can give.

use std::collections::BTreeSet;

use serde_yaml_ng::Value;

use crate::support::root;
use crate::template::template_routes;

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

fn spec() -> Value {
    let text = std::fs::read_to_string(root().join("openapi.yaml")).expect("openapi.yaml exists");
    serde_yaml_ng::from_str(&text).expect("openapi.yaml is YAML")
}

/// Every operation of the spec: its method (upper case), its path, and the operation itself.
fn operations(spec: &Value) -> Vec<(String, String, Value)> {
    let paths = spec["paths"].as_mapping().expect("paths");
    let mut found = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                found.push((method.to_uppercase(), path.as_str().unwrap().to_owned(), operation.clone()));
            }
        }
    }
    found
}

#[test]
fn the_spec_template_and_local_api_have_exactly_the_same_routes() {
    let spec: BTreeSet<(String, String)> = operations(&spec()).into_iter().map(|(m, p, _)| (m, p)).collect();
    let local: BTreeSet<(String, String)> =
        local_api::routes::ROUTES.iter().map(|r| (r.method.to_string(), r.path.to_owned())).collect();
    let template = template_routes();
    assert_eq!(spec.difference(&template).collect::<Vec<_>>(), Vec::<&(String, String)>::new(), "only in the spec");
    assert_eq!(template.difference(&spec).collect::<Vec<_>>(), Vec::<&(String, String)>::new(), "not in the spec");
    assert_eq!(spec, local, "the spec and local-api");
}

#[test]
fn every_operation_documents_its_auth_failures_and_503_and_every_body_its_parse_failures() {
    let spec = spec();
    for (method, path, operation) in operations(&spec) {
        let documented = |status: &str| operation["responses"].get(status).is_some();
        // An operation without security (an unsubscribe link) takes no key, so it never answers 401 or 403.
        let public = operation["security"].as_sequence().is_some_and(|s| s.is_empty());
        let statuses: &[&str] = if public { &["503"] } else { &["401", "403", "503"] };
        for status in statuses.iter().copied() {
            assert!(documented(status), "{method} {path} does not document {status}");
        }
        if operation.get("requestBody").is_some() {
            for status in ["400", "413", "415"] {
                assert!(documented(status), "{method} {path} reads a body but does not document {status}");
            }
        }
        assert!(operation["operationId"].is_string(), "{method} {path} has no operationId");
        let parameters = operation["parameters"].as_sequence().cloned().unwrap_or_default();
        let takes = |name: &str| parameters.iter().any(|p| p["$ref"].as_str() == Some(name));
        if takes("#/components/parameters/IfMatch") {
            assert!(documented("412"), "{method} {path} takes If-Match but does not document 412");
        }
        // Evaluating a cart writes nothing, so its retries are safe without a key; a redemption is
        // idempotent by its `order_id`, a confirm or rollback by the redemption's status, the
        // marketing events by their ids and times, and an unsubscribe keeps its first opt-out.
        let safe_without_key = [
            "evaluatePromotions",
            "createRedemption",
            "confirmRedemption",
            "rollbackRedemption",
            "recordMarketingEvents",
            "unsubscribeMarketingOneClick",
        ];
        let creates = method == "POST" && !safe_without_key.contains(&operation["operationId"].as_str().unwrap_or(""));
        assert_eq!(takes("#/components/parameters/IdempotencyKey"), creates, "{method} {path}: Idempotency-Key");
        if creates {
            assert!(documented("409") && documented("422"), "{method} {path}: a key in use is a 409, reused a 422");
        }
    }
}

#[test]
fn every_schema_the_spec_refers_to_exists() {
    let text = std::fs::read_to_string(root().join("openapi.yaml")).unwrap();
    let spec = spec();
    for reference in text.split("$ref: '#/components/").skip(1) {
        let target = reference.split('\'').next().unwrap();
        let (kind, name) = target.split_once('/').unwrap();
        assert!(spec["components"][kind].get(name).is_some(), "{target} is referred to but not defined");
    }
}
