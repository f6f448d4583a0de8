//! API keys: what is stored about a key, and how a key is made and recognised.
//!
//! A key is `pm_` followed by 64 hex digits of operating-system randomness (256 bits). Only
//! its SHA-256 ([`KeyHash`]) is stored, so a leaked table reveals no usable key; the key itself
//! is shown once, when it is created.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::lifetime::KeyLifetime;
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
    /// From this time on the key is refused. Absent when the key never expires, as in every key
    /// stored before keys could expire, which therefore read back unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
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
            expires_at: None,
        })
    }

    /// The same key, refused from `lifetime` after its creation on.
    pub fn expiring_after(self, lifetime: &KeyLifetime) -> Self {
        Self { expires_at: Some(lifetime.end(self.created_at)), ..self }
    }

    /// Whether the key may authenticate a request at `now`: neither revoked nor expired.
    pub fn is_usable_at(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|end| now < end)
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
    use crate::parse::StrValue;

    #[test]
    fn keys_are_long_random_and_distinct() {
        let (a, b) = (generate_key().unwrap(), generate_key().unwrap());
        assert!(a.starts_with("pm_") && a.len() == 67, "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn a_key_is_usable_until_it_is_revoked_or_expires() {
        let created = crate::clock::now();
        let key = ApiKey::register("k", StoreId::parse("s").unwrap(), Scopes::all(), created).unwrap();
        let hour = chrono::Duration::hours(1);
        assert!(key.is_usable_at(created + hour * 24 * 365 * 100), "no expiry: usable forever");
        let expiring = key.clone().expiring_after(&KeyLifetime::parse_str("PT1H").unwrap());
        assert_eq!(expiring.expires_at, Some(created + hour));
        assert!(expiring.is_usable_at(created + hour - chrono::Duration::milliseconds(1)));
        assert!(!expiring.is_usable_at(created + hour), "refused from its end on");
        let revoked = ApiKey { revoked_at: Some(created), ..key };
        assert!(!revoked.is_usable_at(created));
    }

    #[test]
    fn a_key_stored_without_an_expiry_reads_as_never_expiring() {
        let stored = serde_json::json!({"id": 1, "key_hash": "ab", "store": "s", "scopes": ["promotions:read"],
                                         "created_at": "2026-01-01T00:00:00Z"});
        let key: ApiKey = serde_json::from_value(stored).unwrap();
        assert_eq!((key.expires_at, key.revoked_at), (None, None));
        assert!(serde_json::to_value(&key).unwrap().get("expires_at").is_none(), "nothing written for no expiry");
    }

    #[test]
    fn the_hash_is_the_hex_sha256_of_the_key() {
        assert_eq!(KeyHash::of("abc").as_str(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
