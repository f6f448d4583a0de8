//! The marketing runtime locally: the due emails of every store, sent every
//! [`RUN_DUE_EVERY`] by the same code as the scheduled function on AWS, into an outbox of
//! `.eml` files (`DATA_DIR/outbox/`, one line printed per email) instead of SES.

use std::sync::Arc;

use api::App;
use run_marketing_due::outbox::Outbox;

/// How often the due emails are sent (the deployed schedule runs each minute).
pub const RUN_DUE_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Sends the due emails every `period`, forever; a failure is logged and the next round tries
/// again.
pub async fn run_due_every(app: Arc<App>, outbox: Outbox, period: std::time::Duration) {
    let mut ticks = tokio::time::interval(period);
    loop {
        ticks.tick().await;
        if let Err(error) = outbox.run_due(app.store(), domain::clock::now()).await {
            api::http::log_failure(&api::ApiError::from(error));
        }
    }
}
