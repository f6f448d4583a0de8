//! Persistence: one trait per entity, the single-table key builders, and two backends that
//! pass the same contract suite (`tests/api/store_contract`): DynamoDB for AWS and SQLite for
//! local use. Built on the `domain` crate's types; knows nothing of HTTP or Lambda.
//!
//! # Layout
//! - this file: the traits ([`PromotionStore`], [`CodeStore`], [`KeyStore`], [`SettingsStore`],
//!   [`MarketingStore`], [`IdempotencyStore`], [`RedemptionStore`], [`OutreachStore`],
//!   [`OptOutStore`]) and [`Store`], all of them.
//! - [`candidates`]: [`CandidateStore`], what an evaluation reads (live promotions, the codes').
//! - [`error`]: [`StoreError`] (the backend failed) apart from [`Refusal`] (the data said no).
//! - [`keys`]: the single-table key builders, the only place a key string is spelled.
//! - [`idempotency`]: the records behind `Idempotency-Key`s.
//! - [`listing`]: pages of the promotion listing's indexes, the same on every backend.
//! - [`outreach`]: [`OutreachStore`] and [`OptOutStore`], the marketing runtime's storage, and
//!   their types: delivery writes, due entries, counters.
//! - [`dynamodb`]: the DynamoDB backend and its client configuration, and the change events read
//!   from its table's stream (`dynamodb::changes`).
//! - [`sqlite`] (feature `sqlite`): the embedded backend; [`env`] picks one from the environment.
//!
//! Every write is all-or-nothing. A promotion replace is conditional on the version that was
//! read, so two writers never silently overwrite each other; a marketing configuration is
//! replaced whole by every PUT (nothing is read first), so the last PUT wins unless the client
//! made it conditional on a version (`If-Match`).

pub mod candidates;
pub mod dynamodb;
#[cfg(feature = "sqlite")]
pub mod env;
pub mod error;
pub mod idempotency;
pub mod keys;
pub mod listing;
pub mod outreach;
#[cfg(feature = "sqlite")]
pub mod sqlite;
mod stored;
mod versioned;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::access::{ApiKey, KeyHash};
use domain::evaluation::CustomerUses;
use domain::ids::{PromotionId, StoreId};
use domain::marketing::{ConfigKind, MarketingConfiguration};
use domain::promotion::code::{CodeText, CouponCode};
use domain::promotion::settings::PromotionSettings;
use domain::promotion::{Promotion, PromotionFields};
use domain::redemption::{Counted, CustomerKey, Redemption, RedemptionId, RedemptionStatus};

pub use candidates::{CandidateStore, Candidates, Freshness};
pub use error::{Refusal, StoreError, WriteError};
use idempotency::{Claim, Completion, IdempotencyKey, Lease};
use listing::{IndexPage, IndexQuery};
pub use outreach::{OptOutStore, OutreachStore};
pub use versioned::Versioned;

/// Promotions, per store.
#[async_trait]
pub trait PromotionStore: Send + Sync {
    /// Allocates the store's next promotion id (never reused, never shared by two creates) and
    /// saves the promotion with no uses, created from the API, with `first_code` as its first
    /// coupon code in the same atomic write ([`Refusal::DuplicateCode`] if the store has it),
    /// and, with `respond`, the `Idempotency-Key` record of the answer it gives for the
    /// promotion (see [`Completion`]).
    async fn create_promotion(
        &self,
        store: &StoreId,
        fields: PromotionFields,
        first_code: Option<CouponCode>,
        respond: Option<Respond<'_>>,
    ) -> Result<Versioned<Promotion>, WriteError>;

    /// The promotion with its counted uses, or `None` if the store has no promotion with that id.
    async fn get_promotion(&self, store: &StoreId, id: PromotionId)
        -> Result<Option<Versioned<Promotion>>, StoreError>;

