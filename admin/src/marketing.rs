//! `marketing run-due`: the scheduled function's work, run once by hand on the store the
//! environment names, sending into the local outbox (`DATA_DIR/outbox/`; the outbox prints one
//! line per email). Against a deployed table (`TABLE_NAME`) it refuses: there, emails go out
//! through SES from the scheduled function, and an outbox would mark them sent unsent.

use chrono::{DateTime, SecondsFormat, Utc};
use run_marketing_due::outbox::Outbox;
use store::Store;

use crate::cli::MarketingCommand;
use crate::keys::Printed;

/// Runs `command` on the store the environment names, into the outbox it names.
pub async fn run_from_env(command: MarketingCommand, store: &dyn Store, now: DateTime<Utc>) -> Result<Printed, String> {
    if std::env::var_os("TABLE_NAME").is_some() {
        return Err(
            "marketing run-due sends into the local outbox: on AWS, invoke the run-marketing-due function".into()
        );
    }
    let public_url = std::env::var("PUBLIC_URL").unwrap_or_else(|_| "http://127.0.0.1:3000".to_owned());
    run(command, store, &Outbox::from_env(&public_url), now).await
}

/// Runs `command` on `store` into `outbox`; due by `now` unless the command names a time.
pub async fn run(
    command: MarketingCommand,
    store: &dyn Store,
    outbox: &Outbox,
    now: DateTime<Utc>,
) -> Result<Printed, String> {
    let MarketingCommand::RunDue { at } = command;
    let at = at.unwrap_or(now);
    let report = outbox.run_due(store, at).await.map_err(|e| e.to_string())?;
    let line = format!(
        "due by {}: sent {}, skipped {}, retrying {} (outbox {})",
        at.to_rfc3339_opts(SecondsFormat::Millis, true),
        report.sent,
        report.skipped,
        report.retrying,
        outbox.dir().display()
    );
    Ok(Printed { lines: vec![line], note: None })
}
