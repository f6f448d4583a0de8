//! An email to send in the tests, and reading a message back as a mail client would.

use mail::OutgoingEmail;
use mail_parser::{Message, MessageParser};

/// A reminder to `to` with the delivery reference `reference`; its subject is not ASCII.
pub fn email(to: &str, reference: &str) -> OutgoingEmail {
    OutgoingEmail {
        to: to.to_owned(),
        subject: "Votre panier vous attend — 10 % offerts".to_owned(),
        text: "Finish your order: https://shop.example/resume/c1\nCode: SAVE-7Q2X".to_owned(),
        html: "<p>Finish your order: <a href=\"https://shop.example/resume/c1\">resume</a></p><p>SAVE-7Q2X</p>"
            .to_owned(),
        unsubscribe_url: "https://shop.example/unsubscribe?token=t0k3n".to_owned(),
        store: "store-1".to_owned(),
        reference: reference.to_owned(),
    }
}

/// Parses an RFC 5322 message; `None` when it is not one.
pub fn parse(bytes: &[u8]) -> Option<Message<'_>> {
    MessageParser::default().parse(bytes)
}
