//! The scheduled run of due marketing emails (an EventBridge schedule every minute on AWS;
//! `local-api` runs the same every few seconds, `admin marketing run-due` by hand): every
//! delivery whose time came is claimed, its coupon minted, its email rendered and sent.
//!
//! Exactly once per checkout, whatever runs at once or again: the claim is one write
//! conditional on the version read, which records the code it will mint and moves the due time
//! a [`LEASE`] ahead; a run that dies after it leaves the delivery due again when the lease
//! ends, and the next run mints the same code (a code that exists is taken as minted) and sends
//! under the same reference. The one window left is a run that dies after the mail service
//! accepted an email and before its `SENT` write (one call): SES has no idempotency key, so that
//! email goes out twice. Runs keep it rare: bounded work per run ([`MAX_BATCHES`] of [`BATCH`]),
//! and no delivery is claimed past [`RUN_BUDGET`], well inside the function's timeout, so a run
//! stops between deliveries rather than being killed in one; the next run goes on. A delivery
//! whose store call fails is left for the next run and does not stop the others.

mod claim;
mod links;
pub mod outbox;
mod send;
mod step;

use chrono::{DateTime, Duration, Utc};
use mail::Mailer;
use store::outreach::Due;
use store::{Store, StoreError};

pub use links::Links;
use step::Step;

/// Deliveries read per store call.
pub const BATCH: usize = 100;
/// Most batches one run takes on.
pub const MAX_BATCHES: usize = 10;
/// How long a claimed delivery waits for its send before another run takes it up again.
pub const LEASE_MINUTES: i64 = 5;
/// Wall-clock time after which a run claims nothing more (the function's timeout is longer).
pub const RUN_BUDGET: std::time::Duration = std::time::Duration::from_secs(40);

/// What a run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    pub sent: usize,
    pub skipped: usize,
    /// Claimed, but the mail service failed for now: due again after the lease.
    pub retrying: usize,
    /// Left for the next run: a store call failed.
    pub failed: usize,
}

/// Sends what is due at `now`.
pub async fn run(
    store: &dyn Store,
    mailer: &dyn Mailer,
    links: &Links,
    now: DateTime<Utc>,
) -> Result<Report, StoreError> {
    let started = std::time::Instant::now();
    let mut report = Report::default();
    let mut first_failure = None;
    for _ in 0..MAX_BATCHES {
        let due = store.due_deliveries(now, BATCH).await?;
        for entry in &due {
            if started.elapsed() > RUN_BUDGET {
                return Ok(report);
            }
            match process(store, mailer, links, entry, now).await {
                Ok(Step::Sent) => report.sent += 1,
                Ok(Step::Skipped) => report.skipped += 1,
                Ok(Step::Retrying) => report.retrying += 1,
                Ok(Step::Nothing) => {}
                Err(error) => {
                    tracing::warn!(subject = ?entry.subject, %error, "a due delivery failed; left for the next run");
                    report.failed += 1;
                    first_failure.get_or_insert(error);
                }
            }
        }
        if due.len() < BATCH {
            break;
        }
    }
    match first_failure {
        Some(error) if report.sent + report.skipped + report.retrying == 0 => Err(error),
        _ => Ok(report),
    }
}

async fn process(
    store: &dyn Store,
    mailer: &dyn Mailer,
    links: &Links,
    due: &Due,
    now: DateTime<Utc>,
) -> Result<Step, StoreError> {
    let lease_end = now + Duration::minutes(LEASE_MINUTES);
    match claim::claim(store, due, now, lease_end).await? {
        claim::Claim::Claimed(claimed) => {
            let (claimed, config) = *claimed;
            send::send(store, mailer, links, due, claimed, &config, now).await
        }
        claim::Claim::Skipped => Ok(Step::Skipped),
        claim::Claim::Nothing => Ok(Step::Nothing),
    }
}
