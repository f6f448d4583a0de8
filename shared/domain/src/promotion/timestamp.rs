//! Dates of the promotions API: RFC 3339 with an offset, written back as the platform writes
//! them (`2025-12-30T01:02:03+00:00`, fractions of a second only when there are some).

use chrono::{DateTime, FixedOffset, SecondsFormat, SubsecRound, Utc};

use crate::parse::StrValue;

/// A point in time with the offset the client gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(DateTime<FixedOffset>);

impl Timestamp {
    /// `now`, to the second, in UTC.
    pub fn from_utc(now: DateTime<Utc>) -> Self {
        Self(now.trunc_subsecs(0).fixed_offset())
    }

    pub fn as_datetime(&self) -> DateTime<FixedOffset> {
        self.0
    }
}

impl StrValue for Timestamp {
    const EXPECTING: &'static str = "an RFC 3339 date-time such as \"2025-12-30T01:02:03+00:00\"";

    fn parse_str(raw: &str) -> Result<Self, String> {
        DateTime::parse_from_rfc3339(raw)
            .map(Self)
            .map_err(|e| format!("{raw:?} is not an RFC 3339 date-time such as \"2025-12-30T01:02:03+00:00\" ({e})"))
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, false))
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::parse::deserialize_str_value(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_need_an_offset_and_keep_it() {
        let parsed = Timestamp::parse_str("2025-12-30T01:02:03-05:00").unwrap();
        assert_eq!(serde_json::to_string(&parsed).unwrap(), "\"2025-12-30T01:02:03-05:00\"");
        let utc = Timestamp::parse_str("2025-12-30T01:02:03Z").unwrap();
        assert_eq!(serde_json::to_string(&utc).unwrap(), "\"2025-12-30T01:02:03+00:00\"");
        for invalid in ["2025-12-30", "2025-12-30T01:02:03", "30/12/2025", "2025-13-01T00:00:00Z", ""] {
            assert!(Timestamp::parse_str(invalid).is_err(), "{invalid}");
        }
    }
}
