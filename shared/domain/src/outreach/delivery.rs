//! One marketing email's life, per checkout (abandoned checkouts) or per order (purchase
//! follow-ups): the state the events left, when it is due, and what became of it.
//!
//! ```text
//! SCHEDULED ──due──▶ SENDING (code recorded) ──sent──▶ SENT
//!     │ ▲                 │ └─ mail failed for now: due again after a lease
//!     │ └─ update         └─ suppressed / refused ──▶ SKIPPED
//!     ├─ completed, refunded ──▶ CANCELLED
//!     └─ no consent, out of bounds, cap, disabled ──▶ SKIPPED (an update may schedule it again)
//! ```
//! Every transition here is a pure function returning the next record, or `None` when the event
//! changes nothing (older than the state, or the email went out already): the store writes it
//! conditional on the version it read, so concurrent writers never both win.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::{Checkout, Currency, Customer, Line, Order, Stamp};
use super::reason::Reason;
use super::schedule::after;
use super::text::{Ref, ResumeUrl};
use crate::marketing::{ConfigKind, ConfigurationInput};

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Scheduled,
    /// Claimed by a sweep, its code recorded; shown as `SCHEDULED` to clients.
    Sending,
    Sent,
    Cancelled,
    Skipped,
}

/// The coupon minted for a delivery: recorded before it is minted, so a retry sends the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCoupon {
    pub code: String,
    pub promotion_id: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
}

/// An order completed after the reminder went out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recovered {
    pub order_id: Ref,
    pub value: i64,
    pub currency: String,
}

/// What the email is about: the checkout's (or the order's) customer, lines and value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub customer: Customer,
    pub lines: Vec<Line>,
    pub value: i64,
    pub currency: Currency,
    /// Where the checkout is picked up again (none for an order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_url: Option<ResumeUrl>,
}

impl Snapshot {
    fn of_checkout(checkout: &Checkout) -> Self {
        Self {
            customer: checkout.customer.clone(),
            lines: checkout.lines.clone(),
            value: checkout.value,
            currency: checkout.currency.clone(),
            resume_url: Some(checkout.resume_url.clone()),
        }
    }

    fn of_order(order: &Order) -> Self {
        Self {
            customer: order.customer.clone(),
            lines: Vec::new(),
            value: order.value,
            currency: order.currency.clone(),
            resume_url: None,
        }
    }
}

/// A delivery as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub kind: ConfigKind,
    /// The checkout id (abandoned checkouts) or the order id (follow-ups).
    pub subject: Ref,
    /// The checkout's (or the order's) state, as of `stamp`; `None` when only a completion or a
    /// refund arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<Snapshot>,
    pub stamp: Stamp,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// When it is (or was) due to be sent.
    pub scheduled_at: DateTime<Utc>,
    /// When the due-time index must look at it next: set while `SCHEDULED` or `SENDING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon: Option<IssuedCoupon>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovered: Option<Recovered>,
}

impl Delivery {
    /// The abandoned-checkout delivery that `checkout` as of `stamp` makes of `current`:
    /// scheduled `trigger_after` after the update when the configuration allows it, else
    /// skipped with the reason. Nothing once it was sent, claimed or cancelled, or for an older
    /// event.
    pub fn checkout_updated(
        current: Option<&Delivery>,
        checkout: &Checkout,
        stamp: &Stamp,
        config: &ConfigurationInput,
    ) -> Option<Delivery> {
        if current.is_some_and(|d| !d.accepts_updates() || d.stamp >= *stamp) {
            return None;
        }
        let base = Self::waiting(
            ConfigKind::AbandonedCheckouts,
            checkout.id.clone(),
            Some(Snapshot::of_checkout(checkout)),
            stamp,
        );
        Some(base.judged(config))
    }

    /// The follow-up of a completed order: scheduled like a reminder, once per order.
    pub fn order_completed(
        current: Option<&Delivery>,
        order: &Order,
        stamp: &Stamp,
        config: &ConfigurationInput,
    ) -> Option<Delivery> {
        if current.is_some() {
            return None;
        }
        let base =
            Self::waiting(ConfigKind::PurchaseFollowUps, order.id.clone(), Some(Snapshot::of_order(order)), stamp);
        Some(base.judged(config))
    }

