//! The pause before a request is sent again (a transaction that met another, a batch left
//! unprocessed, a throttled call): growing, and jittered.

use std::time::Duration;

/// The pause before retry `retry` (0 for the first): 10, 20, 40 ms…, plus up to as much again
/// at random, so that requests that collided (or were throttled together) do not meet again
/// in step.
pub(crate) fn backoff(retry: usize) -> Duration {
    let base = 10u64 << retry.min(4);
    let mut random = [0u8; 1];
    let jitter = getrandom::fill(&mut random).map_or(0, |()| u64::from(random[0]) * base / 255);
    Duration::from_millis(base + jitter)
}
