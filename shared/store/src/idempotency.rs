//! The records behind safe retries of `POST`s: a request with an `Idempotency-Key` runs once per
//! key and store (the API layer's `api::http::idempotency` drives them). The
//! key's record holds the request's fingerprint and, once it succeeded, its response, for
//! [`TTL_SECONDS`]; a retry with the same key and body gets that response again, the same key with
//! another request is refused, and a second request arriving while the first runs waits for it.
//!
//! A record is claimed (`pending`) before the work and completed after it, both single writes. A
//! claim whose request died before completing is taken over once its lease of [`LEASE_SECONDS`]
//! (longer than a function may run) is over; a request that failed gives its claim up at once,
//! so only successes are replayed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How long a key and its response are kept: 24 hours.
pub const TTL_SECONDS: i64 = 24 * 60 * 60;
/// How long a claim is held before another request may take it over.
pub const LEASE_SECONDS: i64 = 30;
/// The longest key accepted.
pub const MAX_KEY_CHARS: usize = 255;

/// A client's `Idempotency-Key`: 1 to [`MAX_KEY_CHARS`] visible ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The key, if `raw` is one.
    pub fn parse(raw: &str) -> Option<Self> {
        let visible = raw.bytes().all(|b| b.is_ascii_graphic());
        (visible && (1..=MAX_KEY_CHARS).contains(&raw.len())).then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A first answer, kept to be given again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResponse {
    pub status: u16,
    /// The JSON body, as sent.
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
}

/// The answer to record for a claimed key, written in the same atomic write as the resource it
/// answers: the resource exists exactly when its key's record says so, so a retry can never
/// create it twice (even after the claim's lease ran out). The write applies only while the key
/// is still claimed by this request ([`crate::Refusal::ClaimLost`] otherwise, and nothing is
/// written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub key: IdempotencyKey,
    pub fingerprint: String,
    pub lease: Lease,
    pub response: StoredResponse,
}

/// What claiming a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is new, expired, or its holder's lease ran out: the claimant does the work.
    Claimed,
    /// A request with this key and fingerprint succeeded: its response.
    Completed(StoredResponse),
    /// A request with this key and fingerprint is running.
    InProgress,
    /// The key was used for another request.
    Mismatch,
}

/// The times of a claim, in Unix seconds: when it was made, until when it holds, and when the
/// record expires (DynamoDB's TTL deletes it some time after; it counts as absent from then on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lease {
    pub now: i64,
    pub until: i64,
    pub expires_at: i64,
}

impl Lease {
    /// A claim made at `now`.
    pub fn starting(now: DateTime<Utc>) -> Self {
        let now = now.timestamp();
        Self { now, until: now + LEASE_SECONDS, expires_at: now + TTL_SECONDS }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_one_to_255_visible_ascii_characters() {
        for valid in ["a", "order-42", "7f1c0b5e-8a7b-4c1e-9d3f-2a6b5c4d3e2f", &"k".repeat(255), "!#$%&'*+.^_`|~"] {
            assert!(IdempotencyKey::parse(valid).is_some(), "{valid}");
        }
        for invalid in ["", " ", "with space", "tab\t", "é", &"k".repeat(256)] {
            assert!(IdempotencyKey::parse(invalid).is_none(), "{invalid}");
        }
    }

    #[test]
    fn a_claim_holds_thirty_seconds_and_its_record_a_day() {
        let lease = Lease::starting(DateTime::from_timestamp(1_000, 0).unwrap());
        assert_eq!(lease, Lease { now: 1_000, until: 1_030, expires_at: 1_000 + 86_400 });
    }
}