    /// Replaces the promotion if its stored version is still `expected_version`: otherwise
    /// [`Refusal::Stale`], or [`Refusal::Missing`] if it was deleted.
    async fn replace_promotion(
        &self,
        store: &StoreId,
        promotion: &Promotion,
        expected_version: u64,
    ) -> Result<Versioned<Promotion>, WriteError>;

    /// Deletes the promotion in one write, whatever number of codes it has: from then on its
    /// codes are found nowhere ([`CodeStore::find_code`], listing, deleting, redeeming), and they
    /// are removed afterwards by [`CodeStore::purge_codes`] (SQLite removes them in the same
    /// transaction). Deleting one that does not exist succeeds. With `only_at`, only a promotion whose stored
    /// version is one of those is deleted ([`Refusal::Stale`] and nothing deleted
    /// otherwise); the check comes before anything is deleted.
    async fn delete_promotion(
        &self,
        store: &StoreId,
        id: PromotionId,
        only_at: Option<&[u64]>,
    ) -> Result<(), WriteError>;

    /// The store's promotions in id order (`descending` reverses it), with their counted uses,
    /// and how many it has in all.
    /// With `window`, only the `window.limit` promotions after the first `window.offset`.
    async fn list_promotions(
        &self,
        store: &StoreId,
        descending: bool,
        window: Option<Window>,
    ) -> Result<(Vec<Promotion>, u64), StoreError>;

    /// How many promotions the store has (one Query of the count's shares on DynamoDB).
    async fn count_promotions(&self, store: &StoreId) -> Result<u64, StoreError>;

    /// One page of the store's promotions through the listing's indexes: in `query.order`, of
    /// `query.facets`, after `query.after`, with their counted uses and their positions. Costs
    /// what the page holds and skips, whatever the store's size; read from indexes that may lag
    /// a write by a moment on DynamoDB.
    async fn list_promotion_index(&self, store: &StoreId, query: &IndexQuery) -> Result<IndexPage, StoreError>;

    /// Deletes each promotion that has no coupon codes. Returns the ids it refused (those that
    /// still have codes); ids that do not exist count as deleted.
    async fn delete_promotions(&self, store: &StoreId, ids: &[PromotionId]) -> Result<Vec<PromotionId>, WriteError>;
}

/// The `Idempotency-Key` record of the answer a create gives for what it created.
pub type Respond<'a> = &'a (dyn Fn(&Versioned<Promotion>) -> Completion + Send + Sync);

/// A slice of a listing: skip `offset`, take `limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub offset: u64,
    pub limit: u64,
}

/// Coupon codes, per store and promotion. A code's text is unique in its store without regard
/// to case, and each code change also moves the promotion's `code_count` (and its `code` when
/// added under a limit: a SINGLE coupon's) and its version, in the same atomic write. (On
/// DynamoDB the count and version of codes added without a limit live in counters beside the
/// promotion item, so that a codegen's writes go side by side and never rewrite the promotion.)
#[async_trait]
pub trait CodeStore: Send + Sync {
    /// Adds `codes` to the promotion, all or none: [`Refusal::DuplicateCode`] if one exists
    /// in the store, [`Refusal::Missing`] without the promotion, [`Refusal::CodeLimitReached`]
    /// if the promotion would have more than `max_codes` (a limit for codes that are all
    /// added under one: a SINGLE coupon's). With `completion`, the `Idempotency-Key` record is
    /// written with the last write of the codes, once all the others stood.
    async fn add_codes(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        codes: Vec<CouponCode>,
        max_codes: Option<u64>,
        completion: Option<&Completion>,
    ) -> Result<(), WriteError>;

    /// The promotion's codes in id order: after `after` (ascending) or, with `before`, the last
    /// `limit` before it (still ascending).
    async fn list_codes(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        page: CodePage,
    ) -> Result<Vec<CouponCode>, StoreError>;

    /// The code with this text (without regard to case) anywhere in the store, and its promotion;
    /// `None` for the code of a deleted promotion that is not purged yet.
    async fn find_code(
        &self,
        store: &StoreId,
        code: &CodeText,
    ) -> Result<Option<(PromotionId, CouponCode)>, StoreError>;