    /// What an order that completes this checkout does to its reminder: cancels a pending one,
    /// and one being sent (a send that failed for now, or a run that died, would otherwise send it
    /// after its lease; a send in flight records itself as sent over the cancellation); marks a
    /// sent one as having recovered the order (once).
    pub fn checkout_completed(
        current: Option<&Delivery>,
        checkout: &Ref,
        order: &Order,
        stamp: &Stamp,
    ) -> Option<Delivery> {
        let Some(current) = current else {
            let mut cancelled = Self::waiting(ConfigKind::AbandonedCheckouts, checkout.clone(), None, stamp);
            cancelled.cancel(Reason::Completed);
            return Some(cancelled);
        };
        match current.status {
            Status::Scheduled | Status::Skipped | Status::Sending => {
                let mut next = current.clone();
                next.stamp = stamp.clone();
                next.cancel(Reason::Completed);
                Some(next)
            }
            Status::Sent if current.recovered.is_none() => {
                let mut next = current.clone();
                next.recovered = Some(Recovered {
                    order_id: order.id.clone(),
                    value: order.value,
                    currency: order.currency.as_ref().to_owned(),
                });
                Some(next)
            }
            _ => None,
        }
    }

    /// A refund before the follow-up went out cancels it, also while it is being sent (as a
    /// completion does a reminder); one that arrives before its order leaves a cancelled record
    /// that the order's event then finds.
    pub fn order_refunded(current: Option<&Delivery>, order: &Ref, stamp: &Stamp) -> Option<Delivery> {
        let mut next = match current {
            None => Self::waiting(ConfigKind::PurchaseFollowUps, order.clone(), None, stamp),
            Some(d) if matches!(d.status, Status::Scheduled | Status::Skipped | Status::Sending) => d.clone(),
            Some(_) => return None,
        };
        next.cancel(Reason::Refunded);
        Some(next)
    }

    /// Why this delivery must not go out under `config` now, if it must not.
    pub fn blocker(&self, config: &ConfigurationInput) -> Option<Reason> {
        let Some(checkout) = &self.snapshot else { return Some(Reason::NoCheckout) };
        let above = config.maximum_order_value.is_some_and(|max| checkout.value > max);
        if !config.enabled {
            Some(Reason::Disabled)
        } else if !config.blockers().is_empty() {
            Some(Reason::InvalidConfiguration)
        } else if !checkout.customer.marketing_consent {
            Some(Reason::NoConsent)
        } else if checkout.value < config.minimum_order_value || above {
            Some(Reason::ValueOutOfBounds)
        } else {
            None
        }
    }

    /// Claimed for sending with `coupon`; due again at `retry_at` if the send never finishes.
    pub fn claimed(&self, coupon: Option<IssuedCoupon>, retry_at: DateTime<Utc>) -> Delivery {
        Delivery { status: Status::Sending, coupon, due_at: Some(retry_at), ..self.clone() }
    }

    /// Claimed again after a send that did not finish: the same coupon, a new lease.
    pub fn reclaimed(&self, retry_at: DateTime<Utc>) -> Delivery {
        Delivery { due_at: Some(retry_at), ..self.clone() }
    }

    /// Sent at `at` with the mail service's message id.
    pub fn sent(&self, at: DateTime<Utc>, message_id: String) -> Delivery {
        Delivery { status: Status::Sent, sent_at: Some(at), message_id: Some(message_id), due_at: None, ..self.clone() }
    }

    /// Not sent, for `reason`.
    pub fn skipped(&self, reason: Reason) -> Delivery {
        Delivery { status: Status::Skipped, reason: Some(reason), due_at: None, ..self.clone() }
    }

    /// The id the email is sent under: stable for the delivery, safe in a file name.
    pub fn reference(&self, store: &str) -> String {
        format!("{store}-{}-{}", self.kind.short(), self.subject.as_ref())
    }

    /// The customer the email goes to.
    pub fn customer(&self) -> Option<&Customer> {
        self.snapshot.as_ref().map(|c| &c.customer)
    }

    fn accepts_updates(&self) -> bool {
        matches!(self.status, Status::Scheduled | Status::Skipped)
    }

    fn waiting(kind: ConfigKind, subject: Ref, snapshot: Option<Snapshot>, stamp: &Stamp) -> Delivery {
        Delivery {
            kind,
            subject,
            snapshot,
            stamp: stamp.clone(),
            status: Status::Scheduled,
            reason: None,
            scheduled_at: stamp.at,
            due_at: None,
            sent_at: None,
            coupon: None,
            message_id: None,
            recovered: None,
        }
    }

    /// Scheduled `trigger_after` after its stamp, or skipped for what blocks it already.
    fn judged(mut self, config: &ConfigurationInput) -> Delivery {
        self.scheduled_at = after(self.stamp.at, &config.trigger_after);
        match self.blocker(config) {
            Some(reason) => self.skipped(reason),
            None => Delivery { due_at: Some(self.scheduled_at), ..self },
        }
    }

    fn cancel(&mut self, reason: Reason) {
        self.status = Status::Cancelled;
        self.reason = Some(reason);
        self.due_at = None;
    }
}
