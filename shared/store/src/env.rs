//! The store a local process (`local-api`, `admin`) runs on: DynamoDB when `TABLE_NAME` is set
//! (with the SDK's standard settings, `AWS_ENDPOINT_URL_DYNAMODB` among them), otherwise an
//! SQLite file in `DATA_DIR` (default `.data`), which keeps its data across restarts. Against
//! a local emulator (`AWS_ENDPOINT_URL_DYNAMODB` set) the table is created when missing.

use std::path::PathBuf;
use std::sync::Arc;

use crate::dynamodb::DynamoStore;
use crate::sqlite::SqliteStore;
use crate::Store;

/// The file name of the embedded database inside `DATA_DIR`.
pub const DATABASE_FILE: &str = "local-api.sqlite3";

/// The store the environment asks for, and a line describing it for the console.
pub async fn store_from_env() -> Result<(Arc<dyn Store>, String), String> {
    if std::env::var_os("TABLE_NAME").is_some() {
        let store = DynamoStore::from_env().await?;
        if std::env::var_os("AWS_ENDPOINT_URL_DYNAMODB").is_some() {
            store.create_table_if_missing().await.map_err(|e| format!("cannot create table {}: {e}", store.table()))?;
        }
        let description = format!("DynamoDB table {}", store.table());
        return Ok((Arc::new(store), description));
    }
    let folder = std::env::var_os("DATA_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(".data"));
    let path = folder.join(DATABASE_FILE);
    let store = SqliteStore::open(&path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    Ok((Arc::new(store), format!("embedded store {}", path.display())))
}
