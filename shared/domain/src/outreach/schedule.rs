//! Time arithmetic of the schedule: when `trigger_after` ends, and which cap window a moment
//! falls in.
//!
//! Durations with years or months are calendar arithmetic for the schedule (`P1M` after
//! 31 January is the end of February). Cap periods are fixed windows counted from the Unix
//! epoch, so they need a fixed length: a year counts 365 days and a month 30.

use chrono::{DateTime, Duration, Months, Utc};

use crate::marketing::duration::IsoDuration;

/// `at` plus `duration` (the latest representable time if that overflows).
pub fn after(at: DateTime<Utc>, duration: &IsoDuration) -> DateTime<Utc> {
    let parts = duration.parts();
    let months = parts.years.saturating_mul(12).saturating_add(parts.months);
    let rest = Duration::weeks(i64::from(parts.weeks))
        + Duration::days(i64::from(parts.days))
        + Duration::hours(i64::from(parts.hours))
        + Duration::minutes(i64::from(parts.minutes))
        + Duration::seconds(i64::from(parts.seconds))
        + Duration::nanoseconds(i64::from(parts.nanos));
    at.checked_add_months(Months::new(months))
        .and_then(|moved| moved.checked_add_signed(rest))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The index of the fixed window of length `period` that `at` falls in.
pub fn window(at: DateTime<Utc>, period: &IsoDuration) -> i64 {
    let parts = period.parts();
    let calendar_days = u64::from(parts.years) * 365 + u64::from(parts.months) * 30;
    let fixed = parts.fixed_seconds().unwrap_or_else(|| {
        let without_calendar = crate::marketing::duration::DurationParts { years: 0, months: 0, ..parts };
        without_calendar.fixed_seconds().unwrap_or(0)
    });
    let seconds = (fixed + calendar_days * 86_400).max(1);
    at.timestamp().div_euclid(i64::try_from(seconds).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::StrValue;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn durations_add_like_a_calendar() {
        let cases = [
            ("2026-01-31T10:00:00Z", "P1M", "2026-02-28T10:00:00Z"),
            ("2026-12-02T10:00:00Z", "PT1H30M", "2026-12-02T11:30:00Z"),
            ("2026-12-02T10:00:00Z", "P1W", "2026-12-09T10:00:00Z"),
            ("2026-12-02T10:00:00Z", "P1Y2M3DT4H5M6S", "2028-02-05T14:05:06Z"),
            ("2026-12-02T10:00:00Z", "PT0.5S", "2026-12-02T10:00:00.500Z"),
        ];
        for (start, duration, end) in cases {
            assert_eq!(after(at(start), &IsoDuration::parse_str(duration).unwrap()), at(end), "{duration}");
        }
    }

    #[test]
    fn windows_split_time_into_fixed_periods() {
        let day = IsoDuration::parse_str("P1D").unwrap();
        assert_eq!(window(at("2026-12-02T00:00:00Z"), &day), window(at("2026-12-02T23:59:59Z"), &day));
        assert_ne!(window(at("2026-12-02T23:59:59Z"), &day), window(at("2026-12-03T00:00:00Z"), &day));
        let month = IsoDuration::parse_str("P1M").unwrap();
        assert_eq!(window(at("1970-01-30T23:59:59Z"), &month), 0);
        assert_eq!(window(at("1970-01-31T00:00:00Z"), &month), 1);
    }
}
