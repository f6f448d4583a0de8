//! Redemptions on SQLite: each method is one transaction, so the checks of every limit and the
//! writes that take the uses see the same data (SQLite runs one writer at a time).
//!
//! Counts live in `uses` rows (`P#<promotion>`, and per customer `CP#<customer>#<promotion>` and
//! `CC#<customer>#<CODE>`); a code's own count is in its row's body, as the codes endpoints show
//! it. `promotion_redemptions` lists a promotion's redemptions.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{backend, SqliteStore};
use crate::error::{Refusal, StoreError, WriteError};
use crate::{Redeemed, RedemptionPage, RedemptionStore};
use domain::evaluation::CustomerUses;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::CouponCode;
use domain::redemption::{Counted, CustomerKey, Redemption, RedemptionId, RedemptionStatus};

fn promotion_subject(id: PromotionId) -> String {
    format!("P#{}", id.0)
}

fn customer_promotion_subject(customer: &CustomerKey, id: PromotionId) -> String {
    format!("CP#{}#{}", customer.as_str(), id.0)
}

fn customer_code_subject(customer: &CustomerKey, key: &str) -> String {
    format!("CC#{}#{key}", customer.as_str())
}

fn count(tx: &Transaction, store: &StoreId, subject: &str) -> Result<u64, StoreError> {
    let found: Option<i64> = tx
        .query_row(
            "SELECT count FROM uses WHERE store_id = ?1 AND subject = ?2",
            params![store.as_str(), subject],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?;
    Ok(found.map_or(0, |n| u64::try_from(n).unwrap_or(0)))
}

fn add(tx: &Transaction, store: &StoreId, subject: &str, delta: i64) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO uses (store_id, subject, count) VALUES (?1, ?2, max(?3, 0))
         ON CONFLICT (store_id, subject) DO UPDATE SET count = max(count + ?3, 0)",
        params![store.as_str(), subject, delta],
    )
    .map_err(backend)?;
    Ok(())
}

fn code(tx: &Transaction, store: &StoreId, key: &str) -> Result<Option<CouponCode>, StoreError> {
    let body: Option<String> = tx
        .query_row("SELECT body FROM codes WHERE store_id = ?1 AND code_key = ?2", params![store.as_str(), key], |r| {
            r.get(0)
        })
        .optional()
        .map_err(backend)?;
    body.map(|body| serde_json::from_str(&body).map_err(backend)).transpose()
}

fn add_code_use(tx: &Transaction, store: &StoreId, key: &str, delta: i64) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE codes SET body = json_set(body, '$.current_uses', max(json_extract(body, '$.current_uses') + ?3, 0))
         WHERE store_id = ?1 AND code_key = ?2",
        params![store.as_str(), key, delta],
    )
    .map_err(backend)?;
    Ok(())
}

