//! Money and percentages as exact decimal strings (`"10.50"`), never floats.
//!
//! The promotions API writes amounts as strings matching `[0-9]+(\.[0-9]+)?`. They are kept as
//! written (so a client reads back exactly what it sent) and checked here once: at most
//! [`MAX_INTEGER_DIGITS`] digits before the point and [`MAX_FRACTION_DIGITS`] after it.

use crate::parse::StrValue;

/// Digits allowed before the decimal point: enough for any real price, far below overflow.
pub const MAX_INTEGER_DIGITS: usize = 15;
/// Digits allowed after the decimal point.
pub const MAX_FRACTION_DIGITS: usize = 6;

/// A non-negative amount of money, as the decimal string the client wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money(String);

/// A percentage greater than 0 and at most 100, as a decimal string (`"12.5"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Percentage(String);

/// The two parts of a checked decimal string.
struct Decimal<'a> {
    integer: &'a str,
    fraction: &'a str,
}

impl<'a> Decimal<'a> {
    fn parse(raw: &'a str) -> Option<Self> {
        let (integer, fraction) = match raw.split_once('.') {
            Some((integer, fraction)) if !fraction.is_empty() => (integer, fraction),
            Some(_) => return None,
            None => (raw, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let fits = !integer.is_empty() && integer.len() <= MAX_INTEGER_DIGITS && fraction.len() <= MAX_FRACTION_DIGITS;
        (fits && digits(integer) && digits(fraction)).then_some(Self { integer, fraction })
    }

    fn is_zero(&self) -> bool {
        self.integer.bytes().chain(self.fraction.bytes()).all(|b| b == b'0')
    }

    fn integer_value(&self) -> u64 {
        self.integer.parse().unwrap_or(u64::MAX)
    }
}

impl Money {
    /// True when the amount is more than zero.
    pub fn is_positive(&self) -> bool {
        Decimal::parse(&self.0).is_some_and(|d| !d.is_zero())
    }
}

impl StrValue for Money {
    const EXPECTING: &'static str = "a decimal string such as \"10.50\"";

    fn parse_str(raw: &str) -> Result<Self, String> {
        match Decimal::parse(raw) {
            Some(_) => Ok(Self(raw.to_owned())),
            None => Err(format!(
                "{raw:?} is not an amount: expected digits with an optional decimal part, such as \"10.50\" \
                 (at most {MAX_INTEGER_DIGITS} digits before the point and {MAX_FRACTION_DIGITS} after)"
            )),
        }
    }
}

impl StrValue for Percentage {
    const EXPECTING: &'static str = "a percentage as a decimal string such as \"12.5\"";

    fn parse_str(raw: &str) -> Result<Self, String> {
        let decimal = Decimal::parse(raw).ok_or_else(|| format!("{raw:?} is not a decimal number such as \"12.5\""))?;
        let at_most_100 = decimal.integer_value() < 100
            || (decimal.integer_value() == 100 && decimal.fraction.bytes().all(|b| b == b'0'));
        if decimal.is_zero() || !at_most_100 {
            return Err(format!("{raw:?} must be greater than 0 and at most 100"));
        }
        Ok(Self(raw.to_owned()))
    }
}

impl AsRef<str> for Money {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Percentage {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

crate::str_value_serde!(Money, Percentage);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_accepts_plain_decimal_strings_only() {
        for valid in ["0", "10", "10.5", "10.50", "0.000001", "999999999999999"] {
            assert!(Money::parse_str(valid).is_ok(), "{valid}");
        }
        for invalid in ["", ".5", "5.", "-1", "+1", "1e3", "1,5", " 1", "1.2.3", "0.0000001", "1000000000000000"] {
            assert!(Money::parse_str(invalid).is_err(), "{invalid}");
        }
    }

    #[test]
    fn money_knows_whether_it_is_positive() {
        assert!(Money::parse_str("0.01").unwrap().is_positive());
        assert!(!Money::parse_str("0.00").unwrap().is_positive());
    }

    #[test]
    fn percentages_lie_in_zero_exclusive_to_one_hundred() {
        for valid in ["0.5", "1", "50", "99.99", "100", "100.000"] {
            assert!(Percentage::parse_str(valid).is_ok(), "{valid}");
        }
        for invalid in ["0", "0.0", "100.01", "101", "-5", "abc", "1000"] {
            assert!(Percentage::parse_str(invalid).is_err(), "{invalid}");
        }
    }

    #[test]
    fn money_must_be_a_string_not_a_json_number() {
        assert!(serde_json::from_str::<Money>("10.5").is_err());
        assert_eq!(serde_json::from_str::<Money>("\"10.5\"").unwrap().as_ref(), "10.5");
    }
}
