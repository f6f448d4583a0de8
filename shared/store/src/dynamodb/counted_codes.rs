//! Codes added without a limit (codegen, a bulk promotion's code, the marketing runtime's), in
//! transactions side by side that never rewrite the promotion item.
//!
//! A promotion's generated codes are counted in [`keys::CODE_COUNT_SHARDS`] counters
//! (`USES#<promotion>#N<shard>`, read with its use counters in one Query), each holding
//! `code_count` and `changes` (how many writes moved it, which the promotion's version adds up,
//! so that every code change still moves its `ETag`). A batch of [`CODES_PER_TRANSACTION`] codes
//! is one transaction with one counter; a codegen's batches take consecutive counters from a
//! random start, so they never hold the same item and run side by side: all but the last at once,
//! then the last, which also checks that the promotion still exists and carries the
//! `Idempotency-Key` record, so that the answer is only ever recorded for codes that all stand.
//! 250 codes are two round trips of 7 and 1 transactions. When codegens of one promotion run side
//! by side, more batches are in flight than there are counters: a batch that meets another on
//! its counter moves to another counter and is sent again.
//!
//! All or nothing as before: when a batch is refused, the batches written are deleted again (and
//! when the promotion was deleted meanwhile, they are purged, which needs no promotion).

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem};
use futures::future::join_all;

use super::codes::CODES_PER_TRANSACTION;
use super::transact::{backoff, number};
use super::DynamoStore;
use crate::error::{Refusal, StoreError, WriteError};
use crate::idempotency::Completion;
use crate::{keys, CodeStore};
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::CouponCode;

impl DynamoStore {
    /// The update that moves one of the promotion's code counters by `delta` codes.
    pub fn count_codes(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        shard: u8,
        delta: i64,
    ) -> Result<TransactWriteItem, StoreError> {
        let values = HashMap::from([
            (":delta".to_owned(), number(delta)),
            (":one".to_owned(), number(1)),
            (":entity".to_owned(), AttributeValue::S(keys::USES_ENTITY.into())),
        ]);
        let key = Self::key(store, keys::promotion_code_count_sk(promotion, shard));
        self.update(key, "ADD code_count :delta, changes :one SET entity_type = :entity", None, vec![], values)
    }

    /// Adds `codes` to the promotion without a limit: all or none (see the module).
    pub(super) async fn add_counted(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        codes: &[CouponCode],
        completion: Option<&Completion>,
    ) -> Result<(), WriteError> {
        let batches: Vec<&[CouponCode]> = codes.chunks(CODES_PER_TRANSACTION).collect();
        let Some((last, earlier)) = batches.split_last() else { return Ok(()) };
        let start = random_shard();
        let shard = |i: usize| ((usize::from(start) + i) % usize::from(keys::CODE_COUNT_SHARDS)) as u8;
        let first_round = earlier
            .iter()
            .enumerate()
            .map(|(i, batch)| self.add_counted_batch(store, promotion, batch, shard(i), None));
        let mut written: Vec<u64> = Vec::new();
        let mut errors: Vec<WriteError> = Vec::new();
        for (batch, result) in earlier.iter().zip(join_all(first_round).await) {
            match result {
                Ok(()) => written.extend(batch.iter().map(|c| c.id)),
                Err(error) => errors.push(error),
            }
        }
        if errors.is_empty() {
            let checked = Some(completion);
            match self.add_counted_batch(store, promotion, last, shard(earlier.len()), checked).await {
                Ok(()) => return Ok(()),
                Err(error) => errors.push(error),
            }
        } else if errors.iter().any(|e| matches!(e, WriteError::Refused(Refusal::DuplicateCode(_)))) {
            // A refusal names every taken code, also the untried last batch's, so that a caller
            // drawing random codes replaces them all in one go.
            let taken = self.taken_texts(store, last).await?;
            if !taken.is_empty() {
                errors.push(Refusal::DuplicateCode(taken).into());
            }
        }
        self.take_back(store, promotion, &written, &errors).await?;
        Err(merged(errors))
    }

    /// Adds one batch counted in `shard`, in one transaction; with `checked`, on the condition
    /// that the promotion exists, and with the `Idempotency-Key` record if there is one.
    ///
    /// A transaction cancelled because another one held its counter (more batches in flight than
    /// counters, when codegens of one promotion run side by side) decided nothing: it is sent
    /// again on another counter after a random pause, up to [`BATCH_ATTEMPTS`] times in all,
    /// then reported as unavailable.
    async fn add_counted_batch(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        codes: &[CouponCode],
        mut shard: u8,
        checked: Option<Option<&Completion>>,
    ) -> Result<(), WriteError> {
        for attempt in 0..BATCH_ATTEMPTS {
            if attempt > 0 {
                tokio::time::sleep(backoff(attempt - 1)).await;
                shard = other_shard(shard);
            }
            match self.try_counted_batch(store, promotion, codes, shard, checked).await? {
                Attempt::Decided(outcome) => return outcome,
                Attempt::Conflicted => continue,
            }
        }
        Err(StoreError::Unavailable("the codes' counters kept conflicting with other transactions".into()).into())
    }

