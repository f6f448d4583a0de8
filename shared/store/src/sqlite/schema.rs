//! The embedded database's schema: its tables, the columns added since a file was first created,
//! and the indexes, brought up to date when a database is opened.

use rusqlite::Connection;

use super::connection::backend;
use super::{candidates, listing, optouts, outreach};
use crate::error::StoreError;

const SCHEMA: &str = "
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    CREATE TABLE IF NOT EXISTS sequences (
        store_id   TEXT    NOT NULL,
        name       TEXT    NOT NULL,
        next_value INTEGER NOT NULL,
        PRIMARY KEY (store_id, name)
    );
    CREATE TABLE IF NOT EXISTS promotions (
        store_id TEXT    NOT NULL,
        id       INTEGER NOT NULL,
        version  INTEGER NOT NULL,
        body     TEXT    NOT NULL,
        live_until INTEGER,
        PRIMARY KEY (store_id, id)
    );
    CREATE TABLE IF NOT EXISTS codes (
        store_id     TEXT    NOT NULL,
        code_key     TEXT    NOT NULL,
        promotion_id INTEGER NOT NULL,
        id           INTEGER NOT NULL,
        body         TEXT    NOT NULL,
        PRIMARY KEY (store_id, code_key)
    );
    CREATE UNIQUE INDEX IF NOT EXISTS codes_by_promotion ON codes (store_id, promotion_id, id);
    CREATE TABLE IF NOT EXISTS code_ids (
        store_id TEXT    NOT NULL,
        id       INTEGER NOT NULL,
        PRIMARY KEY (store_id, id)
    );
    CREATE TABLE IF NOT EXISTS settings (
        store_id TEXT NOT NULL,
        name     TEXT NOT NULL,
        body     TEXT NOT NULL,
        PRIMARY KEY (store_id, name)
    );
    CREATE TABLE IF NOT EXISTS api_keys (
        key_hash TEXT    NOT NULL PRIMARY KEY,
        store_id TEXT    NOT NULL,
        id       INTEGER NOT NULL,
        body     TEXT    NOT NULL,
        UNIQUE (store_id, id)
    );
    CREATE TABLE IF NOT EXISTS marketing_configs (
        store_id TEXT    NOT NULL,
        kind     TEXT    NOT NULL,
        body     TEXT    NOT NULL,
        version  INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (store_id, kind)
    );
    CREATE TABLE IF NOT EXISTS idempotency_keys (
        store_id    TEXT    NOT NULL,
        key         TEXT    NOT NULL,
        fingerprint TEXT    NOT NULL,
        state       TEXT    NOT NULL,
        lease_until INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL,
        response    TEXT,
        PRIMARY KEY (store_id, key)
    );
    CREATE INDEX IF NOT EXISTS idempotency_keys_by_expiry ON idempotency_keys (expires_at);
    CREATE TABLE IF NOT EXISTS redemptions (
        store_id        TEXT    NOT NULL,
        id              INTEGER NOT NULL,
        order_id        TEXT    NOT NULL,
        fingerprint     TEXT    NOT NULL,
        status          TEXT    NOT NULL,
        hold_expires_at INTEGER,
        body            TEXT    NOT NULL,
        PRIMARY KEY (store_id, id),
        UNIQUE (store_id, order_id)
    );
    CREATE INDEX IF NOT EXISTS redemptions_held ON redemptions (hold_expires_at) WHERE status = 'HELD';
    CREATE TABLE IF NOT EXISTS promotion_redemptions (
        store_id      TEXT    NOT NULL,
        promotion_id  INTEGER NOT NULL,
        redemption_id INTEGER NOT NULL,
        PRIMARY KEY (store_id, promotion_id, redemption_id)
    );
    CREATE TABLE IF NOT EXISTS uses (
        store_id TEXT    NOT NULL,
        subject  TEXT    NOT NULL,
        count    INTEGER NOT NULL,
        PRIMARY KEY (store_id, subject)
    );
";

/// Columns added after a table was first created, for database files an earlier version made.
const ADDED_COLUMNS: &[(&str, &str, &str)] = &[
    ("marketing_configs", "version", "INTEGER NOT NULL DEFAULT 1"),
    ("promotions", "live_until", "INTEGER"),
    ("promotions", "list_facet", "TEXT"),
    ("promotions", "list_name", "TEXT"),
    ("promotions", "list_start", "TEXT"),
    ("promotions", "list_sk", "TEXT"),
];

/// The index of the live promotions (partial: a row that is not live is not in it), created once
/// its column exists.
const LIVE_INDEX: &str =
    "CREATE INDEX IF NOT EXISTS promotions_live ON promotions (store_id, live_until) WHERE live_until IS NOT NULL";

/// Brings `connection`'s database up to the current schema (idempotent).
pub fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    connection.execute_batch(SCHEMA).map_err(backend)?;
    connection.execute_batch(outreach::SCHEMA).map_err(backend)?;
    connection.execute_batch(optouts::SCHEMA).map_err(backend)?;
    for (table, column, definition) in ADDED_COLUMNS {
        let present: bool = connection
            .query_row(
                "SELECT COUNT(*) > 0 FROM pragma_table_info(?1) WHERE name = ?2",
                rusqlite::params![table, column],
                |row| row.get(0),
            )
            .map_err(backend)?;
        if !present {
            connection
                .execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} {definition}"))
                .map_err(backend)?;
            if (*table, *column) == ("promotions", "live_until") {
                candidates::index_live(connection)?;
            }
        }
    }
    connection.execute_batch(LIVE_INDEX).map_err(backend)?;
    connection.execute_batch(listing::LISTING_INDEXES).map_err(backend)?;
    listing::fill_listing_columns(connection)?;
    Ok(())
}
