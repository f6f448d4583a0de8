//! The connection the embedded store holds and the one way to use it: a transaction on the
//! blocking pool, behind a lock held only for the statement.

use std::sync::{Arc, Mutex};

use rusqlite::{Connection, Transaction};

use crate::error::StoreError;

/// A store in one SQLite database. Cheap to clone.
#[derive(Clone)]
pub struct SqliteStore {
    connection: Arc<Mutex<Connection>>,
}

impl SqliteStore {
    /// A store on `connection`, whose schema is up to date.
    pub(super) fn on(connection: Connection) -> Self {
        Self { connection: Arc::new(Mutex::new(connection)) }
    }
}

impl SqliteStore {
    /// Runs `work` in one transaction on the blocking pool. `E` is [`StoreError`] for reads and
    /// [`crate::WriteError`] for writes, whose work may also find a [`crate::Refusal`]; either way, nothing is
    /// committed unless `work` succeeds.
    pub(crate) async fn transaction<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&Transaction) -> Result<T, E> + Send + 'static,
    {
        let connection = Arc::clone(&self.connection);
        let joined = tokio::task::spawn_blocking(move || {
            let mut connection =
                connection.lock().map_err(|_| StoreError::Backend("the database lock is poisoned".into()))?;
            let transaction = connection.transaction().map_err(backend)?;
            let value = work(&transaction)?;
            transaction.commit().map_err(backend)?;
            Ok(value)
        })
        .await;
        joined.map_err(|e| StoreError::Backend(Box::new(e)))?
    }
}

pub(crate) fn backend(error: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Backend(Box::new(error))
}
