//! Promotion settings on SQLite: one row per store and kind of settings.

use async_trait::async_trait;
use rusqlite::{params, OptionalExtension};

use super::{backend, SqliteStore};
use crate::error::StoreError;
use crate::SettingsStore;
use domain::ids::StoreId;
use domain::promotion::settings::PromotionSettings;

#[async_trait]
impl SettingsStore for SqliteStore {
    async fn get_promotion_settings(&self, store: &StoreId) -> Result<Option<PromotionSettings>, StoreError> {
        let store = store.clone();
        self.transaction(move |tx| {
            let body: Option<String> = tx
                .query_row(
                    "SELECT body FROM settings WHERE store_id = ?1 AND name = 'promotions'",
                    params![store.as_str()],
                    |row| row.get(0),
                )
                .optional()
                .map_err(backend)?;
            body.map(|body| serde_json::from_str(&body).map_err(backend)).transpose()
        })
        .await
    }

    async fn put_promotion_settings(&self, store: &StoreId, settings: &PromotionSettings) -> Result<(), StoreError> {
        let (store, body) = (store.clone(), serde_json::to_string(settings).map_err(backend)?);
        self.transaction(move |tx| {
            tx.execute(
                "INSERT INTO settings (store_id, name, body) VALUES (?1, 'promotions', ?2)
                 ON CONFLICT (store_id, name) DO UPDATE SET body = excluded.body",
                params![store.as_str(), body],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }
}
