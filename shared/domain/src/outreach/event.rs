//! The body of `POST /v1/stores/{storeId}/marketing/events`: a batch of what happened to
//! checkouts and orders, as the shop saw it. Each event carries the caller's id and time: the
//! runtime keeps, per checkout and per order, the state of the latest event by that time (ties
//! broken by the event id), so a replay or an out-of-order delivery changes nothing.

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};

use super::text::{Email, Ref, ResumeUrl};
use crate::checks::{field, index, Checks, Path, ROOT};
use crate::error::{Invalid, Violation};

/// Most events in one request.
pub const MAX_EVENTS: usize = 100;
/// Most lines a checkout summary shows.
pub const MAX_LINES: usize = 50;
/// Longest line name.
pub const MAX_LINE_NAME_CHARS: usize = 200;

/// A request's events, checked: 1 to [`MAX_EVENTS`] of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBatch {
    pub events: Vec<Event>,
}

/// One event. The `type` names the variant.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum Event {
    /// The checkout as it is now (its lines, value and customer): schedules its reminder.
    #[serde(rename = "checkout.updated")]
    CheckoutUpdated { id: Ref, occurred_at: DateTime<Utc>, checkout: Checkout },
    /// The checkout became an order: no reminder; a sent one recovered the order.
    #[serde(rename = "checkout.completed")]
    CheckoutCompleted { id: Ref, occurred_at: DateTime<Utc>, order: Order },
    /// An order was placed (the same as `checkout.completed` when it names its checkout).
    #[serde(rename = "order.completed")]
    OrderCompleted { id: Ref, occurred_at: DateTime<Utc>, order: Order },
    /// The order was refunded: its follow-up, if not sent, is cancelled.
    #[serde(rename = "order.refunded")]
    OrderRefunded { id: Ref, occurred_at: DateTime<Utc>, order: RefundedOrder },
}

/// Which event a state came from: the caller's time (to the millisecond) and id. A state is
/// replaced only by an event with a later stamp.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Stamp {
    pub at: DateTime<Utc>,
    pub event: Ref,
}

/// A checkout's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkout {
    pub id: Ref,
    pub customer: Customer,
    pub lines: Vec<Line>,
    /// In the currency's smallest unit.
    pub value: i64,
    pub currency: Currency,
    pub resume_url: ResumeUrl,
}

/// Who the email goes to, and whether they agreed to marketing email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Ref>,
    pub email: Email,
    pub marketing_consent: bool,
}

/// One line of a checkout's summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub name: String,
    pub quantity: u32,
    /// The unit price, in the currency's smallest unit.
    pub price: i64,
}

/// A completed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Order {
    pub id: Ref,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_id: Option<Ref>,
    pub customer: Customer,
    pub value: i64,
    pub currency: Currency,
}

/// The order a refund names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefundedOrder {
    pub id: Ref,
}

/// An ISO 4217 code: three upper-case letters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Currency(String);

impl crate::parse::StrValue for Currency {
    const EXPECTING: &'static str = "an ISO 4217 currency code such as EUR";

    fn parse_str(raw: &str) -> Result<Self, String> {
        if raw.len() != 3 || !raw.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(format!("{raw:?} is not {}", Self::EXPECTING));
        }
        Ok(Self(raw.to_owned()))
    }
}

