//! The table, created as `template.yaml` defines it (for DynamoDB Local, the tests, `local-api`,
//! `admin` and the bench): its key schema, attribute definitions, global secondary indexes and
//! TTL are read from the template's `Table` resource, so the template is the one source of
//! truth for keys and indexes, and an index added there is in every test table at once.
//!
//! Why read the template rather than keep a copy here that a test compares with it: a copy
//! drifts in the fields nobody thought to compare (an index's projection, a key's order), and a
//! test would have to spell every field twice. The template is embedded at build time
//! (`include_str!`), so a binary never looks for the file at run time. This module is behind
//! the `template` feature: the YAML parser never reaches a Lambda binary, which has no use for
//! creating tables. The table's stream is left out: the one test that reads a stream turns it on.

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType,
    ScalarAttributeType, TimeToLiveSpecification,
};
use serde::Deserialize;

use super::{backend, sdk_error, DynamoStore};
use crate::error::StoreError;

/// The SAM template, as built into this binary.
const TEMPLATE: &str = include_str!("../../../../template.yaml");

/// The parts of the `Table` resource's `Properties` that CreateTable takes.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TableDefinition {
    pub attribute_definitions: Vec<Attribute>,
    pub key_schema: Vec<Key>,
    #[serde(default)]
    pub global_secondary_indexes: Vec<Index>,
    pub time_to_live_specification: Option<TimeToLive>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Attribute {
    pub attribute_name: String,
    pub attribute_type: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Key {
    pub attribute_name: String,
    pub key_type: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Index {
    pub index_name: String,
    pub key_schema: Vec<Key>,
    pub projection: IndexProjection,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IndexProjection {
    pub projection_type: String,
    #[serde(default)]
    pub non_key_attributes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimeToLive {
    pub attribute_name: String,
}

impl TableDefinition {
    /// The definition of the template's `Table` resource.
    pub fn from_template() -> Result<Self, StoreError> {
        let template: serde_yaml_ng::Value = serde_yaml_ng::from_str(TEMPLATE).map_err(backend)?;
        let properties = template["Resources"]["Table"]["Properties"].clone();
        serde_yaml_ng::from_value(properties).map_err(backend)
    }
}

fn key(key: &Key) -> Result<KeySchemaElement, StoreError> {
    KeySchemaElement::builder()
        .attribute_name(&key.attribute_name)
        .key_type(KeyType::from(key.key_type.as_str()))
        .build()
        .map_err(backend)
}

fn keys(schema: &[Key]) -> Result<Vec<KeySchemaElement>, StoreError> {
    schema.iter().map(key).collect()
}

fn index(index: &Index) -> Result<GlobalSecondaryIndex, StoreError> {
    let projection = Projection::builder()
        .projection_type(ProjectionType::from(index.projection.projection_type.as_str()))
        .set_non_key_attributes(
            (!index.projection.non_key_attributes.is_empty()).then(|| index.projection.non_key_attributes.clone()),
        )
        .build();
    GlobalSecondaryIndex::builder()
        .index_name(&index.index_name)
        .set_key_schema(Some(keys(&index.key_schema)?))
        .projection(projection)
        .build()
        .map_err(backend)
}

impl DynamoStore {
    /// Creates the table as `template.yaml` defines it, on-demand, with its TTL. A table that
    /// exists already counts as created: when an attempt times out after DynamoDB Local created
    /// the table (it is slow under load), the SDK's retry is answered `ResourceInUseException`.
    /// Callers name tables of their own.
    pub async fn create_table(&self) -> Result<(), StoreError> {
        let definition = TableDefinition::from_template()?;
        self.create_table_as(&definition).await?;
        let Some(ttl) = definition.time_to_live_specification else { return Ok(()) };
        let ttl = TimeToLiveSpecification::builder().attribute_name(ttl.attribute_name).enabled(true).build();
        let ttl = ttl.map_err(backend)?;
        self.client
            .update_time_to_live()
            .table_name(&self.table)
            .time_to_live_specification(ttl)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    /// Creates the table as [`Self::create_table`] does, but without its TTL: for the scale
    /// bench's table of millions of items on DynamoDB Local, whose TTL job now and then scans the
    /// whole table while holding its write lock (past a million items, long enough for every
    /// write to time out), where DynamoDB's TTL runs in the background and delays no request.
    /// Nothing the bench measures expires.
    pub async fn create_table_without_ttl(&self) -> Result<(), StoreError> {
        self.create_table_as(&TableDefinition::from_template()?).await
    }

    /// CreateTable with `definition`'s keys and indexes.
    async fn create_table_as(&self, definition: &TableDefinition) -> Result<(), StoreError> {
        let attributes = definition.attribute_definitions.iter().map(|a| {
            AttributeDefinition::builder()
                .attribute_name(&a.attribute_name)
                .attribute_type(ScalarAttributeType::from(a.attribute_type.as_str()))
                .build()
                .map_err(backend)
        });
        let indexes = definition.global_secondary_indexes.iter().map(index).collect::<Result<Vec<_>, _>>()?;
        let created = self
            .client
            .create_table()
            .table_name(&self.table)
            .billing_mode(BillingMode::PayPerRequest)
            .set_attribute_definitions(Some(attributes.collect::<Result<_, _>>()?))
            .set_key_schema(Some(keys(&definition.key_schema)?))
            .set_global_secondary_indexes((!indexes.is_empty()).then_some(indexes))
            .send()
            .await;
        match created {
            Err(error) if error.as_service_error().is_some_and(|e| e.is_resource_in_use_exception()) => Ok(()),
            other => other.map(|_| ()).map_err(sdk_error),
        }
    }

    /// Creates the table unless it exists already.
    pub async fn create_table_if_missing(&self) -> Result<(), StoreError> {
        match self.client.describe_table().table_name(&self.table).send().await {
            Ok(_) => Ok(()),
            Err(error) if error.as_service_error().is_some_and(|e| e.is_resource_not_found_exception()) => {
                self.create_table().await
            }
            Err(error) => Err(sdk_error(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_defines_the_tables_keys() {
        let definition = TableDefinition::from_template().expect("the template's table reads");
        let names: Vec<_> =
            definition.key_schema.iter().map(|k| (k.attribute_name.as_str(), k.key_type.as_str())).collect();
        assert_eq!(names, [("PK", "HASH"), ("SK", "RANGE")]);
        assert_eq!(definition.time_to_live_specification.map(|t| t.attribute_name), Some("expires_at".to_owned()));
    }
}
