//! API keys on DynamoDB: the key item, found by the hash of the key in one GetItem, and a
//! per-store entry naming it by id, written together in one transaction.
//!
//! Round trips: find 1 (GetItem), put 1 (TransactWriteItems), revoke 2 (GetItem on the
//! store's entry, then an UpdateItem of the key item; admin only).

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::{backend, sdk_error, DynamoStore, Item};
use crate::error::{Refusal, StoreError, WriteError};
use crate::keys::{self, PK, SK};
use crate::KeyStore;
use domain::access::{ApiKey, KeyHash};
use domain::ids::StoreId;

/// The key item.
#[derive(Serialize, Deserialize)]
struct ApiKeyItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity_type: String,
    key: ApiKey,
}

/// The store's entry for one of its keys.
#[derive(Serialize, Deserialize)]
struct ApiKeyRefItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity_type: String,
    key_hash: KeyHash,
}

impl DynamoStore {
    fn key_item_key(hash: &KeyHash) -> Item {
        HashMap::from([
            (PK.to_owned(), AttributeValue::S(keys::api_key_pk(hash))),
            (SK.to_owned(), AttributeValue::S(keys::api_key_sk().to_owned())),
        ])
    }
}

#[async_trait]
impl KeyStore for DynamoStore {
    async fn put_api_key(&self, key: &ApiKey) -> Result<(), WriteError> {
        let key_item = ApiKeyItem {
            pk: keys::api_key_pk(&key.key_hash),
            sk: keys::api_key_sk().to_owned(),
            entity_type: keys::API_KEY_ENTITY.to_owned(),
            key: key.clone(),
        };
        let ref_item = ApiKeyRefItem {
            pk: keys::store_pk(&key.store),
            sk: keys::api_key_ref_sk(key.id),
            entity_type: keys::API_KEY_REF_ENTITY.to_owned(),
            key_hash: key.key_hash.clone(),
        };
        let writes = vec![
            self.put_new(serde_dynamo::to_item(key_item).map_err(backend)?)?,
            self.put_new(serde_dynamo::to_item(ref_item).map_err(backend)?)?,
        ];
        let result = self.client.transact_write_items().set_transact_items(Some(writes)).send().await;
        match result {
            Ok(_) => Ok(()),
            Err(error) if error.as_service_error().is_some_and(|e| e.is_transaction_canceled_exception()) => {
                Err(Refusal::AlreadyExists.into())
            }
            Err(error) => Err(sdk_error(error).into()),
        }
    }

    async fn find_api_key(&self, hash: &KeyHash) -> Result<Option<ApiKey>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(Self::key_item_key(hash)))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        let Some(item) = output.item else {
            return Ok(None);
        };
        let item: ApiKeyItem = serde_dynamo::from_item(item).map_err(backend)?;
        Ok(Some(item.key))
    }

    async fn revoke_api_key(&self, store: &StoreId, id: u64, at: DateTime<Utc>) -> Result<(), WriteError> {
        let entry = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(store, keys::api_key_ref_sk(id))))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        let entry: ApiKeyRefItem = serde_dynamo::from_item(entry.item.ok_or(Refusal::Missing)?).map_err(backend)?;
        let at = at.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(Self::key_item_key(&entry.key_hash)))
            .update_expression("SET #key.revoked_at = if_not_exists(#key.revoked_at, :at)")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_names("#key", "key")
            .expression_attribute_values(":at", AttributeValue::S(at))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) if error.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => {
                Err(Refusal::Missing.into())
            }
            Err(error) => Err(sdk_error(error).into()),
        }
    }
}