    /// Deletes the promotion's codes with these ids; returns the ids it did not find.
    async fn delete_codes(&self, store: &StoreId, promotion: PromotionId, ids: &[u64]) -> Result<Vec<u64>, WriteError>;

    /// Removes up to `limit` codes of a deleted promotion (nothing while the promotion exists);
    /// true when it has none left. Idempotent and resumable: a purge cut short anywhere is
    /// finished by calling it again. A code text is free again once its code is purged; until
    /// then a new code with that text is refused as a duplicate.
    async fn purge_codes(&self, store: &StoreId, promotion: PromotionId, limit: usize) -> Result<bool, StoreError>;
}

/// Which codes of a promotion to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodePage {
    pub after: Option<u64>,
    pub before: Option<u64>,
    pub limit: u64,
}

/// API keys, found by the hash of the key.
#[async_trait]
pub trait KeyStore: Send + Sync {
    /// Saves a new key: [`Refusal::AlreadyExists`] if a key with its hash exists already.
    async fn put_api_key(&self, key: &ApiKey) -> Result<(), WriteError>;

    /// The key whose hash this is, revoked or not.
    async fn find_api_key(&self, hash: &KeyHash) -> Result<Option<ApiKey>, StoreError>;

    /// Marks the store's key `id` revoked at `at`; [`Refusal::Missing`] if the store has no
    /// such key. Revoking twice keeps the first time.
    async fn revoke_api_key(&self, store: &StoreId, id: u64, at: DateTime<Utc>) -> Result<(), WriteError>;
}

/// Store-wide promotion settings.
#[async_trait]
pub trait SettingsStore: Send + Sync {
    /// The store's settings, or `None` if it never saved any.
    async fn get_promotion_settings(&self, store: &StoreId) -> Result<Option<PromotionSettings>, StoreError>;

    /// Replaces the store's settings.
    async fn put_promotion_settings(&self, store: &StoreId, settings: &PromotionSettings) -> Result<(), StoreError>;
}

/// Marketing configurations, one per store and kind.
#[async_trait]
pub trait MarketingStore: Send + Sync {
    /// The stored configuration and its version, or `None` if the store never wrote this kind.
    async fn get_marketing_config(
        &self,
        store: &StoreId,
        kind: ConfigKind,
    ) -> Result<Option<Versioned<MarketingConfiguration>>, StoreError>;

    /// Stores `config` as the store's configuration of this kind, replacing all of what was
    /// there in one write, and returns its new version (1 for the first write; 0 stands for
    /// never written). The other kind is never touched. With `only_at`, only while the stored
    /// version is one of those: [`Refusal::Stale`] and nothing written otherwise.
    async fn put_marketing_config(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        config: &MarketingConfiguration,
        only_at: Option<&[u64]>,
    ) -> Result<u64, WriteError>;
}

/// The records of `Idempotency-Key`s, per store (see [`idempotency`]).
#[async_trait]
pub trait IdempotencyStore: Send + Sync {
    /// Claims `key` for the request `fingerprint` until `lease.until`, in one conditional write:
    /// [`Claim::Claimed`] when the key has no record, an expired one, or a claim whose lease ran
    /// out; otherwise what its record says.
    async fn claim_idempotency_key(
        &self,
        store: &StoreId,
        key: &IdempotencyKey,
        fingerprint: &str,
        lease: Lease,
    ) -> Result<Claim, StoreError>;

    /// Gives up the claim of the request `fingerprint` (it failed), so that a retry runs again.
    async fn release_idempotency_key(
        &self,
        store: &StoreId,
        key: &IdempotencyKey,
        fingerprint: &str,
    ) -> Result<(), StoreError>;
}

