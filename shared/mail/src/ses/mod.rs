//! The AWS mailer: SES v2 `SendEmail` with the same RFC 5322 message the outbox writes
//! (`EmailContent::Raw`, so the one-click unsubscribe headers go out as built), tagged with the
//! store and the delivery's reference, through the configuration set whose suppression options
//! send bounces and complaints to the suppression list.
//!
//! Suppressed addresses are honoured by SES itself: a send to an address on the account's or the
//! configuration set's suppression list is accepted and never delivered (its event is a bounce
//! of type `OnAccountSuppressionList`). No `GetSuppressedDestination` call precedes each send:
//! it would double the calls per email, and the SES server the tests run against (moto) does not
//! implement the suppression-list API, so that call could not be tested against the real
//! protocol. This mailer therefore never answers [`Delivery::Suppressed`].
//!
//! SES has no idempotency key: sending one reference twice sends two emails, so exactly-once is
//! the caller's job (the marketing runtime records a delivery before it sends).

mod error;
mod tags;

use async_trait::async_trait;
use aws_sdk_sesv2::primitives::Blob;
use aws_sdk_sesv2::types::{Destination, EmailContent, RawMessage};
use aws_sdk_sesv2::Client;

use crate::message;
use crate::{Delivery, MailError, Mailer, OutgoingEmail};

/// Sends through SES v2 as `sender`, in `configuration_set` when there is one.
#[derive(Debug, Clone)]
pub struct SesMailer {
    client: Client,
    sender: String,
    configuration_set: Option<String>,
}

impl SesMailer {
    /// A mailer on `client` (built once per container), sending as `sender` (`shop@example.com`
    /// or `Shop <shop@example.com>`; one that does not parse makes every send
    /// [`MailError::Rejected`]).
    pub fn new(client: Client, sender: impl Into<String>, configuration_set: Option<String>) -> Self {
        Self { client, sender: sender.into(), configuration_set }
    }

    /// The mailer a function builds at init: the project's SDK configuration (region,
    /// credentials, `AWS_ENDPOINT_URL_SESV2` or `AWS_ENDPOINT_URL`), `SENDER_ADDRESS` and, when set
    /// and not empty, `CONFIGURATION_SET_NAME`. A missing or unparsable sender is an error here,
    /// at init, rather than on every send.
    pub async fn from_env() -> Result<Self, MailError> {
        let variable = |name: &str| std::env::var(name).ok().filter(|value| !value.trim().is_empty());
        let sender =
            variable("SENDER_ADDRESS").ok_or_else(|| MailError::Rejected("SENDER_ADDRESS is not set".into()))?;
        message::sender(&sender)?;
        let config = store::dynamodb::client::sdk_config().await;
        Ok(Self::new(Client::new(&config), sender, variable("CONFIGURATION_SET_NAME")))
    }
}

#[async_trait]
impl Mailer for SesMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<Delivery, MailError> {
        let sender = message::sender(&self.sender)?;
        let built = message::build(&sender, email)?;
        let raw = RawMessage::builder().data(Blob::new(built.message.formatted())).build().map_err(error::invalid)?;
        let recipient = built.message.envelope().to().iter().map(ToString::to_string).collect();
        let output = self
            .client
            .send_email()
            .from_email_address(sender.email.to_string())
            .destination(Destination::builder().set_to_addresses(Some(recipient)).build())
            .content(EmailContent::builder().raw(raw).build())
            .set_configuration_set_name(self.configuration_set.clone())
            .set_email_tags(Some(tags::of(email)?))
            .send()
            .await
            .map_err(error::classify)?;
        Ok(Delivery::Sent { message_id: output.message_id.unwrap_or(built.message_id) })
    }
}
