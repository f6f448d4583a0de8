//! The due emails delivered locally (`local-api`'s loop, `admin marketing run-due`): into an
//! outbox of `.eml` files in `DATA_DIR/outbox/`, one line printed per email, instead of SES.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use mail::outbox::OutboxMailer;
use store::{Store, StoreError};

use crate::{Links, Report};

/// The sender when `SENDER_ADDRESS` is not set.
pub const DEFAULT_SENDER: &str = "Marketing <marketing@shop.example>";

/// Where the emails go and where their links lead.
pub struct Outbox {
    dir: PathBuf,
    mailer: OutboxMailer,
    links: Links,
}

impl Outbox {
    /// `<dir>`, sending as `sender`, its links on `public_url`.
    pub fn new(dir: PathBuf, sender: &str, public_url: &str) -> Self {
        Self { mailer: OutboxMailer::new(dir.clone(), sender), dir, links: Links { public_url: public_url.to_owned() } }
    }

    /// `DATA_DIR/outbox` (`DATA_DIR` defaults to `.data`), as `SENDER_ADDRESS` or [`DEFAULT_SENDER`].
    pub fn from_env(public_url: &str) -> Self {
        let data = std::env::var_os("DATA_DIR").map_or_else(|| PathBuf::from(".data"), PathBuf::from);
        let sender = std::env::var("SENDER_ADDRESS").unwrap_or_else(|_| DEFAULT_SENDER.to_owned());
        Self::new(data.join("outbox"), &sender, public_url)
    }

    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// Sends what is due at `now` into the outbox; what the run did.
    pub async fn run_due(&self, store: &dyn Store, now: DateTime<Utc>) -> Result<Report, StoreError> {
        crate::run(store, &self.mailer, &self.links, now).await
    }
}
