//! `Idempotency-Key` records on DynamoDB: one item per store and key, deleted by the table's TTL
//! on `expires_at`.
//!
//! Round trips: claim 1 (PutItem conditional on there being no live claim; a refused one returns
//! the record, so a replay costs this one call), complete 1 (PutItem), release 1 (DeleteItem).

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValuesOnConditionCheckFailure, TransactWriteItem};
use serde::{Deserialize, Serialize};

use super::delete_if::Condition;
use super::transact::number;
use super::{backend, sdk_error, DynamoStore, Item};
use crate::error::StoreError;
use crate::idempotency::{Claim, Completion, IdempotencyKey, Lease, StoredResponse};
use crate::{keys, IdempotencyStore};
use domain::ids::StoreId;

const PENDING: &str = "pending";
const COMPLETED: &str = "completed";

/// The record of a key: whose it is, how far it got, and until when.
#[derive(Serialize, Deserialize)]
struct IdempotencyItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity_type: String,
    fingerprint: String,
    state: String,
    lease_until: i64,
    /// The TTL attribute ([`keys::TTL_ATTRIBUTE`]).
    expires_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    response: Option<StoredResponse>,
}

/// A new claim is refused while the record is alive and either completed or held.
const NO_LIVE_CLAIM: &str =
    "attribute_not_exists(PK) OR expires_at < :now OR (#state = :pending AND lease_until < :now)";

impl DynamoStore {
    fn idempotency_item(
        store: &StoreId,
        key: &IdempotencyKey,
        fingerprint: &str,
        lease: Lease,
        response: Option<&StoredResponse>,
    ) -> Result<Item, StoreError> {
        let item = IdempotencyItem {
            pk: keys::store_pk(store),
            sk: keys::idempotency_sk(key),
            entity_type: keys::IDEMPOTENCY_ENTITY.to_owned(),
            fingerprint: fingerprint.to_owned(),
            state: if response.is_some() { COMPLETED } else { PENDING }.to_owned(),
            lease_until: lease.until,
            expires_at: lease.expires_at,
            response: response.cloned(),
        };
        serde_dynamo::to_item(item).map_err(backend)
    }
}

impl DynamoStore {
    /// The put that records `completion` inside the transaction of the write it answers: it
    /// applies only while the key is still this request's pending claim, so the transaction
    /// (and the resource with it) is cancelled once another request took the key over.
    pub(super) fn completion_put(
        &self,
        store: &StoreId,
        completion: &Completion,
    ) -> Result<TransactWriteItem, StoreError> {
        let Completion { key, fingerprint, lease, response } = completion;
        let item = Self::idempotency_item(store, key, fingerprint, *lease, Some(response))?;
        let values = HashMap::from([
            (":pending".to_owned(), AttributeValue::S(PENDING.to_owned())),
            (":fingerprint".to_owned(), AttributeValue::S(fingerprint.clone())),
            (":until".to_owned(), number(lease.until)),
        ]);
        let held = "#state = :pending AND fingerprint = :fingerprint AND lease_until = :until";
        self.put_if(item, held, vec![("#state", "state")], values)
    }
}

#[async_trait]
impl IdempotencyStore for DynamoStore {
    async fn claim_idempotency_key(
        &self,
        store: &StoreId,
        key: &IdempotencyKey,
        fingerprint: &str,
        lease: Lease,
    ) -> Result<Claim, StoreError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(Self::idempotency_item(store, key, fingerprint, lease, None)?))
            .condition_expression(NO_LIVE_CLAIM)
            .expression_attribute_names("#state", "state")
            .expression_attribute_values(":now", number(lease.now))
            .expression_attribute_values(":pending", AttributeValue::S(PENDING.to_owned()))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        let error = match result {
            Ok(_) => return Ok(Claim::Claimed),
            Err(error) => error,
        };
        if !error.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) {
            return Err(sdk_error(error));
        }
        let PutItemError::ConditionalCheckFailedException(failed) = error.into_service_error() else {
            return Ok(Claim::InProgress);
        };
        let Some(item) = failed.item else { return Ok(Claim::InProgress) };
        let record: IdempotencyItem = serde_dynamo::from_item(item).map_err(backend)?;
        Ok(match record.response {
            _ if record.fingerprint != fingerprint => Claim::Mismatch,
            Some(response) if record.state == COMPLETED => Claim::Completed(response),
            _ => Claim::InProgress,
        })
    }

    async fn release_idempotency_key(
        &self,
        store: &StoreId,
        key: &IdempotencyKey,
        fingerprint: &str,
    ) -> Result<(), StoreError> {
        let values = HashMap::from([
            (":pending".to_owned(), AttributeValue::S(PENDING.to_owned())),
            (":fingerprint".to_owned(), AttributeValue::S(fingerprint.to_owned())),
        ]);
        let condition = Condition {
            expression: "#state = :pending AND fingerprint = :fingerprint",
            names: HashMap::from([("#state".to_owned(), "state".to_owned())]),
            values,
        };
        // A claim no longer pending, or another caller's, is not this caller's to give back.
        self.delete_if(Self::key(store, keys::idempotency_sk(key)), condition).await
    }
}
