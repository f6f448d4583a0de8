//! ISO 8601 durations: `PnYnMnDTnHnMnS` or `PnW`, kept exactly as the client wrote them.
//!
//! The grammar accepted, a strict reading of ISO 8601-1 (hand-written: it is one screen, and
//! the table of cases below is its specification):
//! - `P`, then either `nW` alone (weeks do not mix with other components, as in ISO 8601-1), or
//!   any of `nY`, `nM`, `nD` in that order, then optionally `T` and any of `nH`, `nM`, `nS` in
//!   that order. At least one component; a `T` needs at least one time component after it.
//! - Each number is ASCII digits that fit 32 bits. Only seconds, the smallest unit, may have a
//!   fraction: `.` or `,` (ISO 8601 allows both) and 1 to 9 digits (nanoseconds).
//! - Upper-case designators only; no sign (a duration is never negative); at most
//!   [`MAX_CHARS`] characters.

use crate::parse::StrValue;

/// The longest duration text accepted.
pub const MAX_CHARS: usize = 64;

/// An ISO 8601 duration and its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsoDuration {
    text: String,
    parts: DurationParts,
}

/// The numbers of a duration; a component the text leaves out is 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DurationParts {
    pub years: u32,
    pub months: u32,
    pub weeks: u32,
    pub days: u32,
    pub hours: u32,
    pub minutes: u32,
    pub seconds: u32,
    pub nanos: u32,
}

impl DurationParts {
    /// The length in whole seconds, unless the duration has years or months, whose length depends
    /// on the calendar; a fraction of a second is left out.
    pub fn fixed_seconds(&self) -> Option<u64> {
        let units = [(self.weeks, 604_800), (self.days, 86_400), (self.hours, 3_600), (self.minutes, 60)];
        (self.years == 0 && self.months == 0).then(|| {
            units.iter().fold(u64::from(self.seconds), |total, (count, unit)| total + u64::from(*count) * unit)
        })
    }
}

impl IsoDuration {
    /// `P<days>D`.
    pub fn days(days: u32) -> Self {
        Self { text: format!("P{days}D"), parts: DurationParts { days, ..DurationParts::default() } }
    }

    pub fn parts(&self) -> DurationParts {
        self.parts
    }
}

impl StrValue for IsoDuration {
    const EXPECTING: &'static str = "an ISO 8601 duration such as \"P1DT12H\" or \"P2W\"";

    fn parse_str(raw: &str) -> Result<Self, String> {
        let parts = parse(raw).map_err(|reason| {
            format!("{raw:?} is not an ISO 8601 duration such as \"P1DT12H\" or \"P2W\": {reason}")
        })?;
        Ok(Self { text: raw.to_owned(), parts })
    }
}

impl AsRef<str> for IsoDuration {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

crate::str_value_serde!(IsoDuration);

/// One `<number><designator>` of a duration.
struct Component {
    number: u32,
    nanos: Option<u32>,
    designator: u8,
}

fn parse(raw: &str) -> Result<DurationParts, &'static str> {
    if raw.len() > MAX_CHARS {
        return Err("it is longer than 64 characters");
    }
    let body = raw.strip_prefix('P').ok_or("it must start with P")?;
    let (date, time) = match body.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (body, None),
    };
    let mut parts = DurationParts::default();
    let date_count = fill(date, false, &mut parts)?;
    let time_count = match time {
        Some(time) => match fill(time, true, &mut parts)? {
            0 => return Err("T must be followed by H, M or S"),
            count => count,
        },
        None => 0,
    };
    if date_count + time_count == 0 {
        return Err("it has no component");
    }
    if date.contains('W') && date_count + time_count > 1 {
        return Err("weeks (W) cannot be combined with other components");
    }
    Ok(parts)
}

/// Reads the components of the date section (`YMWD`) or the `time` section (`HMS`) into
/// `parts`, each at most once and in that order; answers how many there were.
fn fill(section: &str, time: bool, parts: &mut DurationParts) -> Result<usize, &'static str> {
    let order: &[u8] = if time { b"HMS" } else { b"YMWD" };
    let components = components(section)?;
    let mut next = 0;
    for component in &components {
        let at = order[next..]
            .iter()
            .position(|&d| d == component.designator)
            .ok_or("designators are Y, M, W, D before T and H, M, S after it, each once and in order")?;
        next += at + 1;
        let slot = match (time, component.designator) {
            (false, b'Y') => &mut parts.years,
            (false, b'M') => &mut parts.months,
            (false, b'W') => &mut parts.weeks,
            (false, _) => &mut parts.days,
            (true, b'H') => &mut parts.hours,
            (true, b'M') => &mut parts.minutes,
            (true, _) => &mut parts.seconds,
        };
        *slot = component.number;
        match (component.nanos, time && component.designator == b'S') {
            (Some(nanos), true) => parts.nanos = nanos,
            (Some(_), false) => return Err("only seconds may have a fraction"),
            (None, _) => {}
        }
    }
    Ok(components.len())
}

