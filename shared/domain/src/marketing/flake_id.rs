//! Flake ids: 64-bit unsigned snowflake-style integers, written as JSON strings because they
//! exceed what a JavaScript number carries exactly.
//!
//! Only the canonical decimal form is accepted (ASCII digits, no sign, no leading zero), so that
//! one id has one spelling: what a client sends is what it reads back, and two spellings can
//! never name two storage keys for one store.

use std::fmt;

use crate::parse::StrValue;

/// A flake id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FlakeId(u64);

impl FlakeId {
    pub fn new(id: u64) -> Self {
        Self(id)
    }

    pub fn get(self) -> u64 {
        self.0
    }
}

impl StrValue for FlakeId {
    const EXPECTING: &'static str = "a flake id: a string of digits such as \"411486491630370816\"";

    fn parse_str(raw: &str) -> Result<Self, String> {
        let digits = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit());
        let canonical = raw == "0" || !raw.starts_with('0');
        match raw.parse::<u64>() {
            Ok(id) if digits && canonical => Ok(Self(id)),
            _ if digits && canonical => {
                Err(format!("{raw:?} is not a flake id: it does not fit 64 bits (at most {})", u64::MAX))
            }
            _ => Err(format!(
                "{raw:?} is not a flake id: expected a string of digits without leading zeros, \
                 such as \"411486491630370816\""
            )),
        }
    }
}

impl fmt::Display for FlakeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl serde::Serialize for FlakeId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for FlakeId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::parse::deserialize_str_value(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flake_ids_are_canonical_decimal_strings_that_fit_64_bits() {
        for (raw, id) in
            [("0", 0), ("7", 7), ("411486491630370816", 411_486_491_630_370_816), ("18446744073709551615", u64::MAX)]
        {
            assert_eq!(FlakeId::parse_str(raw).map(FlakeId::get), Ok(id), "{raw}");
        }
        for invalid in [
            "",
            "007",
            "-1",
            "+1",
            " 1",
            "1 ",
            "1.0",
            "1e3",
            "0x10",
            "abc",
            "18446744073709551616",
            "99999999999999999999999",
        ] {
            assert!(FlakeId::parse_str(invalid).is_err(), "{invalid}");
        }
    }

    #[test]
    fn a_flake_id_is_a_json_string_never_a_number() {
        let id: FlakeId = serde_json::from_str("\"411486491630370816\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"411486491630370816\"");
        let number = serde_json::from_str::<FlakeId>("411486491630370816").unwrap_err();
        assert!(number.to_string().contains("expected a flake id"), "{number}");
    }
}
