//! Sending the marketing emails. The marketing runtime renders an [`OutgoingEmail`] and hands it
//! to a [`Mailer`]; the mailer turns it into a message (sender, headers, MIME parts) and delivers
//! it: through SES v2 on AWS, or into an outbox directory of `.eml` files locally. Nothing here
//! knows what a checkout or a coupon is.
//!
//! # Layout
//! - `email`: what the runtime hands over ([`OutgoingEmail`]), what becomes of it, the [`Mailer`] trait.
//! - `message`: the one place an [`OutgoingEmail`] becomes an RFC 5322 message.
//! - [`outbox`]: the local mailer, `.eml` files in a directory.
//! - `ses` (cargo feature `ses`): the AWS mailer, SES v2 `SendEmail`.

mod email;
mod message;
pub mod outbox;

#[cfg(feature = "ses")]
pub mod ses;

pub use email::{Delivery, MailError, Mailer, OutgoingEmail};
pub use outbox::OutboxMailer;
#[cfg(feature = "ses")]
pub use ses::SesMailer;
