//! The request body of `POST` and `PUT /promotions`, and the rules that turn it into
//! [`PromotionFields`].
//!
//! A `PUT` is a partial update: [`PromotionInput::patched`] lays the request's top-level fields
//! over the stored ones and the result goes through the same checks as a create, so the two can
//! never disagree about what a valid promotion is.

use chrono::{DateTime, Utc};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;

use super::action::RuleContext;
use super::code::NewCode;
use super::currency::CurrencyCode;
use super::customer::Customer;
use super::limits::{MAX_CHANNELS, MAX_NAME_CHARS, MAX_NOTIFICATIONS, MAX_PROMOTION_BYTES, MAX_RULES};
use super::resource::{CouponType, Name, PromotionFields, RedemptionType, Status};
use super::rule::Rule;
use super::schedule::Schedule;
use super::targeting::{check_notifications, Channel, Notification, ShippingAddress};
use super::timestamp::Timestamp;
use crate::checks::{field, index, Checks, ROOT};
use crate::error::{FieldError, Invalid, Violation};
use crate::parse::from_json_value;

/// The coupon override's name since 2026, and before.
const OVERRIDES: &str = "coupon_overrides_other_promotions";
const OVERRIDES_BEFORE_2026: &str = "coupon_overrides_automatic_when_offering_higher_discounts";

/// A promotion as a client sends it. Read-only fields are accepted, so that what a `GET`
/// returned can be sent back, and ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromotionInput {
    id: Option<IgnoredAny>,
    current_uses: Option<IgnoredAny>,
    created_from: Option<IgnoredAny>,
    multiple_codes: Option<IgnoredAny>,
    codes: Option<NewCode>,
    redemption_type: Option<RedemptionType>,
    name: Option<Name>,
    display_name: Option<String>,
    channels: Option<Vec<Channel>>,
    customer: Option<Customer>,
    rules: Option<Vec<Rule>>,
    max_uses: Option<u64>,
    max_uses_per_customer: Option<u64>,
    status: Option<Status>,
    start_date: Option<Timestamp>,
    end_date: Option<Timestamp>,
    stop: Option<bool>,
    can_be_used_with_other_promotions: Option<bool>,
    currency_code: Option<CurrencyCode>,
    notifications: Option<Vec<Notification>>,
    shipping_address: Option<ShippingAddress>,
    schedule: Option<Schedule>,
    coupon_overrides_automatic_when_offering_higher_discounts: Option<bool>,
    /// The same setting under its current upstream name (BigCommerce renamed it in 2026).
    coupon_overrides_other_promotions: Option<bool>,
    coupon_type: Option<CouponType>,
}

impl PromotionInput {
    /// The coupon code a create names (`codes`), which becomes the promotion's first code. On
    /// an update `codes` is ignored: codes change through the codes endpoints.
    pub fn first_code(&self) -> Option<&NewCode> {
        self.codes.as_ref()
    }

    /// The input of a partial update: `patch`'s top-level fields over `previous`'s.
    pub fn patched(previous: &PromotionFields, patch: Value) -> Result<Self, Invalid> {
        let Value::Object(patch) = patch else {
            return Err(FieldError::new("", Violation::Malformed("the body must be a JSON object".into())).into());
        };
        let mut merged = match serde_json::to_value(previous) {
            Ok(Value::Object(fields)) => fields,
            _ => serde_json::Map::new(),
        };
        // The stored value comes back under the older name; a patch that names the setting under
        // the current one only replaces it, rather than disagreeing with it.
        if patch.contains_key(OVERRIDES) && !patch.contains_key(OVERRIDES_BEFORE_2026) {
            merged.remove(OVERRIDES_BEFORE_2026);
        }
        merged.extend(patch);
        from_json_value(Value::Object(merged))
    }

    /// Applies the documented defaults and checks every rule. `previous` is the stored promotion
    /// on an update: its redemption and coupon types cannot change.
    pub fn into_fields(
        self,
        now: DateTime<Utc>,
        previous: Option<&PromotionFields>,
    ) -> Result<PromotionFields, Invalid> {
        let mut checks = Checks::default();
        let _read_only = (self.id, self.current_uses, self.created_from, self.multiple_codes);
        let required = [
            ("redemption_type", self.redemption_type.is_some()),
            ("name", self.name.is_some()),
            ("rules", self.rules.is_some()),
        ];
        for (path, present) in required {
            checks.expect(present, path, Violation::Required);
        }
        let (Some(redemption_type), Some(name), Some(rules)) = (self.redemption_type, self.name, self.rules) else {
            return Err(checks.into_error());
        };
        let is_coupon = redemption_type == RedemptionType::Coupon;
        let fields = PromotionFields {
            redemption_type,
            name,
            display_name: self.display_name.unwrap_or_default(),
            channels: self.channels.unwrap_or_default(),
            customer: self.customer.unwrap_or_default(),
            rules,
            max_uses: self.max_uses,
            max_uses_per_customer: self.max_uses_per_customer,
            status: self.status.unwrap_or(Status::Enabled),
            start_date: self.start_date.unwrap_or_else(|| Timestamp::from_utc(now)),
            end_date: self.end_date,
            stop: self.stop.unwrap_or(false),
            can_be_used_with_other_promotions: self.can_be_used_with_other_promotions.unwrap_or(true),
            currency_code: self.currency_code.unwrap_or(CurrencyCode::USD),
            notifications: self.notifications.unwrap_or_default(),
            shipping_address: self.shipping_address,
            schedule: self.schedule,
            coupon_overrides_automatic_when_offering_higher_discounts: self
                .coupon_overrides_other_promotions
                .or(self.coupon_overrides_automatic_when_offering_higher_discounts)
                .unwrap_or(false),
            coupon_type: is_coupon.then(|| self.coupon_type.unwrap_or(CouponType::Single)),
        };
        checks.expect(is_coupon || self.coupon_type.is_none(), "coupon_type", Violation::OnlyForCoupons);
        let (current, before) =
            (self.coupon_overrides_other_promotions, self.coupon_overrides_automatic_when_offering_higher_discounts);
        let agree = current.is_none() || before.is_none() || current == before;
        checks.expect(
            agree,
            OVERRIDES,
            Violation::Malformed(format!("must equal {OVERRIDES_BEFORE_2026}, its older name")),
        );
        let creates_code = previous.is_none() && self.codes.is_some();
        checks.expect(is_coupon || !creates_code, "codes", Violation::OnlyForCoupons);
        // A rule on the override names the field the client sent: the older name only when it
        // sent that one alone.
        let overrides_path = if current.is_none() && before.is_some() { OVERRIDES_BEFORE_2026 } else { OVERRIDES };
        check_fields(&fields, previous, overrides_path, &mut checks);
        checks.finish()?;
        check_size(&fields)?;
        Ok(fields)
    }
}

