//! `POST /stores/{store_hash}/v3/promotions/redemptions`: evaluates the cart exactly as
//! `/evaluate` does and takes the uses of what applied, in one atomic write with the
//! redemption (201, with the evaluation it counted). The same `order_id` again answers the
//! first redemption (200) and counts nothing; with another body it is a 409.
//!
//! When a limit's last uses were taken by another redemption between this one's read and its
//! write, nothing is counted and the cart is evaluated again on fresh counts (the promotion or
//! code now answers `usage_limit_reached`), so the answer always matches what was counted; after
//! [`ATTEMPTS`] tries it is a 503 with `Retry-After`.
//!
//! Round trips: the evaluation's reads (its candidates, [`api::evaluation`]), then one
//! transaction (+ the reads and one transaction again per retry).

use api::auth::{Api, Scope};
use api::evaluation::{EvaluationInputs, Reach};
use api::http::fingerprint::fingerprint;
use api::http::{json_body, promotions};
use api::{ApiError, App};
use domain::clock;
use domain::evaluation::result::EvaluationView;
use domain::promotion::timestamp::Timestamp;
use domain::redemption::record::RedemptionView;
use domain::redemption::{Counted, RedemptionId, RedemptionRequest};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Serialize;
use store::{Freshness, Redeemed, Refusal, StoreError, WriteError};

/// How often a redemption is evaluated and written before it gives up (503).
pub const ATTEMPTS: u32 = 12;

/// What a redemption reads: the candidates, with its codes, promotions and counts strongly
/// consistent (the live set comes from an index, which is eventually consistent).
const CANDIDATES: Reach = Reach::Candidates(Freshness::Strong);

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(redeem(app, &req)).await
}

/// A new redemption and the evaluation it counted.
#[derive(Serialize)]
struct Created<'a> {
    #[serde(flatten)]
    redemption: RedemptionView<'a>,
    evaluation: EvaluationView<'a>,
}

async fn redeem(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::RedemptionsWrite).await?;
    let request = json_body::<RedemptionRequest>(req)?.check()?;
    let identity = fingerprint("POST", "redemption", req.body().as_ref());
    let store = app.store();
    for attempt in 0..ATTEMPTS {
        let from = request.cart.evaluated_at(Timestamp::from_utc(clock::now()));
        let inputs = EvaluationInputs::load(store, &caller.store, &request.cart, from, CANDIDATES).await?;
        let now = clock::now();
        let evaluation = inputs.evaluate(&request.cart, Timestamp::from_utc(now)).await?;
        let counted = Counted::of(&request, &evaluation, &inputs.promotions, RedemptionId::generate(now)?, now)?;
        match store.redeem(&caller.store, &counted, &identity).await {
            Ok(Redeemed::Created(redemption)) => {
                let created = Created { redemption: redemption.view(), evaluation: evaluation.view(&request.cart) };
                return Ok(promotions::data(StatusCode::CREATED, &created));
            }
            Ok(Redeemed::Existing { redemption, same_request: true }) => {
                return Ok(promotions::data(StatusCode::OK, &redemption.view()));
            }
            Ok(Redeemed::Existing { same_request: false, .. }) => return Err(ApiError::OrderRedeemed),
            Ok(Redeemed::TryAgain) | Err(WriteError::Refused(Refusal::AlreadyExists)) => {
                tokio::time::sleep(api::retry::pause(attempt)).await;
            }
            Err(error) => return Err(error.into()),
        }
    }
    Err(StoreError::Unavailable("other redemptions kept taking the uses this one counted on".into()).into())
}
