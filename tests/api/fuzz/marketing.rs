//! Marketing configurations as bytes and as JSON, and the marketing path.

use api::http::{json_body, marketing::config_path};
use api::ApiError;
use domain::marketing::{updated_by::UpdatedBy, ConfigurationInput, FlakeId, MarketingConfiguration};
use lambda_http::http::StatusCode;
use lambda_http::{Request, RequestExt};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use super::strategies::bytes;
use super::{assert_rejected, from_json_value, json_bodies, raw_request, run, seeds};

fn accept_configuration(input: Result<ConfigurationInput, ApiError>) -> Result<(), TestCaseError> {
    let store = FlakeId::new(411_486_491_630_370_816);
    let now = domain::marketing::timestamp::UpdatedAt::new(domain::clock::now());
    match input.and_then(|settings| {
        MarketingConfiguration::accept(store, settings, UpdatedBy::anonymous(), now).map_err(ApiError::from)
    }) {
        Ok(configuration) => prop_assert!(serde_json::to_vec(&configuration.view()).is_ok()),
        Err(error) => assert_rejected(&error, StatusCode::BAD_REQUEST)?,
    }
    Ok(())
}

#[test]
fn any_bytes_or_json_as_a_marketing_configuration_are_one_or_a_4xx() {
    let marketing = seeds("put-marketing-config");
    run("marketing bytes", bytes(marketing.clone()), |body| accept_configuration(json_body(&raw_request(body))));
    run("marketing JSON", json_bodies(marketing), |body| accept_configuration(from_json_value(body)));
}

#[test]
fn any_marketing_path_is_a_configuration_or_a_4xx() {
    let segment = prop_oneof![
        proptest::sample::select(vec![
            "abandoned-checkouts",
            "purchase-follow-ups",
            "411486491630370816",
            "0",
            "18446744073709551616"
        ])
        .prop_map(str::to_owned),
        "\\PC{0,24}"
    ];
    run("marketing path", (segment.clone(), segment), |(store, kind)| {
        let params = std::collections::HashMap::from([("storeId".to_owned(), store), ("kind".to_owned(), kind)]);
        if let Err(error) = config_path(&Request::default().with_path_parameters(params)) {
            assert_rejected(&error, StatusCode::BAD_REQUEST)?;
        }
        Ok(())
    });
}
