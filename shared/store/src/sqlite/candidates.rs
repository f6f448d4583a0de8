//! What an evaluation reads on SQLite: the live promotions through the partial index
//! `promotions_live` (`live_until`, see `super::rows`), and the codes' promotions by key, in
//! one transaction (so always fresh, whatever the [`Freshness`] asked for).

use async_trait::async_trait;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::rows::{live_until, promotion_row, read_promotion, PROMOTION_COLUMNS};
use super::{backend, SqliteStore};
use crate::candidates::{CandidateStore, Candidates, Freshness};
use crate::error::StoreError;
use domain::evaluation::candidates::Live;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::{CodeText, CouponCode};
use domain::promotion::timestamp::Timestamp;
use domain::promotion::Promotion;

/// Sets `live_until` on every promotion row (once, when a database file from before the column
/// is opened).
pub(super) fn index_live(connection: &Connection) -> Result<(), StoreError> {
    let mut statement = connection.prepare("SELECT store_id, id, body FROM promotions").map_err(backend)?;
    let rows = statement
        .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?, row.get::<_, String>(2)?)))
        .map_err(backend)?;
    for row in rows {
        let (store, id, body) = row.map_err(backend)?;
        let until = live_until(&super::rows::from_json(&body)?).sort_value();
        connection
            .execute("UPDATE promotions SET live_until = ?1 WHERE store_id = ?2 AND id = ?3", params![until, store, id])
            .map_err(backend)?;
    }
    Ok(())
}

/// The store's live promotions whose index value is at least `from`.
fn live(tx: &Transaction, store: &StoreId, from: i64) -> Result<Vec<Promotion>, StoreError> {
    let sql = format!("SELECT {PROMOTION_COLUMNS} FROM promotions p WHERE p.store_id = ?1 AND p.live_until >= ?2");
    let mut statement = tx.prepare(&sql).map_err(backend)?;
    let rows = statement.query_map(params![store.as_str(), from], promotion_row).map_err(backend)?;
    rows.map(|row| row.map_err(backend)?.promotion()).collect()
}

/// The code with this key and its promotion.
fn code(tx: &Transaction, store: &StoreId, key: &str) -> Result<Option<(PromotionId, CouponCode)>, StoreError> {
    let row: Option<(i64, String)> = tx
        .query_row(
            "SELECT promotion_id, body FROM codes WHERE store_id = ?1 AND code_key = ?2",
            params![store.as_str(), key],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .map_err(backend)?;
    row.map(|(promotion, body)| Ok((PromotionId(promotion as u64), serde_json::from_str(&body).map_err(backend)?)))
        .transpose()
}

#[async_trait]
impl CandidateStore for SqliteStore {
    async fn evaluation_candidates(
        &self,
        store: &StoreId,
        codes: &[CodeText],
        at: Timestamp,
        _freshness: Freshness,
    ) -> Result<Candidates, StoreError> {
        let (store, codes) = (store.clone(), codes.to_vec());
        self.transaction(move |tx| {
            let mut promotions = live(tx, &store, Live::floor(at))?;
            let mut found = Vec::with_capacity(codes.len());
            for text in codes {
                let mut code = code(tx, &store, &text.key())?;
                if let Some((id, _)) = &code {
                    if !promotions.iter().any(|p| p.id() == *id) {
                        match read_promotion(tx, &store, *id)? {
                            Some(named) => promotions.push(named.value),
                            None => code = None,
                        }
                    }
                }
                found.push((text, code));
            }
            Ok(Candidates { promotions, codes: found })
        })
        .await
    }
}
