//! The coupon an email offers, in the promotions API's terms: one BULK coupon promotion per
//! configuration, currency and expiry day (created from its `coupon_configuration` when first
//! needed), and under it one single-use code per email.
//!
//! What maps: `discount_type` `percent` / `amount` and `discount_amount` (a cart-value
//! discount), the coupon's `minimum_order_value` (a minimum spend), `customer_redeem_limit`
//! (the promotion's `max_uses_per_customer`), and the checkout's currency. What does not:
//! `duration`, `duration_in_months` and `usable_on_subscriptions` (the promotions API has no
//! subscriptions), `required_tag_ids` (it has no tags), `required_product_ids` and
//! `discount_only_required_tags_or_products`, `discount_apply_before_sales`: the coupon
//! discounts the whole cart.
//!
//! `expires_after` is enforced through the promotion's `end_date`: the promotions API has no
//! per-code expiry, so the codes that expire on the same UTC day share a promotion that ends at
//! the close of that day. A code is therefore valid for at least `expires_after` and less than a
//! day longer, and the email shows the exact end.

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::marketing::duration::IsoDuration;
use crate::outreach::schedule::after;

use super::event::Currency;
use crate::error::{Invalid, RandomnessUnavailable};
use crate::marketing::coupon::{CouponConfiguration, DiscountType};
use crate::marketing::ConfigKind;
use crate::parse::from_json_value;
use crate::promotion::code::CodeText;
use crate::promotion::input::PromotionInput;
use crate::promotion::PromotionFields;

/// Letters and digits that cannot be misread for each other (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Random characters in a code: 31^10, about 8 × 10^14 codes.
const RANDOM_CHARS: usize = 10;

/// A fresh code such as `BACK-7KQ2M9XW4R`.
pub fn new_code(kind: ConfigKind) -> Result<CodeText, RandomnessUnavailable> {
    let prefix = match kind {
        ConfigKind::AbandonedCheckouts => "BACK",
        ConfigKind::PurchaseFollowUps => "THANKS",
    };
    let mut text = format!("{prefix}-");
    while text.len() < prefix.len() + 1 + RANDOM_CHARS {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(RandomnessUnavailable)?;
        let unbiased = 256 - 256 % ALPHABET.len();
        let picks =
            bytes.iter().filter(|b| usize::from(**b) < unbiased).map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()]);
        text.extend(picks.take(prefix.len() + 1 + RANDOM_CHARS - text.len()).map(char::from));
    }
    Ok(CodeText::try_from_str(&text).expect("the alphabet and prefix make a valid code"))
}

/// When a code sent at `sent` with a validity of `valid_for` stops working: the close of the UTC
/// day its validity ends in (`None` past the calendar's end).
pub fn expiry(sent: DateTime<Utc>, valid_for: &IsoDuration) -> Option<DateTime<Utc>> {
    let next_day = after(sent, valid_for).date_naive().succ_opt()?;
    Some(next_day.and_hms_opt(0, 0, 0)?.and_utc())
}

/// The name of the series of codes one coupon promotion holds: its currency, and the day its
/// codes expire, if they do.
pub fn series(currency: &Currency, expires_at: Option<DateTime<Utc>>) -> String {
    match expires_at {
        Some(at) => format!("{}#{}", currency.as_ref(), at.format("%Y-%m-%d")),
        None => currency.as_ref().to_owned(),
    }
}

/// The promotion a configuration's codes live under, starting at `starts` and ending at
/// `ends` (when they expire), or why the coupon cannot be one.
pub fn promotion_fields(
    kind: ConfigKind,
    coupon: &CouponConfiguration,
    currency: &Currency,
    starts: DateTime<Utc>,
    ends: Option<DateTime<Utc>>,
) -> Result<PromotionFields, Invalid> {
    let discount = match coupon.discount_type {
        DiscountType::Percent => json!({ "percentage_amount": coupon.discount_amount.to_string() }),
        DiscountType::Amount | DiscountType::Unspecified => {
            json!({ "fixed_amount": major_units(coupon.discount_amount, currency) })
        }
    };
    let mut rule = json!({ "action": { "cart_value": { "discount": discount } } });
    if coupon.minimum_order_value > 0 {
        rule["condition"] = json!({ "cart": { "minimum_spend": major_units(coupon.minimum_order_value, currency) } });
    }
    let name = match kind {
        ConfigKind::AbandonedCheckouts => "Abandoned checkout reminder coupon",
        ConfigKind::PurchaseFollowUps => "Purchase follow-up coupon",
    };
    let mut body = json!({
        "redemption_type": "COUPON",
        "coupon_type": "BULK",
        "name": name,
        "rules": [rule],
        "currency_code": currency.as_ref(),
        "start_date": starts.to_rfc3339(),
    });
    if let Some(ends) = ends {
        body["end_date"] = json!(ends.to_rfc3339());
        body["name"] = json!(format!("{name}, codes valid until {}", ends.format("%Y-%m-%d %H:%M UTC")));
    }
    if coupon.customer_redeem_limit_enabled && coupon.customer_redeem_limit > 0 {
        body["max_uses_per_customer"] = json!(coupon.customer_redeem_limit);
    }
    let input: PromotionInput = from_json_value(body)?;
    input.into_fields(starts, None)
}

