//! Marketing configurations on DynamoDB: one item per store and kind.
//!
//! Round trips: get 1 (GetItem, strongly consistent), put 1 (PutItem of the whole item, no
//! condition: a PUT replaces the configuration whatever was there).

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{backend, sdk_error, DynamoStore, Item};
use crate::error::StoreError;
use crate::ids::StoreId;
use crate::marketing::{ConfigKind, MarketingConfiguration};
use crate::store::{keys, MarketingStore};

/// A configuration as stored: keys, entity type and the resource itself.
#[derive(Serialize, Deserialize)]
struct ConfigurationItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity_type: String,
    configuration: MarketingConfiguration,
}

#[async_trait]
impl MarketingStore for DynamoStore {
    async fn get_marketing_config(
        &self,
        store: &StoreId,
        kind: ConfigKind,
    ) -> Result<Option<MarketingConfiguration>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(store, keys::marketing_config_sk(kind).to_owned())))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        let Some(item) = output.item else {
            return Ok(None);
        };
        let item: ConfigurationItem = serde_dynamo::from_item(item).map_err(backend)?;
        Ok(Some(item.configuration))
    }

    async fn put_marketing_config(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        config: &MarketingConfiguration,
    ) -> Result<(), StoreError> {
        let item = ConfigurationItem {
            pk: keys::store_pk(store),
            sk: keys::marketing_config_sk(kind).to_owned(),
            entity_type: keys::MARKETING_CONFIG_ENTITY.to_owned(),
            configuration: config.clone(),
        };
        let item: Item = serde_dynamo::to_item(item).map_err(backend)?;
        self.client.put_item().table_name(&self.table).set_item(Some(item)).send().await.map_err(sdk_error)?;
        Ok(())
    }
}
