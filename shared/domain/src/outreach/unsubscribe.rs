//! The handle an unsubscribe link carries for a customer of a store: the SHA-256 of the store
//! and the customer's key, so a link names one customer of one store without showing their
//! address.

use sha2::{Digest, Sha256};

/// The customer's unsubscribe handle in the store.
pub fn token(store: &str, customer_key: &str) -> String {
    Sha256::digest(format!("{store}\n{customer_key}").as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}
