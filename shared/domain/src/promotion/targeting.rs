//! Where a promotion applies and what the storefront shows about it: channels, shipping
//! countries and notifications.

use serde::{Deserialize, Serialize};

use super::limits::{MAX_COUNTRIES, MAX_NOTIFICATION_CHARS};
use crate::checks::{field, index, Checks, Path};
use crate::error::Violation;
use crate::parse::StrValue;

/// A sales channel the promotion targets.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub id: u64,
}

/// The shipping countries a promotion is limited to, or excludes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShippingAddress {
    Countries(Vec<CountryRule>),
    Not(CountryList),
}

/// The negated form: `{"not": {"countries": […]}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryList {
    pub countries: Vec<CountryRule>,
}

/// One country, by ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryRule {
    pub iso2_country_code: CountryCode,
}

/// Two upper-case letters, such as `US`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CountryCode(String);

impl StrValue for CountryCode {
    const EXPECTING: &'static str = "an ISO 3166-1 alpha-2 country code such as \"US\"";

    fn parse_str(raw: &str) -> Result<Self, String> {
        let valid = raw.len() == 2 && raw.bytes().all(|b| b.is_ascii_uppercase());
        valid
            .then(|| Self(raw.to_owned()))
            .ok_or_else(|| format!("{raw:?} is not an ISO 3166-1 alpha-2 country code such as \"US\""))
    }
}

impl AsRef<str> for CountryCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

crate::str_value_serde!(CountryCode);

/// A message the storefront shows for the promotion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notification {
    #[serde(rename = "type")]
    pub kind: NotificationKind,
    pub content: String,
    pub locations: Vec<NotificationLocation>,
}

/// When a notification shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NotificationKind {
    Upsell,
    Eligible,
    Applied,
}

/// Where a notification shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NotificationLocation {
    HomePage,
    ProductPage,
    CartPage,
    CheckoutPage,
}

impl ShippingAddress {
    pub fn check(&self, path: &Path, checks: &mut Checks) {
        let (countries, path) = match self {
            Self::Countries(countries) => (countries, field(path, "countries")),
            Self::Not(list) => (&list.countries, field(path, "not.countries")),
        };
        checks.non_empty_unique(countries, path);
        checks.at_most(countries, MAX_COUNTRIES, path);
    }
}

impl Notification {
    pub fn check(&self, path: &Path, checks: &mut Checks) {
        let content = field(path, "content");
        checks.expect(!self.content.trim().is_empty(), content, Violation::Empty);
        checks.at_most_chars(&self.content, MAX_NOTIFICATION_CHARS, content);
        checks.non_empty_unique(&self.locations, field(path, "locations"));
    }
}

/// Checks a list of notifications.
pub fn check_notifications(notifications: &[Notification], path: &Path, checks: &mut Checks) {
    for (i, notification) in notifications.iter().enumerate() {
        notification.check(&index(path, i), checks);
    }
}
