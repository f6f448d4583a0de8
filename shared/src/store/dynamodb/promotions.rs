//! Promotions on DynamoDB.
//!
//! Round trips: get 1 (GetItem), delete 1 (DeleteItem), create 2 (UpdateItem on the store's id
//! counter, then a PutItem that refuses to overwrite), replace 1 (PutItem conditional on the
//! version read; the read is the caller's one GetItem).

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue, ReturnValuesOnConditionCheckFailure};
use serde::{Deserialize, Serialize};

use super::{backend, sdk_error, service_error, DynamoStore, Item};
use crate::error::StoreError;
use crate::ids::{PromotionId, StoreId};
use crate::promotion::{Promotion, PromotionFields};
use crate::store::keys;
use crate::store::{new_promotion, PromotionStore, Versioned};

/// A promotion as stored: keys, bookkeeping and the resource itself.
#[derive(Serialize, Deserialize)]
struct PromotionItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity_type: String,
    version: u64,
    promotion: Promotion,
}

impl DynamoStore {
    async fn next_promotion_id(&self, store: &StoreId) -> Result<PromotionId, StoreError> {
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(store, keys::promotion_sequence_sk().to_owned())))
            .update_expression("ADD next_id :one SET entity_type = :entity")
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .expression_attribute_values(":entity", AttributeValue::S(keys::SEQUENCE_ENTITY.into()))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(sdk_error)?;
        let next = output
            .attributes()
            .and_then(|a| a.get("next_id"))
            .and_then(|v| v.as_n().ok());
        next.and_then(|n| n.parse().ok())
            .map(PromotionId)
            .ok_or_else(|| StoreError::Backend("the id counter returned no number".into()))
    }

    /// Writes `promotion` as `version`, under `condition`.
    async fn put_promotion(
        &self,
        store: &StoreId,
        promotion: &Promotion,
        version: u64,
        condition: &str,
        values: Item,
    ) -> Result<(), StoreError> {
        let item = PromotionItem {
            pk: keys::store_pk(store),
            sk: keys::promotion_sk(promotion.id),
            entity_type: keys::PROMOTION_ENTITY.to_owned(),
            version,
            promotion: promotion.clone(),
        };
        let item: Item = serde_dynamo::to_item(item).map_err(backend)?;
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression(condition)
            .set_expression_attribute_values((!values.is_empty()).then_some(values))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) => match error.into_service_error() {
                PutItemError::ConditionalCheckFailedException(failed) if failed.item().is_some() => {
                    Err(StoreError::Conflict)
                }
                PutItemError::ConditionalCheckFailedException(_) => Err(StoreError::NotFound),
                other => Err(service_error(other)),
            },
        }
    }
}

#[async_trait]
impl PromotionStore for DynamoStore {
    async fn create_promotion(
        &self,
        store: &StoreId,
        fields: PromotionFields,
    ) -> Result<Versioned<Promotion>, StoreError> {
        let promotion = new_promotion(self.next_promotion_id(store).await?, fields);
        match self
            .put_promotion(store, &promotion, 1, "attribute_not_exists(PK)", Item::new())
            .await
        {
            Ok(()) => Ok(Versioned {
                value: promotion,
                version: 1,
            }),
            Err(StoreError::Conflict) => Err(StoreError::Backend("a freshly allocated promotion id was taken".into())),
            Err(other) => Err(other),
        }
    }

    async fn get_promotion(
        &self,
        store: &StoreId,
        id: PromotionId,
    ) -> Result<Option<Versioned<Promotion>>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(store, keys::promotion_sk(id))))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        let Some(item) = output.item else {
            return Ok(None);
        };
        let item: PromotionItem = serde_dynamo::from_item(item).map_err(backend)?;
        Ok(Some(Versioned {
            value: item.promotion,
            version: item.version,
        }))
    }

    async fn replace_promotion(
        &self,
        store: &StoreId,
        promotion: &Promotion,
        expected_version: u64,
    ) -> Result<Versioned<Promotion>, StoreError> {
        let values = HashMap::from([(":expected".to_owned(), AttributeValue::N(expected_version.to_string()))]);
        let version = expected_version + 1;
        self.put_promotion(store, promotion, version, "version = :expected", values)
            .await?;
        Ok(Versioned {
            value: promotion.clone(),
            version,
        })
    }

    async fn delete_promotion(&self, store: &StoreId, id: PromotionId) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(store, keys::promotion_sk(id))))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }
}
