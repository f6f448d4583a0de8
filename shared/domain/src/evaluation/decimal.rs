//! Exact money arithmetic: amounts are `rust_decimal` values parsed from decimal strings, never
//! floats, and every amount a client reads is rounded once, half away from zero, to the minor
//! unit of the cart's currency.
//!
//! A fixed total that is shared by several lines (an `as_total` amount, a fixed-price set, a
//! binding `maximum_allowed_discount_amount`) is rounded once and split with
//! [`Rounding::allocate`], so that the lines always add up to it exactly.

use std::fmt::Write;
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::parse::StrValue;
use crate::promotion::money::{Money, Percentage};

/// A non-negative amount from a request, such as a unit price: a decimal string (`"10.50"`,
/// never a JSON number), with the digit limits of [`Money`], held exactly.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(Decimal);

impl Amount {
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl StrValue for Amount {
    const EXPECTING: &'static str = <Money as StrValue>::EXPECTING;

    fn parse_str(raw: &str) -> Result<Self, String> {
        Money::parse_str(raw)?;
        Decimal::from_str_exact(raw).map(Self).map_err(|e| format!("{raw:?} is not an amount ({e})"))
    }
}

impl<'de> serde::Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::parse::deserialize_str_value(deserializer)
    }
}

/// A promotion's amount, exactly. Stored amounts were checked when written, so they parse.
pub fn money(amount: &Money) -> Decimal {
    Decimal::from_str(amount.as_ref()).unwrap_or(Decimal::ZERO)
}

/// `amount` taken `count` times. Past what a `Decimal` holds (about 7.9 × 10^28) the product
/// is `Decimal::MAX`: every caller caps a discount at what the cart has left, which such a
/// product always passes, so the answer is the cap and never a panic.
pub fn times(amount: Decimal, count: u64) -> Decimal {
    amount.checked_mul(Decimal::from(count)).unwrap_or(Decimal::MAX)
}

/// A promotion's percentage as a fraction: `"20"` is 0.20.
pub fn fraction(percentage: &Percentage) -> Decimal {
    Decimal::from_str(percentage.as_ref()).unwrap_or(Decimal::ZERO) / Decimal::ONE_HUNDRED
}

/// Rounding to one currency's minor unit (2 decimals for USD, 0 for JPY, 3 for KWD).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounding {
    minor_units: u32,
}

impl Rounding {
    pub fn new(minor_units: u8) -> Self {
        Self { minor_units: u32::from(minor_units) }
    }

    pub fn minor_units(self) -> u32 {
        self.minor_units
    }

    /// The smallest amount of the currency: 0.01 for USD.
    pub fn unit(self) -> Decimal {
        Decimal::new(1, self.minor_units)
    }

    /// Rounds half away from zero: 0.125 becomes 0.13 and 0.124 becomes 0.12.
    pub fn round(self, amount: Decimal) -> Decimal {
        amount.round_dp_with_strategy(self.minor_units, RoundingStrategy::MidpointAwayFromZero)
    }

    /// Rounds toward zero, for limits that must never be passed (a maximum discount).
    pub fn round_down(self, amount: Decimal) -> Decimal {
        amount.round_dp_with_strategy(self.minor_units, RoundingStrategy::ToZero)
    }

    /// True when `amount` needs no rounding.
    pub fn is_exact(self, amount: Decimal) -> bool {
        amount.normalize().scale() <= self.minor_units
    }

    /// The amount as a client reads it: exactly `minor_units` decimals (`"12.50"`, `"1200"`).
    pub fn text(self, amount: Decimal) -> String {
        let mut rounded = self.round(amount);
        rounded.rescale(self.minor_units);
        let magnitude = rounded.mantissa().unsigned_abs();
        let unit = 10u128.pow(self.minor_units);
        let mut text = String::with_capacity(24);
        if rounded.is_sign_negative() && !rounded.is_zero() {
            text.push('-');
        }
        let _ = write!(text, "{}", magnitude / unit);
        if self.minor_units > 0 {
            let _ = write!(text, ".{:0width$}", magnitude % unit, width = self.minor_units as usize);
        }
        text
    }

