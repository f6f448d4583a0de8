//! When in the week a promotion runs: on some weekdays, every `week_frequency` weeks, between
//! two times of day (`HH:MM:SS`, start before end, in the store's time zone).

use serde::{Deserialize, Serialize};

use crate::checks::{field, Checks, Path};
use crate::error::Violation;
use crate::parse::StrValue;

/// A weekly availability window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub week_frequency: u32,
    pub week_days: Vec<Weekday>,
    pub daily_start_time: TimeOfDay,
    pub daily_end_time: TimeOfDay,
}

/// A day of the week, as the API spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

/// A time of day, `HH:MM:SS` on a 24-hour clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeOfDay {
    seconds: u32,
    text: [u8; 8],
}

impl TimeOfDay {
    /// Seconds since midnight.
    pub fn seconds(&self) -> u32 {
        self.seconds
    }
}

impl StrValue for TimeOfDay {
    const EXPECTING: &'static str = "a time of day as \"HH:MM:SS\"";

    fn parse_str(raw: &str) -> Result<Self, String> {
        let refuse = || format!("{raw:?} is not a time of day as \"HH:MM:SS\" (00:00:00 to 23:59:59)");
        let bytes: [u8; 8] = raw.as_bytes().try_into().map_err(|_| refuse())?;
        let pair = |at: usize| -> Option<u32> {
            let (tens, ones) = (bytes[at], bytes[at + 1]);
            (tens.is_ascii_digit() && ones.is_ascii_digit())
                .then(|| u32::from(tens - b'0') * 10 + u32::from(ones - b'0'))
        };
        let colons = bytes[2] == b':' && bytes[5] == b':';
        match (colons, pair(0), pair(3), pair(6)) {
            (true, Some(h), Some(m), Some(s)) if h < 24 && m < 60 && s < 60 => {
                Ok(Self { seconds: h * 3600 + m * 60 + s, text: bytes })
            }
            _ => Err(refuse()),
        }
    }
}

impl AsRef<str> for TimeOfDay {
    fn as_ref(&self) -> &str {
        std::str::from_utf8(&self.text).unwrap_or("00:00:00")
    }
}

crate::str_value_serde!(TimeOfDay);

impl Schedule {
    pub fn check(&self, path: &Path, checks: &mut Checks) {
        checks.expect(self.week_frequency >= 1, field(path, "week_frequency"), Violation::NotPositive);
        checks.non_empty_unique(&self.week_days, field(path, "week_days"));
        checks.expect(
            self.daily_end_time > self.daily_start_time,
            field(path, "daily_end_time"),
            Violation::NotAfter("daily_start_time"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ROOT;

    #[test]
    fn times_of_day_are_24_hour_hh_mm_ss() {
        assert_eq!(TimeOfDay::parse_str("00:00:00").unwrap().seconds(), 0);
        assert_eq!(TimeOfDay::parse_str("23:59:59").unwrap().seconds(), 86_399);
        for invalid in ["24:00:00", "12:60:00", "12:00:60", "9:00:00", "09:00", "09-00-00", "09:00:00Z", "ab:cd:ef"] {
            assert!(TimeOfDay::parse_str(invalid).is_err(), "{invalid}");
        }
    }

    #[test]
    fn a_schedule_ends_after_it_starts_on_at_least_one_day() {
        let schedule: Schedule = serde_json::from_value(serde_json::json!({
            "week_frequency": 0, "week_days": [],
            "daily_start_time": "10:00:00", "daily_end_time": "09:00:00"
        }))
        .unwrap();
        let mut checks = Checks::default();
        schedule.check(&field(&ROOT, "schedule"), &mut checks);
        assert_eq!(checks.paths(), vec!["schedule.week_frequency", "schedule.week_days", "schedule.daily_end_time"]);
    }
}
