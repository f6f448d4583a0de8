//! Fuzzing, as property tests in the suite: arbitrary bytes and arbitrary JSON (valid bodies with
//! random edits, and anything at all) into every request parser and validator: promotions
//! (create and partial update), codes, codegen, settings, marketing configurations, the
//! marketing path, the listing query, `If-Match` and `Idempotency-Key`. No input panics, every rejection is a 4xx error value
//! (an invalid request names at least one field), and a promotion that was accepted can be sent
//! back as it reads.
//!
//! Each property runs `PROPTEST_CASES` cases (default 256; the suite takes a few seconds);
//! `PROPTEST_CASES=50000 cargo test --release -p api-tests fuzz -- --nocapture` runs longer
//! and prints the count of each.

mod handlers;
mod strategies;

use std::sync::atomic::{AtomicUsize, Ordering};

use lambda_http::http::{HeaderValue, StatusCode};
use lambda_http::{Body, Request, RequestExt};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};
use shared::http::idempotency::key_of;
use shared::http::precondition::{IfMatch, MAX_TAGS};
use shared::http::{from_json_value, json_body, marketing::config_path};
use shared::marketing::{updated_by::UpdatedBy, ConfigurationInput, FlakeId, MarketingConfiguration};
use shared::promotion::code::NewCode;
use shared::promotion::codegen::CodegenRequest;
use shared::promotion::listing::ListRequest;
use shared::promotion::settings::PromotionSettings;
use shared::promotion::{PromotionFields, PromotionInput};
use shared::ApiError;

use crate::support::root;
use strategies::{bytes, edited, json_value};

/// Runs `property` on `PROPTEST_CASES` values of `strategy` and reports the count.
pub(crate) fn run<S: Strategy>(name: &str, strategy: S, property: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let config = Config { failure_persistence: None, ..Config::default() };
    let cases = config.cases;
    if let Err(failure) = TestRunner::new(config).run(&strategy, property) {
        panic!("{name}: {failure}");
    }
    eprintln!("fuzz {name}: {cases} cases, no panic, every rejection a 4xx");
}

/// The request bodies in `events/bodies/` whose names start with `prefix`.
pub(crate) fn seeds(prefix: &str) -> Vec<Value> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(root().join("events/bodies")).expect("events/bodies exists") {
        let path = entry.expect("a directory entry").path();
        if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix)) {
            found.push(serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("JSON"));
        }
    }
    found
}

/// The promotion seeds, and one with every kind of rule, matcher and targeting.
pub(crate) fn promotion_seeds() -> Vec<Value> {
    let mut seeds = seeds("create-promotion");
    seeds.push(json!({
        "redemption_type": "COUPON", "name": "All of it", "coupon_type": "BULK", "codes": {"code": "ALL10"},
        "rules": [
            {"action": {"cart_value": {"discount": {"fixed_amount": "5.00"}, "maximum_allowed_discount_amount": "20"}},
             "condition": {"and": [{"cart": {"minimum_spend": "50"}}, {"cart": {"items": {"brands": [3]}, "minimum_quantity": 1}}]}},
            {"action": {"cart_items": {"discount": {"percentage_amount": "15.5"}, "strategy": "MOST_EXPENSIVE_ONLY",
                "items": {"or": [{"products": [1, 2]}, {"not": {"variants": [9]}},
                    {"product_option": {"type": "string_match", "name": "Size", "values": ["L"]}}]}}}},
            {"action": {"gift_item": {"quantity": 1, "variant_id": 77}}, "stop": true},
            {"action": {"fixed_price_set": {"quantity": 3, "fixed_price": "25", "items": {"categories": [4]}}}},
            {"action": {"shipping": {"zone_ids": [1, 2]}}}
        ],
        "customer": {"group_ids": [1], "segments": {"or": [{"id": ["0b8d5d8f-1c4c-4c59-9d5e-9c7e4e1a7d10"]},
                                                          {"not": {"id": ["5f0e3a50-2b1f-4d3a-8b8b-2c6a9c0c1e22"]}}]}},
        "notifications": [{"type": "UPSELL", "content": "Buy more", "locations": ["CART_PAGE"]}],
        "shipping_address": {"countries": [{"iso2_country_code": "FR"}]},
        "schedule": {"week_frequency": 1, "week_days": ["Monday"], "daily_start_time": "09:00:00", "daily_end_time": "17:00:00"},
        "end_date": "2031-01-01T00:00:00+00:00", "max_uses": 5, "channels": [{"id": 1}]
    }));
    seeds
}

