//! Marketing configurations on DynamoDB: one item per store and kind, with a version.
//!
//! Round trips: get 1 (GetItem, strongly consistent), put 1 (UpdateItem that replaces the whole
//! configuration and counts the version up, conditional only when the client sent `If-Match`).

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use serde::{Deserialize, Serialize};

use super::transact::number;
use super::versions::at_versions_or_unwritten;
use super::{backend, sdk_error, DynamoStore};
use crate::error::{Refusal, StoreError, WriteError};
use crate::{keys, MarketingStore, Versioned};
use domain::ids::StoreId;
use domain::marketing::{ConfigKind, MarketingConfiguration};

/// A configuration as stored: keys, entity type, version and the resource itself.
#[derive(Serialize, Deserialize)]
pub(super) struct ConfigurationItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity_type: String,
    /// Missing on items written before configurations had versions: they read as version 0.
    #[serde(default)]
    pub(super) version: u64,
    pub(super) configuration: MarketingConfiguration,
}

#[async_trait]
impl MarketingStore for DynamoStore {
    async fn get_marketing_config(
        &self,
        store: &StoreId,
        kind: ConfigKind,
    ) -> Result<Option<Versioned<MarketingConfiguration>>, StoreError> {
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
        Ok(Some(Versioned { value: item.configuration, version: item.version }))
    }

    async fn put_marketing_config(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        config: &MarketingConfiguration,
        only_at: Option<&[u64]>,
    ) -> Result<u64, WriteError> {
        let configuration: AttributeValue = serde_dynamo::to_attribute_value(config).map_err(backend)?;
        let mut values = HashMap::from([
            (":configuration".to_owned(), configuration),
            (":entity".to_owned(), AttributeValue::S(keys::MARKETING_CONFIG_ENTITY.to_owned())),
            (":one".to_owned(), number(1)),
        ]);
        let condition = only_at.map(at_versions_or_unwritten).map(|(condition, condition_values)| {
            values.extend(condition_values);
            condition
        });
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(store, keys::marketing_config_sk(kind).to_owned())))
            .update_expression("SET entity_type = :entity, configuration = :configuration ADD version :one")
            .set_condition_expression(condition)
            .set_expression_attribute_values(Some(values))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await;
        let output = match result {
            Ok(output) => output,
            Err(error) if error.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => {
                return Err(Refusal::Stale.into())
            }
            Err(error) => return Err(sdk_error(error).into()),
        };
        let version = output.attributes().and_then(|a| a.get("version")).and_then(|v| v.as_n().ok());
        version
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| StoreError::Backend("the new version is missing".into()).into())
    }
}
