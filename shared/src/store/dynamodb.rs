//! The DynamoDB backend: one table, `PK`/`SK` strings (see [`super::keys`]), items mapped with
//! serde_dynamo, every write conditional.
//!
//! Round trips per operation: get 1 (GetItem), delete 1 (DeleteItem), create 2 (UpdateItem on
//! the store's id counter, then a PutItem that refuses to overwrite), replace 1 (PutItem
//! conditional on the version read; the read is the caller's one GetItem).

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType, ReturnValue,
    ReturnValuesOnConditionCheckFailure, ScalarAttributeType,
};
use aws_sdk_dynamodb::Client;
use serde::{Deserialize, Serialize};

use super::keys::{self, PK, SK};
use super::{new_promotion, PromotionStore, Versioned};
use crate::error::StoreError;
use crate::ids::{PromotionId, StoreId};
use crate::promotion::{Promotion, PromotionFields};

type Item = HashMap<String, AttributeValue>;

/// Error codes DynamoDB answers when a retry later may succeed.
const TRANSIENT_CODES: &[&str] = &[
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
];

/// A store on one DynamoDB table. Cheap to clone; build it once per container.
#[derive(Clone, Debug)]
pub struct DynamoStore {
    client: Client,
    table: String,
}

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
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }

    /// The store the environment describes: the SDK's standard configuration (region,
    /// credentials, `AWS_ENDPOINT_URL_DYNAMODB`) and the table named by `TABLE_NAME`.
    pub async fn from_env() -> Result<Self, String> {
        let table = std::env::var("TABLE_NAME").map_err(|_| "TABLE_NAME is not set".to_owned())?;
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Ok(Self::new(Client::new(&config), table))
    }

    /// Creates the table with the key schema of `template.yaml` (for DynamoDB Local and tests).
    pub async fn create_table(&self) -> Result<(), StoreError> {
        let attribute = |name: &str| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(ScalarAttributeType::S)
                .build()
        };
        let key = |name: &str, kind| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(kind)
                .build()
        };
        self.client
            .create_table()
            .table_name(&self.table)
            .billing_mode(BillingMode::PayPerRequest)
            .set_attribute_definitions(Some(vec![
                attribute(PK).map_err(backend)?,
                attribute(SK).map_err(backend)?,
            ]))
            .set_key_schema(Some(vec![
                key(PK, KeyType::Hash).map_err(backend)?,
                key(SK, KeyType::Range).map_err(backend)?,
            ]))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    fn key(store: &StoreId, sk: String) -> Item {
        HashMap::from([
            (PK.to_owned(), AttributeValue::S(keys::store_pk(store))),
            (SK.to_owned(), AttributeValue::S(sk)),
        ])
    }

    async fn next_promotion_id(&self, store: &StoreId) -> Result<PromotionId, StoreError> {
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(
                store,
                keys::promotion_sequence_sk().to_owned(),
            )))
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
                PutItemError::ConditionalCheckFailedException(failed)
                    if failed.item().is_some() =>
                {
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
            .put_promotion(
                store,
                &promotion,
                1,
                "attribute_not_exists(PK)",
                Item::new(),
            )
            .await
        {
            Ok(()) => Ok(Versioned {
                value: promotion,
                version: 1,
            }),
            Err(StoreError::Conflict) => Err(StoreError::Backend(
                "a freshly allocated promotion id was taken".into(),
            )),
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
        let values = HashMap::from([(
            ":expected".to_owned(),
            AttributeValue::N(expected_version.to_string()),
        )]);
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

/// Maps an SDK failure: throttling, timeouts and connection failures are worth a retry
/// ([`StoreError::Unavailable`]); everything else is a backend failure.
pub(crate) fn sdk_error<E, R>(error: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let transient = match &error {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            true
        }
        SdkError::ServiceError(service) => is_transient(service.err().code()),
        _ => false,
    };
    if transient {
        StoreError::Unavailable(Box::new(error))
    } else {
        StoreError::Backend(Box::new(error))
    }
}

fn service_error<E>(error: E) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    if is_transient(error.code()) {
        StoreError::Unavailable(Box::new(error))
    } else {
        StoreError::Backend(Box::new(error))
    }
}

fn backend(error: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Backend(Box::new(error))
}

fn is_transient(code: Option<&str>) -> bool {
    code.is_some_and(|code| TRANSIENT_CODES.contains(&code))
}
