//! Scopes: what a key may do. `*:write` implies `*:read`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    PromotionsRead,
    PromotionsWrite,
    MarketingRead,
    MarketingWrite,
    RedemptionsRead,
    RedemptionsWrite,
    /// Sending checkout and order events to the marketing runtime (a shop's backend holds it,
    /// and nothing else).
    MarketingEvents,
}

impl Scope {
    pub const ALL: [Scope; 7] = [
        Scope::PromotionsRead,
        Scope::PromotionsWrite,
        Scope::MarketingRead,
        Scope::MarketingWrite,
        Scope::RedemptionsRead,
        Scope::RedemptionsWrite,
        Scope::MarketingEvents,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::PromotionsRead => "promotions:read",
            Scope::PromotionsWrite => "promotions:write",
            Scope::MarketingRead => "marketing:read",
            Scope::MarketingWrite => "marketing:write",
            Scope::RedemptionsRead => "redemptions:read",
            Scope::RedemptionsWrite => "redemptions:write",
            Scope::MarketingEvents => "marketing:events",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scope| scope.as_str() == raw)
    }

    /// The scopes this one grants: itself, and read for a write.
    fn grants(self) -> u8 {
        let bit = |scope: Scope| 1u8 << (scope as u8);
        match self {
            Scope::PromotionsWrite => bit(self) | bit(Scope::PromotionsRead),
            Scope::MarketingWrite => bit(self) | bit(Scope::MarketingRead),
            Scope::RedemptionsWrite => bit(self) | bit(Scope::RedemptionsRead),
            read => bit(read),
        }
    }
}

/// A set of scopes, stored as the list of their names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct Scopes(u8);

impl Scopes {
    pub fn all() -> Self {
        Self::from_iter(Scope::ALL)
    }

    /// Parses a comma-separated list such as `promotions:write,marketing:read`.
    pub fn parse_list(raw: &str) -> Result<Self, String> {
        raw.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Scope::parse(s).ok_or_else(|| format!("unknown scope {s:?}")))
            .collect()
    }

    /// True when a scope in the set grants `scope`.
    pub fn allows(&self, scope: Scope) -> bool {
        let granted =
            Scope::ALL.into_iter().filter(|s| self.0 & (1 << (*s as u8)) != 0).fold(0, |acc, s| acc | s.grants());
        granted & (1 << (scope as u8)) != 0
    }

    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        Scope::ALL.into_iter().filter(|s| self.0 & (1 << (*s as u8)) != 0)
    }
}

impl FromIterator<Scope> for Scopes {
    fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> Self {
        Self(iter.into_iter().fold(0, |acc, scope| acc | 1 << (scope as u8)))
    }
}

impl TryFrom<Vec<String>> for Scopes {
    type Error = String;
    fn try_from(names: Vec<String>) -> Result<Self, String> {
        names.iter().map(|name| Scope::parse(name).ok_or_else(|| format!("unknown scope {name:?}"))).collect()
    }
}

impl From<Scopes> for Vec<String> {
    fn from(scopes: Scopes) -> Self {
        scopes.iter().map(|s| s.as_str().to_owned()).collect()
    }
}

impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<_> = self.iter().map(Scope::as_str).collect();
        f.write_str(&names.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_implies_read_of_the_same_api_only() {
        let scopes = Scopes::parse_list("promotions:write").unwrap();
        assert!(scopes.allows(Scope::PromotionsWrite) && scopes.allows(Scope::PromotionsRead));
        assert!(!scopes.allows(Scope::MarketingRead) && !scopes.allows(Scope::MarketingWrite));
        let read = Scopes::parse_list("marketing:read").unwrap();
        assert!(read.allows(Scope::MarketingRead) && !read.allows(Scope::MarketingWrite));
    }

    #[test]
    fn scope_lists_parse_and_print() {
        let scopes = Scopes::parse_list("promotions:write, marketing:read").unwrap();
        assert_eq!(scopes.to_string(), "promotions:write,marketing:read");
        assert!(Scopes::parse_list("promotions:admin").is_err());
        assert_eq!(Scopes::parse_list("").unwrap(), Scopes::default());
    }
}
