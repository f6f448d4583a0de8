//! Promotions on SQLite: a row per promotion (its JSON and version) and a per-store sequence.

use async_trait::async_trait;
use rusqlite::params;

use super::idempotency::complete_within;
use super::rows::{
    insert_code, live_until, promotion_row, read_promotion, to_json, write_listing_columns, write_promotion,
    PROMOTION_COLUMNS,
};
use super::{backend, SqliteStore};
use crate::error::{Refusal, StoreError, WriteError};
use crate::listing::{IndexPage, IndexQuery};
use crate::{PromotionStore, Respond, Versioned, Window};
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::CouponCode;
use domain::promotion::{Promotion, PromotionFields};

#[async_trait]
impl PromotionStore for SqliteStore {
    async fn create_promotion(
        &self,
        store: &StoreId,
        fields: PromotionFields,
        first_code: Option<CouponCode>,
        respond: Option<Respond<'_>>,
    ) -> Result<Versioned<Promotion>, WriteError> {
        let sequence_store = store.clone();
        // The id first, in a transaction of its own (an id taken by a create that then fails is
        // a gap, never reused): the answer to record with the promotion names it.
        let id: i64 = self
            .transaction(move |tx| {
                tx.query_row(
                    "INSERT INTO sequences (store_id, name, next_value) VALUES (?1, 'promotion', 1)
                     ON CONFLICT (store_id, name) DO UPDATE SET next_value = next_value + 1
                     RETURNING next_value",
                    params![sequence_store.as_str()],
                    |row| row.get(0),
                )
                .map_err(backend)
            })
            .await?;
        let promotion = Promotion::new(PromotionId(id as u64), fields);
        let completion = respond.map(|respond| respond(&Versioned { value: promotion.clone(), version: 1 }));
        let store = store.clone();
        self.transaction(move |tx| {
            if let Some(completion) = &completion {
                complete_within(tx, &store, completion)?;
            }
            if let Some(code) = &first_code {
                insert_code(tx, &store, promotion.id(), code)?;
            }
            let promotion = promotion.with_codes_added(first_code.as_slice());
            tx.execute(
                "INSERT INTO promotions (store_id, id, version, body, live_until) VALUES (?1, ?2, 1, ?3, ?4)",
                params![store.as_str(), id, to_json(&promotion)?, live_until(&promotion).sort_value()],
            )
            .map_err(backend)?;
            write_listing_columns(tx, &store, &promotion)?;
            Ok(Versioned { value: promotion, version: 1 })
        })
        .await
    }

    async fn get_promotion(
        &self,
        store: &StoreId,
        id: PromotionId,
    ) -> Result<Option<Versioned<Promotion>>, StoreError> {
        let store = store.clone();
        self.transaction(move |tx| read_promotion(tx, &store, id)).await
    }

    async fn replace_promotion(
        &self,
        store: &StoreId,
        promotion: &Promotion,
        expected_version: u64,
    ) -> Result<Versioned<Promotion>, WriteError> {
        let (store, promotion) = (store.clone(), promotion.clone());
        self.transaction(move |tx| {
            write_promotion(tx, &store, &promotion, expected_version)?;
            Ok(Versioned { value: promotion, version: expected_version + 1 })
        })
        .await
    }

    async fn delete_promotion(
        &self,
        store: &StoreId,
        id: PromotionId,
        only_at: Option<&[u64]>,
    ) -> Result<(), WriteError> {
        let (store, only_at) = (store.clone(), only_at.map(<[u64]>::to_vec));
        self.transaction(move |tx| {
            if let (Some(versions), Some(current)) = (&only_at, read_promotion(tx, &store, id)?) {
                if !versions.contains(&current.version) {
                    return Err(Refusal::Stale.into());
                }
            }
            tx.execute(
                "DELETE FROM codes WHERE store_id = ?1 AND promotion_id = ?2",
                params![store.as_str(), id.0 as i64],
            )
            .map_err(backend)?;
            tx.execute("DELETE FROM promotions WHERE store_id = ?1 AND id = ?2", params![store.as_str(), id.0 as i64])
                .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn count_promotions(&self, store: &StoreId) -> Result<u64, StoreError> {
        let store = store.clone();
        self.transaction(move |tx| promotion_count(tx, &store)).await
    }

    async fn list_promotions(
        &self,
        store: &StoreId,
        descending: bool,
        window: Option<Window>,
    ) -> Result<(Vec<Promotion>, u64), StoreError> {
        let store = store.clone();
        self.transaction(move |tx| {
            let total = promotion_count(tx, &store)?;
            let order = if descending { "DESC" } else { "ASC" };
            let window = window.unwrap_or(Window { offset: 0, limit: u64::MAX });
            let sql = format!(
                "SELECT {PROMOTION_COLUMNS} FROM promotions p WHERE p.store_id = ?1 ORDER BY p.id {order} LIMIT ?2 OFFSET ?3"
            );
            let mut statement = tx.prepare(&sql).map_err(backend)?;
            let limit = i64::try_from(window.limit).unwrap_or(i64::MAX);
            let offset = i64::try_from(window.offset).unwrap_or(i64::MAX);
            let rows = statement.query_map(params![store.as_str(), limit, offset], promotion_row).map_err(backend)?;
            let mut promotions = Vec::new();
            for row in rows {
                promotions.push(row.map_err(backend)?.promotion()?);
            }
            Ok((promotions, total))
        })
        .await
    }

    async fn list_promotion_index(&self, store: &StoreId, query: &IndexQuery) -> Result<IndexPage, StoreError> {
        self.index_page(store, query).await
    }

    async fn delete_promotions(&self, store: &StoreId, ids: &[PromotionId]) -> Result<Vec<PromotionId>, WriteError> {
        let (store, ids) = (store.clone(), crate::distinct(ids));
        self.transaction(move |tx| {
            let mut refused = Vec::new();
            for id in ids {
                match read_promotion(tx, &store, id)? {
                    Some(found) if found.value.code_count() > 0 => refused.push(id),
                    Some(_) => {
                        tx.execute(
                            "DELETE FROM promotions WHERE store_id = ?1 AND id = ?2",
                            params![store.as_str(), id.0 as i64],
                        )
                        .map_err(backend)?;
                    }
                    None => {}
                }
            }
            Ok(refused)
        })
        .await
    }
}

/// How many promotions the store has.
fn promotion_count(tx: &rusqlite::Transaction, store: &StoreId) -> Result<u64, StoreError> {
    let total: i64 = tx
        .query_row("SELECT COUNT(*) FROM promotions WHERE store_id = ?1", params![store.as_str()], |row| row.get(0))
        .map_err(backend)?;
    Ok(u64::try_from(total).unwrap_or_default())
}
