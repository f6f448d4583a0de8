//! Marketing configurations on SQLite: a row per store and kind holding the resource's JSON,
//! written by one upsert.

use async_trait::async_trait;
use rusqlite::{params, OptionalExtension};

use super::{backend, SqliteStore};
use crate::error::StoreError;
use crate::ids::StoreId;
use crate::marketing::{ConfigKind, MarketingConfiguration};
use crate::store::MarketingStore;

#[async_trait]
impl MarketingStore for SqliteStore {
    async fn get_marketing_config(
        &self,
        store: &StoreId,
        kind: ConfigKind,
    ) -> Result<Option<MarketingConfiguration>, StoreError> {
        let store = store.clone();
        self.transaction(move |tx| {
            let body: Option<String> = tx
                .query_row(
                    "SELECT body FROM marketing_configs WHERE store_id = ?1 AND kind = ?2",
                    params![store.as_str(), kind.path_segment()],
                    |row| row.get(0),
                )
                .optional()
                .map_err(backend)?;
            body.map(|body| serde_json::from_str(&body).map_err(backend)).transpose()
        })
        .await
    }

    async fn put_marketing_config(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        config: &MarketingConfiguration,
    ) -> Result<(), StoreError> {
        let store = store.clone();
        let body = serde_json::to_string(config).map_err(backend)?;
        self.transaction(move |tx| {
            tx.execute(
                "INSERT INTO marketing_configs (store_id, kind, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT (store_id, kind) DO UPDATE SET body = excluded.body",
                params![store.as_str(), kind.path_segment(), body],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }
}