    /// One attempt of [`Self::add_counted_batch`].
    async fn try_counted_batch(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        codes: &[CouponCode],
        shard: u8,
        checked: Option<Option<&Completion>>,
    ) -> Result<Attempt, StoreError> {
        let mut items = Vec::with_capacity(3 * codes.len() + 3);
        for code in codes {
            items.extend(self.code_puts(store, promotion, code, Some(shard))?);
        }
        items.push(self.count_codes(store, promotion, shard, codes.len() as i64)?);
        let check_at = items.len();
        if checked.is_some() {
            items.push(self.condition_check(Self::key(store, keys::promotion_sk(promotion)), "attribute_exists(PK)")?);
        }
        let completion_at = items.len();
        if let Some(Some(completion)) = checked {
            items.push(self.completion_put(store, completion)?);
        }
        let cancelled = match self.transact_once(items).await? {
            Ok(()) => return Ok(Attempt::Decided(Ok(()))),
            Err(cancelled) if cancelled.conflicted() => return Ok(Attempt::Conflicted),
            Err(cancelled) => cancelled,
        };
        if checked.is_some() && cancelled.failed(completion_at) {
            return Ok(Attempt::Decided(Err(Refusal::ClaimLost.into())));
        }
        if checked.is_some() && cancelled.failed(check_at) {
            return Ok(Attempt::Decided(Err(Refusal::Missing.into())));
        }
        let taken: Vec<String> =
            (0..codes.len()).filter(|i| cancelled.failed(3 * i)).map(|i| codes[i].code.as_ref().to_owned()).collect();
        let id_taken = (0..codes.len()).any(|i| cancelled.failed(3 * i + 1) || cancelled.failed(3 * i + 2));
        Ok(Attempt::Decided(match (taken.is_empty(), id_taken) {
            (false, _) => Err(Refusal::DuplicateCode(taken).into()),
            (true, true) => Err(Refusal::IdTaken.into()),
            (true, false) => Err(Refusal::Contended.into()),
        }))
    }

    /// Deletes the codes a refused add wrote: through the promotion, or, when it is gone, by a
    /// purge (which a deleted promotion's codes need).
    async fn take_back(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        written: &[u64],
        errors: &[WriteError],
    ) -> Result<(), StoreError> {
        if written.is_empty() {
            return Ok(());
        }
        if errors.iter().any(|e| matches!(e, WriteError::Refused(Refusal::Missing))) {
            while !self.purge(store, promotion, CODES_PER_TRANSACTION * 8).await? {}
            return Ok(());
        }
        match self.delete_codes(store, promotion, written).await {
            Ok(_) => Ok(()),
            Err(WriteError::Store(error)) => Err(error),
            Err(WriteError::Refused(refusal)) => {
                Err(StoreError::Backend(format!("taking codes back: {refusal:?}").into()))
            }
        }
    }
}

/// What one attempt to write a batch came to.
enum Attempt {
    /// Written, or refused for a reason that another attempt would meet again.
    Decided(Result<(), WriteError>),
    /// Another transaction in flight held one of its items: nothing was decided.
    Conflicted,
}

/// One error for a refused add: every taken code if some were, else the first error.
fn merged(errors: Vec<WriteError>) -> WriteError {
    let mut taken = Vec::new();
    for error in &errors {
        if let WriteError::Refused(Refusal::DuplicateCode(texts)) = error {
            taken.extend(texts.iter().cloned());
        }
    }
    if !taken.is_empty() {
        return Refusal::DuplicateCode(taken).into();
    }
    errors.into_iter().next().unwrap_or(WriteError::Refused(Refusal::Contended))
}

/// How often one batch is sent in all when other transactions keep holding its counter: with
/// [`backoff`]'s pauses, about a second of waiting at most before the codegen answers 503.
const BATCH_ATTEMPTS: usize = 9;

/// A counter to start from, at random (so that two codegens of one promotion seldom meet).
fn random_shard() -> u8 {
    let mut random = [0u8; 1];
    getrandom::fill(&mut random).map_or(0, |()| random[0] % keys::CODE_COUNT_SHARDS)
}

/// Another counter than `shard`, at random: the one a conflicted batch tries next.
fn other_shard(shard: u8) -> u8 {
    let step = 1 + random_shard() % (keys::CODE_COUNT_SHARDS - 1);
    (shard + step) % keys::CODE_COUNT_SHARDS
}
