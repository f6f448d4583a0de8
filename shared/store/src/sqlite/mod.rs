//! The embedded backend: one SQLite file (WAL mode), for `local-api` and the tests.
//!
//! SQLite calls block, so each runs on Tokio's blocking pool behind a `std::sync::Mutex`: the
//! lock is held only for the statement, never across an `.await`. Each write runs in one
//! transaction, which gives the same all-or-nothing and version checks as DynamoDB. One file
//! per entity; `connection` holds the connection and the transaction helper, `schema` the tables.

mod api_keys;
mod candidates;
mod codes;
mod connection;
pub(crate) mod idempotency;
mod listing;
mod marketing;
mod optouts;
mod outreach;
mod promotions;
mod redemptions;
mod rows;
mod schema;
mod settings;

use std::path::Path;

use rusqlite::Connection;

use crate::error::StoreError;
pub(crate) use connection::backend;
pub use connection::SqliteStore;

impl SqliteStore {
    /// Opens (or creates) the database file, creating its folder and tables as needed.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(backend)?;
        }
        Self::with(Connection::open(path).map_err(backend)?)
    }

    /// A database that lives as long as the value (for tests).
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::with(Connection::open_in_memory().map_err(backend)?)
    }

    fn with(mut connection: Connection) -> Result<Self, StoreError> {
        schema::migrate(&mut connection)?;
        Ok(Self::on(connection))
    }
}