fn read(tx: &Transaction, store: &StoreId, id: RedemptionId) -> Result<Option<Redemption>, StoreError> {
    let body: Option<String> = tx
        .query_row(
            "SELECT body FROM redemptions WHERE store_id = ?1 AND id = ?2",
            params![store.as_str(), id.0 as i64],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?;
    body.map(|body| serde_json::from_str(&body).map_err(backend)).transpose()
}

fn write_status(tx: &Transaction, store: &StoreId, redemption: &Redemption) -> Result<(), StoreError> {
    let body = serde_json::to_string(redemption).map_err(backend)?;
    tx.execute(
        "UPDATE redemptions SET status = ?3, body = ?4 WHERE store_id = ?1 AND id = ?2",
        params![store.as_str(), redemption.id.0 as i64, redemption.status.as_str(), body],
    )
    .map_err(backend)?;
    Ok(())
}

/// True when every limit has room for one more use of this redemption.
fn has_room(tx: &Transaction, store: &StoreId, counted: &Counted) -> Result<bool, StoreError> {
    let customer = counted.redemption.customer_key.as_ref();
    for (id, max_uses, per_customer) in &counted.limits.promotions {
        if let Some(max) = max_uses {
            // The limit as the promotion holds it now: one changed since the evaluation read it
            // sends the cart back to be evaluated again, as on DynamoDB.
            let current = super::rows::read_promotion(tx, store, *id)?;
            if current.and_then(|p| p.value.fields().max_uses()) != Some(*max) {
                return Ok(false);
            }
            if count(tx, store, &promotion_subject(*id))? >= *max {
                return Ok(false);
            }
        }
        if let (Some(customer), Some(max)) = (customer, per_customer) {
            if count(tx, store, &customer_promotion_subject(customer, *id))? >= *max {
                return Ok(false);
            }
        }
    }
    for (_, used) in counted.redemption.code_keys() {
        let key = used.key();
        let Some(code) = code(tx, store, &key)?.filter(|code| code.id == used.id) else {
            return Ok(false);
        };
        if code.max_uses > 0 && code.current_uses >= u64::from(code.max_uses) {
            return Ok(false);
        }
        if let (Some(customer), true) = (customer, code.max_uses_per_customer > 0) {
            if count(tx, store, &customer_code_subject(customer, &key))? >= u64::from(code.max_uses_per_customer) {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// Takes (`delta` 1) or gives back (`delta` -1) every use of the redemption.
fn move_uses(
    tx: &Transaction,
    store: &StoreId,
    redemption: &Redemption,
    delta: i64,
    reuse_single_use_codes: bool,
) -> Result<(), StoreError> {
    let customer = redemption.customer_key.as_ref();
    for promotion in &redemption.promotions {
        add(tx, store, &promotion_subject(promotion.id), delta)?;
        if let Some(customer) = customer {
            add(tx, store, &customer_promotion_subject(customer, promotion.id), delta)?;
        }
    }
    for (_, used) in redemption.code_keys() {
        let key = used.key();
        if let Some(customer) = customer {
            add(tx, store, &customer_code_subject(customer, &key), delta)?;
        }
        if code(tx, store, &key)?.filter(|code| code.id == used.id).is_none() {
            continue;
        }
        if delta < 0 && used.single_use && !reuse_single_use_codes {
            continue;
        }
        add_code_use(tx, store, &key, delta)?;
    }
    Ok(())
}

#[async_trait]
impl RedemptionStore for SqliteStore {
    async fn redeem(&self, store: &StoreId, counted: &Counted, fingerprint: &str) -> Result<Redeemed, WriteError> {
        let (store, counted, fingerprint) = (store.clone(), counted.clone(), fingerprint.to_owned());
        self.transaction(move |tx| {
            let redemption = &counted.redemption;
            let existing: Option<(String, String)> = tx
                .query_row(
                    "SELECT fingerprint, body FROM redemptions WHERE store_id = ?1 AND order_id = ?2",
                    params![store.as_str(), redemption.order_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(backend)?;
            if let Some((stored_fingerprint, body)) = existing {
                let found = serde_json::from_str(&body).map_err(backend)?;
                return Ok(Redeemed::Existing { redemption: found, same_request: stored_fingerprint == fingerprint });
            }
            if !has_room(tx, &store, &counted)? {
                return Ok(Redeemed::TryAgain);
            }
            let body = serde_json::to_string(redemption).map_err(backend)?;
            let until = redemption.hold_expires_at.map(|at| at.as_datetime().timestamp_millis());
            let inserted = tx
                .execute(
                    "INSERT OR IGNORE INTO redemptions (store_id, id, order_id, fingerprint, status, hold_expires_at, body)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        store.as_str(),
                        redemption.id.0 as i64,
                        redemption.order_id,
                        fingerprint,
                        redemption.status.as_str(),
                        until,
                        body
                    ],
                )
                .map_err(backend)?;
            if inserted != 1 {
                return Err(WriteError::from(Refusal::AlreadyExists));
            }
            for promotion in &redemption.promotions {
                tx.execute(
                    "INSERT OR IGNORE INTO promotion_redemptions (store_id, promotion_id, redemption_id) VALUES (?1, ?2, ?3)",
                    params![store.as_str(), promotion.id.0 as i64, redemption.id.0 as i64],
                )
                .map_err(backend)?;
            }
            move_uses(tx, &store, redemption, 1, true)?;
            Ok(Redeemed::Created(redemption.clone()))
        })
        .await
    }

    async fn get_redemption(&self, store: &StoreId, id: RedemptionId) -> Result<Option<Redemption>, StoreError> {
        let store = store.clone();
        self.transaction(move |tx| read(tx, &store, id)).await
    }

    async fn list_redemptions(
        &self,
        store: &StoreId,
        promotion: PromotionId,
        status: Option<RedemptionStatus>,
        page: RedemptionPage,
    ) -> Result<Vec<Redemption>, StoreError> {
        let store = store.clone();
        self.transaction(move |tx| {
            let mut statement = tx
                .prepare(
                    "SELECT r.body FROM promotion_redemptions pr
                     JOIN redemptions r ON r.store_id = pr.store_id AND r.id = pr.redemption_id
                     WHERE pr.store_id = ?1 AND pr.promotion_id = ?2 AND pr.redemption_id < ?3
                       AND (?4 IS NULL OR r.status = ?4)
                     ORDER BY pr.redemption_id DESC LIMIT ?5",
                )
                .map_err(backend)?;
            let before = page.before.map_or(i64::MAX, |id| id.0 as i64);
            let limit = i64::try_from(page.limit).unwrap_or(i64::MAX);
            let status = status.map(RedemptionStatus::as_str);
            let rows = statement
                .query_map(params![store.as_str(), promotion.0 as i64, before, status, limit], |r| {
                    r.get::<_, String>(0)
                })
                .map_err(backend)?;
            let mut found = Vec::new();
            for body in rows {
                found.push(serde_json::from_str(&body.map_err(backend)?).map_err(backend)?);
            }
            Ok(found)
        })
        .await
    }

    async fn confirm_redemption(
        &self,
        store: &StoreId,
        id: RedemptionId,
        now: DateTime<Utc>,
    ) -> Result<Option<Redemption>, WriteError> {
        let store = store.clone();
        self.transaction(move |tx| {
            let Some(redemption) = read(tx, &store, id)? else { return Ok(None) };
            match redemption.status {
                RedemptionStatus::Confirmed => Ok(Some(redemption)),
                RedemptionStatus::Held if !redemption.hold_ended(now) => {
                    let confirmed = redemption.confirmed(now);
                    write_status(tx, &store, &confirmed)?;
                    Ok(Some(confirmed))
                }
                RedemptionStatus::Held => Err(Refusal::NotHeld(RedemptionStatus::Expired).into()),
                other => Err(Refusal::NotHeld(other).into()),
            }
        })
        .await
    }

    async fn rollback_redemption(
        &self,
        store: &StoreId,
        id: RedemptionId,
        reuse_single_use_codes: bool,
        now: DateTime<Utc>,
    ) -> Result<Option<Redemption>, WriteError> {
        let store = store.clone();
        self.transaction(move |tx| {
            let Some(redemption) = read(tx, &store, id)? else { return Ok(None) };
            if !redemption.status.counts() {
                return Ok(Some(redemption));
            }
            move_uses(tx, &store, &redemption, -1, reuse_single_use_codes)?;
            let rolled_back = redemption.rolled_back(now);
            write_status(tx, &store, &rolled_back)?;
            Ok(Some(rolled_back))
        })
        .await
    }

    async fn release_expired_holds(&self, now: DateTime<Utc>, limit: usize) -> Result<usize, StoreError> {
        self.transaction(move |tx| {
            let due: Vec<(String, String)> = {
                let mut statement = tx
                    .prepare(
                        "SELECT store_id, body FROM redemptions
                         WHERE status = 'HELD' AND hold_expires_at <= ?1 ORDER BY hold_expires_at LIMIT ?2",
                    )
                    .map_err(backend)?;
                let rows = statement
                    .query_map(params![now.timestamp_millis(), i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .map_err(backend)?;
                rows.collect::<Result<_, _>>().map_err(backend)?
            };
            for (store, body) in &due {
                let store = StoreId::parse(store).ok_or_else(|| StoreError::Backend("a stored store id".into()))?;
                let redemption: Redemption = serde_json::from_str(body).map_err(backend)?;
                move_uses(tx, &store, &redemption, -1, true)?;
                write_status(tx, &store, &redemption.expired(now))?;
            }
            Ok(due.len())
        })
        .await
    }

    async fn customer_uses(
        &self,
        store: &StoreId,
        customer: &CustomerKey,
        promotions: &[PromotionId],
        codes: &[String],
    ) -> Result<CustomerUses, StoreError> {
        let (store, customer, promotions, codes) =
            (store.clone(), customer.clone(), promotions.to_vec(), codes.to_vec());
        self.transaction(move |tx| {
            let mut by_promotion = std::collections::HashMap::new();
            for id in promotions {
                by_promotion.insert(id, count(tx, &store, &customer_promotion_subject(&customer, id))?);
            }
            let mut by_code = std::collections::HashMap::new();
            for key in codes {
                let used = count(tx, &store, &customer_code_subject(&customer, &key))?;
                by_code.insert(key, used);
            }
            Ok(CustomerUses::identified(by_promotion, by_code))
        })
        .await
    }
}
