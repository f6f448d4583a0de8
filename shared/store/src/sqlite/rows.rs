//! The rows that several of the SQLite store's entities write inside one transaction: a
//! promotion (read and written by the promotion and the code methods, with its listing's index
//! columns) and a code row (inserted by a create with a first code and by the code methods). A
//! promotion row's `live_until` is the index value of `domain::evaluation::candidates::Live`
//! (NULL when it is not live), set by every write of its body.

use rusqlite::{params, OptionalExtension, Transaction};

use super::backend;
use crate::error::{Refusal, StoreError, WriteError};
use crate::stored::StoredPromotion;
use crate::{keys, Versioned};
pub(super) use domain::evaluation::candidates::live_until;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::CouponCode;
use domain::promotion::listing::Facet;
use domain::promotion::Promotion;

/// Inserts one code row: [`Refusal::DuplicateCode`] if the store has its text already,
/// [`Refusal::IdTaken`] if the store ever handed out its id (a code's id is kept in `code_ids`
/// after the code is deleted, so it is never handed out twice).
pub(super) fn insert_code(
    tx: &Transaction,
    store: &StoreId,
    promotion: PromotionId,
    code: &CouponCode,
) -> Result<(), WriteError> {
    let body = serde_json::to_string(code).map_err(backend)?;
    let text_inserted = tx
        .execute(
            "INSERT OR IGNORE INTO codes (store_id, code_key, promotion_id, id, body) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![store.as_str(), code.code.key(), promotion.0 as i64, code.id as i64, body],
        )
        .map_err(backend)?;
    let text_taken = text_inserted == 0
        && tx
            .query_row(
                "SELECT 1 FROM codes WHERE store_id = ?1 AND code_key = ?2",
                params![store.as_str(), code.code.key()],
                |_| Ok(()),
            )
            .optional()
            .map_err(backend)?
            .is_some();
    if text_taken {
        return Err(Refusal::DuplicateCode(vec![code.code.as_ref().to_owned()]).into());
    }
    let id_inserted = tx
        .execute(
            "INSERT OR IGNORE INTO code_ids (store_id, id) VALUES (?1, ?2)",
            params![store.as_str(), code.id as i64],
        )
        .map_err(backend)?;
    match (text_inserted, id_inserted) {
        (1, 1) => Ok(()),
        _ => Err(Refusal::IdTaken.into()),
    }
}

/// The promotion and its version, inside a transaction.
pub(super) fn read_promotion(
    tx: &Transaction,
    store: &StoreId,
    id: PromotionId,
) -> Result<Option<Versioned<Promotion>>, StoreError> {
    let sql = format!("SELECT {PROMOTION_COLUMNS} FROM promotions p WHERE p.store_id = ?1 AND p.id = ?2");
    let row = tx.query_row(&sql, params![store.as_str(), id.0 as i64], promotion_row).optional().map_err(backend)?;
    row.map(|row| Ok(Versioned { value: row.promotion()?, version: row.version as u64 })).transpose()
}

/// The columns [`promotion_row`] reads from `promotions p`: its version and body, its counted
/// uses (the `uses` row, see `redemptions`) and those of its SINGLE code (the code's row).
pub(super) const PROMOTION_COLUMNS: &str = "p.version, p.body,
    COALESCE((SELECT u.count FROM uses u WHERE u.store_id = p.store_id AND u.subject = 'P#' || p.id), 0),
    (SELECT json_extract(c.body, '$.current_uses') FROM codes c
      WHERE c.store_id = p.store_id AND c.code_key = upper(json_extract(p.body, '$.code.code')))";

/// One row of [`PROMOTION_COLUMNS`].
pub(super) struct PromotionRow {
    version: i64,
    body: String,
    uses: i64,
    code_uses: Option<i64>,
}

pub(super) fn promotion_row(row: &rusqlite::Row) -> rusqlite::Result<PromotionRow> {
    Ok(PromotionRow { version: row.get(0)?, body: row.get(1)?, uses: row.get(2)?, code_uses: row.get(3)? })
}

impl PromotionRow {
    /// The promotion with its counted uses.
    pub(super) fn promotion(&self) -> Result<Promotion, StoreError> {
        let counted = |n: i64| u64::try_from(n).unwrap_or(0);
        Ok(from_json(&self.body)?.with_counted_uses(counted(self.uses), self.code_uses.map(counted)))
    }
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
            "UPDATE promotions SET body = ?1, version = version + 1, live_until = ?5
             WHERE store_id = ?2 AND id = ?3 AND version = ?4",
            params![
                to_json(promotion)?,
                store.as_str(),
                id,
                expected_version as i64,
                live_until(promotion).sort_value()
            ],
        )
        .map_err(backend)?;
    if changed == 1 {
        return Ok(write_listing_columns(tx, store, promotion)?);
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

/// The listing's index columns of `promotion`'s row, in the order `list_facet`, `list_name`,
/// `list_start`, `list_sk` (its place in id order).
pub(super) fn listing_columns(store: &StoreId, promotion: &Promotion) -> [String; 4] {
    let fields = promotion.fields();
    let facet = Facet { status: fields.status(), redemption_type: fields.redemption_type() };
    [
        keys::listing_facet(store, facet),
        keys::listing_name(fields.name().as_ref(), promotion.id()),
        keys::listing_start(fields.start_date(), promotion.id()),
        keys::promotion_sk(promotion.id()),
    ]
}

/// Writes the index columns of `promotion`'s row.
pub(super) fn write_listing_columns(
    tx: &Transaction,
    store: &StoreId,
    promotion: &Promotion,
) -> Result<(), StoreError> {
    let [facet, name, start, sk] = listing_columns(store, promotion);
    tx.execute(
        "UPDATE promotions SET list_facet = ?1, list_name = ?2, list_start = ?3, list_sk = ?4
         WHERE store_id = ?5 AND id = ?6",
        params![facet, name, start, sk, store.as_str(), promotion.id().0 as i64],
    )
    .map_err(backend)?;
    Ok(())
}
