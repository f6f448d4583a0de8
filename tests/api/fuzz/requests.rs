//! What arrives beside the body: the listing query, `If-Match` and `Idempotency-Key`.

use api::http::idempotency::key_of;
use api::http::precondition::{IfMatch, MAX_TAGS};
use lambda_http::http::{HeaderValue, StatusCode};
use lambda_http::{Request, RequestExt};
use proptest::prelude::*;

use super::{assert_rejected, run};

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
        match api::http::listing::list_request(&request) {
            Ok(list) => prop_assert!(list.request.apply(Vec::new(), &[]).0.is_empty() && list.request.limit >= 1),
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
