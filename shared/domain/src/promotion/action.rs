//! Actions: what a rule does when it applies. Exactly one of `cart_value`, `cart_items`,
//! `gift_item`, `fixed_price_set` or `shipping`.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::limits::MAX_IDS;
use super::matcher::ItemMatcher;
use super::money::{Money, Percentage};
use crate::checks::{field, Checks, Path};
use crate::error::Violation;

/// What surrounds a rule when it is checked.
#[derive(Debug, Clone, Copy)]
pub struct RuleContext {
    /// The promotion's currency is `*`: fixed amounts have no meaning.
    pub any_currency: bool,
}

/// What a rule does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    CartValue(CartValueAction),
    CartItems(CartItemsAction),
    GiftItem(GiftItemAction),
    FixedPriceSet(FixedPriceSetAction),
    Shipping(ShippingAction),
}

/// A discount on the cart's total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CartValueAction {
    pub discount: Discount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_allowed_discount_amount: Option<Money>,
}

/// A discount on matching items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CartItemsAction {
    pub discount: Discount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_allowed_discount_amount: Option<Money>,
    #[serde(default)]
    pub as_total: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<ItemMatcher>,
    #[serde(default)]
    pub include_items_considered_by_condition: bool,
    #[serde(default)]
    pub exclude_items_on_sale: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<Strategy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    #[serde(default)]
    pub add_free_item: bool,
}

/// A free product or variant added to the cart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GiftItemAction {
    pub quantity: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant_id: Option<u64>,
}

/// A set of `quantity` matching items sold together for `fixed_price`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedPriceSetAction {
    pub quantity: u32,
    pub fixed_price: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<ItemMatcher>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<Strategy>,
    #[serde(default)]
    pub exclude_items_on_sale: bool,
    #[serde(default = "yes")]
    pub include_items_considered_by_condition: bool,
}

fn yes() -> bool {
    true
}

/// Free shipping to some or all shipping zones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShippingAction {
    #[serde(default)]
    pub free_shipping: FreeShipping,
    pub zone_ids: ZoneIds,
}

/// The read-only `free_shipping` flag: any value a client sends is ignored; it reads as `true`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FreeShipping;

impl Serialize for FreeShipping {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(true)
    }
}

impl<'de> Deserialize<'de> for FreeShipping {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(deserializer).map(|_| FreeShipping)
    }
}

/// Shipping zones: `"*"` for all of them, or a list of zone ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneIds {
    All,
    Some(Vec<u64>),
}

impl Serialize for ZoneIds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::All => serializer.serialize_str("*"),
            Self::Some(ids) => ids.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ZoneIds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ZoneIdsVisitor;
        impl<'de> Visitor<'de> for ZoneIdsVisitor {
            type Value = ZoneIds;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("\"*\" or a list of shipping zone ids")
            }
            fn visit_str<E: de::Error>(self, raw: &str) -> Result<ZoneIds, E> {
                match raw {
                    "*" => Ok(ZoneIds::All),
                    other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
                }
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ZoneIds, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element()? {
                    ids.push(id);
                }
                Ok(ZoneIds::Some(ids))
            }
        }
        deserializer.deserialize_any(ZoneIdsVisitor)
    }
}

/// Which of the matching items a discount goes to first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Strategy {
    LeastExpensive,
    LeastExpensiveOnly,
    MostExpensive,
    MostExpensiveOnly,
}

/// How much is taken off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Discount {
    FixedAmount(Money),
    PercentageAmount(Percentage),
}

impl Action {
    pub fn check(&self, path: &Path, context: RuleContext, checks: &mut Checks) {
        match self {
            Self::CartValue(action) => {
                let path = field(path, "cart_value");
                check_discount(
                    &action.discount,
                    action.maximum_allowed_discount_amount.as_ref(),
                    &path,
                    context,
                    checks,
                );
            }
            Self::CartItems(action) => {
                let path = field(path, "cart_items");
                check_discount(
                    &action.discount,
                    action.maximum_allowed_discount_amount.as_ref(),
                    &path,
                    context,
                    checks,
                );
                if let Some(items) = &action.items {
                    items.check(&field(&path, "items"), checks);
                }
                checks.expect(action.quantity != Some(0), field(&path, "quantity"), Violation::NotPositive);
            }
            Self::GiftItem(action) => {
                let path = field(path, "gift_item");
                checks.expect(action.quantity > 0, field(&path, "quantity"), Violation::NotPositive);
                let targets = usize::from(action.product_id.is_some()) + usize::from(action.variant_id.is_some());
                checks.expect(targets == 1, path, Violation::ExactlyOneOf("product_id or variant_id"));
            }
            Self::FixedPriceSet(action) => {
                let path = field(path, "fixed_price_set");
                checks.expect(action.quantity > 0, field(&path, "quantity"), Violation::NotPositive);
                checks.expect(
                    !context.any_currency,
                    field(&path, "fixed_price"),
                    Violation::FixedAmountWithAnyCurrency,
                );
                if let Some(items) = &action.items {
                    items.check(&field(&path, "items"), checks);
                }
            }
            Self::Shipping(action) => {
                let path = field(path, "shipping.zone_ids");
                if let ZoneIds::Some(ids) = &action.zone_ids {
                    checks.non_empty_unique(ids, path);
                    checks.at_most(ids, MAX_IDS, path);
                    checks.expect(!ids.contains(&0), path, Violation::NotPositive);
                }
            }
        }
    }
}

fn check_discount(
    discount: &Discount,
    maximum: Option<&Money>,
    path: &Path,
    context: RuleContext,
    checks: &mut Checks,
) {
    if let Discount::FixedAmount(_) = discount {
        checks.expect(
            !context.any_currency,
            field(path, "discount.fixed_amount"),
            Violation::FixedAmountWithAnyCurrency,
        );
    }
    if let Some(maximum) = maximum {
        let path = field(path, "maximum_allowed_discount_amount");
        checks.expect(maximum.is_positive(), path, Violation::NotPositive);
        checks.expect(!context.any_currency, path, Violation::FixedAmountWithAnyCurrency);
    }
}