impl AsRef<str> for Currency {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

crate::str_value_serde!(Currency);

impl Customer {
    /// Who a per-customer cap counts against: `ID#<id>`, else `EMAIL#<SHA-256 of the trimmed,
    /// lower-case address>` (an address never becomes part of a key).
    pub fn key(&self) -> String {
        use sha2::{Digest, Sha256};
        if let Some(id) = &self.id {
            return format!("ID#{}", id.as_ref());
        }
        let email = self.email.as_ref().trim().to_lowercase();
        let hash: String = Sha256::digest(email.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        format!("EMAIL#{hash}")
    }
}

impl EventBatch {
    /// Every rule the batch breaks, each with its path (`events[2].checkout.value`).
    pub fn check(&self) -> Result<(), Invalid> {
        let mut checks = Checks::default();
        let path = field(&ROOT, "events");
        checks.expect(!self.events.is_empty(), path, Violation::TooFew(1));
        checks.at_most(&self.events, MAX_EVENTS, path);
        for (i, event) in self.events.iter().enumerate() {
            event.check(&index(&path, i), &mut checks);
        }
        checks.finish()
    }
}

impl Event {
    /// The event's stamp, to the millisecond.
    pub fn stamp(&self) -> Stamp {
        let (id, at) = match self {
            Event::CheckoutUpdated { id, occurred_at, .. }
            | Event::CheckoutCompleted { id, occurred_at, .. }
            | Event::OrderCompleted { id, occurred_at, .. }
            | Event::OrderRefunded { id, occurred_at, .. } => (id, occurred_at),
        };
        Stamp { at: at.trunc_subsecs(3), event: id.clone() }
    }

    fn check(&self, path: &Path, checks: &mut Checks) {
        match self {
            Event::CheckoutUpdated { checkout, .. } => checkout.check(&field(path, "checkout"), checks),
            Event::CheckoutCompleted { order, .. } | Event::OrderCompleted { order, .. } => {
                checks.expect(order.value >= 0, field(&field(path, "order"), "value"), Violation::Negative)
            }
            Event::OrderRefunded { .. } => {}
        }
    }
}

impl Checkout {
    fn check(&self, path: &Path, checks: &mut Checks) {
        checks.expect(self.value >= 0, field(path, "value"), Violation::Negative);
        let lines = field(path, "lines");
        checks.at_most(&self.lines, MAX_LINES, lines);
        for (i, line) in self.lines.iter().enumerate() {
            let at = index(&lines, i);
            let name = field(&at, "name");
            checks.expect(!line.name.trim().is_empty(), name, Violation::Empty);
            checks.at_most_chars(&line.name, MAX_LINE_NAME_CHARS, name);
            let printable = !line.name.chars().any(char::is_control);
            checks.expect(printable, name, Violation::Malformed("must be one line of printable text".into()));
            checks.expect(line.quantity > 0, field(&at, "quantity"), Violation::NotPositive);
            checks.expect(line.price >= 0, field(&at, "price"), Violation::Negative);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn batch(events: serde_json::Value) -> Result<EventBatch, String> {
        serde_json::from_value::<EventBatch>(json!({ "events": events })).map_err(|e| e.to_string())
    }

    fn checkout() -> serde_json::Value {
        json!({"id": "e1", "type": "checkout.updated", "occurred_at": "2026-12-02T10:00:00.123456Z",
               "checkout": {"id": "chk_1", "customer": {"email": "ann@example.com", "marketing_consent": true},
                            "lines": [{"name": "Mug", "quantity": 2, "price": 1250}], "value": 2500,
                            "currency": "EUR", "resume_url": "https://shop.example/c/1"}})
    }

    #[test]
    fn a_checkout_event_reads_with_its_stamp_in_milliseconds() {
        let batch = batch(json!([checkout()])).unwrap();
        batch.check().unwrap();
        assert_eq!(batch.events[0].stamp().at.to_rfc3339(), "2026-12-02T10:00:00.123+00:00");
    }

    #[test]
    fn unknown_types_and_fields_are_refused() {
        assert!(batch(json!([{"id": "e", "type": "cart.viewed", "occurred_at": "2026-12-02T10:00:00Z"}])).is_err());
        let mut extra = checkout();
        extra["checkout"]["coupon"] = json!("X");
        assert!(batch(json!([extra])).is_err());
    }

    #[test]
    fn every_broken_rule_is_named() {
        let mut bad = checkout();
        bad["checkout"]["value"] = json!(-1);
        bad["checkout"]["lines"][0]["quantity"] = json!(0);
        let error = batch(json!([bad])).unwrap().check().unwrap_err();
        let paths: Vec<_> = error.0.iter().map(|f| f.path.clone()).collect();
        assert_eq!(paths, ["events[0].checkout.value", "events[0].checkout.lines[0].quantity"]);
        assert!(batch(json!([])).unwrap().check().is_err());
    }
}
