//! API keys on SQLite: one row per key, unique by hash and by (store, id).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{backend, SqliteStore};
use crate::error::{Refusal, StoreError, WriteError};
use crate::KeyStore;
use domain::access::{ApiKey, KeyHash};
use domain::ids::StoreId;

#[async_trait]
impl KeyStore for SqliteStore {
    async fn put_api_key(&self, key: &ApiKey) -> Result<(), WriteError> {
        let key = key.clone();
        self.transaction(move |tx| {
            let body = serde_json::to_string(&key).map_err(backend)?;
            let inserted = tx
                .execute(
                    "INSERT OR IGNORE INTO api_keys (key_hash, store_id, id, body) VALUES (?1, ?2, ?3, ?4)",
                    params![key.key_hash.as_str(), key.store.as_str(), key.id as i64, body],
                )
                .map_err(backend)?;
            if inserted == 1 {
                Ok(())
            } else {
                Err(Refusal::AlreadyExists.into())
            }
        })
        .await
    }

    async fn find_api_key(&self, hash: &KeyHash) -> Result<Option<ApiKey>, StoreError> {
        let hash = hash.clone();
        self.transaction(move |tx| {
            let body: Option<String> = tx
                .query_row("SELECT body FROM api_keys WHERE key_hash = ?1", params![hash.as_str()], |row| row.get(0))
                .optional()
                .map_err(backend)?;
            body.map(|body| serde_json::from_str(&body).map_err(backend)).transpose()
        })
        .await
    }

    async fn revoke_api_key(&self, store: &StoreId, id: u64, at: DateTime<Utc>) -> Result<(), WriteError> {
        let store = store.clone();
        self.transaction(move |tx| {
            let body: String = tx
                .query_row(
                    "SELECT body FROM api_keys WHERE store_id = ?1 AND id = ?2",
                    params![store.as_str(), id as i64],
                    |row| row.get(0),
                )
                .optional()
                .map_err(backend)?
                .ok_or(Refusal::Missing)?;
            let mut key: ApiKey = serde_json::from_str(&body).map_err(backend)?;
            key.revoked_at = key.revoked_at.or(Some(at));
            let body = serde_json::to_string(&key).map_err(backend)?;
            tx.execute("UPDATE api_keys SET body = ?1 WHERE key_hash = ?2", params![body, key.key_hash.as_str()])
                .map_err(backend)?;
            Ok(())
        })
        .await
    }
}
