//! The types of [`crate::OutreachStore`], the marketing runtime's storage: deliveries (one per checkout or order and kind), their
//! due-time index, the counters their writes move (coupon caps per window, recovered orders),
//! and the promotion each configuration's coupons live under.
//!
//! A delivery write is one atomic write: the delivery (conditional on the version that was
//! read), its due-time entry moved to its new due time, and its counters, each within its
//! limit. Whatever runs it twice or at once, one writer wins and the others see [`Written::Stale`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use domain::ids::StoreId;
use domain::marketing::ConfigKind;
use domain::outreach::text::Ref;

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
