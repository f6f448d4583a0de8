//! The two kinds of marketing configuration a store has, each stored on its own.

/// Which configuration a request is about, named by its path segment (and so serialized).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfigKind {
    /// `abandoned-checkouts`: emails to customers who left a checkout unfinished.
    AbandonedCheckouts,
    /// `purchase-follow-ups`: emails to customers some time after a purchase.
    PurchaseFollowUps,
}

impl ConfigKind {
    /// Every kind, for tests and listings.
    pub const ALL: [ConfigKind; 2] = [Self::AbandonedCheckouts, Self::PurchaseFollowUps];

    /// The kind a path segment names, or `None` for a route the API does not have.
    pub fn from_path_segment(segment: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.path_segment() == segment)
    }

    /// The segment of `/v1/stores/{storeId}/marketing/{kind}/configuration`.
    pub fn path_segment(self) -> &'static str {
        match self {
            Self::AbandonedCheckouts => "abandoned-checkouts",
            Self::PurchaseFollowUps => "purchase-follow-ups",
        }
    }

    /// A short tag of the kind, for storage keys and email references: `ac` or `fu`.
    pub fn short(self) -> &'static str {
        match self {
            Self::AbandonedCheckouts => "ac",
            Self::PurchaseFollowUps => "fu",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_named_by_their_exact_path_segment() {
        for kind in ConfigKind::ALL {
            assert_eq!(ConfigKind::from_path_segment(kind.path_segment()), Some(kind));
        }
        for unknown in ["", "abandoned_checkouts", "Abandoned-Checkouts", "follow-ups"] {
            assert_eq!(ConfigKind::from_path_segment(unknown), None, "{unknown}");
        }
    }
}
