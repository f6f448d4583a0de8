//! `updated_at`: RFC 3339 in UTC with exactly three fractional digits and `Z`
//! (`2025-08-01T18:23:52.141Z`), so that what is stored reads back byte for byte.

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};

use crate::parse::StrValue;

/// A moment in UTC, to the millisecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UpdatedAt(DateTime<Utc>);

impl UpdatedAt {
    /// `1970-01-01T00:00:00.000Z`: the time of a configuration nobody ever wrote.
    pub const NEVER: UpdatedAt = UpdatedAt(DateTime::UNIX_EPOCH);

    /// `moment`, truncated to the millisecond.
    /// The moment itself.
    pub fn moment(self) -> DateTime<Utc> {
        self.0
    }

    pub fn new(moment: DateTime<Utc>) -> Self {
        Self(moment.trunc_subsecs(3))
    }
}

impl StrValue for UpdatedAt {
    const EXPECTING: &'static str = "an RFC 3339 date-time such as \"2025-08-01T18:23:52.141Z\"";

    fn parse_str(raw: &str) -> Result<Self, String> {
        DateTime::parse_from_rfc3339(raw)
            .map(|moment| Self::new(moment.to_utc()))
            .map_err(|e| format!("{raw:?} is not an RFC 3339 date-time ({e})"))
    }
}

impl serde::Serialize for UpdatedAt {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_rfc3339_opts(SecondsFormat::Millis, true))
    }
}

impl<'de> serde::Deserialize<'de> for UpdatedAt {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::parse::deserialize_str_value(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_in_utc_with_three_fraction_digits() {
        let moment = DateTime::parse_from_rfc3339("2025-08-01T20:23:52.141999+02:00").unwrap();
        let written = serde_json::to_value(UpdatedAt::new(moment.to_utc())).unwrap();
        assert_eq!(written, "2025-08-01T18:23:52.141Z");
        let whole = DateTime::parse_from_rfc3339("2025-08-01T18:23:52Z").unwrap();
        assert_eq!(serde_json::to_value(UpdatedAt::new(whole.to_utc())).unwrap(), "2025-08-01T18:23:52.000Z");
        assert_eq!(serde_json::to_value(UpdatedAt::NEVER).unwrap(), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn a_written_time_reads_back_equal() {
        let now = UpdatedAt::new(Utc::now());
        let text = serde_json::to_value(now).unwrap();
        assert_eq!(serde_json::from_value::<UpdatedAt>(text).unwrap(), now);
    }
}