/// A body edited from `seeds`, or any JSON at all.
fn json_bodies(seeds: Vec<Value>) -> impl Strategy<Value = Value> {
    prop_oneof![4 => edited(seeds), 1 => json_value()]
}

/// Checks that `error` is a client error, and names a field when it is about fields.
pub(crate) fn assert_rejected(error: &ApiError, invalid: StatusCode) -> Result<(), TestCaseError> {
    let status = error.status(invalid);
    prop_assert!(status.is_client_error(), "{error:?} became a {status}");
    if let ApiError::Invalid(fields) = error {
        prop_assert!(!fields.is_empty(), "an invalid request that names no field");
    }
    Ok(())
}

fn raw_request(body: Vec<u8>) -> Request {
    let mut request = Request::new(Body::Binary(body));
    request.headers_mut().insert("content-type", "application/json".parse().expect("a header value"));
    request
}

/// A create's body through the same steps as the handler: fields, or a 422.
fn create_fields(input: Result<PromotionInput, ApiError>) -> Result<Option<PromotionFields>, TestCaseError> {
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    match input.and_then(|input| input.into_fields(shared::clock::now(), None)) {
        Ok(fields) => Ok(Some(fields)),
        Err(error) => assert_rejected(&error, unprocessable).map(|()| None),
    }
}

#[test]
fn any_bytes_as_a_promotion_body_are_a_promotion_or_a_4xx() {
    run("promotion bytes", bytes(promotion_seeds()), |body| {
        create_fields(json_body::<PromotionInput>(&raw_request(body))).map(drop)
    });
}

#[test]
fn any_json_as_a_promotion_body_is_a_promotion_that_reads_back_or_a_4xx() {
    let accepted = AtomicUsize::new(0);
    run("promotion JSON", json_bodies(promotion_seeds()), |body| {
        let Some(fields) = create_fields(from_json_value::<PromotionInput>(body))? else { return Ok(()) };
        accepted.fetch_add(1, Ordering::Relaxed);
        let echoed = serde_json::to_value(&fields).expect("fields serialize");
        let again = from_json_value::<PromotionInput>(echoed).and_then(|i| i.into_fields(shared::clock::now(), None));
        prop_assert_eq!(again.ok(), Some(fields), "an accepted promotion, sent back, is the same promotion");
        Ok(())
    });
    let accepted = accepted.into_inner();
    eprintln!("fuzz promotion JSON: {accepted} accepted");
    assert!(accepted > 0, "the edits are small enough that some bodies stay valid");
}

#[test]
fn any_json_as_a_partial_update_is_a_promotion_or_a_4xx() {
    let previous: Vec<PromotionFields> =
        promotion_seeds().into_iter().filter_map(|seed| create_fields(from_json_value(seed)).ok().flatten()).collect();
    let strategy = (proptest::sample::select(previous), json_bodies(seeds("update-promotion")));
    run("partial update JSON", strategy, |(previous, patch)| {
        let updated = PromotionInput::patched(&previous, patch)
            .and_then(|input| input.into_fields(shared::clock::now(), Some(&previous)));
        match updated {
            Ok(fields) => prop_assert_eq!(fields.redemption_type, previous.redemption_type),
            Err(error) => assert_rejected(&error, StatusCode::UNPROCESSABLE_ENTITY)?,
        }
        Ok(())
    });
}

