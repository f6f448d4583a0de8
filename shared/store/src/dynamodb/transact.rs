//! Building and sending TransactWriteItems, and reading why DynamoDB cancelled one; a
//! transaction that only met another one in flight is sent again.

use std::collections::HashMap;

use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeValue, CancellationReason, ConditionCheck, Delete, Put, ReturnValuesOnConditionCheckFailure,
    TransactWriteItem, Update,
};

pub(crate) use super::backoff::backoff;
use super::{backend, sdk_error, DynamoStore, Item};
use crate::error::StoreError;

/// Most items one transaction may hold.
pub const MAX_TRANSACTION_ITEMS: usize = 100;

/// How often a transaction cancelled by a conflicting transaction is sent again.
pub const CONFLICT_RETRIES: usize = 3;

/// Why a transaction did not apply: for each of its items, whether that item's condition failed
/// and, if it did, the item as it was.
pub struct Cancelled(pub Vec<CancellationReason>);

impl Cancelled {
    /// True when another transaction in flight held one of the items: nothing was decided.
    pub fn conflicted(&self) -> bool {
        self.any(&["TransactionConflict"])
    }

    fn any(&self, codes: &[&str]) -> bool {
        self.0.iter().any(|r| r.code().is_some_and(|code| codes.contains(&code)))
    }

    /// True when every item's reason is one of `codes` (an item that failed nothing has `None`).
    pub fn only(&self, codes: &[&str]) -> bool {
        self.0.iter().all(|r| codes.contains(&r.code().unwrap_or("None")))
    }

    /// True when the item at `index` failed its condition.
    pub fn failed(&self, index: usize) -> bool {
        self.0.get(index).and_then(|r| r.code()) == Some("ConditionalCheckFailed")
    }

    /// The item at `index` as it was, when it failed its condition and existed.
    pub fn old_item(&self, index: usize) -> Option<&Item> {
        self.0.get(index).filter(|_| self.failed(index)).and_then(|r| r.item())
    }
}

impl DynamoStore {
    /// Sends one transaction: `Ok(Err(cancelled))` when DynamoDB cancelled it for a condition.
    ///
    /// A transaction cancelled only because another one held one of its items (the head and
    /// tail counts are in every create and delete) decided nothing: it is sent again, up to
    /// [`CONFLICT_RETRIES`] times after a short random pause, then reported as unavailable.
    pub(crate) async fn transact(&self, items: Vec<TransactWriteItem>) -> Result<Result<(), Cancelled>, StoreError> {
        for retry in 0..=CONFLICT_RETRIES {
            match self.transact_once(items.clone()).await? {
                Err(cancelled) if cancelled.conflicted() => {}
                outcome => return Ok(outcome),
            }
            if retry < CONFLICT_RETRIES {
                tokio::time::sleep(backoff(retry)).await;
            }
        }
        Err(StoreError::Unavailable("the transaction kept conflicting with other transactions".into()))
    }

    /// Sends one transaction once: `Ok(Err(cancelled))` when DynamoDB cancelled it, for a
    /// condition or for a conflict with another transaction ([`Cancelled::conflicted`]); a
    /// throttled one is [`StoreError::Unavailable`].
    pub(crate) async fn transact_once(
        &self,
        items: Vec<TransactWriteItem>,
    ) -> Result<Result<(), Cancelled>, StoreError> {
        let reasons = match self.client.transact_write_items().set_transact_items(Some(items)).send().await {
            Ok(_) => return Ok(Ok(())),
            Err(error) if error.as_service_error().is_some_and(|e| e.is_transaction_canceled_exception()) => {
                match error.into_service_error() {
                    TransactWriteItemsError::TransactionCanceledException(e) => {
                        e.cancellation_reasons.unwrap_or_default()
                    }
                    _ => Vec::new(),
                }
            }
            Err(error) => return Err(sdk_error(error)),
        };
        let cancelled = Cancelled(reasons);
        if cancelled.any(&["ThrottlingError", "ProvisionedThroughputExceeded"]) {
            return Err(StoreError::Unavailable("the transaction was throttled".into()));
        }
        Ok(Err(cancelled))
    }

    /// A put that applies only if no item has its key.
    pub(crate) fn put_new(&self, item: Item) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(PK)")
            .build()
            .map_err(backend)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// A put under `condition`, with the expression's attribute names and values.
    pub(crate) fn put_if(
        &self,
        item: Item,
        condition: &str,
        names: Vec<(&str, &str)>,
        values: Item,
    ) -> Result<TransactWriteItem, StoreError> {
        let names = names.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression(condition)
            .set_expression_attribute_names(Some(names))
            .set_expression_attribute_values(Some(values))
            .build()
            .map_err(backend)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// A put that replaces whatever has its key.
    pub(crate) fn put(&self, item: Item) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder().table_name(&self.table).set_item(Some(item)).build().map_err(backend)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// A delete under `condition` (none when empty), reporting the old item if it fails.
    pub(crate) fn delete(&self, key: Item, condition: &str, values: Item) -> Result<TransactWriteItem, StoreError> {
        let delete = Delete::builder()
            .table_name(&self.table)
            .set_key(Some(key))
            .set_condition_expression((!condition.is_empty()).then(|| condition.to_owned()))
            .set_expression_attribute_values((!values.is_empty()).then_some(values))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .build()
            .map_err(backend)?;
        Ok(TransactWriteItem::builder().delete(delete).build())
    }

    /// A check that the item with `key` meets `condition`, writing nothing.
    pub(crate) fn condition_check(&self, key: Item, condition: &str) -> Result<TransactWriteItem, StoreError> {
        self.condition_check_with(key, condition, &[], Item::new())
    }

    /// A check that the item with `key` meets `condition` with attribute `names` (`#name`,
    /// name) and `values`, writing nothing.
    pub(crate) fn condition_check_with(
        &self,
        key: Item,
        condition: &str,
        names: &[(&str, &str)],
        values: Item,
    ) -> Result<TransactWriteItem, StoreError> {
        let names: HashMap<String, String> = names.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let check = ConditionCheck::builder()
            .table_name(&self.table)
            .set_key(Some(key))
            .condition_expression(condition)
            .set_expression_attribute_names((!names.is_empty()).then_some(names))
            .set_expression_attribute_values((!values.is_empty()).then_some(values))
            .build()
            .map_err(backend)?;
        Ok(TransactWriteItem::builder().condition_check(check).build())
    }

    /// An update, reporting the old item if its condition fails.
    pub(crate) fn update(
        &self,
        key: Item,
        expression: &str,
        condition: Option<&str>,
        names: Vec<(&str, &str)>,
        values: Item,
    ) -> Result<TransactWriteItem, StoreError> {
        let names =
            names.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect::<std::collections::HashMap<_, _>>();
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key))
            .update_expression(expression)
            .set_condition_expression(condition.map(str::to_owned))
            .set_expression_attribute_names((!names.is_empty()).then_some(names))
            .set_expression_attribute_values((!values.is_empty()).then_some(values))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .build()
            .map_err(backend)?;
        Ok(TransactWriteItem::builder().update(update).build())
    }
}

/// A number attribute.
pub fn number(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}
