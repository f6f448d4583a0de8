//! Opt-outs on SQLite: a row per customer of a store with their token and, once they
//! unsubscribed, when.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{backend, SqliteStore};
use crate::error::StoreError;
use crate::OptOutStore;
use domain::ids::StoreId;

/// The table, created with the rest of the schema.
pub(super) const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS opt_outs (
        token        TEXT    NOT NULL PRIMARY KEY,
        store_id     TEXT    NOT NULL,
        customer     TEXT    NOT NULL,
        opted_out_at INTEGER,
        UNIQUE (store_id, customer)
    );
";

#[async_trait]
impl OptOutStore for SqliteStore {
    async fn unsubscribe_token(&self, store: &StoreId, customer: &str, fresh: &str) -> Result<String, StoreError> {
        let (store, customer, fresh) = (store.clone(), customer.to_owned(), fresh.to_owned());
        self.transaction(move |tx| {
            tx.execute(
                "INSERT INTO opt_outs (token, store_id, customer) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                params![fresh, store.as_str(), customer],
            )
            .map_err(backend)?;
            tx.query_row(
                "SELECT token FROM opt_outs WHERE store_id = ?1 AND customer = ?2",
                params![store.as_str(), customer],
                |row| row.get(0),
            )
            .map_err(backend)
        })
        .await
    }

    async fn unsubscribed(&self, store: &StoreId, customer: &str) -> Result<bool, StoreError> {
        let (store, customer) = (store.clone(), customer.to_owned());
        self.transaction(move |tx| {
            let at: Option<Option<i64>> = tx
                .query_row(
                    "SELECT opted_out_at FROM opt_outs WHERE store_id = ?1 AND customer = ?2",
                    params![store.as_str(), customer],
                    |row| row.get(0),
                )
                .optional()
                .map_err(backend)?;
            Ok(at.flatten().is_some())
        })
        .await
    }

    async fn unsubscribe(&self, token: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let token = token.to_owned();
        self.transaction(move |tx| {
            let changed = tx
                .execute(
                    "UPDATE opt_outs SET opted_out_at = COALESCE(opted_out_at, ?2) WHERE token = ?1",
                    params![token, at.timestamp_millis()],
                )
                .map_err(backend)?;
            Ok(changed == 1)
        })
        .await
    }
}
