//! What the fuzzer feeds the parsers: arbitrary JSON values whose keys and strings lean towards
//! the APIs' own vocabulary (so that they get past the first field), valid bodies with a few
//! random edits (so that they reach the rules between fields), and bytes.

use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::{Number, Value};

/// Field names of every request body, so that generated objects are often almost right.
const KEYS: &[&str] = &[
    "redemption_type",
    "name",
    "display_name",
    "channels",
    "customer",
    "rules",
    "max_uses",
    "status",
    "start_date",
    "end_date",
    "stop",
    "can_be_used_with_other_promotions",
    "currency_code",
    "notifications",
    "shipping_address",
    "schedule",
    "coupon_overrides_automatic_when_offering_higher_discounts",
    "coupon_type",
    "codes",
    "id",
    "current_uses",
    "created_from",
    "multiple_codes",
    "action",
    "condition",
    "apply_once",
    "cart_value",
    "cart_items",
    "gift_item",
    "fixed_price_set",
    "shipping",
    "discount",
    "fixed_amount",
    "percentage_amount",
    "maximum_allowed_discount_amount",
    "items",
    "brands",
    "categories",
    "products",
    "variants",
    "and",
    "or",
    "not",
    "product_option",
    "product_custom_field",
    "type",
    "values",
    "group_ids",
    "excluded_group_ids",
    "minimum_order_count",
    "segments",
    "zone_ids",
    "free_shipping",
    "quantity",
    "product_id",
    "variant_id",
    "strategy",
    "as_total",
    "cart",
    "minimum_spend",
    "minimum_quantity",
    "countries",
    "iso2_country_code",
    "content",
    "locations",
    "week_frequency",
    "week_days",
    "daily_start_time",
    "daily_end_time",
    "code",
    "max_uses_per_customer",
    "enabled",
    "trigger_after",
    "minimum_order_value",
    "maximum_order_value",
    "max_coupons_per_customer_amount",
    "max_coupons_per_customer_period",
    "max_coupons_global_amount",
    "max_coupons_global_period",
    "coupon_configuration",
    "duration",
    "duration_in_months",
    "discount_type",
    "discount_amount",
    "discount_only_required_tags_or_products",
    "discount_apply_before_sales",
    "required_tag_ids",
    "required_product_ids",
    "customer_redeem_limit_enabled",
    "customer_redeem_limit",
    "usable_on_one_time_purchases",
    "usable_on_subscriptions",
    "expires_after",
    "store_id",
    "invalid",
    "updated_by",
    "updated_at",
    "batch_size",
    "prefix",
    "suffix",
    "delimiter",
    "exclude_characters",
    "code_length",
];

/// Strings the rules give meaning to, and their near misses.
const WORDS: &[&str] = &[
    "",
    " ",
    "COUPON",
    "AUTOMATIC",
    "SINGLE",
    "BULK",
    "ENABLED",
    "DISABLED",
    "INVALID",
    "*",
    "USD",
    "usd",
    "EUR",
    "10",
    "10.50",
    "0",
    "0.0",
    "100",
    "100.5",
    "-1",
    "1e3",
    ".5",
    "5.",
    "P1D",
    "PT0.5S",
    "P1W2D",
    "P",
    "PT",
    "P007D",
    "once",
    "repeating",
    "forever",
    "percent",
    "amount",
    "unspecified",
    "411486491630370816",
    "18446744073709551616",
    "0411",
    "2030-01-01T00:00:00+00:00",
    "2005-12-30T01:02:03Z",
    "2030-02-30T00:00:00Z",
    "09:00:00",
    "24:00:00",
    "MONDAY",
    "Monday",
    "UPSELL",
    "CART_PAGE",
    "string_match",
    "LEAST_EXPENSIVE",
    "0b8d5d8f-1c4c-4c59-9d5e-9c7e4e1a7d10",
    "SAVE10",
    "save 10",
    "US",
    "us",
    "api",
    "_",
    "-",
    "A",
    "\u{0}",
    "ü",
    "\u{202e}",
];

/// A JSON leaf: null, a boolean, a number at the edges or anywhere, or a string.
fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        select(vec![0i64, 1, -1, 2, 100, 101, 250, 251, i32::MAX as i64, i32::MAX as i64 + 1, i64::MIN, i64::MAX])
            .prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        select(WORDS).prop_map(Value::from),
        "\\PC{0,24}".prop_map(Value::from),
        (1usize..400).prop_map(|n| Value::from("x".repeat(n))),
    ]
}

