//! Persistence: one trait per entity, the single-table key builders, and two backends that
//! pass the same contract suite (`tests/`): DynamoDB for AWS and SQLite for local use.
//!
//! Every write is all-or-nothing. A promotion replace is conditional on the version that was
//! read, so two writers never silently overwrite each other; a marketing configuration is
//! replaced whole by every PUT (nothing is read first), so the last PUT wins.

pub mod dynamodb;
pub mod keys;
#[cfg(feature = "sqlite")]
pub mod sqlite;

use async_trait::async_trait;

use crate::error::StoreError;
use crate::ids::{PromotionId, StoreId};
use crate::marketing::{ConfigKind, MarketingConfiguration};
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
    async fn get_promotion(
        &self,
        store: &StoreId,
        id: PromotionId,
    ) -> Result<Option<Versioned<Promotion>>, StoreError>;

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

/// Marketing configurations, one per store and kind.
#[async_trait]
pub trait MarketingStore: Send + Sync {
    /// The stored configuration, or `None` if the store never wrote this kind.
    async fn get_marketing_config(
        &self,
        store: &StoreId,
        kind: ConfigKind,
    ) -> Result<Option<MarketingConfiguration>, StoreError>;

    /// Stores `config` as the store's configuration of this kind, replacing all of what was
    /// there in one write; the other kind is never touched.
    async fn put_marketing_config(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        config: &MarketingConfiguration,
    ) -> Result<(), StoreError>;
}

/// Everything a handler may need from storage.
pub trait Store: PromotionStore + MarketingStore {}

impl<T: PromotionStore + MarketingStore> Store for T {}

/// A new promotion as it is first stored.
pub(crate) fn new_promotion(id: PromotionId, fields: PromotionFields) -> Promotion {
    Promotion {
        id,
        current_uses: 0,
        created_from: crate::promotion::resource::CreatedFrom::Api,
        fields,
    }
}
