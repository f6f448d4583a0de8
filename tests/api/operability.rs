//! What an operator of the deployed stack relies on in `template.yaml`: JSON logs in a log group
//! per function kept `LogRetentionDays`, X-Ray traces, the API's stage, throttling, access log
//! and CORS from parameters, alarms that reach the `AlarmTopicArn` topic, and the outputs (the
//! table's own settings are in `template`).

use std::collections::BTreeSet;

use lambda_http::http::header::{CONTENT_TYPE, IF_MATCH};
use serde_yaml_ng::Value;

use api::auth::Api;
use local_api::routes::ROUTES;

use crate::template::{functions, template};

fn yaml(text: &str) -> Value {
    serde_yaml_ng::from_str(text).expect("YAML")
}

/// The per-function resources (`Fn::ForEach::PerFunction`): the function stems and the
/// resources made for each.
fn per_function(template: &Value) -> (BTreeSet<String>, Value) {
    let each = &template["Resources"]["Fn::ForEach::PerFunction"];
    let stems = each[1].as_sequence().expect("the stems").iter().map(|s| s.as_str().unwrap().to_owned()).collect();
    (stems, each[2].clone())
}

/// Every alarm of the stack, those made per function included, by name.
fn alarms(template: &Value) -> Vec<(String, Value)> {
    let (_, each) = per_function(template);
    let resources = template["Resources"].as_mapping().unwrap().iter().chain(each.as_mapping().unwrap());
    let alarms = resources.filter(|(_, r)| r["Type"].as_str() == Some("AWS::CloudWatch::Alarm"));
    alarms.map(|(name, alarm)| (name.as_str().unwrap().to_owned(), alarm["Properties"].clone())).collect()
}

#[test]
fn every_function_logs_json_with_traces_to_a_log_group_of_its_own_kept_as_long_as_the_parameter_says() {
    let template = template();
    let globals = &template["Globals"]["Function"];
    assert_eq!(
        (globals["LoggingConfig"]["LogFormat"].as_str(), globals["Tracing"].as_str()),
        (Some("JSON"), Some("Active"))
    );
    let (stems, each) = per_function(&template);
    let mut functions_stems = BTreeSet::new();
    for (name, function) in functions(&template) {
        let stem = name.strip_suffix("Function").expect("a function's name ends in Function").to_owned();
        let log_group = &function["Properties"]["LoggingConfig"]["LogGroup"];
        assert_eq!(log_group, &yaml(&format!("!Ref {stem}Logs")), "{name}");
        functions_stems.insert(stem);
    }
    assert_eq!(stems, functions_stems, "Fn::ForEach::PerFunction lists every function");
    let logs = &each["${Stem}Logs"]["Properties"];
    assert_eq!(logs["RetentionInDays"], yaml("!Ref LogRetentionDays"));
    assert_eq!(template["Parameters"]["LogRetentionDays"]["Default"].as_u64(), Some(30));
}

#[test]
fn the_api_has_a_stage_with_throttling_an_access_log_and_cors_for_the_headers_the_code_reads() {
    let template = template();
    let api = &template["Resources"]["HttpApi"]["Properties"];
    assert_eq!(api["StageName"].as_str(), Some("live"));
    let routes = &api["DefaultRouteSettings"];
    assert_eq!(routes["ThrottlingBurstLimit"], yaml("!Ref ThrottlingBurstLimit"));
    assert_eq!(routes["ThrottlingRateLimit"], yaml("!Ref ThrottlingRateLimit"));
    assert_eq!(routes["DetailedMetricsEnabled"].as_bool(), Some(true), "the per-API alarms read per-route metrics");
    let access = &api["AccessLogSettings"];
    assert_eq!(access["DestinationArn"], yaml("!GetAtt ApiAccessLogs.Arn"));
    let line: serde_json::Value = serde_json::from_str(access["Format"].as_str().unwrap()).expect("one JSON line");
    for field in ["requestId", "routeKey", "status", "latency", "integrationError"] {
        assert!(line[field].is_string(), "the access log has {field}");
    }
    let Value::Tagged(cors) = &api["CorsConfiguration"] else { panic!("CORS is an !If [HasCorsOrigins, …]") };
    assert_eq!(cors.value[0].as_str(), Some("HasCorsOrigins"), "no CORS unless origins are given");
    let cors = &cors.value[1];
    assert_eq!(cors["AllowOrigins"], yaml("!Ref CorsAllowedOrigins"));
    let allowed: BTreeSet<String> =
        cors["AllowHeaders"].as_sequence().unwrap().iter().map(|h| h.as_str().unwrap().to_ascii_lowercase()).collect();
    let keys = [Api::Promotions.key_header(), Api::Marketing.key_header()];
    let read = [CONTENT_TYPE.as_str(), IF_MATCH.as_str(), api::http::idempotency::HEADER].into_iter().chain(keys);
    assert_eq!(allowed, read.map(str::to_owned).collect());
}

