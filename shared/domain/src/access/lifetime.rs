//! How long an API key may be used, chosen when it is made (`admin keys create --expires-in P90D`):
//! a key handed to a partner or a short job then stops working by itself, with no one having to
//! remember to revoke it.
//!
//! An ISO 8601 duration of weeks, days, hours, minutes and seconds (the parser of marketing
//! durations), from one minute to [`MAX_DAYS`] days. Years and months are refused: their length
//! depends on the calendar, and a key's end should not (write `P365D`, not `P1Y`).

use chrono::{DateTime, TimeDelta, Utc};

use crate::marketing::duration::IsoDuration;
use crate::parse::StrValue;

/// The longest lifetime, in days (about ten years; a key meant to live longer should not expire).
pub const MAX_DAYS: u64 = 3_660;

/// The shortest lifetime, in seconds.
pub const MIN_SECONDS: u64 = 60;

/// A key's lifetime, valid by construction: one minute to [`MAX_DAYS`] days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyLifetime {
    text: IsoDuration,
    seconds: u64,
}

impl KeyLifetime {
    /// When a key made at `created_at` stops working.
    pub fn end(&self, created_at: DateTime<Utc>) -> DateTime<Utc> {
        let lifetime = TimeDelta::seconds(i64::try_from(self.seconds).unwrap_or(i64::MAX));
        created_at.checked_add_signed(lifetime).unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

impl StrValue for KeyLifetime {
    const EXPECTING: &'static str =
        "an ISO 8601 duration of weeks, days, hours, minutes or seconds from PT1M to P3660D, such as P90D";

    fn parse_str(raw: &str) -> Result<Self, String> {
        let refused = || format!("{raw:?} is not a key lifetime: {}", Self::EXPECTING);
        let text = IsoDuration::parse_str(raw).map_err(|_| refused())?;
        match text.parts().fixed_seconds() {
            Some(seconds) if (MIN_SECONDS..=MAX_DAYS * 86_400).contains(&seconds) => Ok(Self { text, seconds }),
            _ => Err(refused()),
        }
    }
}

impl AsRef<str> for KeyLifetime {
    fn as_ref(&self) -> &str {
        self.text.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_lifetime_is_one_minute_to_ten_years_of_fixed_length() {
        let created = Utc.with_ymd_and_hms(2026, 1, 31, 12, 0, 0).unwrap();
        let table = [
            ("P90D", "2026-05-01T12:00:00Z"),
            ("P2W", "2026-02-14T12:00:00Z"),
            ("PT1M", "2026-01-31T12:01:00Z"),
            ("P1DT12H", "2026-02-02T00:00:00Z"),
            ("P3660D", "2036-02-08T12:00:00Z"),
        ];
        for (raw, end) in table {
            let lifetime = KeyLifetime::parse_str(raw).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(lifetime.end(created).to_rfc3339_opts(chrono::SecondsFormat::Secs, true), end, "{raw}");
            assert_eq!(lifetime.as_ref(), raw);
        }
        for invalid in ["PT59S", "P0D", "P3661D", "P1Y", "P1M", "90d", "P4294967295W", ""] {
            assert!(KeyLifetime::parse_str(invalid).is_err(), "{invalid:?}");
        }
    }
}
