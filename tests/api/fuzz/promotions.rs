//! Promotion bodies: create, partial update, codes, codegen and settings, as bytes and as JSON.

use std::sync::atomic::{AtomicUsize, Ordering};

use api::http::json_body;
use api::ApiError;
use domain::promotion::code::NewCode;
use domain::promotion::codegen::CodegenRequest;
use domain::promotion::settings::PromotionSettings;
use domain::promotion::{PromotionFields, PromotionInput};
use lambda_http::http::StatusCode;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use super::strategies::bytes;
use super::{assert_rejected, from_json_value, json_bodies, promotion_seeds, raw_request, run, seeds};

/// A create's body through the same steps as the handler: fields, or a 422.
fn create_fields(input: Result<PromotionInput, ApiError>) -> Result<Option<PromotionFields>, TestCaseError> {
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    match input.and_then(|input| input.into_fields(domain::clock::now(), None).map_err(ApiError::from)) {
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
        let again = from_json_value::<PromotionInput>(echoed)
            .and_then(|i| i.into_fields(domain::clock::now(), None).map_err(ApiError::from));
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
            .and_then(|input| input.into_fields(domain::clock::now(), Some(&previous)))
            .map_err(ApiError::from);
        match updated {
            Ok(fields) => prop_assert_eq!(fields.redemption_type(), previous.redemption_type()),
            Err(error) => assert_rejected(&error, StatusCode::UNPROCESSABLE_ENTITY)?,
        }
        Ok(())
    });
}

#[test]
fn any_json_as_a_code_codegen_or_settings_body_is_one_or_a_4xx() {
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    run("codegen JSON", json_bodies(seeds("generate-codes")), |body| {
        match from_json_value::<CodegenRequest>(body).and_then(|r| r.into_plan().map_err(ApiError::from)) {
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
        match from_json_value::<PromotionSettings>(body).and_then(|s| s.check().map_err(ApiError::from)) {
            Ok(settings) => prop_assert!((1..=5).contains(&settings.number_of_coupons_allowed_at_checkout)),
            Err(error) => assert_rejected(&error, unprocessable)?,
        }
        Ok(())
    });
}