/// Any JSON value, up to four levels deep, its object keys mostly the APIs' field names.
pub fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![4 => select(KEYS).prop_map(str::to_owned), 1 => "\\PC{0,8}"];
    leaf().prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// One random edit of a JSON document.
#[derive(Debug, Clone)]
pub enum Edit {
    Replace(Index, Value),
    Remove(Index),
    Insert(Index, String, Value),
    Duplicate(Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    let key = prop_oneof![select(KEYS).prop_map(str::to_owned), "\\PC{0,8}"];
    prop_oneof![
        3 => (any::<Index>(), json_value()).prop_map(|(at, value)| Edit::Replace(at, value)),
        1 => any::<Index>().prop_map(Edit::Remove),
        1 => (any::<Index>(), key, json_value()).prop_map(|(at, key, value)| Edit::Insert(at, key, value)),
        1 => any::<Index>().prop_map(Edit::Duplicate),
    ]
}

/// One of `seeds` with one to three random edits.
pub fn edited(seeds: Vec<Value>) -> impl Strategy<Value = Value> {
    (select(seeds), prop::collection::vec(edit(), 1..4)).prop_map(|(mut document, edits)| {
        for edit in edits {
            apply(&mut document, edit);
        }
        document
    })
}

/// The bytes of one of `seeds`, with a few bytes changed, inserted or removed; or any bytes.
pub fn bytes(seeds: Vec<Value>) -> impl Strategy<Value = Vec<u8>> {
    let edits = prop::collection::vec((any::<Index>(), any::<u8>(), 0u8..3), 1..6);
    let near_json = (select(seeds), edits).prop_map(|(document, edits)| {
        let mut bytes = document.to_string().into_bytes();
        for (at, byte, kind) in edits {
            let position = at.index(bytes.len() + 1);
            match kind {
                0 if position < bytes.len() => bytes[position] = byte,
                1 => bytes.insert(position, byte),
                _ if position < bytes.len() => drop(bytes.remove(position)),
                _ => {}
            }
        }
        bytes
    });
    prop_oneof![3 => near_json, 1 => prop::collection::vec(any::<u8>(), 0..256)]
}

/// Every position in the document (the root first), as the steps that lead there.
fn positions(document: &Value) -> Vec<Vec<Step>> {
    let mut found = vec![Vec::new()];
    let mut index = 0;
    while index < found.len() {
        let path = found[index].clone();
        match locate(document, &path) {
            Some(Value::Object(map)) => found.extend(map.keys().map(|k| with(&path, Step::Key(k.clone())))),
            Some(Value::Array(items)) => found.extend((0..items.len()).map(|i| with(&path, Step::At(i)))),
            _ => {}
        }
        index += 1;
    }
    found
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    At(usize),
}

fn with(path: &[Step], step: Step) -> Vec<Step> {
    let mut longer = path.to_vec();
    longer.push(step);
    longer
}

fn locate<'a>(document: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(document, |value, step| match step {
        Step::Key(key) => value.get(key),
        Step::At(i) => value.get(i),
    })
}

fn locate_mut<'a>(document: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(document, |value, step| match step {
        Step::Key(key) => value.get_mut(key),
        Step::At(i) => value.get_mut(i),
    })
}

fn apply(document: &mut Value, edit: Edit) {
    let positions = positions(document);
    let pick = |at: &Index| positions[at.index(positions.len())].clone();
    match edit {
        Edit::Replace(at, value) => {
            if let Some(target) = locate_mut(document, &pick(&at)) {
                *target = value;
            }
        }
        Edit::Remove(at) | Edit::Duplicate(at) => {
            let path = pick(&at);
            let Some((last, parent)) = path.split_last() else { return };
            let duplicate = matches!(edit, Edit::Duplicate(_));
            match (locate_mut(document, parent), last) {
                (Some(Value::Object(map)), Step::Key(key)) if !duplicate => drop(map.remove(key)),
                (Some(Value::Array(items)), Step::At(i)) if duplicate => items.insert(*i, items[*i].clone()),
                (Some(Value::Array(items)), Step::At(i)) => drop(items.remove(*i)),
                _ => {}
            }
        }
        Edit::Insert(at, key, value) => match locate_mut(document, &pick(&at)) {
            Some(Value::Object(map)) => drop(map.insert(key, value)),
            Some(Value::Array(items)) => items.push(value),
            _ => {}
        },
    }
}
