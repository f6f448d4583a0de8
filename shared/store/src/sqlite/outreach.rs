//! The marketing runtime on SQLite: a row per delivery (its due time a column with a partial
//! index, the embedded form of the due-time entries), a row per counter, and the coupon
//! promotion records beside the promotion settings.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{backend, SqliteStore};
use crate::error::StoreError;
use crate::keys::outreach as keys;
use crate::outreach::{Count, Counter, CouponPromotion, Due, Written};
use crate::{OutreachStore, Versioned};
use domain::ids::StoreId;
use domain::marketing::ConfigKind;
use domain::outreach::text::Ref;
use domain::outreach::Delivery;

/// The tables, created with the rest of the schema.
pub(super) const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS deliveries (
        store_id TEXT    NOT NULL,
        sk       TEXT    NOT NULL,
        version  INTEGER NOT NULL,
        due_at   INTEGER,
        body     TEXT    NOT NULL,
        PRIMARY KEY (store_id, sk)
    );
    CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (due_at) WHERE due_at IS NOT NULL;
    CREATE TABLE IF NOT EXISTS marketing_counters (
        store_id TEXT    NOT NULL,
        name     TEXT    NOT NULL,
        count    INTEGER NOT NULL,
        total    INTEGER NOT NULL,
        PRIMARY KEY (store_id, name)
    );
";

#[async_trait]
impl OutreachStore for SqliteStore {
    async fn get_delivery(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        subject: &Ref,
    ) -> Result<Option<Versioned<Delivery>>, StoreError> {
        let (store, sk) = (store.clone(), keys::delivery_sk(kind, subject));
        self.transaction(move |tx| read(tx, &store, &sk)).await
    }

    async fn put_delivery(
        &self,
        store: &StoreId,
        previous: Option<&Versioned<Delivery>>,
        next: &Delivery,
        counts: &[Count],
    ) -> Result<Written, StoreError> {
        let (store, counts) = (store.clone(), counts.to_vec());
        let sk = keys::delivery_sk(next.kind, &next.subject);
        let expected = previous.map_or(0, |p| p.version);
        let body = serde_json::to_string(next).map_err(backend)?;
        let due = next.due_at.map(|at| at.timestamp_millis());
        self.transaction(move |tx| {
            if read(tx, &store, &sk)?.map_or(0, |d| d.version) != expected {
                return Ok(Written::Stale);
            }
            for (index, count) in counts.iter().enumerate() {
                let current = counter(tx, &store, &count.name)?.map_or(0, |c| c.count);
                if count.at_most.is_some_and(|limit| current + count.count > limit) {
                    return Ok(Written::Full(index));
                }
            }
            for count in &counts {
                tx.execute(
                    "INSERT INTO marketing_counters (store_id, name, count, total) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (store_id, name) DO UPDATE
                     SET count = count + excluded.count, total = total + excluded.total",
                    params![store.as_str(), count.name, count.count, count.total],
                )
                .map_err(backend)?;
            }
            let version = expected + 1;
            tx.execute(
                "INSERT INTO deliveries (store_id, sk, version, due_at, body) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (store_id, sk) DO UPDATE
                 SET version = excluded.version, due_at = excluded.due_at, body = excluded.body",
                params![store.as_str(), sk, version as i64, due, body],
            )
            .map_err(backend)?;
            Ok(Written::Done(version))
        })
        .await
    }

