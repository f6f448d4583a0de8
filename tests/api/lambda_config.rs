//! A function's DynamoDB client is configured from Lambda's environment alone (region,
//! credentials, endpoint override), without the SDK's provider chain: it must still sign, reach
//! and use the table, at the DynamoDB endpoint override rather than the general one.

use aws_sdk_dynamodb::Client;
use store::dynamodb::{client::lambda_config_from, DynamoStore};

use crate::fixtures::{call, seed};
use crate::support::{app, dynamodb_endpoint, fixture, json};

#[tokio::test]
async fn a_function_configured_from_lambdas_environment_alone_creates_and_reads_promotions() {
    skip_without_dynamodb!();
    let endpoint = dynamodb_endpoint();
    let environment = [
        ("AWS_REGION", "eu-west-1"),
        ("AWS_ACCESS_KEY_ID", "function"),
        ("AWS_SECRET_ACCESS_KEY", "role-secret"),
        ("AWS_SESSION_TOKEN", "session"),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
        ("AWS_ENDPOINT_URL_DYNAMODB", endpoint.as_str()),
    ];
    let config =
        lambda_config_from(|name| environment.iter().find(|(key, _)| *key == name).map(|(_, v)| v.to_string()));
    let table = format!("lambda-config-{}", std::process::id());
    let store = DynamoStore::new(Client::from_conf(config.expect("a complete Lambda environment")), table);
    store.create_table().await.expect("the table is created through the Lambda configuration");
    let app = app(store).await;
    seed(&app).await;

    let response = call(&app, "get-promotion", fixture("get-promotion")).await;

    assert_eq!(response.status(), 200);
    assert_eq!(json(&response)["data"]["id"], 1);
}
