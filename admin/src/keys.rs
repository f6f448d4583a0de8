//! The key commands on a store. Each answers what to print instead of printing it, so the tests
//! read exactly what an operator reads.
//!
//! DynamoDB calls (the IAM `admin` needs, in docs/operations.md, which `tests/api/iam` holds to
//! these calls): create is one TransactWriteItems of two Puts (`dynamodb:PutItem`), revoke a
//! GetItem then an UpdateItem.

use chrono::{DateTime, SecondsFormat, Utc};
use domain::access::ApiKey;
use store::{Refusal, Store, WriteError};

use crate::cli::KeysCommand;

/// What a command prints: `lines` on stdout, then `note` on stderr.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Printed {
    pub lines: Vec<String>,
    pub note: Option<&'static str>,
}

/// Runs `command` on `store` (named by `description` in what it prints), at `now`.
pub async fn run(
    command: KeysCommand,
    store: &dyn Store,
    description: &str,
    now: DateTime<Utc>,
) -> Result<Printed, String> {
    match command {
        KeysCommand::Create { store: shop, scopes, expires_in } => {
            let (key, record) = ApiKey::issue(shop, scopes, now).map_err(|e| e.to_string())?;
            let record = match &expires_in {
                Some(lifetime) => record.expiring_after(lifetime),
                None => record,
            };
            store.put_api_key(&record).await.map_err(|e| e.to_string())?;
            let created = format!(
                "created key {} for store {} with scopes {}, {} ({description})",
                record.id,
                record.store,
                record.scopes,
                expiry(&record)
            );
            Ok(Printed {
                lines: vec![created, key],
                note: Some("the key is shown only now: store it in a secret manager"),
            })
        }
        KeysCommand::Revoke { store: shop, id } => match store.revoke_api_key(&shop, id, now).await {
            Ok(()) => {
                Ok(Printed { lines: vec![format!("revoked key {id} of store {shop} ({description})")], note: None })
            }
            Err(WriteError::Refused(Refusal::Missing)) => Err(format!("store {shop} has no key {id}")),
            Err(other) => Err(other.to_string()),
        },
    }
}

/// `expires at <RFC 3339 time>`, or `never expires`.
fn expiry(key: &ApiKey) -> String {
    match key.expires_at {
        Some(end) => format!("expires at {}", end.to_rfc3339_opts(SecondsFormat::Secs, true)),
        None => "never expires".to_owned(),
    }
}