    async fn due_deliveries(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<Due>, StoreError> {
        let rows: Vec<(String, String)> = self
            .transaction(move |tx| {
                let mut statement = tx
                    .prepare("SELECT store_id, body FROM deliveries WHERE due_at <= ?1 ORDER BY due_at LIMIT ?2")
                    .map_err(backend)?;
                let rows = statement
                    .query_map(params![now.timestamp_millis(), i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .map_err(backend)?;
                rows.collect::<Result<_, _>>().map_err(backend)
            })
            .await?;
        rows.into_iter()
            .map(|(store, body)| {
                let delivery: Delivery = serde_json::from_str(&body).map_err(backend)?;
                let store = StoreId::parse(&store).ok_or_else(|| StoreError::Backend("a stored store id".into()))?;
                Ok(Due { store, kind: delivery.kind, subject: delivery.subject })
            })
            .collect()
    }

    async fn list_deliveries(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        after: Option<&Ref>,
        limit: usize,
    ) -> Result<Vec<Delivery>, StoreError> {
        let store = store.clone();
        let prefix = keys::deliveries_prefix(kind);
        let from = after.map_or_else(|| prefix.clone(), |after| keys::delivery_sk(kind, after));
        self.transaction(move |tx| {
            let mut statement = tx
                .prepare("SELECT body FROM deliveries WHERE store_id = ?1 AND sk > ?2 AND sk < ?3 ORDER BY sk LIMIT ?4")
                .map_err(backend)?;
            let rows = statement
                .query_map(
                    params![store.as_str(), from, format!("{prefix}~"), i64::try_from(limit).unwrap_or(i64::MAX)],
                    |r| r.get::<_, String>(0),
                )
                .map_err(backend)?;
            let bodies: Vec<String> = rows.collect::<Result<_, _>>().map_err(backend)?;
            bodies.iter().map(|body| serde_json::from_str(body).map_err(backend)).collect()
        })
        .await
    }

    async fn counters(&self, store: &StoreId, prefix: &str) -> Result<Vec<Counter>, StoreError> {
        let (store, prefix) = (store.clone(), prefix.to_owned());
        self.transaction(move |tx| {
            let mut statement = tx
                .prepare(
                    "SELECT name, count, total FROM marketing_counters
                     WHERE store_id = ?1 AND name > ?2 AND name < ?3 ORDER BY name",
                )
                .map_err(backend)?;
            let rows = statement
                .query_map(params![store.as_str(), prefix, format!("{prefix}~")], |r| {
                    Ok(Counter { name: r.get(0)?, count: r.get(1)?, total: r.get(2)? })
                })
                .map_err(backend)?;
            rows.collect::<Result<_, _>>().map_err(backend)
        })
        .await
    }

    async fn get_coupon_promotion(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        series: &str,
    ) -> Result<Option<CouponPromotion>, StoreError> {
        let (store, name) = (store.clone(), keys::coupon_promotion_sk(kind, series));
        self.transaction(move |tx| {
            let body: Option<String> = tx
                .query_row(
                    "SELECT body FROM settings WHERE store_id = ?1 AND name = ?2",
                    params![store.as_str(), name],
                    |row| row.get(0),
                )
                .optional()
                .map_err(backend)?;
            body.map(|body| serde_json::from_str(&body).map_err(backend)).transpose()
        })
        .await
    }

    async fn put_coupon_promotion(
        &self,
        store: &StoreId,
        kind: ConfigKind,
        series: &str,
        promotion: &CouponPromotion,
    ) -> Result<(), StoreError> {
        let (store, name) = (store.clone(), keys::coupon_promotion_sk(kind, series));
        let body = serde_json::to_string(promotion).map_err(backend)?;
        self.transaction(move |tx| {
            tx.execute(
                "INSERT INTO settings (store_id, name, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT (store_id, name) DO UPDATE SET body = excluded.body",
                params![store.as_str(), name, body],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }
}

fn read(tx: &Transaction, store: &StoreId, sk: &str) -> Result<Option<Versioned<Delivery>>, StoreError> {
    let row: Option<(i64, String)> = tx
        .query_row(
            "SELECT version, body FROM deliveries WHERE store_id = ?1 AND sk = ?2",
            params![store.as_str(), sk],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .map_err(backend)?;
    row.map(|(version, body)| {
        Ok(Versioned { value: serde_json::from_str(&body).map_err(backend)?, version: version as u64 })
    })
    .transpose()
}

fn counter(tx: &Transaction, store: &StoreId, name: &str) -> Result<Option<Counter>, StoreError> {
    tx.query_row(
        "SELECT name, count, total FROM marketing_counters WHERE store_id = ?1 AND name = ?2",
        params![store.as_str(), name],
        |r| Ok(Counter { name: r.get(0)?, count: r.get(1)?, total: r.get(2)? }),
    )
    .optional()
    .map_err(backend)
}
