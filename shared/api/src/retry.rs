//! The pause between a handler's attempts at a write that lost a race (another writer changed
//! the promotion first, or took the counters a redemption needed): short, growing, and random,
//! so that the writers that met once do not meet again in step, and a burst of them spreads out
//! instead of failing.

use std::time::Duration;

/// The pause before attempt `attempt + 1`: 5 ms doubling to 160 ms, times 0.5 to 1.5.
pub fn pause(attempt: u32) -> Duration {
    let base = 5u64 << attempt.min(5);
    let mut random = [0u8; 1];
    let factor = getrandom::fill(&mut random).map_or(128, |()| u64::from(random[0]));
    Duration::from_millis(base / 2 + base * factor / 255)
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
}
