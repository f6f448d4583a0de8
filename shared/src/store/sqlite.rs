//! The embedded backend: one SQLite file (WAL mode), for `local-api` and the tests.
//!
//! SQLite calls block, so each runs on Tokio's blocking pool behind a `std::sync::Mutex`: the
//! lock is held only for the statement, never across an `.await`. Each write runs in one
//! transaction, which gives the same all-or-nothing and version checks as DynamoDB.

use std::path::Path;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{new_promotion, PromotionStore, Versioned};
use crate::error::StoreError;
use crate::ids::{PromotionId, StoreId};
use crate::promotion::{Promotion, PromotionFields};

const SCHEMA: &str = "
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    CREATE TABLE IF NOT EXISTS sequences (
        store_id   TEXT    NOT NULL,
        name       TEXT    NOT NULL,
        next_value INTEGER NOT NULL,
        PRIMARY KEY (store_id, name)
    );
    CREATE TABLE IF NOT EXISTS promotions (
        store_id TEXT    NOT NULL,
        id       INTEGER NOT NULL,
        version  INTEGER NOT NULL,
        body     TEXT    NOT NULL,
        PRIMARY KEY (store_id, id)
    );
";

/// A store in one SQLite database. Cheap to clone.
#[derive(Clone)]
pub struct SqliteStore {
    connection: Arc<Mutex<Connection>>,
}

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

    fn with(connection: Connection) -> Result<Self, StoreError> {
        connection.execute_batch(SCHEMA).map_err(backend)?;
        Ok(Self {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// Runs `work` in one transaction on the blocking pool.
    async fn transaction<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> Result<T, StoreError> + Send + 'static,
    {
        let connection = Arc::clone(&self.connection);
        let joined = tokio::task::spawn_blocking(move || {
            let mut connection = connection
                .lock()
                .map_err(|_| StoreError::Backend("the database lock is poisoned".into()))?;
            let transaction = connection.transaction().map_err(backend)?;
            let value = work(&transaction)?;
            transaction.commit().map_err(backend)?;
            Ok(value)
        })
        .await;
        joined.map_err(|e| StoreError::Backend(Box::new(e)))?
    }
}

#[async_trait]
impl PromotionStore for SqliteStore {
    async fn create_promotion(
        &self,
        store: &StoreId,
        fields: PromotionFields,
    ) -> Result<Versioned<Promotion>, StoreError> {
        let store = store.clone();
        self.transaction(move |tx| {
            let id: i64 = tx
                .query_row(
                    "INSERT INTO sequences (store_id, name, next_value) VALUES (?1, 'promotion', 1)
                     ON CONFLICT (store_id, name) DO UPDATE SET next_value = next_value + 1
                     RETURNING next_value",
                    params![store.as_str()],
                    |row| row.get(0),
                )
                .map_err(backend)?;
            let promotion = new_promotion(PromotionId(id as u64), fields);
            tx.execute(
                "INSERT INTO promotions (store_id, id, version, body) VALUES (?1, ?2, 1, ?3)",
                params![store.as_str(), id, to_json(&promotion)?],
            )
            .map_err(backend)?;
            Ok(Versioned {
                value: promotion,
                version: 1,
            })
        })
        .await
    }

    async fn get_promotion(
        &self,
        store: &StoreId,
        id: PromotionId,
    ) -> Result<Option<Versioned<Promotion>>, StoreError> {
        let store = store.clone();
        self.transaction(move |tx| {
            let row: Option<(i64, String)> = tx
                .query_row(
                    "SELECT version, body FROM promotions WHERE store_id = ?1 AND id = ?2",
                    params![store.as_str(), id.0 as i64],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()
                .map_err(backend)?;
            row.map(|(version, body)| {
                Ok(Versioned {
                    value: from_json(&body)?,
                    version: version as u64,
                })
            })
            .transpose()
        })
        .await
    }

    async fn replace_promotion(
        &self,
        store: &StoreId,
        promotion: &Promotion,
        expected_version: u64,
    ) -> Result<Versioned<Promotion>, StoreError> {
        let (store, promotion) = (store.clone(), promotion.clone());
        self.transaction(move |tx| {
            let id = promotion.id.0 as i64;
            let changed = tx
                .execute(
                    "UPDATE promotions SET body = ?1, version = version + 1
                     WHERE store_id = ?2 AND id = ?3 AND version = ?4",
                    params![
                        to_json(&promotion)?,
                        store.as_str(),
                        id,
                        expected_version as i64
                    ],
                )
                .map_err(backend)?;
            if changed == 1 {
                return Ok(Versioned {
                    value: promotion,
                    version: expected_version + 1,
                });
            }
            let exists = tx
                .query_row(
                    "SELECT 1 FROM promotions WHERE store_id = ?1 AND id = ?2",
                    params![store.as_str(), id],
                    |_| Ok(()),
                )
                .optional()
                .map_err(backend)?;
            Err(if exists.is_some() {
                StoreError::Conflict
            } else {
                StoreError::NotFound
            })
        })
        .await
    }

    async fn delete_promotion(&self, store: &StoreId, id: PromotionId) -> Result<(), StoreError> {
        let store = store.clone();
        self.transaction(move |tx| {
            tx.execute(
                "DELETE FROM promotions WHERE store_id = ?1 AND id = ?2",
                params![store.as_str(), id.0 as i64],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }
}

fn backend(error: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Backend(Box::new(error))
}

fn to_json(promotion: &Promotion) -> Result<String, StoreError> {
    serde_json::to_string(promotion).map_err(backend)
}

fn from_json(body: &str) -> Result<Promotion, StoreError> {
    serde_json::from_str(body).map_err(backend)
}