    /// Splits `total` (a whole number of minor units) in proportion to `weights`: each share
    /// is rounded down to the minor unit, then the units left over (fewer than there are shares)
    /// go one each to the shares that lost the most, the earlier share on a tie. The shares add
    /// up to `total` exactly; when `total` is at most the sum of the weights, no share is more
    /// than its weight rounded up to the minor unit.
    pub fn allocate(self, total: Decimal, weights: &[Decimal]) -> Vec<Decimal> {
        let sum: Decimal = weights.iter().sum();
        if sum <= Decimal::ZERO || total <= Decimal::ZERO {
            return vec![Decimal::ZERO; weights.len()];
        }
        // `total × w ÷ sum` is exact but can pass a Decimal's range (a trillion shared over lines
        // worth 10^20); `total × (w ÷ sum)` cannot (the fraction is at most 1), and the units
        // it loses are given out below like any other.
        let share = |w: &Decimal| total.checked_mul(*w).map_or_else(|| total * (*w / sum), |product| product / sum);
        let exact: Vec<Decimal> = weights.iter().map(share).collect();
        let mut shares: Vec<Decimal> = exact.iter().map(|e| self.round_down(*e)).collect();
        let left = total - shares.iter().sum::<Decimal>();
        let extra = (left / self.unit()).trunc().to_usize().unwrap_or(0);
        let mut order: Vec<usize> = (0..weights.len()).filter(|&i| weights[i] > Decimal::ZERO).collect();
        order.sort_by(|&a, &b| (exact[b] - shares[b]).cmp(&(exact[a] - shares[a])).then(a.cmp(&b)));
        for &i in order.iter().take(extra) {
            shares[i] += self.unit();
        }
        shares
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(raw: &str) -> Decimal {
        Decimal::from_str(raw).unwrap()
    }

    #[test]
    fn amounts_are_decimal_strings_never_json_numbers() {
        assert_eq!(serde_json::from_str::<Amount>("\"10.50\"").unwrap().value(), d("10.50"));
        assert!(serde_json::from_str::<Amount>("10.5").is_err());
        for invalid in ["-1", "1e3", ".5", "", "0.0000001"] {
            assert!(Amount::parse_str(invalid).is_err(), "{invalid}");
        }
    }

    #[test]
    fn rounding_is_half_away_from_zero_to_the_minor_unit() {
        let usd = Rounding::new(2);
        assert_eq!(usd.round(d("0.125")), d("0.13"));
        assert_eq!(usd.round(d("0.1249")), d("0.12"));
        assert_eq!(usd.round_down(d("0.129")), d("0.12"));
        assert_eq!(Rounding::new(0).round(d("2.5")), d("3"));
        assert_eq!(Rounding::new(3).text(d("1.5")), "1.500");
        assert_eq!(Rounding::new(0).text(d("1200")), "1200");
        assert_eq!(Rounding::new(2).text(d("0.05")), "0.05");
        assert_eq!(Rounding::new(2).text(d("-3.5")), "-3.50");
        assert_eq!(Rounding::new(2).text(d("1234567.891")), "1234567.89");
    }

    #[test]
    fn exactness_counts_significant_decimals_only() {
        let usd = Rounding::new(2);
        assert!(usd.is_exact(d("10.50")) && usd.is_exact(d("10.500")) && usd.is_exact(d("7")));
        assert!(!usd.is_exact(d("10.505")));
    }

    #[test]
    fn an_allocation_adds_up_to_its_total_and_follows_the_weights() {
        let usd = Rounding::new(2);
        let shares = usd.allocate(d("10.00"), &[d("1"), d("1"), d("1")]);
        assert_eq!(shares, vec![d("3.34"), d("3.33"), d("3.33")]);
        let shares = usd.allocate(d("5.00"), &[d("30"), d("10"), d("0")]);
        assert_eq!(shares, vec![d("3.75"), d("1.25"), d("0")]);
        assert_eq!(usd.allocate(d("0.01"), &[d("0.005"), d("0.005")]), vec![d("0.01"), d("0")]);
        assert_eq!(usd.allocate(d("1"), &[d("0")]), vec![d("0")]);
    }
}
