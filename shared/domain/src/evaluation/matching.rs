//! What the promotion's matchers select in a cart: item matchers against cart lines, segment
//! matchers against the shopper's segments.
//!
//! Option and custom-field names and values compare exactly (`string_match`, as documented: no
//! case folding, no trimming). A segment list `{"id": [...]}` holds when the shopper is in any
//! of its segments.

use uuid::Uuid;

use super::cart::CartItem;
use crate::promotion::customer::SegmentMatcher;
use crate::promotion::matcher::ItemMatcher;

/// True when the line is one the matcher selects.
pub fn item_matches(matcher: &ItemMatcher, item: &CartItem) -> bool {
    match matcher {
        ItemMatcher::Brands(ids) => item.brand_id.is_some_and(|brand| ids.contains(brand)),
        ItemMatcher::Categories(ids) => item.category_ids.iter().any(|category| ids.contains(*category)),
        ItemMatcher::Products(ids) => ids.contains(item.product_id),
        ItemMatcher::Variants(ids) => item.variant_id.is_some_and(|variant| ids.contains(variant)),
        ItemMatcher::ProductOption(option) => {
            item.options.iter().any(|chosen| chosen.name == option.name && option.values.contains(&chosen.value))
        }
        ItemMatcher::ProductCustomField(custom) => {
            item.custom_fields.iter().any(|field| field.name == custom.name && custom.values.contains(&field.value))
        }
        ItemMatcher::And(all) => all.iter().all(|m| item_matches(m, item)),
        ItemMatcher::Or(any) => any.iter().any(|m| item_matches(m, item)),
        ItemMatcher::Not(inner) => !item_matches(inner, item),
    }
}

/// True when `matcher` is absent (every item) or selects the line.
pub fn selects(matcher: Option<&ItemMatcher>, item: &CartItem) -> bool {
    matcher.is_none_or(|m| item_matches(m, item))
}

/// True when a shopper in `segments` is one the matcher selects.
pub fn segments_match(matcher: &SegmentMatcher, segments: &[Uuid]) -> bool {
    match matcher {
        SegmentMatcher::Id(ids) => ids.iter().any(|id| segments.contains(id)),
        SegmentMatcher::And(all) => all.iter().all(|m| segments_match(m, segments)),
        SegmentMatcher::Or(any) => any.iter().any(|m| segments_match(m, segments)),
        SegmentMatcher::Not(inner) => !segments_match(inner, segments),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn item() -> CartItem {
        serde_json::from_value(json!({
            "product_id": 77, "variant_id": 5, "brand_id": 3, "category_ids": [18, 21],
            "options": [{"name": "Size", "value": "L"}], "custom_fields": [{"name": "Fabric", "value": "Linen"}],
            "quantity": 1, "unit_price": "10.00"
        }))
        .unwrap()
    }

    fn matches(matcher: serde_json::Value) -> bool {
        item_matches(&serde_json::from_value(matcher).unwrap(), &item())
    }

    #[test]
    fn leaves_match_on_their_attribute() {
        assert!(matches(json!({"brands": [3]})) && !matches(json!({"brands": [4]})));
        assert!(matches(json!({"categories": [99, 21]})) && !matches(json!({"categories": [99]})));
        assert!(matches(json!({"products": [77]})) && matches(json!({"variants": [5]})));
        assert!(matches(json!({"product_option": {"type": "string_match", "name": "Size", "values": ["M", "L"]}})));
        assert!(!matches(json!({"product_option": {"type": "string_match", "name": "Size", "values": ["l"]}})));
        assert!(matches(json!({"product_custom_field": {"name": "Fabric", "values": ["Linen"]}})));
    }

    #[test]
    fn combinations_follow_boolean_logic() {
        assert!(matches(json!({"and": [{"brands": [3]}, {"not": {"products": [1]}}]})));
        assert!(!matches(json!({"and": [{"brands": [3]}, {"products": [1]}]})));
        assert!(matches(json!({"or": [{"brands": [9]}, {"products": [77]}]})));
    }

    #[test]
    fn a_segment_list_holds_for_a_shopper_in_any_of_them() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert!(segments_match(&SegmentMatcher::Id(vec![a, b]), &[b]));
        assert!(!segments_match(&SegmentMatcher::Id(vec![a]), &[]));
        let both = SegmentMatcher::And(vec![SegmentMatcher::Id(vec![a]), SegmentMatcher::Id(vec![b])]);
        assert!(segments_match(&both, &[a, b]) && !segments_match(&both, &[a]));
        assert!(segments_match(&SegmentMatcher::Not(Box::new(SegmentMatcher::Id(vec![a]))), &[b]));
    }
}
