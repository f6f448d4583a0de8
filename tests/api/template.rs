//! `template.yaml` and `local-api` describe the same API: the same routes, one function per
//! route, each built from its own crate in `functions/`.

use std::collections::BTreeSet;

use serde_yaml_ng::Value;

use crate::support::root;

pub(crate) fn template() -> Value {
    let text = std::fs::read_to_string(root().join("template.yaml")).expect("template.yaml exists");
    serde_yaml_ng::from_str(&text).expect("template.yaml is YAML")
}

pub(crate) fn functions(template: &Value) -> Vec<(String, Value)> {
    let resources = template["Resources"].as_mapping().expect("Resources");
    resources
        .iter()
        .filter(|(_, resource)| resource["Type"].as_str() == Some("AWS::Serverless::Function"))
        .map(|(name, resource)| (name.as_str().unwrap().to_owned(), resource.clone()))
        .collect()
}

/// Every (method, path template) `template.yaml` routes to a function.
pub(crate) fn template_routes() -> BTreeSet<(String, String)> {
    let template = template();
    functions(&template)
        .iter()
        .flat_map(|(_, function)| function["Properties"]["Events"].as_mapping().cloned().unwrap_or_default())
        .filter(|(_, event)| event["Type"].as_str() == Some("HttpApi"))
        .map(|(_, event)| {
            let properties = &event["Properties"];
            (properties["Method"].as_str().unwrap().to_uppercase(), properties["Path"].as_str().unwrap().to_owned())
        })
        .collect()
}

#[test]
fn template_and_local_api_serve_the_same_routes() {
    let local: BTreeSet<(String, String)> =
        local_api::routes::ROUTES.iter().map(|r| (r.method.to_string(), r.path.to_owned())).collect();
    assert_eq!(template_routes(), local);
}

