//! `local-api`'s settings from the environment: the port, the store (see
//! [`store::env`]) and the development key.

use std::sync::Arc;

use domain::access::{ApiKey, KeyHash, Scopes};
use domain::clock;
use domain::ids::StoreId;
use store::{Refusal, Store, WriteError};

pub use store::env::{store_from_env, DATABASE_FILE};

/// The port to listen on: `PORT`, default 3000.
pub fn port_from_env() -> Result<u16, String> {
    match std::env::var("PORT") {
        Ok(raw) => raw.parse().map_err(|_| format!("PORT must be a port number, not {raw:?}")),
        Err(_) => Ok(3000),
    }
}

/// A key with every scope on `DEV_STORE` (default `demo`): `DEV_API_KEY` if set (registered
/// unless it already is), else a new one. Returns the key and its store.
pub async fn dev_key_from_env(store: &Arc<dyn Store>) -> Result<(String, StoreId), String> {
    let raw_store = std::env::var("DEV_STORE").unwrap_or_else(|_| "demo".to_owned());
    let dev_store =
        StoreId::parse(&raw_store).ok_or_else(|| format!("DEV_STORE {raw_store:?} is not a valid store id"))?;
    let (key, record) = match std::env::var("DEV_API_KEY") {
        Ok(key) if !key.trim().is_empty() => {
            let record =
                ApiKey::register(&key, dev_store.clone(), Scopes::all(), clock::now()).map_err(|e| e.to_string())?;
            (key, record)
        }
        _ => ApiKey::issue(dev_store.clone(), Scopes::all(), clock::now()).map_err(|e| e.to_string())?,
    };
    match store.put_api_key(&record).await {
        Ok(()) => Ok((key, dev_store)),
        Err(WriteError::Refused(Refusal::AlreadyExists)) => {
            check_existing(store, &key, &dev_store).await.map(|()| (key, dev_store))
        }
        Err(other) => Err(format!("cannot register the development key: {other}")),
    }
}

/// A `DEV_API_KEY` registered by an earlier run must still be usable on `DEV_STORE`.
async fn check_existing(store: &Arc<dyn Store>, key: &str, dev_store: &StoreId) -> Result<(), String> {
    let existing = store.find_api_key(&KeyHash::of(key)).await.map_err(|e| e.to_string())?;
    match existing {
        Some(found) if &found.store == dev_store && found.revoked_at.is_none() => Ok(()),
        Some(_) => Err("DEV_API_KEY is already registered for another store or revoked; choose another".to_owned()),
        None => Err("DEV_API_KEY could not be registered".to_owned()),
    }
}
