//! Coupon codes: the text a shopper types, unique within a store regardless of case.
//!
//! A code is 1 to [`MAX_CODE_CHARS`] characters of `A-Z a-z 0-9 _ - space`, and neither starts
//! nor ends with a space: `SAVE10 ` would look like `SAVE10` to every person who reads it, and a
//! lookup of one must never find the other. Codes compare case-insensitively, so the store keeps
//! each under its [`CodeText::key`] (upper case): `SAVE10` and `save10` cannot both exist.

use serde::{Deserialize, Serialize};

use super::timestamp::Timestamp;
use crate::parse::StrValue;

/// Longest code, in characters.
pub const MAX_CODE_CHARS: usize = 50;

/// Largest `max_uses` / `max_uses_per_customer` a code may have.
pub const MAX_CODE_USES: u32 = 100_000;

/// A code's text, as the merchant wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CodeText(String);

impl CodeText {
    /// The code, if `raw` is one.
    pub fn try_from_str(raw: &str) -> Option<Self> {
        Self::parse_str(raw).ok()
    }

    /// The form codes are compared and stored under: upper case.
    pub fn key(&self) -> String {
        self.0.to_ascii_uppercase()
    }
}

impl StrValue for CodeText {
    const EXPECTING: &'static str = "a coupon code of 1 to 50 letters, digits, '_', '-' or inner spaces";

    fn parse_str(raw: &str) -> Result<Self, String> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' ');
        if raw.is_empty() || raw.len() > MAX_CODE_CHARS || !raw.chars().all(allowed) || raw.trim() != raw {
            return Err(format!(
                "{raw:?} is not a coupon code: 1 to {MAX_CODE_CHARS} of A-Z a-z 0-9 _ - and space, \
                 not starting or ending with a space"
            ));
        }
        Ok(Self(raw.to_owned()))
    }
}

impl AsRef<str> for CodeText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

crate::str_value_serde!(CodeText);

/// A stored coupon code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponCode {
    pub id: u64,
    pub code: CodeText,
    pub current_uses: u64,
    /// 0 means unlimited.
    pub max_uses: u32,
    /// 0 means unlimited.
    pub max_uses_per_customer: u32,
    pub created: Timestamp,
}

/// The body of `POST /promotions/{id}/codes`, and the `codes` object of a create.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCode {
    pub code: CodeText,
    #[serde(default)]
    pub max_uses: u32,
    #[serde(default)]
    pub max_uses_per_customer: u32,
    /// Read-only fields a client may echo back; ignored.
    #[serde(default)]
    id: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    current_uses: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    created: Option<serde::de::IgnoredAny>,
}

impl NewCode {
    pub fn new(code: CodeText, max_uses: u32, max_uses_per_customer: u32) -> Self {
        Self { code, max_uses, max_uses_per_customer, id: None, current_uses: None, created: None }
    }

    /// The code as stored, with its id and creation time.
    pub fn into_code(self, id: u64, created: Timestamp) -> CouponCode {
        CouponCode {
            id,
            code: self.code,
            current_uses: 0,
            max_uses: self.max_uses,
            max_uses_per_customer: self.max_uses_per_customer,
            created,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_short_and_plain() {
        for valid in ["SAVE10", "save-10", "Black Friday_2026", &"x".repeat(50)] {
            assert!(CodeText::parse_str(valid).is_ok(), "{valid}");
        }
        for invalid in ["", " ", "SAVE10!", "ümlaut", &"x".repeat(51), "a\tb", "SAVE10 ", " SAVE10"] {
            assert!(CodeText::parse_str(invalid).is_err(), "{invalid}");
        }
    }

    #[test]
    fn codes_compare_without_case() {
        let (lower, upper) = (CodeText::parse_str("save10").unwrap(), CodeText::parse_str("SAVE10").unwrap());
        assert_eq!(lower.key(), upper.key());
        assert_eq!(lower.as_ref(), "save10", "the merchant's spelling is kept");
    }
}
