//! The pause between a handler's attempts at a write that lost a race (another writer changed
//! the promotion first, or took the counters a redemption needed): short, growing, and random,
//! so that the writers that met once do not meet again in step, and a burst of them spreads out
//! instead of failing.

use std::future::Future;
use std::time::Duration;

use crate::ApiError;

/// How many draws of new code ids a write gets before it answers 503.
pub const ID_DRAWS: u32 = 4;

/// Runs `write` (which draws new code ids each time) until no other write of the store had
/// taken its ids; two draws meet only when two writes of one store fall in the same millisecond
/// and draw the same random block, so a second draw almost always succeeds.
pub async fn with_fresh_ids<T, F, Fut>(mut write: F) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let mut attempt = 0;
    loop {
        match write().await {
            Err(ApiError::IdsTaken) if attempt + 1 < ID_DRAWS => tokio::time::sleep(pause(attempt)).await,
            outcome => return outcome,
        }
        attempt += 1;
    }
}

/// The pause before attempt `attempt + 1`: 5 ms doubling to 160 ms, times 0.5 to 1.5.
pub fn pause(attempt: u32) -> Duration {
    let base = 5u64 << attempt.min(5);
    let mut random = [0u8; 1];
    let factor = getrandom::fill(&mut random).map_or(128, |()| u64::from(random[0]));
    Duration::from_millis(base / 2 + base * factor / 255)
}

/// The pause before attempt `attempt + 1` of a write that many writers of one item contend for
/// (a burst of partial updates of one promotion): anywhere from nothing to 10 ms doubling to 1 s
/// ("full jitter"), so the retries spread out instead of crowding the store in waves.
pub fn spread(attempt: u32) -> Duration {
    let ceiling = 10u64 << attempt.min(7);
    let mut random = [0u8; 2];
    let share = getrandom::fill(&mut random).map_or(32_768, |()| u64::from(u16::from_le_bytes(random)));
    Duration::from_millis(ceiling.min(1_000) * share / 65_535)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_to_a_ceiling_and_vary() {
        let first: Vec<Duration> = (0..50).map(|_| pause(0)).collect();
        assert!(first.iter().all(|p| (Duration::from_millis(2)..=Duration::from_millis(8)).contains(p)));
        assert!(first.iter().any(|p| *p != first[0]), "random, so that writers spread out");
        assert!((0..50).map(|_| pause(30)).all(|p| p <= Duration::from_millis(240)), "never more than 1.5 × 160 ms");
    }

    #[test]
    fn spread_pauses_grow_to_a_second_and_vary_from_nothing() {
        assert!((0..50).map(|_| spread(0)).all(|p| p <= Duration::from_millis(10)));
        let late: Vec<Duration> = (0..200).map(|_| spread(30)).collect();
        assert!(late.iter().all(|p| *p <= Duration::from_secs(1)), "never more than a second");
        assert!(
            late.iter().any(|p| *p < Duration::from_millis(250))
                && late.iter().any(|p| *p > Duration::from_millis(750))
        );
    }
}
