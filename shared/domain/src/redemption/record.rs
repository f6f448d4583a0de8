//! A redemption as stored and shown: the order it counts, its status, the promotions and codes
//! whose uses it took with what each took off, and the totals, in the cart's currency.
//!
//! Status: `HELD` (uses taken until `hold_expires_at` unless confirmed) → `CONFIRMED`, or
//! `EXPIRED` (the hold ran out and its uses were given back); `HELD` or `CONFIRMED` →
//! `ROLLED_BACK` (uses given back). A redemption without a hold is `CONFIRMED` at once.

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::customer::{normalised_email, CustomerKey};
use super::request::RedemptionRequest;
use crate::error::RandomnessUnavailable;
use crate::evaluation::{Evaluation, Outcome};
use crate::ids::{PromotionId, MAX_SAFE_ID};
use crate::promotion::code::CodeText;
use crate::promotion::resource::RedemptionType;
use crate::promotion::timestamp::Timestamp;
use crate::promotion::Promotion;

/// Most promotions one redemption may count: its write (the record, its order, its hold, up to
/// four items per promotion and four per code, at most five codes) must fit one DynamoDB
/// transaction of 100 items: 3 + 4 × 19 + 4 × 5 = 99.
pub const MAX_PROMOTIONS: usize = 19;

/// A redemption's id: unique per store, never reused, and at most 2^53 − 1 so that a
/// JavaScript `Number` holds it exactly. Milliseconds since 2024 in the high bits (ids sort by
/// creation: newest first is descending ids) and 12 random bits; a store refuses a repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RedemptionId(pub u64);

/// 2024-01-01T00:00:00Z in Unix milliseconds.
const EPOCH_MS: i64 = 1_704_067_200_000;

impl RedemptionId {
    pub fn generate(now: DateTime<Utc>) -> Result<Self, RandomnessUnavailable> {
        let mut random = [0u8; 2];
        getrandom::fill(&mut random).map_err(RandomnessUnavailable)?;
        let millis = u64::try_from(now.timestamp_millis() - EPOCH_MS).unwrap_or(0);
        let low = u64::from(u16::from_le_bytes(random) & 0x0fff);
        Ok(Self(((millis << 12) | low) & MAX_SAFE_ID))
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let valid = !raw.is_empty() && raw.len() <= 16 && raw.bytes().all(|b| b.is_ascii_digit());
        raw.parse().ok().filter(|id| valid && *id <= MAX_SAFE_ID).map(Self)
    }
}

impl std::fmt::Display for RedemptionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a redemption stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RedemptionStatus {
    Held,
    Confirmed,
    RolledBack,
    Expired,
}

impl RedemptionStatus {
    pub const ALL: [Self; 4] = [Self::Held, Self::Confirmed, Self::RolledBack, Self::Expired];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Held => "HELD",
            Self::Confirmed => "CONFIRMED",
            Self::RolledBack => "ROLLED_BACK",
            Self::Expired => "EXPIRED",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == raw)
    }

    /// True while the redemption's uses are taken.
    pub fn counts(self) -> bool {
        matches!(self, Self::Held | Self::Confirmed)
    }
}

/// The customer as the request named them (the id, else the normalised e-mail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedeemingCustomer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// One promotion whose use a redemption took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedeemedPromotion {
    pub id: PromotionId,
    pub name: String,
    pub redemption_type: RedemptionType,
    /// What it took off, in the cart's currency.
    pub discount: String,
    /// The coupon code it used (coupon promotions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<RedeemedCode>,
}

/// The code a coupon promotion used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedeemedCode {
    pub id: u64,
    pub code: CodeText,
    /// The code is the promotion's first, the one its resource shows (whose uses a store may
    /// keep beside the promotion's); never shown.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shown_on_promotion: bool,
    /// The code had `max_uses` 1 (what `reuse_codes_of_cancelled_orders` is about); never shown.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub single_use: bool,
}

impl RedeemedCode {
    /// The code's key (upper case), as codes are stored and counted.
    pub fn key(&self) -> String {
        self.code.key()
    }
}

/// The order's totals before and after the promotions, in the cart's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedemptionTotals {
    pub before: String,
    pub discount: String,
    pub after: String,
}

/// A redemption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redemption {
    pub id: RedemptionId,
    pub order_id: String,
    pub status: RedemptionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<RedeemingCustomer>,
    /// Who the per-customer uses count against; never shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_key: Option<CustomerKey>,
    pub currency_code: String,
    pub promotions: Vec<RedeemedPromotion>,
    pub totals: RedemptionTotals,
    pub created_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_expires_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolled_back_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired_at: Option<Timestamp>,
}

/// The limits a redemption's write must find room under, as the evaluation read them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UseLimits {
    /// Per promotion: its `max_uses` and `max_uses_per_customer`.
    pub promotions: Vec<(PromotionId, Option<u64>, Option<u64>)>,
    /// Per code (by key): its `max_uses_per_customer` (0: none). Its `max_uses` is on the code.
    pub codes: Vec<(String, u32)>,
}

