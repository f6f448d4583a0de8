//! Promotion settings on DynamoDB: one item per store; get 1 GetItem, put 1 PutItem.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{backend, sdk_error, DynamoStore};
use crate::error::StoreError;
use crate::{keys, SettingsStore};
use domain::ids::StoreId;
use domain::promotion::settings::PromotionSettings;

/// The settings item: keys, entity type and the settings.
#[derive(Serialize, Deserialize)]
pub(super) struct SettingsItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity_type: String,
    pub(super) settings: PromotionSettings,
}

#[async_trait]
impl SettingsStore for DynamoStore {
    async fn get_promotion_settings(&self, store: &StoreId) -> Result<Option<PromotionSettings>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(store, keys::promotion_settings_sk().to_owned())))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        let Some(item) = output.item else { return Ok(None) };
        Ok(Some(serde_dynamo::from_item::<_, SettingsItem>(item).map_err(backend)?.settings))
    }

    async fn put_promotion_settings(&self, store: &StoreId, settings: &PromotionSettings) -> Result<(), StoreError> {
        let item = SettingsItem {
            pk: keys::store_pk(store),
            sk: keys::promotion_settings_sk().to_owned(),
            entity_type: keys::SETTINGS_ENTITY.to_owned(),
            settings: settings.clone(),
        };
        let item = serde_dynamo::to_item(item).map_err(backend)?;
        self.client.put_item().table_name(&self.table).set_item(Some(item)).send().await.map_err(sdk_error)?;
        Ok(())
    }
}
