//! Currency codes: the active ISO 4217 codes with their minor units, or `*` for every currency.
//!
//! The table is hand-written rather than taken from a crate because it is small, changes a few
//! times a decade, and the minor units it carries are needed for rounding; keeping it in one
//! screen makes a review against the ISO list easy.

use crate::parse::StrValue;

/// Active ISO 4217 codes and their number of minor-unit digits (funds, metals and test codes
/// such as `XAU` and `XTS` are left out: no store sells in them).
const ISO_4217: &[(&str, u8)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHF", 2),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("UYU", 2),
    ("UZS", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XCG", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

/// The currency a promotion applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurrencyCode {
    /// `*`: every currency (only percentage discounts make sense then).
    Any,
    /// One ISO 4217 currency.
    Iso { code: &'static str, minor_units: u8 },
}

impl CurrencyCode {
    /// US dollars, the default when a promotion names no currency.
    pub const USD: Self = Self::Iso { code: "USD", minor_units: 2 };

    pub fn is_any(&self) -> bool {
        matches!(self, Self::Any)
    }
}

impl StrValue for CurrencyCode {
    const EXPECTING: &'static str = "an ISO 4217 currency code such as \"USD\", or \"*\"";

    fn parse_str(raw: &str) -> Result<Self, String> {
        if raw == "*" {
            return Ok(Self::Any);
        }
        ISO_4217
            .iter()
            .find(|(code, _)| *code == raw)
            .map(|&(code, minor_units)| Self::Iso { code, minor_units })
            .ok_or_else(|| format!("{raw:?} is not an ISO 4217 currency code (such as \"USD\") or \"*\""))
    }
}

impl AsRef<str> for CurrencyCode {
    fn as_ref(&self) -> &str {
        match self {
            Self::Any => "*",
            Self::Iso { code, .. } => code,
        }
    }
}

crate::str_value_serde!(CurrencyCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_and_the_wildcard_parse() {
        assert_eq!(CurrencyCode::parse_str("USD"), Ok(CurrencyCode::USD));
        assert_eq!(CurrencyCode::parse_str("JPY"), Ok(CurrencyCode::Iso { code: "JPY", minor_units: 0 }));
        assert_eq!(CurrencyCode::parse_str("*"), Ok(CurrencyCode::Any));
    }

    #[test]
    fn unknown_or_miscased_codes_are_refused() {
        for invalid in ["usd", "XYZ", "US", "USDD", "", "**", "XTS"] {
            assert!(CurrencyCode::parse_str(invalid).is_err(), "{invalid}");
        }
    }

    #[test]
    fn the_table_has_no_duplicates_and_only_three_letter_codes() {
        let mut codes: Vec<_> = ISO_4217.iter().map(|(code, _)| *code).collect();
        assert!(codes.iter().all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ISO_4217.len());
    }
}
