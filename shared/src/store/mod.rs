//! Persistence: one trait per entity, the single-table key builders, and two backends that
//! pass the same contract suite (`tests/`): DynamoDB for AWS and SQLite for local use.
//!
//! Every write is all-or-nothing and every replace is conditional on the version that was read,
//! so two writers never silently overwrite each other.

pub mod dynamodb;
#[cfg(feature = "sqlite")]
pub mod env;
pub mod keys;
#[cfg(feature = "sqlite")]
pub mod sqlite;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::auth::{ApiKey, KeyHash};
use crate::error::StoreError;
use crate::ids::{PromotionId, StoreId};
use crate::promotion::{Promotion, PromotionFields};

/// A value and the version of the item it was read from. A fresh item has version 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    pub value: T,
    pub version: u64,
}

/// Promotions, per store.
#[async_trait]
pub trait PromotionStore: Send + Sync {
    /// Allocates the store's next promotion id (never reused, never shared by two creates) and
    /// saves the promotion with no uses, created from the API.
    async fn create_promotion(
        &self,
        store: &StoreId,
        fields: PromotionFields,
    ) -> Result<Versioned<Promotion>, StoreError>;

    /// The promotion, or `None` if the store has no promotion with that id.
    async fn get_promotion(&self, store: &StoreId, id: PromotionId)
        -> Result<Option<Versioned<Promotion>>, StoreError>;

    /// Replaces the promotion if its stored version is still `expected_version`: otherwise
    /// [`StoreError::Conflict`], or [`StoreError::NotFound`] if it was deleted.
    async fn replace_promotion(
        &self,
        store: &StoreId,
        promotion: &Promotion,
        expected_version: u64,
    ) -> Result<Versioned<Promotion>, StoreError>;

    /// Deletes the promotion; deleting one that does not exist succeeds.
    async fn delete_promotion(&self, store: &StoreId, id: PromotionId) -> Result<(), StoreError>;
}

/// API keys, found by the hash of the key.
#[async_trait]
pub trait KeyStore: Send + Sync {
    /// Saves a new key: [`StoreError::Conflict`] if a key with its hash exists already.
    async fn put_api_key(&self, key: &ApiKey) -> Result<(), StoreError>;

    /// The key whose hash this is, revoked or not.
    async fn find_api_key(&self, hash: &KeyHash) -> Result<Option<ApiKey>, StoreError>;

    /// Marks the store's key `id` revoked at `at`; [`StoreError::NotFound`] if the store has no
    /// such key. Revoking twice keeps the first time.
    async fn revoke_api_key(&self, store: &StoreId, id: u64, at: DateTime<Utc>) -> Result<(), StoreError>;
}

/// Everything a handler may need from storage.
pub trait Store: PromotionStore + KeyStore {}

impl<T: PromotionStore + KeyStore> Store for T {}

/// A new promotion as it is first stored.
pub(crate) fn new_promotion(id: PromotionId, fields: PromotionFields) -> Promotion {
    Promotion {
        id,
        current_uses: 0,
        created_from: crate::promotion::resource::CreatedFrom::Api,
        fields,
    }
}