/// A redemption about to be counted, and the limits its write checks.
#[derive(Debug, Clone)]
pub struct Counted {
    pub redemption: Redemption,
    pub limits: UseLimits,
}

/// Too many promotions applied to count them in one write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyPromotions(pub usize);

impl Counted {
    /// The redemption of `request` whose cart `evaluation` is, with a new id at `now`.
    pub fn of(
        request: &RedemptionRequest,
        evaluation: &Evaluation,
        promotions: &[Promotion],
        id: RedemptionId,
        now: DateTime<Utc>,
    ) -> Result<Self, TooManyPromotions> {
        let applied: Vec<&Outcome> = evaluation.outcomes.iter().filter(|o| o.reason.is_none()).collect();
        if applied.len() > MAX_PROMOTIONS {
            return Err(TooManyPromotions(applied.len()));
        }
        let money = |amount: Decimal| evaluation.rounding.text(amount);
        let mut limits = UseLimits::default();
        let mut redeemed = Vec::with_capacity(applied.len());
        for outcome in applied {
            let promotion = promotions.iter().find(|p| p.id() == outcome.id);
            let (max_uses, per_customer) =
                promotion.map_or((None, None), |p| (p.fields().max_uses(), p.fields().max_uses_per_customer()));
            limits.promotions.push((outcome.id, max_uses, per_customer));
            let code = evaluation.coupons.code_of(outcome.id).map(|code| {
                limits.codes.push((code.code.key(), code.max_uses_per_customer));
                let shown_on_promotion = promotion.and_then(Promotion::code).is_some_and(|shown| shown.id == code.id);
                let single_use = code.max_uses == 1;
                RedeemedCode { id: code.id, code: code.code.clone(), shown_on_promotion, single_use }
            });
            redeemed.push(RedeemedPromotion {
                id: outcome.id,
                name: outcome.name.clone(),
                redemption_type: outcome.redemption_type,
                discount: money(outcome.discount),
                code,
            });
        }
        let (before, after) = evaluation.total_before_and_after();
        let shopper = &request.cart.customer;
        let customer = CustomerKey::of(shopper).map(|_| RedeemingCustomer {
            id: shopper.id,
            email: shopper.id.is_none().then(|| shopper.email.as_deref().and_then(normalised_email)).flatten(),
        });
        let created_at = Timestamp::from_utc(now);
        let hold_expires_at =
            request.hold.as_ref().map(|hold| Timestamp::from_utc(now + Duration::seconds(i64::from(hold.seconds()))));
        let redemption = Redemption {
            id,
            order_id: request.order_id.as_ref().to_owned(),
            status: if hold_expires_at.is_some() { RedemptionStatus::Held } else { RedemptionStatus::Confirmed },
            customer,
            customer_key: CustomerKey::of(shopper),
            currency_code: request.cart.currency_code.as_ref().to_owned(),
            promotions: redeemed,
            totals: RedemptionTotals { before: money(before), discount: money(before - after), after: money(after) },
            created_at,
            hold_expires_at,
            confirmed_at: hold_expires_at.is_none().then_some(created_at),
            rolled_back_at: None,
            expired_at: None,
        };
        Ok(Self { redemption, limits })
    }
}

impl Redemption {
    /// True when the hold ran out at `now` (a held redemption that was not confirmed in time).
    pub fn hold_ended(&self, now: DateTime<Utc>) -> bool {
        self.hold_expires_at.is_some_and(|until| until.as_datetime() <= now)
    }

    pub fn confirmed(self, now: DateTime<Utc>) -> Self {
        Self { status: RedemptionStatus::Confirmed, confirmed_at: Some(Timestamp::from_utc(now)), ..self }
    }

    pub fn rolled_back(self, now: DateTime<Utc>) -> Self {
        Self { status: RedemptionStatus::RolledBack, rolled_back_at: Some(Timestamp::from_utc(now)), ..self }
    }

    pub fn expired(self, now: DateTime<Utc>) -> Self {
        Self { status: RedemptionStatus::Expired, expired_at: Some(Timestamp::from_utc(now)), ..self }
    }

    /// The codes it used, by key.
    pub fn code_keys(&self) -> impl Iterator<Item = (PromotionId, &RedeemedCode)> {
        self.promotions.iter().filter_map(|p| p.code.as_ref().map(|code| (p.id, code)))
    }

    /// The response representation (the customer key stays inside).
    pub fn view(&self) -> RedemptionView<'_> {
        RedemptionView { redemption: self }
    }
}

/// The JSON a client reads.
pub struct RedemptionView<'a> {
    redemption: &'a Redemption,
}

impl Serialize for RedemptionView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut shown = Redemption { customer_key: None, ..self.redemption.clone() };
        for code in shown.promotions.iter_mut().filter_map(|p| p.code.as_mut()) {
            (code.shown_on_promotion, code.single_use) = (false, false);
        }
        shown.serialize(serializer)
    }
}
