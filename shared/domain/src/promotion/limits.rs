//! Every maximum a promotion request is held to, in one place (the "Limits" table of
//! docs/limits-and-failures.md lists the same numbers).
//!
//! Each is far above what a merchant needs and small enough that the worst case stays inside
//! one DynamoDB item; [`MAX_PROMOTION_BYTES`] is the backstop for combinations of them (an
//! update that adds large parts to an already large promotion).

/// Most rules a promotion may have (the platform advises 10 or fewer).
pub const MAX_RULES: usize = 50;
/// Most channels a promotion may name.
pub const MAX_CHANNELS: usize = 100;
/// Most notifications a promotion may carry.
pub const MAX_NOTIFICATIONS: usize = 20;
/// Longest notification `content`, in characters.
pub const MAX_NOTIFICATION_CHARS: usize = 1000;
/// Longest `name` and `display_name`, in characters.
pub const MAX_NAME_CHARS: usize = 255;
/// Longest option or custom field name or value in an item matcher, in characters.
pub const MAX_TEXT_CHARS: usize = 255;
/// Most values one `product_option` or `product_custom_field` matcher may list.
pub const MAX_VALUES: usize = 100;
/// Most ids one list may hold: an item matcher's brands, categories, products or variants,
/// customer group ids, shipping zone ids.
pub const MAX_IDS: usize = 1000;
/// Most customer segment ids one segment matcher may list.
pub const MAX_SEGMENT_IDS: usize = 100;
/// Most members one `and` / `or` may combine (item matchers, segments, conditions).
pub const MAX_MEMBERS: usize = 20;
/// Most shipping countries a promotion may name (ISO 3166-1 has 249).
pub const MAX_COUNTRIES: usize = 250;
/// How deep `and` / `or` / `not` may nest in item matchers, segment matchers and conditions.
pub const MAX_NESTING: usize = 3;
/// Largest promotion, as the JSON of its fields: DynamoDB stores at most 400 KB per item, and
/// the rest of the item (keys, counts, a SINGLE coupon's code) and a stored idempotent replay of
/// the response fit in the remaining 50 KB.
pub const MAX_PROMOTION_BYTES: usize = 350_000;
