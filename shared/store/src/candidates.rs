//! The read model of an evaluation: the store's live automatic promotions and the coupon
//! promotions a cart's codes name ([`domain::evaluation::candidates`] says why no other
//! promotion can change an answer). Both backends keep an index of the live promotions in step
//! with every promotion write, so what an evaluation reads depends on the live set and the
//! cart, never on how many promotions the store has accumulated.

use async_trait::async_trait;
use domain::evaluation::FoundCode;
use domain::ids::StoreId;
use domain::promotion::code::CodeText;
use domain::promotion::timestamp::Timestamp;
use domain::promotion::Promotion;

use crate::error::StoreError;

/// How fresh a read must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Eventually consistent: typically under a second behind the last write, at half the
    /// capacity units (`/evaluate`, which changes nothing).
    Eventual,
    /// Strongly consistent where DynamoDB allows it (everything but the index of live
    /// promotions): a redemption's codes, named promotions and use counts. A live promotion's
    /// fields come from the index, so a `max_uses` changed within its lag is still the old one
    /// (re-reading each live item strongly would cost a read unit per live promotion).
    Strong,
}

/// What [`CandidateStore::evaluation_candidates`] found.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    /// The live automatic promotions (those that have not ended at the time asked for) and the
    /// promotions the codes name, each once. `current_uses` is exact for every promotion with a
    /// `max_uses` (the only ones whose evaluation reads it), read from the counter redemptions'
    /// writes are conditional on; for the others it may count less than the promotion's uses.
    pub promotions: Vec<Promotion>,
    /// Each code asked for, in the order asked, with its promotion; `None` for a code the store
    /// does not have, or whose promotion is gone.
    pub codes: Vec<FoundCode>,
}

/// The promotions an evaluation reads.
#[async_trait]
pub trait CandidateStore: Send + Sync {
    /// The store's enabled automatic promotions that have not ended at `at` (some that ended
    /// within `at`'s millisecond may come too), and the promotions of the store's `codes`.
    /// The live set is read from an index that follows writes with eventual consistency on
    /// DynamoDB whatever `freshness` says; codes, named promotions and counts follow it.
    async fn evaluation_candidates(
        &self,
        store: &StoreId,
        codes: &[CodeText],
        at: Timestamp,
        freshness: Freshness,
    ) -> Result<Candidates, StoreError>;
}
