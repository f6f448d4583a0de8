//! The cart a merchant asks about: the body of `POST /promotions/evaluate`.
//!
//! Unknown fields are refused (a misspelt field would otherwise be silently ignored and change
//! the answer), amounts are decimal strings with no more decimals than the currency has, and
//! [`Cart::check`] reports every broken rule at once.

use serde::Deserialize;
use uuid::Uuid;

use super::decimal::{Amount, Rounding};
use crate::checks::{field, index, Checks, ROOT};
use crate::error::{Invalid, Violation};
use crate::promotion::code::CodeText;
use crate::promotion::currency::CurrencyCode;
use crate::promotion::targeting::CountryCode;
use crate::promotion::timestamp::Timestamp;

/// Most lines a cart may have.
pub const MAX_ITEMS: usize = 1000;
/// Most units in a cart, all lines together: it bounds the work of one evaluation.
pub const MAX_UNITS: u64 = 100_000;
/// Most categories one line may list.
pub const MAX_LINE_CATEGORIES: usize = 100;
/// Most options, and most custom fields, one line may list.
pub const MAX_LINE_ATTRIBUTES: usize = 50;
/// Longest option or custom field name or value, in characters.
pub const MAX_ATTRIBUTE_CHARS: usize = 255;
/// Most customer segments a shopper may name.
pub const MAX_SEGMENTS: usize = 100;
/// Most coupon codes a request may name (the store setting allows at most 5 at checkout).
pub const MAX_CODES: usize = 20;
/// Longest `customer.email`, in characters (RFC 5321's limit on a path).
pub const MAX_EMAIL_CHARS: usize = 254;
/// The channel of a cart that names none: the store's default storefront.
pub const DEFAULT_CHANNEL: u64 = 1;

/// A cart, as checked by [`Cart::check`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cart {
    pub currency_code: CurrencyCode,
    #[serde(default = "default_channel")]
    pub channel_id: u64,
    #[serde(default)]
    pub customer: Shopper,
    #[serde(default)]
    pub shipping: Option<Shipping>,
    pub items: Vec<CartItem>,
    #[serde(default)]
    pub coupon_codes: Vec<CodeText>,
    /// When to evaluate; the server's time when absent.
    #[serde(default)]
    pub evaluated_at: Option<Timestamp>,
}

fn default_channel() -> u64 {
    DEFAULT_CHANNEL
}

/// Who is shopping. A guest is group 0 with no orders, as the promotion API counts them.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shopper {
    /// Identifies the shopper for per-customer limits (`max_uses_per_customer`).
    #[serde(default)]
    pub id: Option<u64>,
    /// Identifies a shopper without an id (a guest) for per-customer limits; compared trimmed
    /// and without case.
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub group_id: u64,
    #[serde(default)]
    pub order_count: u32,
    #[serde(default)]
    pub segment_ids: Vec<Uuid>,
}

/// Where the order ships and what shipping costs before any promotion.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shipping {
    #[serde(default)]
    pub country_code: Option<CountryCode>,
    #[serde(default)]
    pub zone_id: Option<u64>,
    #[serde(default)]
    pub cost: Amount,
}

/// One line of the cart. Lines order by their content (so that equal lines are interchangeable
/// and the answer never depends on the order a client listed them in).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CartItem {
    pub product_id: u64,
    #[serde(default)]
    pub variant_id: Option<u64>,
    #[serde(default)]
    pub brand_id: Option<u64>,
    #[serde(default)]
    pub category_ids: Vec<u64>,
    #[serde(default)]
    pub options: Vec<Attribute>,
    #[serde(default)]
    pub custom_fields: Vec<Attribute>,
    pub quantity: u32,
    pub unit_price: Amount,
    #[serde(default)]
    pub on_sale: bool,
    /// The price was set for this shopper (a price list, a quote) rather than the catalog's.
    #[serde(default)]
    pub custom_price: bool,
}

/// A product option or custom field: a name and the chosen value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribute {
    pub name: String,
    pub value: String,
}

