//! `SesMailer` against a server speaking SES v2 on loopback (moto's server mode, pinned in
//! `scripts/tools.sh`; `scripts/test` starts it and names it in `SES_ENDPOINT`): what SES
//! received is read back from moto's record of sent messages and parsed as a mail client would.

use aws_sdk_sesv2::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_sesv2::Client;
use mail::{Delivery, MailError, Mailer, SesMailer};
use serde_json::Value;

use crate::support::{email, parse};

/// The SES server `scripts/test` started, if any: plain `cargo test` skips these tests and says
/// so once, on stderr (past the harness's capture).
fn endpoint() -> Option<String> {
    static ANNOUNCED: std::sync::Once = std::sync::Once::new();
    let endpoint = std::env::var("SES_ENDPOINT").ok();
    if endpoint.is_none() {
        ANNOUNCED.call_once(|| {
            let line = "SES_ENDPOINT is not set: the SES tests were skipped (./scripts/test runs them against moto)\n";
            let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
        });
    }
    endpoint
}

/// A client of the server at `endpoint`, with the project's HTTP client and no retries.
fn client(endpoint: &str) -> Client {
    let config = aws_sdk_sesv2::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "tests"))
        .http_client(store::dynamodb::client::http_client())
        .retry_config(aws_sdk_sesv2::config::retry::RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

/// Verifies `identity` (an address or a domain), as a merchant does before SES lets them send.
async fn verify(client: &Client, identity: &str) {
    client.create_email_identity().email_identity(identity).send().await.expect("an email identity");
}

/// `name` made unique to this run, for what the server keeps between runs (a configuration set).
fn unique(name: &str) -> String {
    let nanos = std::time::SystemTime::UNIX_EPOCH.elapsed().map(|elapsed| elapsed.as_nanos()).unwrap_or_default();
    format!("{name}-{}-{nanos}", std::process::id())
}

/// The raw message SES accepted under `message_id`, from moto's record of sent messages.
fn sent_message(endpoint: &str, message_id: &str) -> Option<String> {
    let data: Value = serde_json::from_str(&http_get(endpoint, "/moto-api/data.json")).ok()?;
    let sent = data["ses"]["RawMessage"].as_array()?;
    let message = sent.iter().find(|message| message["id"] == message_id)?;
    message["raw_data"].as_str().map(str::to_owned)
}

/// The body of a plain HTTP/1.0 GET of `path` on `endpoint` (`http://host:port`).
fn http_get(endpoint: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let address = endpoint.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).expect("the SES server");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").expect("a request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("an answer");
    response.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default()
}

#[tokio::test]
async fn a_sent_email_reaches_ses_as_the_message_a_client_reads_with_its_unsubscribe_headers() {
    let Some(endpoint) = endpoint() else { return };
    let client = client(&endpoint);
    verify(&client, "sent.shop.example").await;
    let mailer = SesMailer::new(client, "Shop <news@sent.shop.example>", None);
    let sent = email("ada@customer.example", "ses-sent-1");

    let delivery = mailer.send(&sent).await.unwrap();

    let Delivery::Sent { message_id } = delivery else { panic!("not sent: {delivery:?}") };
    let raw = sent_message(&endpoint, &message_id).expect("SES has the message under the id it answered");
    let message = parse(raw.as_bytes()).expect("an RFC 5322 message");
    assert_eq!(message.from().and_then(|from| from.first()).and_then(|a| a.address()), Some("news@sent.shop.example"));
    assert_eq!(message.to().and_then(|to| to.first()).and_then(|a| a.address()), Some("ada@customer.example"));
    assert_eq!(message.subject(), Some(sent.subject.as_str()));
    assert_eq!(message.body_html(0).as_deref(), Some(sent.html.as_str()));
    assert_eq!(
        message.header_raw("List-Unsubscribe").map(str::trim),
        Some("<https://shop.example/unsubscribe?token=t0k3n>")
    );
    assert_eq!(message.header_raw("List-Unsubscribe-Post").map(str::trim), Some("List-Unsubscribe=One-Click"));
}

#[tokio::test]
async fn a_sender_ses_has_not_verified_is_rejected() {
    let Some(endpoint) = endpoint() else { return };
    let mailer = SesMailer::new(client(&endpoint), "news@unverified.shop.example", None);

    let refused = mailer.send(&email("ada@customer.example", "ses-unverified-1")).await;

    let Err(MailError::Rejected(reason)) = refused else { panic!("not rejected: {refused:?}") };
    assert!(reason.contains("MessageRejected"), "{reason}");
}

#[tokio::test]
async fn an_ses_that_cannot_be_reached_is_a_transient_failure() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let unreachable = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let mailer = SesMailer::new(client(&unreachable), "news@sent.shop.example", None);

    let failed = mailer.send(&email("ada@customer.example", "ses-unreachable-1")).await;

    assert!(matches!(failed, Err(MailError::Transient(_))), "{failed:?}");
}

#[tokio::test]
async fn from_env_sends_as_the_configured_sender_through_the_configured_endpoint() {
    let Some(endpoint) = endpoint() else { return };
    verify(&client(&endpoint), "env.shop.example").await;
    let set = unique("marketing");
    client(&endpoint)
        .create_configuration_set()
        .configuration_set_name(&set)
        .send()
        .await
        .expect("a configuration set");
    for (name, value) in [
        ("AWS_ENDPOINT_URL_SESV2", endpoint.as_str()),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("SENDER_ADDRESS", "news@env.shop.example"),
        ("CONFIGURATION_SET_NAME", set.as_str()),
    ] {
        std::env::set_var(name, value);
    }
    let mailer = SesMailer::from_env().await.expect("a mailer");
    std::env::remove_var("SENDER_ADDRESS");
    let without_sender = SesMailer::from_env().await;

    let delivery = mailer.send(&email("ada@customer.example", "ses-env-1")).await.unwrap();

    let Delivery::Sent { message_id } = delivery else { panic!("not sent: {delivery:?}") };
    let raw = sent_message(&endpoint, &message_id).expect("SES has the message");
    assert!(raw.contains("From: news@env.shop.example"), "{raw}");
    assert!(matches!(without_sender, Err(MailError::Rejected(reason)) if reason == "SENDER_ADDRESS is not set"));
}
