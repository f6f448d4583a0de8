//! Item matchers: which cart items a condition or an action looks at.
//!
//! A matcher is a leaf (`brands`, `categories`, `products`, `variants`, `product_option`,
//! `product_custom_field`) or a combination (`and`, `or`, `not`) of matchers, nested at most
//! [`MAX_NESTING`] combinations deep. Leaf lists are never empty: an empty list matches nothing,
//! which is never what a merchant means.

use serde::{Deserialize, Serialize};

use super::limits::{MAX_IDS, MAX_MEMBERS, MAX_NESTING, MAX_TEXT_CHARS, MAX_VALUES};
use crate::checks::{field, index, Checks, Path};
use crate::error::Violation;

/// Selects cart items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemMatcher {
    Brands(IdSet),
    Categories(IdSet),
    Products(IdSet),
    Variants(IdSet),
    ProductOption(ProductOptionMatch),
    ProductCustomField(CustomFieldMatch),
    And(Vec<ItemMatcher>),
    Or(Vec<ItemMatcher>),
    Not(Box<ItemMatcher>),
}

/// A leaf's ids, in the order the merchant wrote them (which is what a client reads back), and
/// looked up as a set: sorted once, on the first lookup of the evaluation, then found by binary
/// search, so a 1,000-id matcher costs ten comparisons per id of a line rather than a thousand.
#[derive(Debug, Clone, Default)]
pub struct IdSet {
    ids: Vec<u64>,
    sorted: std::sync::OnceLock<Box<[u64]>>,
}

impl IdSet {
    pub fn contains(&self, id: u64) -> bool {
        let sorted = self.sorted.get_or_init(|| {
            let mut sorted = self.ids.clone().into_boxed_slice();
            sorted.sort_unstable();
            sorted
        });
        sorted.binary_search(&id).is_ok()
    }

    pub fn as_slice(&self) -> &[u64] {
        &self.ids
    }
}

impl From<Vec<u64>> for IdSet {
    fn from(ids: Vec<u64>) -> Self {
        Self { ids, sorted: std::sync::OnceLock::new() }
    }
}

impl PartialEq for IdSet {
    fn eq(&self, other: &Self) -> bool {
        self.ids == other.ids
    }
}

impl Serialize for IdSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.ids.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for IdSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::deserialize(deserializer).map(Self::from)
    }
}

/// Items whose option `name` has one of `values`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductOptionMatch {
    #[serde(rename = "type")]
    pub kind: OptionMatchKind,
    pub name: String,
    pub values: Vec<String>,
}

/// The only documented way to compare option values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionMatchKind {
    StringMatch,
}

/// Items whose custom field `name` has one of `values`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomFieldMatch {
    pub name: String,
    pub values: Vec<String>,
}

impl ItemMatcher {
    /// How many combinations (`and`, `or`, `not`) deep this matcher goes; a leaf is 0.
    pub fn nesting(&self) -> usize {
        match self {
            Self::And(all) | Self::Or(all) => 1 + all.iter().map(Self::nesting).max().unwrap_or(0),
            Self::Not(inner) => 1 + inner.nesting(),
            _ => 0,
        }
    }

    /// How many leaves this matcher has: the work of matching it against one cart line.
    pub fn leaves(&self) -> u64 {
        match self {
            Self::And(all) | Self::Or(all) => all.iter().map(Self::leaves).sum(),
            Self::Not(inner) => inner.leaves(),
            _ => 1,
        }
    }

    /// Records every rule this matcher breaks; the depth limit is reported once, at `path`.
    pub fn check(&self, path: &Path, checks: &mut Checks) {
        checks.expect(self.nesting() <= MAX_NESTING, path, Violation::TooDeep(MAX_NESTING));
        self.check_structure(path, checks);
    }

    fn check_structure(&self, path: &Path, checks: &mut Checks) {
        match self {
            Self::Brands(ids) => check_ids(ids.as_slice(), &field(path, "brands"), checks),
            Self::Categories(ids) => check_ids(ids.as_slice(), &field(path, "categories"), checks),
            Self::Products(ids) => check_ids(ids.as_slice(), &field(path, "products"), checks),
            Self::Variants(ids) => check_ids(ids.as_slice(), &field(path, "variants"), checks),
            Self::ProductOption(option) => {
                check_named_values(&option.name, &option.values, &field(path, "product_option"), checks)
            }
            Self::ProductCustomField(custom) => {
                check_named_values(&custom.name, &custom.values, &field(path, "product_custom_field"), checks)
            }
            Self::And(all) | Self::Or(all) => {
                let path = field(path, if matches!(self, Self::And(_)) { "and" } else { "or" });
                checks.expect(!all.is_empty(), path, Violation::Empty);
                checks.at_most(all, MAX_MEMBERS, path);
                for (i, matcher) in all.iter().enumerate() {
                    matcher.check_structure(&index(&path, i), checks);
                }
            }
            Self::Not(inner) => inner.check_structure(&field(path, "not"), checks),
        }
    }
}

fn check_ids(ids: &[u64], path: &Path, checks: &mut Checks) {
    checks.non_empty_unique(ids, path);
    checks.at_most(ids, MAX_IDS, path);
}

/// An option or custom field: a non-blank name and distinct values, each of bounded length.
fn check_named_values(name: &str, values: &[String], path: &Path, checks: &mut Checks) {
    checks.expect(!name.trim().is_empty(), field(path, "name"), Violation::Empty);
    checks.at_most_chars(name, MAX_TEXT_CHARS, field(path, "name"));
    let values_path = field(path, "values");
    checks.non_empty_unique(values, values_path);
    checks.at_most(values, MAX_VALUES, values_path);
    for (i, value) in values.iter().enumerate() {
        checks.at_most_chars(value, MAX_TEXT_CHARS, index(&values_path, i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::ROOT;
    use serde_json::json;

    fn errors_of(value: serde_json::Value) -> Vec<String> {
        let matcher: ItemMatcher = serde_json::from_value(value).expect("parses");
        let mut checks = Checks::default();
        matcher.check(&field(&ROOT, "items"), &mut checks);
        checks.paths()
    }

    #[test]
    fn three_levels_of_combinations_are_allowed_four_are_not() {
        let three = json!({"and": [{"or": [{"not": {"brands": [1]}}]}]});
        assert_eq!(errors_of(three), Vec::<String>::new());
        let four = json!({"and": [{"or": [{"not": {"not": {"brands": [1]}}}]}]});
        assert_eq!(errors_of(four), vec!["items".to_owned()]);
    }

    #[test]
    fn empty_or_repeated_leaf_lists_are_refused_with_their_path() {
        assert_eq!(errors_of(json!({"brands": []})), vec!["items.brands"]);
        assert_eq!(errors_of(json!({"or": [{"products": [3, 3]}]})), vec!["items.or[0].products"]);
        assert_eq!(
            errors_of(json!({"product_custom_field": {"name": "x", "values": []}})),
            vec!["items.product_custom_field.values"]
        );
    }

    #[test]
    fn a_matcher_must_be_exactly_one_known_kind() {
        assert!(serde_json::from_value::<ItemMatcher>(json!({"colours": [1]})).is_err());
        assert!(serde_json::from_value::<ItemMatcher>(json!({"brands": [1], "products": [2]})).is_err());
        assert!(serde_json::from_value::<ItemMatcher>(
            json!({"product_option": {"type": "regex", "name": "n", "values": ["v"]}})
        )
        .is_err());
    }
}
