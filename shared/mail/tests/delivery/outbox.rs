//! The outbox: what a developer opens in a mail client is the email the runtime asked for, once.

use mail::{Delivery, MailError, Mailer, OutboxMailer};
use mail_parser::MimeHeaders;

use crate::support::{email, parse};

#[tokio::test]
async fn an_email_becomes_an_eml_file_a_mail_client_reads_with_both_parts_and_one_click_unsubscribe() {
    let dir = tempfile::tempdir().unwrap();
    let mailer = OutboxMailer::new(dir.path().join("outbox"), "Shop <shop@shop.example>");
    let sent = email("ada@customer.example", "abandoned-c1");

    let delivery = mailer.send(&sent).await.unwrap();

    let bytes = std::fs::read(dir.path().join("outbox/abandoned-c1.eml")).unwrap();
    let message = parse(&bytes).expect("an RFC 5322 message");
    let Delivery::Sent { message_id } = delivery else { panic!("not sent: {delivery:?}") };
    assert_eq!(message.message_id(), Some(message_id.as_str()));
    assert_eq!(message.from().and_then(|from| from.first()).and_then(|a| a.address()), Some("shop@shop.example"));
    assert_eq!(message.to().and_then(|to| to.first()).and_then(|a| a.address()), Some("ada@customer.example"));
    assert_eq!(message.subject(), Some(sent.subject.as_str()));
    assert!(message.date().is_some());
    assert_eq!(message.text_body_count(), 1);
    let text = message.body_text(0).map(|text| text.replace("\r\n", "\n"));
    assert_eq!(text.as_deref(), Some(sent.text.as_str()), "the text part, its lines ending in CRLF on the wire");
    assert_eq!(message.body_html(0).as_deref(), Some(sent.html.as_str()));
    assert_eq!(
        message.header_raw("List-Unsubscribe").map(str::trim),
        Some("<https://shop.example/unsubscribe?token=t0k3n>")
    );
    assert_eq!(message.header_raw("List-Unsubscribe-Post").map(str::trim), Some("List-Unsubscribe=One-Click"));
    assert!(!bytes.contains(&0xE2), "the non-ASCII subject is encoded, never raw");
}

#[tokio::test]
async fn the_multipart_body_is_alternative_with_the_html_part_last() {
    let dir = tempfile::tempdir().unwrap();
    let mailer = OutboxMailer::new(dir.path(), "shop@shop.example");

    mailer.send(&email("ada@customer.example", "r1")).await.unwrap();

    let bytes = std::fs::read(dir.path().join("r1.eml")).unwrap();
    let message = parse(&bytes).unwrap();
    let content_type = message.content_type().unwrap();
    assert_eq!((content_type.ctype(), content_type.subtype()), ("multipart", Some("alternative")));
    let types: Vec<_> = message.parts[1..].iter().filter_map(|p| p.content_type()).map(|c| c.subtype()).collect();
    assert_eq!(types, [Some("plain"), Some("html")]);
}

#[tokio::test]
async fn sending_one_reference_again_writes_no_second_file_and_answers_the_same_message_id() {
    let dir = tempfile::tempdir().unwrap();
    let mailer = OutboxMailer::new(dir.path(), "shop@shop.example");
    let first = mailer.send(&email("ada@customer.example", "r1")).await.unwrap();
    let before = std::fs::read(dir.path().join("r1.eml")).unwrap();

    let mut changed = email("ada@customer.example", "r1");
    changed.subject = "A retry that re-rendered the email".to_owned();
    let again = mailer.send(&changed).await.unwrap();

    assert_eq!(again, first);
    assert_eq!(std::fs::read(dir.path().join("r1.eml")).unwrap(), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[tokio::test]
async fn ten_concurrent_sends_of_one_reference_leave_one_complete_file() {
    let dir = tempfile::tempdir().unwrap();
    let mailer = std::sync::Arc::new(OutboxMailer::new(dir.path(), "shop@shop.example"));
    let sends = (0..10).map(|_| {
        let mailer = mailer.clone();
        tokio::spawn(async move { mailer.send(&email("ada@customer.example", "r1")).await })
    });

    let deliveries: Vec<_> = futures_join(sends).await;

    assert!(deliveries.windows(2).all(|pair| pair[0] == pair[1]), "{deliveries:?}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    assert!(parse(&std::fs::read(dir.path().join("r1.eml")).unwrap()).is_some_and(|m| m.body_html(0).is_some()));
}

#[tokio::test]
async fn a_reference_that_is_not_a_file_name_is_encoded_into_one() {
    let dir = tempfile::tempdir().unwrap();
    let mailer = OutboxMailer::new(dir.path(), "shop@shop.example");

    mailer.send(&email("ada@customer.example", "../CHECKOUT#c/1")).await.unwrap();

    assert_eq!(mailer.path_of("../CHECKOUT#c/1"), dir.path().join("%2E%2E%2FCHECKOUT%23c%2F1.eml"));
    assert!(mailer.path_of("../CHECKOUT#c/1").is_file());
}

#[tokio::test]
async fn an_address_that_does_not_parse_is_rejected_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let good_sender = OutboxMailer::new(dir.path(), "shop@shop.example");
    let bad_sender = OutboxMailer::new(dir.path(), "not an address");

    let bad_recipient = good_sender.send(&email("ada at customer.example", "r1")).await;
    let from_bad_sender = bad_sender.send(&email("ada@customer.example", "r2")).await;

    assert!(matches!(bad_recipient, Err(MailError::Rejected(_))), "{bad_recipient:?}");
    assert!(matches!(from_bad_sender, Err(MailError::Rejected(_))), "{from_bad_sender:?}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// Awaits every spawned send, in order.
async fn futures_join<T>(tasks: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    results
}
