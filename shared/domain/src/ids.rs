//! Identifiers that arrive in request paths, valid by construction.
//!
//! A [`StoreId`] becomes part of every storage key (`STORE#<id>`), so it admits only characters
//! that cannot forge another key: ASCII letters, digits, `-` and `_`.

use std::fmt;

use chrono::{DateTime, Utc};

use serde::{Deserialize, Serialize};

use crate::error::RandomnessUnavailable;

/// A store (tenant) identifier: a BigCommerce-style store hash or a flake id, 1–64 characters of
/// `[A-Za-z0-9_-]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StoreId(String);

impl StoreId {
    pub fn parse(raw: &str) -> Option<Self> {
        let valid =
            (1..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        valid.then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for StoreId {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw).ok_or_else(|| format!("invalid store id {raw:?}"))
    }
}

impl From<StoreId> for String {
    fn from(id: StoreId) -> Self {
        id.0
    }
}

impl fmt::Display for StoreId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A promotion id: a positive integer, allocated per store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PromotionId(pub u64);

impl PromotionId {
    /// Parses a path segment; anything but a positive decimal integer is `None`.
    pub fn parse(raw: &str) -> Option<Self> {
        let all_digits = !raw.is_empty() && raw.len() <= 19 && raw.bytes().all(|b| b.is_ascii_digit());
        all_digits.then(|| raw.parse().ok()).flatten().filter(|&id| id > 0).map(Self)
    }
}

impl fmt::Display for PromotionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A new flake id: milliseconds since 2020-01-01 in the high bits and 22 random bits below, so
/// ids sort by creation time and two made in the same millisecond almost never collide.
pub fn flake_id(now: DateTime<Utc>) -> Result<u64, RandomnessUnavailable> {
    Ok(flake_ids(now, 1)?[0])
}

/// `count` distinct flake ids of the same millisecond, in increasing order (the low bits count
/// up from a random start), for a batch made at once.
pub fn flake_ids(now: DateTime<Utc>, count: usize) -> Result<Vec<u64>, RandomnessUnavailable> {
    const EPOCH_2020_MS: i64 = 1_577_836_800_000;
    const LOW_BITS: u32 = 22;
    let millis = u64::try_from(now.timestamp_millis() - EPOCH_2020_MS).unwrap_or(0);
    let mut random = [0u8; 4];
    getrandom::fill(&mut random)?;
    let room = (1u64 << LOW_BITS) - count as u64;
    let start = u64::from(u32::from_le_bytes(random)) % room.max(1);
    Ok((0..count as u64).map(|i| (millis << LOW_BITS) | (start + i)).collect())
}

/// The largest integer a JavaScript `Number` holds exactly: no id the API hands out is larger,
/// so that a client in any language reads back the id it was given.
pub const MAX_SAFE_ID: u64 = (1 << 53) - 1;

/// `count` (at most 4,096) new coupon code ids, consecutive and increasing: milliseconds since
/// 2024-01-01 above 12 bits that count up from a random start. They stay at or below
/// [`MAX_SAFE_ID`] until 2093. Two writes of one store in the same millisecond may draw the same
/// id: the store refuses the second (the store's `Refusal::IdTaken`) and the writer draws again.
pub fn code_ids(now: DateTime<Utc>, count: usize) -> Result<Vec<u64>, RandomnessUnavailable> {
    const EPOCH_2024_MS: i64 = 1_704_067_200_000;
    const LOW_BITS: u32 = 12;
    let count = (count as u64).min(1 << LOW_BITS);
    let millis = u64::try_from(now.timestamp_millis() - EPOCH_2024_MS).unwrap_or(0);
    let mut random = [0u8; 2];
    getrandom::fill(&mut random)?;
    let offset = u64::from(u16::from_le_bytes(random)) % ((1 << LOW_BITS) - count + 1);
    let start = (millis << LOW_BITS) | offset;
    Ok((start..start + count).map(|id| id & MAX_SAFE_ID).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_ids_admit_only_key_safe_characters() {
        for valid in ["demo", "abc123", "411486491630370816", "a-b_c"] {
            assert!(StoreId::parse(valid).is_some(), "{valid}");
        }
        for invalid in ["", "a#b", "a/b", "a b", "é", &"x".repeat(65)] {
            assert!(StoreId::parse(invalid).is_none(), "{invalid}");
        }
    }

    #[test]
    fn flake_ids_grow_with_time_and_a_batch_is_distinct_and_ordered() {
        let earlier = flake_id(DateTime::from_timestamp(1_700_000_000, 0).unwrap()).unwrap();
        let later = flake_id(DateTime::from_timestamp(1_700_000_001, 0).unwrap()).unwrap();
        assert!(later > earlier);
        let batch = flake_ids(DateTime::from_timestamp(1_700_000_000, 0).unwrap(), 250).unwrap();
        assert!(batch.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn code_ids_survive_a_javascript_number_for_decades_and_a_batch_is_consecutive() {
        let in_2090 = DateTime::from_timestamp(3_786_912_000, 0).unwrap();
        let batch = code_ids(in_2090, 250).unwrap();
        assert!(batch.iter().all(|&id| id <= MAX_SAFE_ID), "{:?}", batch.last());
        assert!(batch.windows(2).all(|pair| pair[1] == pair[0] + 1));
        let now = DateTime::from_timestamp(1_780_000_000, 0).unwrap();
        let later = code_ids(now + chrono::Duration::milliseconds(1), 1).unwrap()[0];
        assert!(code_ids(now, 4096).unwrap().iter().all(|&id| id < later), "ids grow with time");
    }

    #[test]
    fn promotion_ids_are_positive_decimal_integers() {
        assert_eq!(PromotionId::parse("42"), Some(PromotionId(42)));
        for invalid in ["", "0", "-1", "1.5", "abc", "+3", "99999999999999999999"] {
            assert_eq!(PromotionId::parse(invalid), None, "{invalid}");
        }
    }
}