impl Cart {
    /// The cart, if every rule holds; otherwise every broken rule with its path.
    pub fn check(self) -> Result<Self, Invalid> {
        let mut checks = Checks::default();
        checks.expect(!self.currency_code.is_any(), "currency_code", Violation::AnyCurrencyInCart);
        let rounding = self.rounding();
        checks.at_most(&self.items, MAX_ITEMS, "items");
        let units: u64 = self.items.iter().map(|item| u64::from(item.quantity)).sum();
        checks.expect(units <= MAX_UNITS, "items", Violation::TooManyUnits(MAX_UNITS));
        let items = field(&ROOT, "items");
        checks.at_most(&self.customer.segment_ids, MAX_SEGMENTS, "customer.segment_ids");
        for (i, item) in self.items.iter().enumerate() {
            let path = index(&items, i);
            checks.expect(item.quantity > 0, field(&path, "quantity"), Violation::NotPositive);
            checks.at_most(&item.category_ids, MAX_LINE_CATEGORIES, field(&path, "category_ids"));
            for (name, list) in [("options", &item.options), ("custom_fields", &item.custom_fields)] {
                let list_path = field(&path, name);
                checks.at_most(list, MAX_LINE_ATTRIBUTES, list_path);
                for (j, attribute) in list.iter().enumerate() {
                    let long = attribute.name.chars().count().max(attribute.value.chars().count());
                    checks.expect(
                        long <= MAX_ATTRIBUTE_CHARS,
                        index(&list_path, j),
                        Violation::TooLong(MAX_ATTRIBUTE_CHARS),
                    );
                }
            }
            let exact = rounding.is_exact(item.unit_price.value());
            checks.expect(exact, field(&path, "unit_price"), Violation::TooManyDecimals(rounding.minor_units()));
        }
        if let Some(shipping) = &self.shipping {
            let exact = rounding.is_exact(shipping.cost.value());
            checks.expect(exact, "shipping.cost", Violation::TooManyDecimals(rounding.minor_units()));
        }
        if let Some(email) = &self.customer.email {
            let address = email.trim();
            let plausible = address.chars().count() <= MAX_EMAIL_CHARS
                && address.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
                && !address.chars().any(|c| c.is_whitespace() || c.is_control());
            let expected =
                Violation::Malformed(format!("must be an e-mail address of at most {MAX_EMAIL_CHARS} characters"));
            checks.expect(plausible, "customer.email", expected);
        }
        checks.at_most(&self.coupon_codes, MAX_CODES, "coupon_codes");
        let keys: Vec<String> = self.coupon_codes.iter().map(CodeText::key).collect();
        checks.unique(&keys, "coupon_codes");
        checks.finish().map(|()| self)
    }

    /// Rounding to the cart currency's minor unit.
    pub fn rounding(&self) -> Rounding {
        match self.currency_code {
            CurrencyCode::Iso { minor_units, .. } => Rounding::new(minor_units),
            CurrencyCode::Any => Rounding::new(2),
        }
    }

    /// When the cart is evaluated: its `evaluated_at`, else `now`.
    pub fn evaluated_at(&self, now: Timestamp) -> Timestamp {
        self.evaluated_at.unwrap_or(now)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn errors_of(body: serde_json::Value) -> Vec<String> {
        let cart: Cart = serde_json::from_value(body).expect("parses");
        match cart.check() {
            Ok(_) => Vec::new(),
            Err(Invalid(errors)) => errors.into_iter().map(|e| e.path).collect(),
        }
    }

    #[test]
    fn a_minimal_cart_is_a_currency_and_items_with_defaults_for_the_rest() {
        let cart: Cart = serde_json::from_value(json!({"currency_code": "USD", "items": []})).unwrap();
        let cart = cart.check().unwrap();
        assert_eq!((cart.channel_id, cart.customer.group_id, cart.customer.order_count), (1, 0, 0));
        assert!(cart.shipping.is_none() && cart.coupon_codes.is_empty() && cart.evaluated_at.is_none());
    }

    #[test]
    fn amounts_may_not_be_finer_than_the_currency() {
        let item = |price: &str| json!({"product_id": 1, "quantity": 1, "unit_price": price});
        assert!(errors_of(json!({"currency_code": "USD", "items": [item("9.99")]})).is_empty());
        assert_eq!(errors_of(json!({"currency_code": "USD", "items": [item("9.999")]})), ["items[0].unit_price"]);
        assert_eq!(errors_of(json!({"currency_code": "JPY", "items": [item("100.5")]})), ["items[0].unit_price"]);
        let shipping = json!({"currency_code": "USD", "items": [], "shipping": {"cost": "4.001"}});
        assert_eq!(errors_of(shipping), ["shipping.cost"]);
    }

    #[test]
    fn every_broken_rule_is_reported_with_its_path() {
        let body = json!({"currency_code": "*", "coupon_codes": ["save", "SAVE"],
                          "items": [{"product_id": 1, "quantity": 0, "unit_price": "1"}]});
        assert_eq!(errors_of(body), ["currency_code", "items[0].quantity", "coupon_codes"]);
    }

    #[test]
    fn prices_must_be_strings_and_fields_known() {
        let float = json!({"currency_code": "USD", "items": [{"product_id": 1, "quantity": 1, "unit_price": 9.5}]});
        assert!(serde_json::from_value::<Cart>(float).is_err());
        assert!(serde_json::from_value::<Cart>(json!({"currency_code": "USD", "items": [], "coupon": "X"})).is_err());
    }
}