#[test]
fn every_function_is_built_from_its_own_crate_with_the_lambda_settings() {
    let template = template();
    let globals = &template["Globals"]["Function"];
    assert_eq!(globals["Runtime"].as_str(), Some("provided.al2023"));
    assert_eq!(globals["Handler"].as_str(), Some("bootstrap"));
    assert_eq!(globals["Architectures"][0].as_str(), Some("arm64"));
    let mut crates = BTreeSet::new();
    for (name, function) in functions(&template) {
        assert_eq!(function["Metadata"]["BuildMethod"].as_str(), Some("rust-cargolambda"), "{name}");
        let code_uri = function["Properties"]["CodeUri"].as_str().unwrap();
        let binary = function["Metadata"]["BuildProperties"]["Binary"].as_str().unwrap();
        assert_eq!(code_uri, format!("functions/{binary}"), "{name}");
        assert!(root().join(code_uri).join("src/main.rs").exists(), "{name}: {code_uri}/src/main.rs");
        crates.insert(binary.to_owned());
    }
    let on_disk: BTreeSet<String> = std::fs::read_dir(root().join("functions"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(crates, on_disk, "every crate in functions/ is deployed, and nothing else");
}

#[test]
fn expired_holds_and_due_marketing_emails_are_run_by_a_schedule_every_minute() {
    let template = template();
    for function in ["ReleaseHoldsFunction", "RunMarketingDueFunction"] {
        let schedule = &template["Resources"][function]["Properties"]["Events"]["EveryMinute"];
        assert_eq!(schedule["Type"].as_str(), Some("ScheduleV2"), "{function}");
        assert_eq!(schedule["Properties"]["ScheduleExpression"].as_str(), Some("rate(1 minute)"), "{function}");
    }
    let on_a_timer = ["release-holds", "run-marketing-due"];
    assert_eq!(local_api::routes::SCHEDULED, on_a_timer, "local-api runs the same functions on a timer");
}

#[test]
fn the_tables_stream_feeds_publish_changes_one_batch_of_a_shard_at_a_time_retried_from_the_first_failure() {
    let template = template();
    let mapping = &template["Resources"]["PublishChangesStream"];
    assert_eq!(mapping["Type"].as_str(), Some("AWS::Lambda::EventSourceMapping"));
    let mapping = &mapping["Properties"];
    let yaml = |text: &str| -> Value { serde_yaml_ng::from_str(text).expect("YAML") };
    assert_eq!(mapping["FunctionName"], yaml("!Ref PublishChangesFunction"));
    assert_eq!(mapping["EventSourceArn"], yaml("!GetAtt Table.StreamArn"));
    assert_eq!(mapping["ParallelizationFactor"].as_u64(), Some(1), "a shard's records in order");
    assert_eq!(mapping["FunctionResponseTypes"][0].as_str(), Some("ReportBatchItemFailures"));
    assert_eq!(mapping["BisectBatchOnFunctionError"].as_bool(), Some(true));
    assert!(mapping["MaximumRetryAttempts"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(mapping["DestinationConfig"]["OnFailure"]["Destination"], yaml("!GetAtt ChangeEventsDeadLetters.Arn"));
    let function = &template["Resources"]["PublishChangesFunction"]["Properties"];
    assert_eq!(function["Environment"]["Variables"]["EVENT_BUS_NAME"], yaml("!Ref EventBus"));
    assert_eq!(template["Resources"]["EventBus"]["Type"].as_str(), Some("AWS::Events::EventBus"));
    assert_eq!(local_api::routes::STREAMED, ["publish-changes", "purge-codes"], "the functions the stream feeds");
}

#[test]
fn the_tables_stream_feeds_purge_codes_the_removes_of_promotions_retried_until_done() {
    let template = template();
    let mapping = &template["Resources"]["PurgeCodesStream"]["Properties"];
    let yaml = |text: &str| -> Value { serde_yaml_ng::from_str(text).expect("YAML") };
    assert_eq!(mapping["FunctionName"], yaml("!Ref PurgeCodesFunction"));
    assert_eq!(mapping["EventSourceArn"], yaml("!GetAtt Table.StreamArn"));
    assert_eq!(mapping["FunctionResponseTypes"][0].as_str(), Some("ReportBatchItemFailures"));
    assert_eq!(mapping["MaximumRetryAttempts"].as_i64(), Some(-1), "a purge cut short goes on until it is done");
    let pattern = mapping["FilterCriteria"]["Filters"][0]["Pattern"].as_str().expect("a filter");
    let pattern: serde_json::Value = serde_json::from_str(pattern).expect("a JSON pattern");
    assert_eq!(
        pattern,
        serde_json::json!({"eventName": ["REMOVE"], "dynamodb": {"OldImage": {"entity_type": {"S": ["promotion"]}}}})
    );
    let function = &template["Resources"]["PurgeCodesFunction"]["Properties"];
    assert_eq!(function["Timeout"].as_u64(), Some(900), "a run goes on for up to 15 minutes");
}

#[test]
fn the_table_keeps_its_data_and_its_backups_streams_its_changes_and_lets_idempotency_records_expire() {
    let template = template();
    let table = &template["Resources"]["Table"];
    assert_eq!(table["DeletionPolicy"].as_str(), Some("Retain"));
    assert_eq!(table["Properties"]["DeletionProtectionEnabled"].as_bool(), Some(true));
    assert_eq!(table["Properties"]["ContributorInsightsSpecification"]["Enabled"].as_bool(), Some(true), "hot stores");
    assert_eq!(table["Properties"]["StreamSpecification"]["StreamViewType"].as_str(), Some("NEW_AND_OLD_IMAGES"));
    assert_eq!(table["Properties"]["BillingMode"].as_str(), Some("PAY_PER_REQUEST"));
    assert_eq!(
        table["Properties"]["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"].as_bool(),
        Some(true)
    );
    let ttl = &table["Properties"]["TimeToLiveSpecification"];
    assert_eq!((ttl["AttributeName"].as_str(), ttl["Enabled"].as_bool()), (Some("expires_at"), Some(true)));
}