#[test]
fn every_alarm_notifies_the_alarm_topic_when_there_is_one() {
    let template = template();
    let notify = yaml("!If [HasAlarmTopic, [!Ref AlarmTopicArn], !Ref AWS::NoValue]");
    let alarms = alarms(&template);
    for (name, alarm) in &alarms {
        assert_eq!((&alarm["AlarmActions"], &alarm["OKActions"]), (&notify, &notify), "{name}");
    }
    let names: BTreeSet<&str> = alarms.iter().map(|(name, _)| name.as_str()).collect();
    for name in
        ["PromotionsApi5xxAlarm", "MarketingApi5xxAlarm", "PromotionsApiLatencyAlarm", "MarketingApiLatencyAlarm"]
            .into_iter()
            .chain(["Api4xxAlarm", "TableThrottlesAlarm", "TableSystemErrorsAlarm", "${Stem}FailuresAlarm"])
            .chain(["ChangeEventsDelayAlarm", "ChangeEventsDeadLettersAlarm", "PurgeCodesDelayAlarm"])
            .chain(["PromotionsApiThrottlesAlarm", "MarketingApiThrottlesAlarm"])
    {
        assert!(names.contains(name), "{name}");
    }
}

#[test]
fn the_marketing_api_alarms_watch_exactly_the_marketing_routes() {
    let marketing: BTreeSet<String> =
        ROUTES.iter().filter(|r| r.api() == Api::Marketing).map(|r| format!("{} {}", r.method, r.path)).collect();
    let per_route = |(name, alarm): &&(String, Value)| name.starts_with("Marketing") && alarm["Metrics"].is_sequence();
    for (name, alarm) in alarms(&template()).iter().filter(per_route) {
        let watched: BTreeSet<String> = alarm["Metrics"]
            .as_sequence()
            .unwrap()
            .iter()
            .flat_map(|m| m["MetricStat"]["Metric"]["Dimensions"].as_sequence().cloned().unwrap_or_default())
            .filter(|d| d["Name"].as_str() == Some("Route"))
            .map(|d| d["Value"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(watched, marketing, "{name}");
    }
}

#[test]
fn the_throttle_alarms_count_each_api_by_a_route_prefix_that_only_its_routes_have() {
    let template = template();
    let pattern =
        |filter: &str| template["Resources"][filter]["Properties"]["FilterPattern"].as_str().unwrap().to_owned();
    for (filter, api, prefix) in
        [("PromotionsApiThrottled", Api::Promotions, "/stores/"), ("MarketingApiThrottled", Api::Marketing, "/v1/")]
    {
        assert!(pattern(filter).contains(&format!("\"* {prefix}*\"")), "{filter}: {}", pattern(filter));
        assert!(pattern(filter).contains(r#"$.status = "429""#), "{filter}");
        for route in ROUTES {
            assert_eq!(
                route.path.starts_with(prefix),
                route.api() == api,
                "{} {} and {filter}",
                route.method,
                route.path
            );
        }
    }
}

#[test]
fn the_outputs_give_the_url_with_its_stage_the_table_its_stream_and_the_log_groups() {
    let outputs = &template()["Outputs"];
    for output in ["ApiUrl", "TableName", "TableStreamArn", "ApiAccessLogGroup", "FunctionLogGroupPrefix"] {
        assert!(outputs[output]["Value"] != Value::Null, "output {output}");
    }
    assert!(serde_yaml_ng::to_string(&outputs["ApiUrl"]["Value"]).unwrap().contains("${HttpApi.Stage}"));
}
