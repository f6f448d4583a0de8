//! A delivery as the deliveries listing shows it: which checkout or order, whose, when it was
//! due and sent, its status (`SCHEDULED` while being sent too), why it was not sent, its coupon
//! code, and the order it recovered.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::delivery::{Delivery, Recovered, Status};
use super::event::Customer;
use super::reason::Reason;
use crate::marketing::ConfigKind;

/// One entry of the listing.
#[derive(Debug, Serialize)]
pub struct DeliveryView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    checkout_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_id: Option<&'a str>,
    customer: Option<&'a Customer>,
    #[serde(serialize_with = "millis")]
    scheduled_at: DateTime<Utc>,
    #[serde(serialize_with = "optional_millis")]
    sent_at: Option<DateTime<Utc>>,
    status: Status,
    reason: Option<Reason>,
    coupon_code: Option<&'a str>,
    #[serde(serialize_with = "optional_millis")]
    coupon_expires_at: Option<DateTime<Utc>>,
    recovered_order: Option<&'a Recovered>,
}

impl Delivery {
    /// The listing's view of this delivery.
    pub fn view(&self) -> DeliveryView<'_> {
        let subject = Some(self.subject.as_ref());
        let (checkout_id, order_id) = match self.kind {
            ConfigKind::AbandonedCheckouts => (subject, None),
            ConfigKind::PurchaseFollowUps => (None, subject),
        };
        DeliveryView {
            checkout_id,
            order_id,
            customer: self.customer(),
            scheduled_at: self.scheduled_at,
            sent_at: self.sent_at,
            status: if self.status == Status::Sending { Status::Scheduled } else { self.status },
            reason: self.reason,
            coupon_code: self.coupon.as_ref().map(|c| c.code.as_str()),
            coupon_expires_at: self.coupon.as_ref().and_then(|c| c.expires_at),
            recovered_order: self.recovered.as_ref(),
        }
    }
}

fn millis<S: serde::Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

fn optional_millis<S: serde::Serializer>(at: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => millis(at, serializer),
        None => serializer.serialize_none(),
    }
}
