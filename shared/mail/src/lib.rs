//! Sending the marketing emails. The marketing runtime renders an [`OutgoingEmail`] and hands it
//! to a [`Mailer`]; the mailer turns it into a message (sender, headers, MIME parts) and delivers
//! it: through SES v2 on AWS, or into an outbox directory of `.eml` files locally. Nothing here
//! knows what a checkout or a coupon is.
//!
//! # Layout
//! - `message`: the one place an [`OutgoingEmail`] becomes an RFC 5322 message.
//! - [`outbox`]: the local mailer, `.eml` files in a directory.
//! - `ses` (cargo feature `ses`): the AWS mailer, SES v2 `SendEmail`.

use async_trait::async_trait;

mod message;
pub mod outbox;

#[cfg(feature = "ses")]
pub mod ses;

pub use outbox::OutboxMailer;
#[cfg(feature = "ses")]
pub use ses::SesMailer;

/// One rendered email, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// The recipient's address.
    pub to: String,
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
    /// Where the recipient unsubscribes (also sent as `List-Unsubscribe`).
    pub unsubscribe_url: String,
    /// The store the email is sent for (tags the message, names the outbox file).
    pub store: String,
    /// The delivery's stable id: the same delivery sent twice has the same reference.
    pub reference: String,
}

/// What happened to an email handed to a [`Mailer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Accepted for delivery, with the message id the service gave it.
    Sent { message_id: String },
    /// Not sent: the address is on the suppression list (it bounced or complained before).
    Suppressed,
}

/// Why an email could not be handed over.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MailError {
    /// Worth trying again later (throttling, a network failure, a 5xx).
    #[error("sending failed, try again: {0}")]
    Transient(String),
    /// Trying again will not help (a malformed address, a sender that is not verified).
    #[error("sending refused: {0}")]
    Rejected(String),
}

/// Sends emails.
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, email: &OutgoingEmail) -> Result<Delivery, MailError>;
}
