//! Sending a claimed delivery: mint its recorded code under the coupon promotion (single use,
//! once per customer; a code that exists was minted by an earlier attempt), render the email
//! with the customer's unsubscribe token (drawn the first time the store writes to them),
//! hand it to the mailer under the delivery's reference, and record what became of it.

use chrono::{DateTime, Utc};
use domain::ids::PromotionId;
use domain::marketing::ConfigurationInput;
use domain::outreach::coupon::describe;
use domain::outreach::delivery::IssuedCoupon;
use domain::outreach::email::{render, Offer};
use domain::outreach::unsubscribe::new_token;
use domain::outreach::{Delivery, Reason, Status};
use domain::promotion::code::{CodeText, NewCode};
use domain::promotion::timestamp::Timestamp;
use mail::{Delivery as Handed, MailError, Mailer, OutgoingEmail};
use store::outreach::Due;
use store::{Refusal, Store, StoreError, Versioned, WriteError};

use crate::claim::{skip, written};
use crate::links::Links;
use crate::step::Step;

/// How often a mint is tried with fresh code ids before the run leaves it to the next.
const ID_DRAWS: usize = 4;

/// Mints, renders, sends and records one claimed delivery.
pub async fn send(
    store: &dyn Store,
    mailer: &dyn Mailer,
    links: &Links,
    due: &Due,
    claimed: Versioned<Delivery>,
    config: &ConfigurationInput,
    now: DateTime<Utc>,
) -> Result<Step, StoreError> {
    if let Some(coupon) = &claimed.value.coupon {
        if !mint(store, due, coupon, now).await? {
            return Ok(step(skip(store, due, &claimed, Reason::CouponUnavailable).await?));
        }
    }
    let Some(customer) = claimed.value.customer() else {
        return Ok(step(skip(store, due, &claimed, Reason::NoCheckout).await?));
    };
    let fresh = new_token().map_err(|e| StoreError::Backend(Box::new(e)))?;
    let token = store.unsubscribe_token(&due.store, &customer.key(), &fresh).await?;
    let Some(email) = email(&claimed.value, config, &links.unsubscribe(&token), due) else {
        return Ok(step(skip(store, due, &claimed, Reason::NoCheckout).await?));
    };
    let (next, outcome) = match mailer.send(&email).await {
        Ok(Handed::Sent { message_id }) => (claimed.value.sent(now, message_id), Step::Sent),
        Ok(Handed::Suppressed) => (claimed.value.skipped(Reason::Suppressed), Step::Skipped),
        Err(MailError::Rejected(why)) => {
            tracing::warn!(reference = %email.reference, %why, "the mail service refused an email");
            (claimed.value.skipped(Reason::Rejected), Step::Skipped)
        }
        Err(MailError::Transient(why)) => {
            tracing::warn!(reference = %email.reference, %why, "sending failed for now; retried after the lease");
            return Ok(Step::Retrying);
        }
    };
    let message_id = next.message_id.clone();
    if written(store, due, &claimed, next, &[]).await?.is_some() {
        return Ok(outcome);
    }
    match (outcome, message_id) {
        (Step::Sent, Some(message_id)) => sent_over_a_cancellation(store, due, now, message_id).await,
        _ => Ok(Step::Nothing),
    }
}

/// An email went out, but the delivery changed meanwhile: an order or a refund cancelled it
/// while it was being sent. What happened to the email is what the delivery must say, so it is
/// recorded as sent over the cancellation (not as recovered revenue: the order came first).
async fn sent_over_a_cancellation(
    store: &dyn Store,
    due: &Due,
    now: DateTime<Utc>,
    message_id: String,
) -> Result<Step, StoreError> {
    let Some(current) = store.get_delivery(&due.store, due.kind, &due.subject).await? else {
        return Ok(Step::Nothing);
    };
    if current.value.status != Status::Cancelled {
        return Ok(Step::Nothing);
    }
    tracing::info!(%message_id, "an email went out as its delivery was cancelled; recorded as sent");
    let next = current.value.sent(now, message_id);
    Ok(if written(store, due, &current, next, &[]).await?.is_some() { Step::Sent } else { Step::Nothing })
}

fn step(claim: crate::claim::Claim) -> Step {
    match claim {
        crate::claim::Claim::Skipped => Step::Skipped,
        _ => Step::Nothing,
    }
}

/// Adds the recorded code to its promotion: `false` when the promotion is gone.
async fn mint(store: &dyn Store, due: &Due, coupon: &IssuedCoupon, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let text = CodeText::try_from_str(&coupon.code).ok_or_else(|| StoreError::Backend("a recorded code".into()))?;
    for _ in 0..ID_DRAWS {
        let id = domain::ids::code_ids(now, 1).map_err(|e| StoreError::Backend(Box::new(e)))?[0];
        let code = NewCode::new(text.clone(), 1, 1).into_code(id, Timestamp::from_utc(now));
        match store.add_codes(&due.store, PromotionId(coupon.promotion_id), vec![code], None, None).await {
            Ok(()) | Err(WriteError::Refused(Refusal::DuplicateCode(_))) => return Ok(true),
            Err(WriteError::Refused(Refusal::Missing)) => return Ok(false),
            Err(WriteError::Refused(Refusal::IdTaken)) => continue,
            Err(WriteError::Refused(other)) => return Err(StoreError::Backend(Box::new(other))),
            Err(WriteError::Store(error)) => return Err(error),
        }
    }
    Err(StoreError::Unavailable("new code ids kept being taken".into()))
}

/// The email of the delivery, as the mailer takes it.
fn email(delivery: &Delivery, config: &ConfigurationInput, unsubscribe_url: &str, due: &Due) -> Option<OutgoingEmail> {
    let snapshot = delivery.snapshot.as_ref()?;
    let offer = delivery.coupon.as_ref().map(|coupon| Offer {
        code: coupon.code.clone(),
        discount: describe(&config.coupon_configuration, &snapshot.currency),
        expires_at: coupon.expires_at,
    });
    let rendered = render(delivery, offer.as_ref(), unsubscribe_url)?;
    Some(OutgoingEmail {
        to: snapshot.customer.email.as_ref().to_owned(),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        unsubscribe_url: unsubscribe_url.to_owned(),
        store: due.store.to_string(),
        reference: delivery.reference(due.store.as_str()),
    })
}
