//! `Idempotency-Key` records on SQLite: a row per store and key. Expired rows count as absent and
//! are deleted by the next claim (SQLite has no TTL of its own).

use async_trait::async_trait;
use rusqlite::{params, OptionalExtension};

use super::{backend, SqliteStore};
use crate::error::StoreError;
use crate::idempotency::{Claim, IdempotencyKey, Lease, StoredResponse};
use crate::IdempotencyStore;
use domain::ids::StoreId;

#[async_trait]
impl IdempotencyStore for SqliteStore {
    async fn claim_idempotency_key(
        &self,
        store: &StoreId,
        key: &IdempotencyKey,
        fingerprint: &str,
        lease: Lease,
    ) -> Result<Claim, StoreError> {
        let (store, key, fingerprint) = (store.clone(), key.clone(), fingerprint.to_owned());
        self.transaction(move |tx| {
            tx.execute("DELETE FROM idempotency_keys WHERE expires_at < ?1", params![lease.now]).map_err(backend)?;
            let record: Option<(String, String, i64, Option<String>)> = tx
                .query_row(
                    "SELECT fingerprint, state, lease_until, response FROM idempotency_keys
                     WHERE store_id = ?1 AND key = ?2",
                    params![store.as_str(), key.as_str()],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
                )
                .optional()
                .map_err(backend)?;
            let claim = match record {
                Some((_, state, lease_until, _)) if state == "pending" && lease_until < lease.now => Claim::Claimed,
                None => Claim::Claimed,
                Some((held, ..)) if held != fingerprint => Claim::Mismatch,
                Some((_, _, _, Some(response))) => Claim::Completed(serde_json::from_str(&response).map_err(backend)?),
                Some(_) => Claim::InProgress,
            };
            if claim == Claim::Claimed {
                tx.execute(
                    "INSERT OR REPLACE INTO idempotency_keys
                     (store_id, key, fingerprint, state, lease_until, expires_at, response)
                     VALUES (?1, ?2, ?3, 'pending', ?4, ?5, NULL)",
                    params![store.as_str(), key.as_str(), fingerprint, lease.until, lease.expires_at],
                )
                .map_err(backend)?;
            }
            Ok(claim)
        })
        .await
    }

    async fn complete_idempotency_key(
        &self,
        store: &StoreId,
        key: &IdempotencyKey,
        fingerprint: &str,
        lease: Lease,
        response: &StoredResponse,
    ) -> Result<(), StoreError> {
        let (store, key, fingerprint) = (store.clone(), key.clone(), fingerprint.to_owned());
        let response = serde_json::to_string(response).map_err(backend)?;
        self.transaction(move |tx| {
            tx.execute(
                "INSERT OR REPLACE INTO idempotency_keys
                 (store_id, key, fingerprint, state, lease_until, expires_at, response)
                 VALUES (?1, ?2, ?3, 'completed', ?4, ?5, ?6)",
                params![store.as_str(), key.as_str(), fingerprint, lease.until, lease.expires_at, response],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn release_idempotency_key(
        &self,
        store: &StoreId,
        key: &IdempotencyKey,
        fingerprint: &str,
    ) -> Result<(), StoreError> {
        let (store, key, fingerprint) = (store.clone(), key.clone(), fingerprint.to_owned());
        self.transaction(move |tx| {
            tx.execute(
                "DELETE FROM idempotency_keys
                 WHERE store_id = ?1 AND key = ?2 AND state = 'pending' AND fingerprint = ?3",
                params![store.as_str(), key.as_str(), fingerprint],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }
}