/// What became of a redemption's write.
#[derive(Debug, Clone, PartialEq)]
pub enum Redeemed {
    /// Counted and saved.
    Created(Redemption),
    /// The store has a redemption of this order already (`same_request` when its fingerprint is
    /// this request's); nothing was counted.
    Existing { redemption: Redemption, same_request: bool },
    /// Nothing was counted and the evaluation must run again on fresh counts: a limit had no
    /// room left when the write came (another redemption took it after the evaluation read the
    /// counts), a code was deleted, or another redemption's write held the same counters.
    TryAgain,
}

/// Redemptions, per store: the uses they count, kept exact under concurrency. Each method is
/// one atomic write (or a read); a use is never taken or given back twice.
#[async_trait]
pub trait RedemptionStore: Send + Sync {
    /// Saves the redemption and takes its uses, all or nothing: one use of each of its
    /// promotions (within `max_uses`), of each code it used (within the code's `max_uses`) and,
    /// for an identified customer, of each per customer (within `max_uses_per_customer`). The
    /// order id is unique per store: a second redemption of it counts nothing.
    async fn redeem(&self, store: &StoreId, counted: &Counted, fingerprint: &str) -> Result<Redeemed, WriteError>;

    async fn get_redemption(&self, store: &StoreId, id: RedemptionId) -> Result<Option<Redemption>, StoreError>;

    /// The redemptions that counted a use of the promotion, newest first: those before
    /// `page.before` (an id), with `status` only if given.
    async fn list_redemptions(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        status: Option<RedemptionStatus>,
        page: RedemptionPage,
    ) -> Result<Vec<Redemption>, StoreError>;

    /// Confirms a held redemption (`None` without it): [`Refusal::NotHeld`] once its hold ran
    /// out or it was rolled back; a confirmed one is answered as it is.
    async fn confirm_redemption(
        &self,
        store: &StoreId,
        id: RedemptionId,
        now: DateTime<Utc>,
    ) -> Result<Option<Redemption>, WriteError>;

    /// Rolls a held or confirmed redemption back and gives its uses back (`None` without it);
    /// one rolled back or expired already is answered as it is. With `reuse_single_use_codes`
    /// false, a code with `max_uses` 1 keeps its use.
    async fn rollback_redemption(
        &self,
        store: &StoreId,
        id: RedemptionId,
        reuse_single_use_codes: bool,
        now: DateTime<Utc>,
    ) -> Result<Option<Redemption>, WriteError>;

    /// Gives back the uses of up to `limit` held redemptions, of any store, whose hold ran out
    /// by `now` (status `EXPIRED`). Returns how many it released.
    async fn release_expired_holds(&self, now: DateTime<Utc>, limit: usize) -> Result<usize, StoreError>;

    /// What the customer used of these promotions and codes (by key).
    async fn customer_uses(
        &self,
        store: &StoreId,
        customer: &CustomerKey,
        promotions: &[PromotionId],
        codes: &[String],
    ) -> Result<CustomerUses, StoreError>;
}

/// Which redemptions of a promotion to list: the `limit` newest before `before`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedemptionPage {
    pub before: Option<RedemptionId>,
    pub limit: u64,
}

/// Everything a handler may need from storage.
pub trait Store:
    PromotionStore
    + CandidateStore
    + CodeStore
    + SettingsStore
    + MarketingStore
    + KeyStore
    + IdempotencyStore
    + RedemptionStore
    + OutreachStore
    + OptOutStore
{
}

impl<T> Store for T where
    T: PromotionStore
        + CandidateStore
        + CodeStore
        + SettingsStore
        + MarketingStore
        + KeyStore
        + IdempotencyStore
        + RedemptionStore
        + OutreachStore
        + OptOutStore
{
}

/// `items` without repeats, in their first order. A client may name an id twice in a bulk
/// delete; it is deleted once and never reported missing (and DynamoDB refuses a key named
/// twice in one BatchGetItem or transaction).
pub(crate) fn distinct<T: Copy + Eq + std::hash::Hash>(items: &[T]) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    items.iter().copied().filter(|item| seen.insert(*item)).collect()
}
