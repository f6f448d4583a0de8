//! `POST /stores/{store_hash}/v3/promotions/{id}/codegen`: generates up to 250 random codes for
//! a BULK coupon promotion (405 for any other), none of which existed (201).
//!
//! The codes are written all or none, in transactions of 49 codes; a generated code that
//! happens to exist already is replaced and the write tried again. With an `Idempotency-Key`, a
//! retry gets the first batch again and generates nothing.

use api::auth::{Api, Caller, Scope};
use api::http::{idempotency, json_body, promotions};
use api::lookup;
use api::{ApiError, App};
use domain::promotion::code::NewCode;
use domain::promotion::codegen::{CodegenRequest, CodegenResult, GeneratedCode};
use domain::promotion::resource::CouponType;
use domain::promotion::timestamp::Timestamp;
use domain::{clock, ids};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use store::{Refusal, WriteError};

/// How many times a batch is regenerated after a collision with an existing code.
pub const MAX_ATTEMPTS: usize = 5;

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(generate(app, &req)).await
}

async fn generate(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsWrite).await?;
    idempotency::once(app, &caller, req, || generate_as(app, &caller, req)).await
}

async fn generate_as(app: &App, caller: &Caller, req: &Request) -> Result<Response<Body>, ApiError> {
    let plan = json_body::<CodegenRequest>(req)?.into_plan()?;
    let promotion = lookup::existing(app.store(), &caller.store, promotions::promotion_id(req)).await?;
    if promotion.fields().coupon_type() != Some(CouponType::Bulk) {
        return Err(ApiError::MethodNotAllowed("codes can only be generated for BULK coupon promotions"));
    }
    let mut texts = plan.generate_batch()?;
    for _ in 0..MAX_ATTEMPTS {
        let now = clock::now();
        let ids = ids::flake_ids(now, texts.len())?;
        let r = &plan.request;
        let codes: Vec<_> = texts
            .iter()
            .zip(ids)
            .map(|(text, id)| {
                NewCode::new(text.clone(), r.max_uses, r.max_uses_per_customer).into_code(id, Timestamp::from_utc(now))
            })
            .collect();
        match app.store().add_codes(&caller.store, promotion.id(), codes, None).await {
            Ok(()) => {
                let codes = texts.iter().map(|t| GeneratedCode { code: t.as_ref().to_owned() }).collect::<Vec<_>>();
                let result = CodegenResult {
                    created: codes.len(),
                    max_uses: r.max_uses,
                    max_uses_per_customer: r.max_uses_per_customer,
                    batch_size: r.batch_size,
                    codes,
                };
                return Ok(promotions::data(StatusCode::CREATED, &result));
            }
            Err(WriteError::Refused(Refusal::DuplicateCode(taken))) => {
                let replacement = loop {
                    let fresh = plan.generate()?;
                    if !texts.iter().any(|t| t.key() == fresh.key()) {
                        break fresh;
                    }
                };
                if let Some(slot) = texts.iter_mut().find(|t| t.as_ref() == taken) {
                    *slot = replacement;
                }
            }
            Err(other) => return Err(other.into()),
        }
    }
    Err(ApiError::Conflict)
}
