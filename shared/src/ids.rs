//! Identifiers that arrive in request paths, valid by construction.
//!
//! A [`StoreId`] becomes part of every storage key (`STORE#<id>`), so it admits only characters
//! that cannot forge another key: ASCII letters, digits, `-` and `_`.

use std::fmt;

use serde::{Deserialize, Serialize};

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
        all_digits
            .then(|| raw.parse().ok())
            .flatten()
            .filter(|&id| id > 0)
            .map(Self)
    }
}

impl fmt::Display for PromotionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
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
    fn promotion_ids_are_positive_decimal_integers() {
        assert_eq!(PromotionId::parse("42"), Some(PromotionId(42)));
        for invalid in ["", "0", "-1", "1.5", "abc", "+3", "99999999999999999999"] {
            assert_eq!(PromotionId::parse(invalid), None, "{invalid}");
        }
    }
}
