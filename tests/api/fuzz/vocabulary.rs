//! The APIs' own vocabulary, which the fuzzer's generated JSON leans towards: field names, so
//! that objects are often almost right, and the strings the rules give meaning to.

/// Field names of every request body.
#[rustfmt::skip]
pub const KEYS: &[&str] = &[
    "redemption_type", "name", "display_name", "channels", "customer", "rules", "max_uses", "status", "start_date",
    "end_date", "stop", "can_be_used_with_other_promotions", "currency_code", "notifications", "shipping_address",
    "schedule", "coupon_overrides_automatic_when_offering_higher_discounts", "coupon_type", "codes", "id",
    "current_uses", "created_from", "multiple_codes", "action", "condition", "apply_once", "cart_value",
    "cart_items", "gift_item", "fixed_price_set", "shipping", "discount", "fixed_amount", "percentage_amount",
    "maximum_allowed_discount_amount", "items", "brands", "categories", "products", "variants", "and", "or", "not",
    "product_option", "product_custom_field", "type", "values", "group_ids", "excluded_group_ids",
    "minimum_order_count", "segments", "zone_ids", "free_shipping", "quantity", "product_id", "variant_id",
    "strategy", "as_total", "cart", "minimum_spend", "minimum_quantity", "countries", "iso2_country_code",
    "content", "locations", "week_frequency", "week_days", "daily_start_time", "daily_end_time", "code",
    "max_uses_per_customer", "enabled", "trigger_after", "minimum_order_value", "maximum_order_value",
    "max_coupons_per_customer_amount", "max_coupons_per_customer_period", "max_coupons_global_amount",
    "max_coupons_global_period", "coupon_configuration", "duration", "duration_in_months", "discount_type",
    "discount_amount", "discount_only_required_tags_or_products", "discount_apply_before_sales",
    "required_tag_ids", "required_product_ids", "customer_redeem_limit_enabled", "customer_redeem_limit",
    "usable_on_one_time_purchases", "usable_on_subscriptions", "expires_after", "store_id", "invalid",
    "updated_by", "updated_at", "batch_size", "prefix", "suffix", "delimiter", "exclude_characters", "code_length",
];

/// Strings the rules give meaning to, and their near misses.
#[rustfmt::skip]
pub const WORDS: &[&str] = &[
    "", " ", "COUPON", "AUTOMATIC", "SINGLE", "BULK", "ENABLED", "DISABLED", "INVALID", "*", "USD", "usd", "EUR",
    "10", "10.50", "0", "0.0", "100", "100.5", "-1", "1e3", ".5", "5.", "P1D", "PT0.5S", "P1W2D", "P", "PT",
    "P007D", "once", "repeating", "forever", "percent", "amount", "unspecified", "411486491630370816",
    "18446744073709551616", "0411", "2030-01-01T00:00:00+00:00", "2005-12-30T01:02:03Z", "2030-02-30T00:00:00Z",
    "09:00:00", "24:00:00", "MONDAY", "Monday", "UPSELL", "CART_PAGE", "string_match", "LEAST_EXPENSIVE",
    "0b8d5d8f-1c4c-4c59-9d5e-9c7e4e1a7d10", "SAVE10", "save 10", "US", "us", "api", "_", "-", "A", "\u{0}", "ü",
    "\u{202e}",
];
