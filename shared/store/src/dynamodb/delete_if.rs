//! A DeleteItem on a condition, where a condition that does not hold is an answer ("not
//! deleted"), not a failure: the purge deleting a code's text only while it is still that code,
//! an `Idempotency-Key` claim given back only while it is still the caller's.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;

use super::{sdk_error, DynamoStore, Item};
use crate::error::StoreError;

/// A condition for [`DynamoStore::delete_if`], with its expression's names and values.
pub struct Condition<'a> {
    pub expression: &'a str,
    pub names: HashMap<String, String>,
    pub values: HashMap<String, AttributeValue>,
}

impl DynamoStore {
    /// Deletes the item at `key` if `condition` holds (or the item is gone, if the condition
    /// allows it); an item the condition does not hold for is left as it is.
    pub(super) async fn delete_if(&self, key: Item, condition: Condition<'_>) -> Result<(), StoreError> {
        let sent = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key))
            .condition_expression(condition.expression)
            .set_expression_attribute_names((!condition.names.is_empty()).then_some(condition.names))
            .set_expression_attribute_values(Some(condition.values))
            .send()
            .await;
        match sent {
            Ok(_) => Ok(()),
            Err(error) if error.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Ok(()),
            Err(error) => Err(sdk_error(error)),
        }
    }
}
