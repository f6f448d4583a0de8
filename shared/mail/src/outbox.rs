//! The local mailer: every email becomes an `.eml` file (what a mail client opens) in an outbox
//! directory, and one line on stdout, so a developer sees what would have gone out without an
//! SES account. Files are written whole or not at all (a temporary file linked into place), and
//! a reference already in the outbox is not written again, so retries and concurrent sends of
//! one delivery leave one file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;

use crate::message::{self, safe_reference};
use crate::{Delivery, MailError, Mailer, OutgoingEmail};

/// Writes `<dir>/<reference>.eml` for each email (the reference percent-encoded outside
/// `[A-Za-z0-9_-]`), creating the directory when needed.
#[derive(Debug)]
pub struct OutboxMailer {
    dir: PathBuf,
    sender: String,
    temporary_files: AtomicU64,
}

impl OutboxMailer {
    /// An outbox in `dir`, sending as `sender` (`shop@example.com` or `Shop <shop@example.com>`;
    /// an address that does not parse makes every send [`MailError::Rejected`]).
    pub fn new(dir: impl Into<PathBuf>, sender: impl Into<String>) -> Self {
        Self { dir: dir.into(), sender: sender.into(), temporary_files: AtomicU64::new(0) }
    }

    /// Where the email with this reference is (or would be) written.
    pub fn path_of(&self, reference: &str) -> PathBuf {
        self.dir.join(format!("{}.eml", safe_reference(reference)))
    }

    /// Writes `bytes` to `path` unless a file is already there; `false` when one was.
    fn write_once(&self, path: &Path, bytes: &[u8]) -> io::Result<bool> {
        std::fs::create_dir_all(&self.dir)?;
        let counter = self.temporary_files.fetch_add(1, Ordering::Relaxed);
        let temporary = self.dir.join(format!(".{}.{counter}.tmp", std::process::id()));
        let mut file = std::fs::File::create(&temporary)?;
        let linked =
            file.write_all(bytes).and_then(|()| file.sync_all()).and_then(|()| std::fs::hard_link(&temporary, path));
        std::fs::remove_file(&temporary)?;
        match linked {
            Ok(()) => Ok(true),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(error) => Err(error),
        }
    }
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<Delivery, MailError> {
        let built = message::build(&message::sender(&self.sender)?, email)?;
        let path = self.path_of(&email.reference);
        if !path.exists() {
            let written = self
                .write_once(&path, &built.message.formatted())
                .map_err(|error| MailError::Transient(format!("writing {}: {error}", path.display())))?;
            if written {
                println!("email {} to {}: {} -> {}", email.reference, email.to, email.subject, path.display());
            }
        }
        Ok(Delivery::Sent { message_id: built.message_id })
    }
}
