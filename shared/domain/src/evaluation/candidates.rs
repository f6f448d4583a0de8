//! Which promotions an evaluation has to look at: the store's *live* automatic promotions and
//! the coupon promotions the cart's codes name. Every other promotion fails before its rules
//! whatever the cart (a disabled one answers `disabled`, an ended one `ended`, a coupon without
//! its code `coupon_code_missing`), and a promotion that does not apply changes nothing for the
//! others, so leaving them out changes no total and no other promotion's outcome.
//!
//! [`live_until`] is the one place that rule is written: the stores keep an index of it (a
//! DynamoDB sparse index, an SQLite column) in step with every promotion write.

use crate::promotion::resource::{RedemptionType, Status};
use crate::promotion::timestamp::Timestamp;
use crate::promotion::Promotion;

/// How long a promotion stays a candidate for every cart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Live {
    /// Never on its own: a coupon promotion (a candidate only when a code names it), or one that
    /// is not enabled.
    No,
    /// Until its end date (it has ended at that instant).
    Until(Timestamp),
    /// An enabled automatic promotion without an end date.
    Forever,
}

/// Whether `promotion` is live, and until when.
pub fn live_until(promotion: &Promotion) -> Live {
    let fields = &promotion.fields;
    if fields.redemption_type != RedemptionType::Automatic || fields.status != Status::Enabled {
        return Live::No;
    }
    fields.end_date.map_or(Live::Forever, Live::Until)
}

impl Live {
    /// The index value of a live promotion: milliseconds since 1970 of its end (0 for an end
    /// before 1970), `i64::MAX` without an end; `None` when it is not live. A candidate at `at`
    /// has a value of at least [`Live::floor`] of `at`.
    pub fn sort_value(self) -> Option<i64> {
        match self {
            Live::No => None,
            Live::Until(end) => Some(end.as_datetime().timestamp_millis().max(0)),
            Live::Forever => Some(i64::MAX),
        }
    }

    /// The least index value of a promotion that has not ended at `at`. It is `at` rounded down
    /// to the millisecond, so the index may return a promotion that ended within that
    /// millisecond too; the evaluation gives it `ended`.
    pub fn floor(at: Timestamp) -> i64 {
        at.as_datetime().timestamp_millis().max(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::PromotionId;
    use crate::parse::StrValue;
    use crate::promotion::PromotionInput;
    use serde_json::json;

    fn promotion(body: serde_json::Value) -> Promotion {
        let mut full = json!({"redemption_type": "AUTOMATIC", "name": "p", "start_date": "2026-01-01T00:00:00+00:00",
                              "rules": [{"action": {"cart_value": {"discount": {"fixed_amount": "1"}}}}]});
        full.as_object_mut().unwrap().extend(body.as_object().unwrap().clone());
        let input: PromotionInput = serde_json::from_value(full).unwrap();
        Promotion::new(PromotionId(1), input.into_fields(chrono::Utc::now(), None).unwrap())
    }

    #[test]
    fn only_enabled_automatic_promotions_are_live_until_their_end() {
        let end = Timestamp::parse_str("2026-06-03T12:00:00+02:00").unwrap();
        assert_eq!(live_until(&promotion(json!({}))), Live::Forever);
        assert_eq!(live_until(&promotion(json!({"end_date": "2026-06-03T12:00:00+02:00"}))), Live::Until(end));
        assert_eq!(live_until(&promotion(json!({"status": "DISABLED"}))), Live::No);
        assert_eq!(live_until(&promotion(json!({"redemption_type": "COUPON"}))), Live::No);
        assert_eq!(Live::Until(end).sort_value(), Some(1_780_480_800_000));
        assert_eq!((Live::Forever.sort_value(), Live::No.sort_value()), (Some(i64::MAX), None));
        assert!(Live::floor(end) <= Live::Until(end).sort_value().unwrap());
    }
}
