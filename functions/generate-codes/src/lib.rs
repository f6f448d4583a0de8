//! `POST /stores/{store_hash}/v3/promotions/{id}/codegen`: generates up to 250 random codes for
//! a BULK coupon promotion (405 for any other), none of which existed (201).
//!
//! The codes are written all or none, in transactions of 32 codes. The generated codes that
//! happen to exist already are all replaced at once (by codes not known to be taken, see
//! [`replace`]) and the write tried again; when [`MAX_ATTEMPTS`] writes in a row still meet
//! taken codes, or too few possible codes are left to replace them, the options leave too few
//! free codes, and the answer is a 422 that names them. With an
//! `Idempotency-Key`, the answer is recorded with the codes' (last) write, and a retry gets the
//! first batch again and generates nothing.

use api::auth::{Api, Caller, Scope};
use api::http::idempotency::{self, Claimed};
use api::http::{json_body, promotions};
use api::lookup;
use api::{retry, ApiError, App};
use std::collections::HashSet;

use domain::promotion::code::NewCode;
use domain::promotion::codegen::{CodegenRequest, CodegenResult, GeneratedCode};
use domain::promotion::resource::CouponType;
use domain::promotion::timestamp::Timestamp;
use domain::{clock, ids};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use store::{Refusal, WriteError};

pub mod replace;

use replace::{nearly_exhausted, replace_taken, DRAWS_PER_CODE};

/// How many writes a batch gets, each after replacing every code the last one found taken.
pub const MAX_ATTEMPTS: usize = 5;

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(generate(app, &req)).await
}

async fn generate(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsWrite).await?;
    idempotency::once(app, &caller, req, |claim| generate_as(app, &caller, req, claim)).await
}

async fn generate_as(
    app: &App,
    caller: &Caller,
    req: &Request,
    claim: Option<Claimed>,
) -> Result<Response<Body>, ApiError> {
    let plan = json_body::<CodegenRequest>(req)?.into_plan()?;
    let promotion = lookup::existing(app.store(), &caller.store, promotions::promotion_id(req)).await?;
    if promotion.fields().coupon_type() != Some(CouponType::Bulk) {
        return Err(ApiError::MethodNotAllowed("codes can only be generated for BULK coupon promotions"));
    }
    let mut texts = plan.generate_batch()?;
    let mut known_taken: HashSet<String> = HashSet::new();
    let mut draws_left = texts.len().saturating_mul(DRAWS_PER_CODE);
    for _ in 0..MAX_ATTEMPTS {
        let now = clock::now();
        let ids = ids::code_ids(now, texts.len())?;
        let r = &plan.request;
        let codes: Vec<_> = texts
            .iter()
            .zip(ids)
            .map(|(text, id)| {
                NewCode::new(text.clone(), r.max_uses, r.max_uses_per_customer).into_code(id, Timestamp::from_utc(now))
            })
            .collect();
        let generated = texts.iter().map(|t| GeneratedCode { code: t.as_ref().to_owned() }).collect::<Vec<_>>();
        let result = CodegenResult {
            created: Timestamp::from_utc(now),
            max_uses: r.max_uses,
            max_uses_per_customer: r.max_uses_per_customer,
            batch_size: r.batch_size,
            codes: generated,
        };
        let answer = promotions::data(StatusCode::CREATED, &result);
        let completion = claim.as_ref().map(|claim| claim.completion(&answer));
        match app.store().add_codes(&caller.store, promotion.id(), codes, None, completion.as_ref()).await {
            Ok(()) => return Ok(answer),
            Err(WriteError::Refused(Refusal::DuplicateCode(taken))) => {
                known_taken.extend(taken.iter().map(|text| text.to_ascii_uppercase()));
                replace_taken(&plan, &mut texts, &known_taken, &mut draws_left)?;
            }
            // Another write of the store drew the same ids: the next attempt draws again.
            Err(WriteError::Refused(Refusal::IdTaken)) => tokio::time::sleep(retry::pause(0)).await,
            Err(other) => return Err(other.into()),
        }
    }
    Err(nearly_exhausted())
}
