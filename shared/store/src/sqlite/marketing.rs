//! Marketing configurations on SQLite: a row per store and kind holding the resource's JSON and
//! its version, written by one upsert.

use async_trait::async_trait;
use rusqlite::{params, OptionalExtension, Transaction};

use super::{backend, SqliteStore};
use crate::error::{Refusal, StoreError, WriteError};
use crate::{MarketingStore, Versioned};
use domain::ids::StoreId;
use domain::marketing::{ConfigKind, MarketingConfiguration};

#[async_trait]
impl MarketingStore for SqliteStore {
    async fn get_marketing_config(
        &self,
        store: &StoreId,
        kind: ConfigKind,
    ) -> Result<Option<Versioned<MarketingConfiguration>>, StoreError> {
        let store = store.clone();
        self.transaction(move |tx| {
            let Some((version, body)) = read(tx, &store, kind)? else { return Ok(None) };
            let value = serde_json::from_str(&body).map_err(backend)?;
            Ok(Some(Versioned { value, version }))
        })
        .await
    }

    async fn put_marketing_config(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        config: &MarketingConfiguration,
        only_at: Option<&[u64]>,
    ) -> Result<u64, WriteError> {
        let (store, only_at) = (store.clone(), only_at.map(<[u64]>::to_vec));
        let body = serde_json::to_string(config).map_err(backend)?;
        self.transaction(move |tx| {
            if let Some(versions) = only_at {
                let current = read(tx, &store, kind)?.map_or(0, |(version, _)| version);
                if !versions.contains(&current) {
                    return Err(Refusal::Stale.into());
                }
            }
            let version: i64 = tx
                .query_row(
                    "INSERT INTO marketing_configs (store_id, kind, body, version) VALUES (?1, ?2, ?3, 1)
                     ON CONFLICT (store_id, kind) DO UPDATE SET body = excluded.body, version = version + 1
                     RETURNING version",
                    params![store.as_str(), kind.path_segment(), body],
                    |row| row.get(0),
                )
                .map_err(backend)?;
            Ok(version as u64)
        })
        .await
    }
}

/// The stored version and JSON of the store's configuration of this kind.
fn read(tx: &Transaction, store: &StoreId, kind: ConfigKind) -> Result<Option<(u64, String)>, StoreError> {
    let row: Option<(i64, String)> = tx
        .query_row(
            "SELECT version, body FROM marketing_configs WHERE store_id = ?1 AND kind = ?2",
            params![store.as_str(), kind.path_segment()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .map_err(backend)?;
    Ok(row.map(|(version, body)| (version as u64, body)))
}
