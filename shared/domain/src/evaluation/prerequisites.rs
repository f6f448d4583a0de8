//! The checks a promotion passes before any of its rules is looked at, in the order a merchant
//! would think of them: is it on, is it running now, is it for this channel, currency, customer
//! and country, and has it been used up. The first that fails is the promotion's reason.
//!
//! The weekly schedule is read in the offset of the evaluation time (this API knows no store
//! time zone): a Saturday 08:00–20:00 window holds for `2026-06-06T09:00:00-05:00`. Every
//! `week_frequency` weeks counts Monday-based weeks from the week of `start_date`.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};

use super::cart::Cart;
use super::eligibility::Reason;
use super::matching::segments_match;
use super::usage::CustomerUses;
use crate::promotion::currency::CurrencyCode;
use crate::promotion::resource::Status;
use crate::promotion::schedule::{Schedule, Weekday};
use crate::promotion::targeting::ShippingAddress;
use crate::promotion::timestamp::Timestamp;
use crate::promotion::Promotion;

/// The first reason the promotion cannot apply to this cart at `at`, before its rules.
pub fn unmet(promotion: &Promotion, cart: &Cart, uses: &CustomerUses, at: Timestamp) -> Option<Reason> {
    let fields = &promotion.fields;
    if fields.status != Status::Enabled {
        return Some(Reason::Disabled { invalid: fields.status == Status::Invalid });
    }
    if at < fields.start_date {
        return Some(Reason::NotStarted { start: fields.start_date });
    }
    if let Some(end) = fields.end_date.filter(|end| at >= *end) {
        return Some(Reason::Ended { end });
    }
    if let Some(schedule) = &fields.schedule {
        if !in_schedule(schedule, fields.start_date, at.as_datetime()) {
            return Some(Reason::OutsideSchedule);
        }
    }
    if !fields.channels.is_empty() && !fields.channels.iter().any(|c| c.id == cart.channel_id) {
        return Some(Reason::Channel { channel: cart.channel_id });
    }
    if fields.currency_code != CurrencyCode::Any && fields.currency_code != cart.currency_code {
        let (promotion, cart) = (fields.currency_code.as_ref().to_owned(), cart.currency_code.as_ref().to_owned());
        return Some(Reason::Currency { promotion, cart });
    }
    customer_reason(promotion, cart)
        .or_else(|| country_reason(promotion, cart))
        .or_else(|| {
            let max_uses = fields.max_uses?;
            (promotion.current_uses >= max_uses).then_some(Reason::UsageLimitReached { max_uses })
        })
        .or_else(|| {
            let max_uses = fields.max_uses_per_customer?;
            let used = uses.of_promotion(promotion.id)?;
            (used >= max_uses).then_some(Reason::CustomerUsageLimitReached { max_uses })
        })
}

fn customer_reason(promotion: &Promotion, cart: &Cart) -> Option<Reason> {
    let (rules, shopper) = (&promotion.fields.customer, &cart.customer);
    let group = shopper.group_id;
    let included = rules.group_ids.is_empty() || rules.group_ids.contains(&group);
    if !included || rules.excluded_group_ids.contains(&group) {
        return Some(Reason::CustomerGroup { group });
    }
    if shopper.order_count < rules.minimum_order_count {
        return Some(Reason::CustomerOrderCount { needed: rules.minimum_order_count, has: shopper.order_count });
    }
    let segments = rules.segments.as_ref()?;
    (!segments_match(segments, &shopper.segment_ids)).then_some(Reason::CustomerSegment)
}

fn country_reason(promotion: &Promotion, cart: &Cart) -> Option<Reason> {
    let address = promotion.fields.shipping_address.as_ref()?;
    let country = cart.shipping.as_ref().and_then(|s| s.country_code.as_ref());
    let Some(country) = country else {
        return Some(Reason::ShippingCountry { country: None });
    };
    let listed = |rules: &[crate::promotion::targeting::CountryRule]| {
        rules.iter().any(|rule| rule.iso2_country_code == *country)
    };
    let ships = match address {
        ShippingAddress::Countries(rules) => listed(rules),
        ShippingAddress::Not(list) => !listed(&list.countries),
    };
    (!ships).then(|| Reason::ShippingCountry { country: Some(country.as_ref().to_owned()) })
}

/// True when `at` (read in its own offset) falls in the schedule's weekly window.
fn in_schedule(schedule: &Schedule, start: Timestamp, at: DateTime<FixedOffset>) -> bool {
    let day = match at.weekday() {
        chrono::Weekday::Mon => Weekday::Monday,
        chrono::Weekday::Tue => Weekday::Tuesday,
        chrono::Weekday::Wed => Weekday::Wednesday,
        chrono::Weekday::Thu => Weekday::Thursday,
        chrono::Weekday::Fri => Weekday::Friday,
        chrono::Weekday::Sat => Weekday::Saturday,
        chrono::Weekday::Sun => Weekday::Sunday,
    };
    let second = at.num_seconds_from_midnight();
    let in_hours = schedule.daily_start_time.seconds() <= second && second < schedule.daily_end_time.seconds();
    let monday = |date: chrono::NaiveDate| date.num_days_from_ce() - date.weekday().num_days_from_monday() as i32;
    let first_week = monday(start.as_datetime().with_timezone(&at.timezone()).date_naive());
    let weeks = (monday(at.date_naive()) - first_week) / 7;
    let frequency = i32::try_from(schedule.week_frequency.max(1)).unwrap_or(i32::MAX);
    schedule.week_days.contains(&day) && in_hours && weeks.rem_euclid(frequency) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::StrValue;

    fn at(raw: &str) -> DateTime<FixedOffset> {
        Timestamp::parse_str(raw).unwrap().as_datetime()
    }

    fn weekend(frequency: u32) -> Schedule {
        serde_json::from_value(serde_json::json!({
            "week_frequency": frequency, "week_days": ["Saturday", "Sunday"],
            "daily_start_time": "08:00:00", "daily_end_time": "20:00:00"
        }))
        .unwrap()
    }

    #[test]
    fn a_schedule_holds_on_its_days_between_its_start_and_end_times() {
        let start = Timestamp::parse_str("2026-01-01T00:00:00+00:00").unwrap();
        assert!(in_schedule(&weekend(1), start, at("2026-06-06T08:00:00+00:00")), "Saturday at the start time");
        assert!(!in_schedule(&weekend(1), start, at("2026-06-06T20:00:00+00:00")), "the end time is excluded");
        assert!(!in_schedule(&weekend(1), start, at("2026-06-05T12:00:00+00:00")), "Friday");
        assert!(in_schedule(&weekend(1), start, at("2026-06-06T09:00:00+07:00")), "read in the time's own offset");
        assert!(!in_schedule(&weekend(1), start, at("2026-06-06T06:00:00+07:00")), "23:00 UTC on Friday");
    }

    #[test]
    fn every_other_week_counts_weeks_from_the_start_date() {
        let start = Timestamp::parse_str("2026-01-01T00:00:00+00:00").unwrap();
        assert!(in_schedule(&weekend(2), start, at("2026-01-03T12:00:00+00:00")), "the first week");
        assert!(!in_schedule(&weekend(2), start, at("2026-01-10T12:00:00+00:00")), "the second week");
        assert!(in_schedule(&weekend(2), start, at("2026-01-17T12:00:00+00:00")), "the third week");
    }
}
