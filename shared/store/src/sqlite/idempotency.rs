//! `Idempotency-Key` records on SQLite: a row per store and key. Expired rows count as absent and
//! are deleted by the next claim (SQLite has no TTL of its own).

use async_trait::async_trait;
use rusqlite::{params, OptionalExtension, Transaction};

use super::{backend, SqliteStore};
use crate::error::{Refusal, StoreError, WriteError};
use crate::idempotency::{Claim, Completion, IdempotencyKey, Lease};
use crate::IdempotencyStore;
use domain::ids::StoreId;

/// Records `completion` inside the transaction of the write it answers, only while the key is
/// still this request's pending claim ([`Refusal::ClaimLost`] otherwise, which rolls the whole
/// transaction back).
pub(super) fn complete_within(tx: &Transaction, store: &StoreId, completion: &Completion) -> Result<(), WriteError> {
    let response = serde_json::to_string(&completion.response).map_err(backend)?;
    let lease = completion.lease;
    let changed = tx
        .execute(
            "UPDATE idempotency_keys SET state = 'completed', response = ?1, expires_at = ?2
             WHERE store_id = ?3 AND key = ?4 AND fingerprint = ?5 AND state = 'pending' AND lease_until = ?6",
            params![
                response,
                lease.expires_at,
                store.as_str(),
                completion.key.as_str(),
                completion.fingerprint,
                lease.until
            ],
        )
        .map_err(backend)?;
    if changed == 1 {
        Ok(())
    } else {
        Err(Refusal::ClaimLost.into())
    }
}

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