/// A promotion that passed every other rule must still fit one DynamoDB item: checked on the
/// JSON of its fields, which is never smaller than the stored attributes. The JSON is counted,
/// not kept.
fn check_size(fields: &PromotionFields) -> Result<(), Invalid> {
    let mut counter = ByteCounter(0);
    let bytes = serde_json::to_writer(&mut counter, fields).map_or(usize::MAX, |()| counter.0);
    if bytes <= MAX_PROMOTION_BYTES {
        return Ok(());
    }
    Err(FieldError::new("", Violation::TooLarge { bytes, max: MAX_PROMOTION_BYTES }).into())
}

/// A writer that only counts what it is given.
struct ByteCounter(usize);

impl std::io::Write for ByteCounter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn check_fields(
    fields: &PromotionFields,
    previous: Option<&PromotionFields>,
    overrides_path: &'static str,
    checks: &mut Checks,
) {
    check_identity(fields, previous, checks);
    checks.expect(
        fields.display_name.chars().count() <= MAX_NAME_CHARS,
        "display_name",
        Violation::TooLong(MAX_NAME_CHARS),
    );
    checks.unique(&fields.channels, "channels");
    checks.at_most(&fields.channels, MAX_CHANNELS, "channels");
    fields.customer.check(&field(&ROOT, "customer"), checks);
    checks.expect(!fields.rules.is_empty(), "rules", Violation::Empty);
    checks.at_most(&fields.rules, MAX_RULES, "rules");
    let context = RuleContext { any_currency: fields.currency_code.is_any() };
    let rules = field(&ROOT, "rules");
    for (i, rule) in fields.rules.iter().enumerate() {
        rule.check(&index(&rules, i), context, checks);
    }
    checks.expect(fields.max_uses != Some(0), "max_uses", Violation::NotPositive);
    checks.expect(fields.max_uses_per_customer != Some(0), "max_uses_per_customer", Violation::NotPositive);
    if let Some(end) = fields.end_date {
        checks.expect(end > fields.start_date, "end_date", Violation::NotAfter("start_date"));
    }
    checks.at_most(&fields.notifications, MAX_NOTIFICATIONS, "notifications");
    check_notifications(&fields.notifications, &field(&ROOT, "notifications"), checks);
    if let Some(address) = &fields.shipping_address {
        address.check(&field(&ROOT, "shipping_address"), checks);
    }
    if let Some(schedule) = &fields.schedule {
        schedule.check(&field(&ROOT, "schedule"), checks);
    }
    let overrides = fields.coupon_overrides_automatic_when_offering_higher_discounts;
    let is_coupon = fields.redemption_type == RedemptionType::Coupon;
    checks.expect(!overrides || is_coupon, overrides_path, Violation::OnlyForCoupons);
    checks.expect(
        !overrides || !fields.can_be_used_with_other_promotions,
        overrides_path,
        Violation::OverrideNeedsExclusive,
    );
}

/// What a promotion is and may be set to: the types fixed at creation, and `INVALID`, which only
/// the platform sets (a promotion it already holds as `INVALID` may be sent back unchanged).
fn check_identity(fields: &PromotionFields, previous: Option<&PromotionFields>, checks: &mut Checks) {
    let was_invalid = previous.is_some_and(|p| p.status == Status::Invalid);
    checks.expect(fields.status != Status::Invalid || was_invalid, "status", Violation::StatusInvalidIsReadOnly);
    let Some(previous) = previous else { return };
    let same_redemption = fields.redemption_type == previous.redemption_type;
    let was = |value: &dyn std::fmt::Debug| Violation::Immutable(format!("{value:?}").to_uppercase());
    checks.expect(same_redemption, "redemption_type", was(&previous.redemption_type));
    if same_redemption {
        let coupon_type = previous.coupon_type.map_or("none".into(), |t| format!("{t:?}"));
        checks.expect(
            fields.coupon_type == previous.coupon_type,
            "coupon_type",
            Violation::Immutable(coupon_type.to_uppercase()),
        );
    }
}
