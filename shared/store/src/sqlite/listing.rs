//! The promotion listing on SQLite: the indexes of the columns every promotion row carries (the
//! same keys as the DynamoDB item's index attributes, see [`crate::keys`]; `super::rows` writes
//! them with the row), the columns filled in for rows an earlier version wrote, and a page read
//! through the indexes.

use rusqlite::{params_from_iter, Connection};

use super::rows::{from_json, promotion_row, write_listing_columns, PROMOTION_COLUMNS};
use super::{backend, SqliteStore};
use crate::error::StoreError;
use crate::keys;
use crate::listing::{IndexPage, IndexQuery};
use domain::ids::StoreId;
use domain::promotion::listing::Sort;

/// The index columns, after they were added to `promotions` (see `super::ADDED_COLUMNS`).
pub(super) const LISTING_INDEXES: &str = "
    CREATE INDEX IF NOT EXISTS promotions_by_name ON promotions (store_id, list_name);
    CREATE INDEX IF NOT EXISTS promotions_by_start ON promotions (store_id, list_start);
    CREATE INDEX IF NOT EXISTS promotions_facet_by_id ON promotions (store_id, list_facet, list_sk);
    CREATE INDEX IF NOT EXISTS promotions_facet_by_name ON promotions (store_id, list_facet, list_name);
    CREATE INDEX IF NOT EXISTS promotions_facet_by_start ON promotions (store_id, list_facet, list_start);
";

/// Fills in the index columns of rows an earlier version wrote without them.
pub(super) fn fill_listing_columns(connection: &mut Connection) -> Result<(), StoreError> {
    let tx = connection.transaction().map_err(backend)?;
    let rows: Vec<(String, String)> = {
        let mut statement =
            tx.prepare("SELECT store_id, body FROM promotions WHERE list_sk IS NULL").map_err(backend)?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).map_err(backend)?;
        rows.collect::<Result<_, _>>().map_err(backend)?
    };
    for (store, body) in rows {
        let store = StoreId::parse(&store).ok_or_else(|| StoreError::Backend("a stored store id is invalid".into()))?;
        write_listing_columns(&tx, &store, &from_json(&body)?)?;
    }
    tx.commit().map_err(backend)
}

impl SqliteStore {
    /// The page of `query`: one statement over the index of its order (the facets' rows
    /// together), then the same merge as every backend.
    pub(super) async fn index_page(&self, store: &StoreId, query: &IndexQuery) -> Result<IndexPage, StoreError> {
        let Some((low, high)) = query.bounds() else { return Ok(IndexPage { promotions: Vec::new(), more: false }) };
        let column = match query.order {
            Sort::Id => "list_sk",
            Sort::Name => "list_name",
            Sort::StartDate => "list_start",
        };
        let mut values = vec![store.as_str().to_owned()];
        let mut sql = format!("SELECT {PROMOTION_COLUMNS}, p.{column} FROM promotions p WHERE p.store_id = ?1");
        if !query.facets.is_empty() {
            let facets = query.facets.iter().map(|facet| keys::listing_facet(store, *facet));
            values.extend(facets);
            let marks: Vec<String> = (2..=values.len()).map(|n| format!("?{n}")).collect();
            sql += &format!(" AND p.list_facet IN ({})", marks.join(", "));
        }
        for (bound, operator) in [(low, ">="), (high, "<=")] {
            if let Some(bound) = bound {
                values.push(bound);
                sql += &format!(" AND p.{column} {operator} ?{}", values.len());
            }
        }
        let direction = if query.descending { "DESC" } else { "ASC" };
        sql += &format!(" ORDER BY p.{column} {direction} LIMIT {}", query.wanted());
        let query = query.clone();
        self.transaction(move |tx| {
            let mut statement = tx.prepare(&sql).map_err(backend)?;
            let rows = statement
                .query_map(params_from_iter(values.iter()), |row| Ok((promotion_row(row)?, row.get::<_, String>(4)?)))
                .map_err(backend)?;
            let mut read = Vec::new();
            for row in rows {
                let (row, position) = row.map_err(backend)?;
                read.push((row.promotion()?, position));
            }
            Ok(query.merge(read))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PromotionStore;
    use domain::promotion::PromotionInput;

    #[test]
    fn rows_written_before_the_index_columns_are_listed_once_the_database_opens() {
        let path = std::env::temp_dir().join(format!("listing-fill-{}.sqlite", std::process::id()));
        let store = StoreId::parse("demo").unwrap();
        let body = serde_json::json!({"redemption_type": "AUTOMATIC", "name": "Old",
            "rules": [{"action": {"cart_value": {"discount": {"percentage_amount": "10"}}}}]});
        let input: PromotionInput = serde_json::from_value(body).unwrap();
        let fields = input.into_fields(domain::clock::now(), None).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let query = IndexQuery {
            order: Sort::Name,
            descending: false,
            facets: Vec::new(),
            name_prefix: Some("old".to_owned()),
            after: None,
            skip: 0,
            limit: 10,
        };
        let listed = runtime.block_on(async {
            let db = SqliteStore::open(&path).unwrap();
            db.create_promotion(&store, fields, None, None).await.unwrap();
            drop(db);
            let raw = Connection::open(&path).unwrap();
            raw.execute_batch(
                "UPDATE promotions SET list_facet = NULL, list_name = NULL, list_start = NULL, list_sk = NULL",
            )
            .unwrap();
            drop(raw);
            SqliteStore::open(&path).unwrap().list_promotion_index(&store, &query).await.unwrap()
        });
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        assert_eq!(listed.promotions.len(), 1);
    }
}
