//! API keys: what is stored about a key, and how a key is made and recognised.
//!
//! A key is `pm_` followed by 64 hex digits of operating-system randomness (256 bits). Only
//! its SHA-256 ([`KeyHash`]) is stored, so a leaked table reveals no usable key; the key itself
//! is shown once, when it is created.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::scope::Scopes;
use crate::error::RandomnessUnavailable;
use crate::ids::StoreId;

/// A stored API key: never the key itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    /// A flake id, shown to the merchant to name the key (e.g. in `updated_by`).
    pub id: u64,
    pub key_hash: KeyHash,
    pub store: StoreId,
    pub scopes: Scopes,
    pub created_at: DateTime<Utc>,
    /// Absent (not null) until revoked, so a store can set it only if it is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiKey {
    /// A new key for `store`: the key to show once, and the record to store.
    pub fn issue(store: StoreId, scopes: Scopes, now: DateTime<Utc>) -> Result<(String, Self), RandomnessUnavailable> {
        let key = generate_key()?;
        let record = Self::register(&key, store, scopes, now)?;
        Ok((key, record))
    }

    /// The record for a key chosen elsewhere (such as `local-api`'s `DEV_API_KEY`).
    pub fn register(
        key: &str,
        store: StoreId,
        scopes: Scopes,
        now: DateTime<Utc>,
    ) -> Result<Self, RandomnessUnavailable> {
        Ok(Self {
            id: crate::ids::flake_id(now)?,
            key_hash: KeyHash::of(key),
            store,
            scopes,
            created_at: now,
            revoked_at: None,
        })
    }
}

/// The hex SHA-256 of an API key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KeyHash(String);

impl KeyHash {
    pub fn of(key: &str) -> Self {
        Self(hex(&Sha256::digest(key.as_bytes())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KeyHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new random API key, as shown once to its owner.
pub fn generate_key() -> Result<String, RandomnessUnavailable> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)?;
    Ok(format!("pm_{}", hex(&secret)))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_long_random_and_distinct() {
        let (a, b) = (generate_key().unwrap(), generate_key().unwrap());
        assert!(a.starts_with("pm_") && a.len() == 67, "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn the_hash_is_the_hex_sha256_of_the_key() {
        assert_eq!(KeyHash::of("abc").as_str(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
