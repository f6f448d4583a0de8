//! What the marketing runtime hands a mailer, what becomes of it, and the mailer's trait: the
//! vocabulary every mailer shares, apart from the crate root so that the mailers can build on it.

use async_trait::async_trait;

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
