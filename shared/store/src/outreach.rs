//! [`OutreachStore`] and [`OptOutStore`], the marketing runtime's storage, and their types: deliveries (one per checkout or order and kind), their
//! due-time index, the counters their writes move (coupon caps per window, recovered orders),
//! and the promotion each configuration's coupons live under.
//!
//! A delivery write is one atomic write: the delivery (conditional on the version that was
//! read), its due-time entry moved to its new due time, and its counters, each within its
//! limit. Whatever runs it twice or at once, one writer wins and the others see [`Written::Stale`].

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use domain::ids::StoreId;
use domain::marketing::ConfigKind;
use domain::outreach::text::Ref;
use domain::outreach::Delivery;

use crate::error::StoreError;
use crate::versioned::Versioned;

/// One counter a delivery write moves: `count` and `total` are added; with `at_most`, only while
/// `count` stays within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// The counter's sort key (`store::keys::outreach`).
    pub name: String,
    pub count: i64,
    pub total: i64,
    pub at_most: Option<i64>,
    /// When the counter may be forgotten (a cap window long past).
    pub expires_at: Option<DateTime<Utc>>,
}

/// What became of a delivery write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Written, at this version.
    Done(u64),
    /// The delivery is no longer at the version read (another writer came first): nothing written.
    Stale,
    /// The counter at this index of the write's counts has no room: nothing written.
    Full(usize),
}

/// A delivery whose due time has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub store: StoreId,
    pub kind: ConfigKind,
    pub subject: Ref,
}

/// The promotion a configuration's coupon codes are minted under, and the configuration
/// version it was made from (a new version gets a new promotion).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponPromotion {
    pub promotion_id: u64,
    pub config_version: u64,
}

/// A counter's name and values (read back for the recovered revenue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counter {
    pub name: String,
    pub count: i64,
    pub total: i64,
}

/// The marketing runtime's items (see this module): deliveries, written each in one atomic
/// write with their due-time entry and counters.
#[async_trait]
pub trait OutreachStore: Send + Sync {
    /// The store's delivery of this kind for this checkout or order, with its version.
    async fn get_delivery(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        subject: &Ref,
    ) -> Result<Option<Versioned<Delivery>>, StoreError>;

    /// Writes `next` over `previous` (what was read; `None`: there was none), moves its due-time
    /// entry from `previous.due_at` to `next.due_at`, and moves `counts`: all or nothing.
    async fn put_delivery(
        &self,
        store: &StoreId,
        previous: Option<&Versioned<Delivery>>,
        next: &Delivery,
        counts: &[Count],
    ) -> Result<Written, StoreError>;

    /// Up to `limit` deliveries, of any store, due by `now`, earliest first within each bucket.
    async fn due_deliveries(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<Due>, StoreError>;

    /// The store's deliveries of a kind in checkout (or order) id order, after `after`.
    async fn list_deliveries(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        after: Option<&Ref>,
        limit: usize,
    ) -> Result<Vec<Delivery>, StoreError>;

    /// The counters whose names start with `prefix`.
    async fn counters(&self, store: &StoreId, prefix: &str) -> Result<Vec<Counter>, StoreError>;

    /// The promotion this kind's coupons of `series` (their currency, and the day they expire)
    /// are minted under, if one was made.
    async fn get_coupon_promotion(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        series: &str,
    ) -> Result<Option<CouponPromotion>, StoreError>;

    /// Records the promotion this kind's coupons of `series` are minted under.
    async fn put_coupon_promotion(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        series: &str,
        promotion: &CouponPromotion,
    ) -> Result<(), StoreError>;
}

/// Customers' opt-outs of a store's marketing email, reached through the random token their
/// emails' unsubscribe links carry (one per customer of a store, drawn once).
#[async_trait]
pub trait OptOutStore: Send + Sync {
    /// The customer's token in the store: the one recorded, or `fresh`, recorded now.
    async fn unsubscribe_token(&self, store: &StoreId, customer: &str, fresh: &str) -> Result<String, StoreError>;

    /// Whether the customer unsubscribed from the store's marketing email.
    async fn unsubscribed(&self, store: &StoreId, customer: &str) -> Result<bool, StoreError>;

    /// Records the opt-out that `token` names (the first time is kept); `false` for a token no
    /// email carried.
    async fn unsubscribe(&self, token: &str, at: DateTime<Utc>) -> Result<bool, StoreError>;
}
