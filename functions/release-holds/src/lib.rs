//! The scheduled release of expired holds (an EventBridge schedule on AWS, every minute;
//! `local-api` runs the same every few seconds): every held redemption whose hold ended without
//! a confirm gives its uses back and becomes `EXPIRED`, each in one transaction conditional on
//! it still being held, so a hold confirmed at the last moment is never released and a use is
//! never given back twice. Released in batches until none is due, or [`MAX_BATCHES`] ran.

use chrono::{DateTime, Utc};
use store::{Store, StoreError};

/// Holds released per store call.
pub const BATCH: usize = 100;
/// Most batches one run releases; the next run (a minute later) goes on.
pub const MAX_BATCHES: usize = 50;

/// Releases the holds due at `now`; returns how many it released.
pub async fn release(store: &dyn Store, now: DateTime<Utc>) -> Result<usize, StoreError> {
    let mut released = 0;
    for _ in 0..MAX_BATCHES {
        let batch = store.release_expired_holds(now, BATCH).await?;
        released += batch;
        if batch < BATCH {
            break;
        }
    }
    Ok(released)
}
