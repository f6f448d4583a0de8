//! Fuzzing, as property tests in the suite: arbitrary bytes and arbitrary JSON (valid bodies with
//! random edits, and anything at all) into every request parser and validator ([`promotions`]:
//! create, partial update, codes, codegen, settings; [`marketing`]: configurations and the path;
//! [`requests`]: the listing query, `If-Match`, `Idempotency-Key`) and the write [`handlers`]. No
//! input panics, every rejection is a 4xx error value (an invalid request names at least one
//! field), and a promotion that was accepted can be sent back as it reads.
//!
//! Each property runs `PROPTEST_CASES` cases (default 256; the suite takes a few seconds);
//! `PROPTEST_CASES=50000 cargo test --release -p api-tests fuzz -- --nocapture` runs longer
//! and prints the count of each.

mod handlers;
mod marketing;
mod promotions;
mod requests;
mod strategies;
mod vocabulary;

use api::ApiError;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};

use crate::support::root;
use strategies::{edited, json_value};

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
pub(crate) fn json_bodies(seeds: Vec<Value>) -> impl Strategy<Value = Value> {
    prop_oneof![4 => edited(seeds), 1 => json_value()]
}

/// Checks that `error` is a client error, and names a field when it is about fields.
/// A JSON value read into `T` as a handler reads a body, failing as the handler would answer.
pub(crate) fn from_json_value<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    domain::parse::from_json_value(value).map_err(ApiError::from)
}

pub(crate) fn assert_rejected(error: &ApiError, invalid: StatusCode) -> Result<(), TestCaseError> {
    let status = error.status(invalid);
    prop_assert!(status.is_client_error(), "{error:?} became a {status}");
    if let ApiError::Invalid(fields) = error {
        prop_assert!(!fields.is_empty(), "an invalid request that names no field");
    }
    Ok(())
}

pub(crate) fn raw_request(body: Vec<u8>) -> Request {
    let mut request = Request::new(Body::Binary(body));
    request.headers_mut().insert("content-type", "application/json".parse().expect("a header value"));
    request
}