fn accept_configuration(input: Result<ConfigurationInput, ApiError>) -> Result<(), TestCaseError> {
    let store = FlakeId::new(411_486_491_630_370_816);
    let now = shared::marketing::timestamp::UpdatedAt::new(shared::clock::now());
    match input.and_then(|settings| MarketingConfiguration::accept(store, settings, UpdatedBy::anonymous(), now)) {
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

#[test]
fn any_json_as_a_code_codegen_or_settings_body_is_one_or_a_4xx() {
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    run("codegen JSON", json_bodies(seeds("generate-codes")), |body| {
        match from_json_value::<CodegenRequest>(body).and_then(CodegenRequest::into_plan) {
            Ok(plan) => {
                let codes = plan.generate_batch().expect("a plan that passed its checks generates");
                prop_assert_eq!(codes.len() as u32, plan.request.batch_size);
            }
            Err(error) => assert_rejected(&error, unprocessable)?,
        }
        Ok(())
    });
    run("code JSON", json_bodies(seeds("create-code")), |body| match from_json_value::<NewCode>(body) {
        Ok(_) => Ok(()),
        Err(error) => assert_rejected(&error, unprocessable),
    });
    run("settings JSON", json_bodies(seeds("put-promotion-settings")), |body| {
        match from_json_value::<PromotionSettings>(body).and_then(PromotionSettings::check) {
            Ok(settings) => prop_assert!((1..=5).contains(&settings.number_of_coupons_allowed_at_checkout)),
            Err(error) => assert_rejected(&error, unprocessable)?,
        }
        Ok(())
    });
}

#[test]
fn any_listing_query_is_a_page_or_a_4xx() {
    let names = [
        "page",
        "limit",
        "sort",
        "direction",
        "id",
        "name",
        "code",
        "currency_code",
        "redemption_type",
        "status",
        "channels",
        "query",
    ];
    let name = prop_oneof![4 => proptest::sample::select(names.to_vec()).prop_map(str::to_owned), 1 => "\\PC{0,6}"];
    let value = prop_oneof![
        proptest::sample::select(vec![
            "1",
            "0",
            "250",
            "251",
            "18446744073709551615",
            "73786976294838206",
            "1,2,3",
            ",",
            "name",
            "desc",
            "coupon",
            "enabled",
            " ",
            ""
        ])
        .prop_map(str::to_owned),
        "[0-9,]{0,24}",
        "\\PC{0,12}",
    ];
    run("listing query", prop::collection::hash_map(name, value, 0..6), |params| {
        let request = Request::default().with_query_string_parameters(params);
        match ListRequest::from_request(&request) {
            Ok(list) => prop_assert!(list.apply(Vec::new(), &[]).0.is_empty() && list.limit >= 1),
            Err(error) => assert_rejected(&error, StatusCode::UNPROCESSABLE_ENTITY)?,
        }
        Ok(())
    });
}

#[test]
fn any_if_match_or_idempotency_key_header_is_read_or_a_4xx() {
    let text = prop_oneof!["\\PC{0,40}", "(W/)?\"v[0-9]{1,22}\"( ?, ?(\\*|\"v[0-9]{1,3}\")){0,30}"];
    run("If-Match and Idempotency-Key", (prop::collection::vec(any::<u8>(), 0..80), text), |(bytes, text)| {
        let values = [HeaderValue::from_bytes(&bytes).ok(), HeaderValue::from_str(&text).ok()];
        for value in values.into_iter().flatten() {
            let mut request = Request::default();
            request.headers_mut().insert("if-match", value.clone());
            request.headers_mut().insert("idempotency-key", value);
            let condition = IfMatch::of(&request).expect("the header is there");
            prop_assert!(condition.versions().is_none_or(|versions| versions.len() <= MAX_TAGS));
            if let Err(error) = key_of(&request) {
                assert_rejected(&error, StatusCode::UNPROCESSABLE_ENTITY)?;
            }
        }
        Ok(())
    });
}
