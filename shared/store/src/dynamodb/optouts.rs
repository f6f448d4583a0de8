//! Opt-outs on DynamoDB: per customer of a store an `OPTOUT#<customer>` item with their token
//! and, once they unsubscribed, when; per token an `UNSUB#<token>` item naming its store and
//! customer. Both are created in one transaction, each only if absent, so a customer has one
//! token whatever sends at once.
//!
//! Round trips: the token 1 GetItem (+1 TransactWriteItems and, when another send created it
//! first, 1 GetItem); unsubscribed 1 GetItem; unsubscribe 1 GetItem and 1 UpdateItem.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::outreach::Head;
use super::{backend, sdk_error, DynamoStore, Item};
use crate::error::StoreError;
use crate::keys::{self, outreach as outreach_keys};
use crate::OptOutStore;
use domain::ids::StoreId;

#[derive(Serialize, Deserialize)]
struct OptOutItem {
    #[serde(flatten)]
    head: Head,
    token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    opted_out_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, Deserialize)]
struct TokenItem {
    #[serde(flatten)]
    head: Head,
    store_id: String,
    customer: String,
}

impl DynamoStore {
    async fn opt_out(&self, store: &StoreId, customer: &str) -> Result<Option<OptOutItem>, StoreError> {
        self.read_item(store, outreach_keys::opt_out_sk(customer)).await
    }
}

#[async_trait]
impl OptOutStore for DynamoStore {
    async fn unsubscribe_token(&self, store: &StoreId, customer: &str, fresh: &str) -> Result<String, StoreError> {
        if let Some(existing) = self.opt_out(store, customer).await? {
            return Ok(existing.token);
        }
        let entity = outreach_keys::OPT_OUT_ENTITY;
        let opt_out = OptOutItem {
            head: Head::new(keys::store_pk(store), outreach_keys::opt_out_sk(customer), entity),
            token: fresh.to_owned(),
            opted_out_at: None,
        };
        let token = TokenItem {
            head: Head::new(outreach_keys::unsubscribe_pk(fresh), outreach_keys::UNSUBSCRIBE_SK.to_owned(), entity),
            store_id: store.to_string(),
            customer: customer.to_owned(),
        };
        let items = vec![
            self.put_new(serde_dynamo::to_item(opt_out).map_err(backend)?)?,
            self.put_new(serde_dynamo::to_item(token).map_err(backend)?)?,
        ];
        match self.transact(items).await? {
            Ok(()) => Ok(fresh.to_owned()),
            Err(_) => self
                .opt_out(store, customer)
                .await?
                .map(|existing| existing.token)
                .ok_or_else(|| StoreError::Backend("an unsubscribe token was drawn twice".into())),
        }
    }

    async fn unsubscribed(&self, store: &StoreId, customer: &str) -> Result<bool, StoreError> {
        Ok(self.opt_out(store, customer).await?.is_some_and(|item| item.opted_out_at.is_some()))
    }

    async fn unsubscribe(&self, token: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let key: Item = HashMap::from([
            (keys::PK.to_owned(), AttributeValue::S(outreach_keys::unsubscribe_pk(token))),
            (keys::SK.to_owned(), AttributeValue::S(outreach_keys::UNSUBSCRIBE_SK.to_owned())),
        ]);
        let output = self.client.get_item().table_name(&self.table).set_key(Some(key)).consistent_read(true).send();
        let Some(item) = output.await.map_err(sdk_error)?.item else { return Ok(false) };
        let token: TokenItem = serde_dynamo::from_item(item).map_err(backend)?;
        let store = StoreId::parse(&token.store_id).ok_or_else(|| StoreError::Backend("a stored store id".into()))?;
        let when = serde_dynamo::to_attribute_value(at).map_err(backend)?;
        self.client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(&store, outreach_keys::opt_out_sk(&token.customer))))
            .update_expression("SET opted_out_at = if_not_exists(opted_out_at, :at)")
            .expression_attribute_values(":at", when)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(true)
    }
}
