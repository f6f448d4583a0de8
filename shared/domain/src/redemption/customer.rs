//! Who a use counts against: the customer's id when the cart gives one (`customer.id`), else
//! their e-mail address, normalised (trimmed, lower case) so that `Ann@Example.com ` and
//! `ann@example.com` are one customer. The address itself never becomes part of a storage key:
//! the key holds its SHA-256.

use sha2::{Digest, Sha256};

use crate::evaluation::cart::Shopper;

/// The key of a customer's per-customer counts: `ID#<id>` or `EMAIL#<sha-256 of the address>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct CustomerKey(String);

impl CustomerKey {
    /// The customer the shopper identifies, if any.
    pub fn of(shopper: &Shopper) -> Option<Self> {
        if let Some(id) = shopper.id {
            return Some(Self(format!("ID#{id}")));
        }
        let email = normalised_email(shopper.email.as_deref()?)?;
        let hash: String = Sha256::digest(email.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        Some(Self(format!("EMAIL#{hash}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The address as it is compared: trimmed and in lower case; `None` when nothing is left.
pub fn normalised_email(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shopper(id: Option<u64>, email: Option<&str>) -> Shopper {
        Shopper { id, email: email.map(str::to_owned), ..Shopper::default() }
    }

    #[test]
    fn an_id_wins_over_an_email_and_an_email_counts_without_case_or_spaces() {
        assert_eq!(CustomerKey::of(&shopper(Some(7), Some("a@b.c"))).unwrap().as_str(), "ID#7");
        let one = CustomerKey::of(&shopper(None, Some(" Ann@Example.com"))).unwrap();
        assert_eq!(Some(one.clone()), CustomerKey::of(&shopper(None, Some("ann@example.com"))));
        assert!(one.as_str().starts_with("EMAIL#") && !one.as_str().contains('@'), "the address is hashed");
        assert_eq!(CustomerKey::of(&shopper(None, None)), None, "a guest is nobody in particular");
    }
}
