//! The one place an [`OutgoingEmail`] becomes an RFC 5322 message, so the outbox file and the
//! message SES sends are the same bytes: From, To, Subject (RFC 2047-encoded when it is not
//! ASCII), Date, Message-ID, the one-click unsubscribe headers of RFC 8058, and a
//! `multipart/alternative` body with the text part first and the HTML part last (the part a
//! client prefers). lettre builds the MIME; nothing here hand-writes it.

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::Message;

use crate::{MailError, OutgoingEmail};

/// `List-Unsubscribe`: where the recipient unsubscribes (RFC 2369).
const LIST_UNSUBSCRIBE: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe");
/// `List-Unsubscribe-Post`: unsubscribing is one POST, no page to fill in (RFC 8058).
const LIST_UNSUBSCRIBE_POST: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe-Post");

/// A built message and its Message-ID (without the angle brackets).
pub(crate) struct Built {
    pub(crate) message: Message,
    pub(crate) message_id: String,
}

/// Builds the message `sender` sends for `email`. The Message-ID is derived from the reference
/// and the sender's domain, so the same delivery always has the same Message-ID.
pub(crate) fn build(sender: &Mailbox, email: &OutgoingEmail) -> Result<Built, MailError> {
    let to: Mailbox =
        email.to.parse().map_err(|error| MailError::Rejected(format!("recipient {:?}: {error}", email.to)))?;
    let unsubscribe = unsubscribe_header(&email.unsubscribe_url)?;
    let message_id = format!("{}@{}", safe_reference(&email.reference), sender.email.domain());
    let message = Message::builder()
        .from(sender.clone())
        .to(to)
        .subject(email.subject.clone())
        .date_now()
        .message_id(Some(format!("<{message_id}>")))
        .raw_header(HeaderValue::new(LIST_UNSUBSCRIBE, unsubscribe))
        .raw_header(HeaderValue::new(LIST_UNSUBSCRIBE_POST, "List-Unsubscribe=One-Click".to_owned()))
        .multipart(MultiPart::alternative_plain_html(email.text.clone(), email.html.clone()))
        .map_err(|error| MailError::Rejected(format!("message for {:?}: {error}", email.reference)))?;
    Ok(Built { message, message_id })
}

/// Parses the sender's address (`shop@example.com` or `Shop <shop@example.com>`).
pub(crate) fn sender(address: &str) -> Result<Mailbox, MailError> {
    address.parse().map_err(|error| MailError::Rejected(format!("sender {address:?}: {error}")))
}

/// The `List-Unsubscribe` value, `<url>`, for an absolute HTTPS or HTTP URL with nothing in it
/// that could end the header or the angle brackets.
fn unsubscribe_header(url: &str) -> Result<String, MailError> {
    let printable = url.chars().all(|c| c.is_ascii_graphic() && c != '<' && c != '>');
    if printable && (url.starts_with("https://") || url.starts_with("http://")) {
        Ok(format!("<{url}>"))
    } else {
        Err(MailError::Rejected(format!("unsubscribe URL {url:?} is not an absolute http(s) URL")))
    }
}

/// The reference with every byte but ASCII letters, digits, `-` and `_` percent-encoded: safe as
/// a file name and as a Message-ID's left part, and still one-to-one with the reference.
pub(crate) fn safe_reference(reference: &str) -> String {
    reference
        .bytes()
        .map(|byte| match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' => (byte as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_percent_encoded_outside_letters_digits_dash_and_underscore() {
        assert_eq!(safe_reference("ab-C_9"), "ab-C_9");
        assert_eq!(safe_reference("CHECKOUT#s1/c.2"), "CHECKOUT%23s1%2Fc%2E2");
        assert_eq!(safe_reference("é"), "%C3%A9");
    }

    #[test]
    fn an_unsubscribe_url_must_be_absolute_and_unable_to_break_the_header() {
        assert_eq!(unsubscribe_header("https://x.test/u?t=1").unwrap(), "<https://x.test/u?t=1>");
        for bad in ["", "/relative", "mailto:a@b", "https://x.test/a b", "https://x.test/\r\nBcc: a@b", "https://x>"] {
            assert!(matches!(unsubscribe_header(bad), Err(MailError::Rejected(_))), "{bad:?}");
        }
    }
}