fn components(section: &str) -> Result<Vec<Component>, &'static str> {
    let mut found = Vec::new();
    let mut rest = section.as_bytes();
    while !rest.is_empty() {
        let (digits, tail) = split_digits(rest);
        if digits.is_empty() {
            return Err("every designator needs a number before it");
        }
        let number = decimal(digits).ok_or("a number does not fit 32 bits")?;
        let (nanos, tail) = match tail {
            [b'.' | b',', fraction @ ..] => {
                let (digits, tail) = split_digits(fraction);
                if !(1..=9).contains(&digits.len()) {
                    return Err("a fraction has 1 to 9 digits");
                }
                let scale = 10u32.pow(9 - digits.len() as u32);
                (decimal(digits).map(|n| n * scale), tail)
            }
            _ => (None, tail),
        };
        let [designator, tail @ ..] = tail else {
            return Err("the last number has no designator");
        };
        found.push(Component { number, nanos, designator: *designator });
        rest = tail;
    }
    Ok(found)
}

/// The leading ASCII digits of `bytes`, and what follows them.
fn split_digits(bytes: &[u8]) -> (&[u8], &[u8]) {
    bytes.split_at(bytes.iter().take_while(|b| b.is_ascii_digit()).count())
}

/// The value of ASCII digits, unless it exceeds 32 bits.
fn decimal(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |value, digit| value.checked_mul(10)?.checked_add(u32::from(digit - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `[years, months, weeks, days, hours, minutes, seconds, nanos]` of a valid duration.
    fn numbers(raw: &str) -> [u32; 8] {
        let p = IsoDuration::parse_str(raw).unwrap_or_else(|e| panic!("{e}")).parts();
        [p.years, p.months, p.weeks, p.days, p.hours, p.minutes, p.seconds, p.nanos]
    }

    #[test]
    fn valid_durations_are_parsed_into_their_parts() {
        let table = [
            ("P1Y2M3DT4H5M6S", [1, 2, 0, 3, 4, 5, 6, 0]),
            ("P3W", [0, 0, 3, 0, 0, 0, 0, 0]),
            ("P0D", [0; 8]),
            ("PT0S", [0; 8]),
            ("P0W", [0; 8]),
            ("P1D", [0, 0, 0, 1, 0, 0, 0, 0]),
            ("P1M", [0, 1, 0, 0, 0, 0, 0, 0]),
            ("PT1M", [0, 0, 0, 0, 0, 1, 0, 0]),
            ("P1MT1M", [0, 1, 0, 0, 0, 1, 0, 0]),
            ("P1Y1D", [1, 0, 0, 1, 0, 0, 0, 0]),
            ("PT36H", [0, 0, 0, 0, 36, 0, 0, 0]),
            ("PT0.5S", [0, 0, 0, 0, 0, 0, 0, 500_000_000]),
            ("PT1,5S", [0, 0, 0, 0, 0, 0, 1, 500_000_000]),
            ("PT1.000000001S", [0, 0, 0, 0, 0, 0, 1, 1]),
            ("PT1H0.25S", [0, 0, 0, 0, 1, 0, 0, 250_000_000]),
            ("P007D", [0, 0, 0, 7, 0, 0, 0, 0]),
            ("P4294967295D", [0, 0, 0, u32::MAX, 0, 0, 0, 0]),
        ];
        for (raw, expected) in table {
            assert_eq!(numbers(raw), expected, "{raw}");
        }
    }

    #[test]
    fn a_duration_without_years_or_months_has_a_fixed_length() {
        let seconds = |raw: &str| IsoDuration::parse_str(raw).unwrap().parts().fixed_seconds();
        assert_eq!(seconds("P1W"), Some(604_800));
        assert_eq!(seconds("P1DT1H1M1.5S"), Some(90_061));
        assert_eq!(seconds("P4294967295W"), Some(u64::from(u32::MAX) * 604_800));
        assert_eq!(seconds("P1M"), None);
        assert_eq!(seconds("P1YT1S"), None);
    }

    #[test]
    fn invalid_durations_are_refused() {
        let table = "P PT 1D P1H -P1D +P1D P-1D P1DT P1W2D P1WT1H P0W1D P0Y0W P1Y2W p1d P1d Pt1H \
                     P1D1Y P1M1Y P1D1D PT1S1M PT1H1H P1DT1D P1 PT1 PD PTW P1X P1YT P1Y2M3DT4H5M6S7 \
                     P1.5D PT1.5M PT.5S PT1.S PT1.0000000001S P99999999999999999999Y P4294967296D";
        let long = format!("P{}D", "0".repeat(64));
        let unsplittable = ["", "P 1D", "P1D ", " P1D", long.as_str()];
        for invalid in table.split_whitespace().chain(unsplittable) {
            assert!(IsoDuration::parse_str(invalid).is_err(), "{invalid:?}");
        }
    }

    #[test]
    fn a_duration_is_written_back_exactly_as_it_was_read() {
        for raw in ["P1Y2M3DT4H5M6S", "PT1,5S", "P007D", "P2W"] {
            let duration: IsoDuration = serde_json::from_value(serde_json::json!(raw)).unwrap();
            assert_eq!(serde_json::to_value(&duration).unwrap(), raw);
        }
    }
}
