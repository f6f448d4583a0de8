//! Coupon codes on SQLite: a row per code, keyed by its upper-case text within the store, so
//! the primary key itself refuses a duplicate. Deleting a promotion deletes its codes in the
//! same transaction (one indexed DELETE), so a purge here finds nothing left to do.

use async_trait::async_trait;
use rusqlite::{params, OptionalExtension};

use super::idempotency::complete_within;
use super::rows::{insert_code, read_promotion, write_promotion};
use super::{backend, SqliteStore};
use crate::error::{Refusal, StoreError, WriteError};
use crate::idempotency::Completion;
use crate::{CodePage, CodeStore};
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::{CodeText, CouponCode};

#[async_trait]
impl CodeStore for SqliteStore {
    async fn add_codes(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        codes: Vec<CouponCode>,
        max_codes: Option<u64>,
        completion: Option<&Completion>,
    ) -> Result<(), WriteError> {
        let (store, completion) = (store.clone(), completion.cloned());
        self.transaction(move |tx| {
            if let Some(completion) = &completion {
                complete_within(tx, &store, completion)?;
            }
            let current = read_promotion(tx, &store, promotion)?.ok_or(Refusal::Missing)?;
            // As on DynamoDB, only a code added under a limit (a SINGLE coupon's) becomes the
            // promotion's `code`; the others are counted.
            let updated = match max_codes {
                Some(_) => current.value.with_codes_added(&codes),
                None => current.value.with_counted_codes(codes.len() as u64),
            };
            if max_codes.is_some_and(|max| updated.code_count() > max) {
                return Err(Refusal::CodeLimitReached.into());
            }
            let mut taken = Vec::new();
            for code in &codes {
                match insert_code(tx, &store, promotion, code) {
                    Err(WriteError::Refused(Refusal::DuplicateCode(text))) => taken.extend(text),
                    other => other?,
                }
            }
            if !taken.is_empty() {
                return Err(Refusal::DuplicateCode(taken).into());
            }
            write_promotion(tx, &store, &updated, current.version)
        })
        .await
    }

    async fn list_codes(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        page: CodePage,
    ) -> Result<Vec<CouponCode>, StoreError> {
        let store = store.clone();
        self.transaction(move |tx| {
            let limit = i64::try_from(page.limit).unwrap_or(i64::MAX);
            let (bound, sql) = match (page.after, page.before) {
                (_, Some(before)) => (before, "SELECT body FROM (SELECT id, body FROM codes WHERE store_id = ?1 AND promotion_id = ?2 AND id < ?3 ORDER BY id DESC LIMIT ?4) ORDER BY id"),
                (after, None) => (after.unwrap_or(0), "SELECT body FROM codes WHERE store_id = ?1 AND promotion_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"),
            };
            let mut statement = tx.prepare(sql).map_err(backend)?;
            let rows = statement
                .query_map(params![store.as_str(), promotion.0 as i64, bound as i64, limit], |row| row.get::<_, String>(0))
                .map_err(backend)?;
            rows.map(|body| serde_json::from_str(&body.map_err(backend)?).map_err(backend)).collect()
        })
        .await
    }

    async fn find_code(
        &self,
        store: &StoreId,
        code: &CodeText,
    ) -> Result<Option<(PromotionId, CouponCode)>, StoreError> {
        let (store, key) = (store.clone(), code.key());
        self.transaction(move |tx| {
            let row: Option<(i64, String)> = tx
                .query_row(
                    "SELECT promotion_id, body FROM codes WHERE store_id = ?1 AND code_key = ?2",
                    params![store.as_str(), key],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()
                .map_err(backend)?;
            row.map(|(promotion, body)| {
                Ok((PromotionId(promotion as u64), serde_json::from_str(&body).map_err(backend)?))
            })
            .transpose()
        })
        .await
    }

    async fn delete_codes(&self, store: &StoreId, promotion: PromotionId, ids: &[u64]) -> Result<Vec<u64>, WriteError> {
        let (store, ids) = (store.clone(), crate::distinct(ids));
        self.transaction(move |tx| {
            let Some(current) = read_promotion(tx, &store, promotion)? else { return Ok(ids) };
            let mut updated = current.value;
            let mut missing = Vec::new();
            for id in ids {
                let deleted = tx
                    .execute(
                        "DELETE FROM codes WHERE store_id = ?1 AND promotion_id = ?2 AND id = ?3",
                        params![store.as_str(), promotion.0 as i64, id as i64],
                    )
                    .map_err(backend)?;
                if deleted == 0 {
                    missing.push(id);
                    continue;
                }
                updated = updated.with_code_removed(id);
            }
            write_promotion(tx, &store, &updated, current.version)?;
            Ok(missing)
        })
        .await
    }

    async fn purge_codes(&self, store: &StoreId, promotion: PromotionId, limit: usize) -> Result<bool, StoreError> {
        let store = store.clone();
        let limit = i64::try_from(limit.max(1)).unwrap_or(i64::MAX);
        self.transaction(move |tx| {
            let removed = tx
                .execute(
                    "DELETE FROM codes WHERE rowid IN (SELECT c.rowid FROM codes c
                       WHERE c.store_id = ?1 AND c.promotion_id = ?2
                         AND NOT EXISTS (SELECT 1 FROM promotions p WHERE p.store_id = ?1 AND p.id = ?2)
                       LIMIT ?3)",
                    params![store.as_str(), promotion.0 as i64, limit],
                )
                .map_err(backend)?;
            Ok(i64::try_from(removed).unwrap_or(i64::MAX) < limit)
        })
        .await
    }
}