/// What the discount reads as in the email: `15 %` or `5.00 EUR`.
pub fn describe(coupon: &CouponConfiguration, currency: &Currency) -> String {
    match coupon.discount_type {
        DiscountType::Percent => format!("{} %", coupon.discount_amount),
        _ => format!("{} {}", major_units(coupon.discount_amount, currency), currency.as_ref()),
    }
}

/// An amount in the currency's smallest unit as a decimal string of its major unit.
pub fn major_units(amount: i64, currency: &Currency) -> String {
    let digits = minor_digits(currency);
    if digits == 0 {
        return amount.to_string();
    }
    let scale = 10i64.pow(digits);
    let sign = if amount < 0 { "-" } else { "" };
    let amount = amount.unsigned_abs();
    let scale = scale.unsigned_abs();
    format!("{sign}{}.{:0width$}", amount / scale, amount % scale, width = digits as usize)
}

/// Decimal digits of the currency's minor unit (ISO 4217): 2 unless listed.
fn minor_digits(currency: &Currency) -> u32 {
    const NONE: &[&str] = &[
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    ];
    const THREE: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    match currency.as_ref() {
        code if NONE.contains(&code) => 0,
        code if THREE.contains(&code) => 3,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::StrValue;

    fn currency(code: &str) -> Currency {
        Currency::parse_str(code).unwrap()
    }

    #[test]
    fn amounts_read_in_the_major_unit() {
        assert_eq!(major_units(2500, &currency("EUR")), "25.00");
        assert_eq!(major_units(5, &currency("USD")), "0.05");
        assert_eq!(major_units(2500, &currency("JPY")), "2500");
        assert_eq!(major_units(1234, &currency("KWD")), "1.234");
    }

    #[test]
    fn codes_are_fresh_and_valid() {
        let (a, b) =
            (new_code(ConfigKind::AbandonedCheckouts).unwrap(), new_code(ConfigKind::AbandonedCheckouts).unwrap());
        assert_ne!(a, b);
        assert!(a.as_ref().starts_with("BACK-") && a.as_ref().len() == 15);
    }

    #[test]
    fn a_percent_coupon_becomes_a_cart_discount_promotion() {
        let mut coupon = CouponConfiguration::neutral();
        coupon.discount_type = DiscountType::Percent;
        coupon.discount_amount = 15;
        coupon.minimum_order_value = 2000;
        let fields =
            promotion_fields(ConfigKind::AbandonedCheckouts, &coupon, &currency("EUR"), Utc::now(), None).unwrap();
        let json = serde_json::to_value(&fields).unwrap();
        assert_eq!(json["rules"][0]["action"]["cart_value"]["discount"]["percentage_amount"], "15");
        assert_eq!(json["rules"][0]["condition"]["cart"]["minimum_spend"], "20.00");
        assert_eq!((json["redemption_type"].as_str(), json["coupon_type"].as_str()), (Some("COUPON"), Some("BULK")));
    }

    #[test]
    fn a_code_expires_at_the_close_of_the_day_its_validity_ends_in() {
        let sent = "2026-12-02T11:00:00Z".parse().unwrap();
        let week = IsoDuration::parse_str("P7D").unwrap();
        let ends: DateTime<Utc> = "2026-12-10T00:00:00Z".parse().unwrap();
        assert_eq!(expiry(sent, &week), Some(ends));
        assert_eq!(series(&currency("EUR"), Some(ends)), "EUR#2026-12-10");
        assert_eq!(series(&currency("EUR"), None), "EUR");
    }

    #[test]
    fn an_expiring_coupon_promotion_ends_when_its_codes_do() {
        let mut coupon = CouponConfiguration::neutral();
        coupon.discount_type = DiscountType::Percent;
        coupon.discount_amount = 10;
        let ends = "2026-12-10T00:00:00Z".parse().unwrap();
        let fields =
            promotion_fields(ConfigKind::AbandonedCheckouts, &coupon, &currency("EUR"), Utc::now(), Some(ends))
                .unwrap();
        let json = serde_json::to_value(&fields).unwrap();
        assert_eq!(json["end_date"], "2026-12-10T00:00:00+00:00");
    }
}
