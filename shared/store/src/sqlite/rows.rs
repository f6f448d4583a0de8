//! The rows that several of the SQLite store's entities write inside one transaction: a
//! promotion (read and written by the promotion and the code methods) and a code row (inserted
//! by a create with a first code and by the code methods).

use rusqlite::{params, OptionalExtension, Transaction};

use super::backend;
use crate::error::{Refusal, StoreError, WriteError};
use crate::stored::StoredPromotion;
use crate::Versioned;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::CouponCode;
use domain::promotion::Promotion;

/// Inserts one code row: [`Refusal::DuplicateCode`] if the store has its text already.
pub(super) fn insert_code(
    tx: &Transaction,
    store: &StoreId,
    promotion: PromotionId,
    code: &CouponCode,
) -> Result<(), WriteError> {
    let body = serde_json::to_string(code).map_err(backend)?;
    let inserted = tx
        .execute(
            "INSERT OR IGNORE INTO codes (store_id, code_key, promotion_id, id, body) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![store.as_str(), code.code.key(), promotion.0 as i64, code.id as i64, body],
        )
        .map_err(backend)?;
    if inserted == 1 {
        Ok(())
    } else {
        Err(WriteError::from(Refusal::DuplicateCode(code.code.as_ref().to_owned())))
    }
}

/// The promotion and its version, inside a transaction.
pub(super) fn read_promotion(
    tx: &Transaction,
    store: &StoreId,
    id: PromotionId,
) -> Result<Option<Versioned<Promotion>>, StoreError> {
    let row: Option<(i64, String)> = tx
        .query_row(
            "SELECT version, body FROM promotions WHERE store_id = ?1 AND id = ?2",
            params![store.as_str(), id.0 as i64],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .map_err(backend)?;
    row.map(|(version, body)| Ok(Versioned { value: from_json(&body)?, version: version as u64 })).transpose()
}

/// Writes the promotion if its version is still `expected_version`, inside a transaction.
pub(super) fn write_promotion(
    tx: &Transaction,
    store: &StoreId,
    promotion: &Promotion,
    expected_version: u64,
) -> Result<(), WriteError> {
    let id = promotion.id().0 as i64;
    let changed = tx
        .execute(
            "UPDATE promotions SET body = ?1, version = version + 1 WHERE store_id = ?2 AND id = ?3 AND version = ?4",
            params![to_json(promotion)?, store.as_str(), id, expected_version as i64],
        )
        .map_err(backend)?;
    if changed == 1 {
        return Ok(());
    }
    let exists = tx
        .query_row("SELECT 1 FROM promotions WHERE store_id = ?1 AND id = ?2", params![store.as_str(), id], |_| Ok(()))
        .optional()
        .map_err(backend)?;
    Err(if exists.is_some() { Refusal::Stale } else { Refusal::Missing }.into())
}

/// A promotion's row body: its stored form as JSON, the rules as a list.
pub(super) fn to_json(promotion: &Promotion) -> Result<String, StoreError> {
    serde_json::to_string(&StoredPromotion::of(promotion, promotion.fields().rules())).map_err(backend)
}

/// The promotion a row body holds.
pub(super) fn from_json(body: &str) -> Result<Promotion, StoreError> {
    let stored: StoredPromotion = serde_json::from_str(body).map_err(backend)?;
    Ok(stored.into_promotion(|rules| rules))
}
