//! A Query read page after page: DynamoDB answers at most 1 MB (or `Limit` items) per call, so
//! every read of "the items in this range, up to so many" is a loop that starts each call where
//! the last one stopped. Written once here rather than in each read.
//!
//! Why not the SDK's paginator (`into_paginator().items()`): it cannot lower `Limit` from page to
//! page, so a read that wants 50 items would ask each page for 50 again and read past them.

use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;

use super::{sdk_error, Item};
use crate::error::StoreError;

/// Sends `query` page after page until it has read `wanted` items (every item when `None`) or
/// none is left; each page asks only for what is still wanted. A query with a filter may answer
/// fewer items than it read: `wanted` counts what it answered.
pub(super) async fn query_until(query: QueryFluentBuilder, wanted: Option<usize>) -> Result<Vec<Item>, StoreError> {
    let mut items = Vec::new();
    let mut start = None;
    loop {
        let page = query.clone().set_exclusive_start_key(start);
        let page = match wanted {
            Some(wanted) => page.limit(i32::try_from(wanted - items.len()).unwrap_or(i32::MAX)),
            None => page,
        };
        let output = page.send().await.map_err(sdk_error)?;
        items.extend(output.items.unwrap_or_default());
        start = output.last_evaluated_key;
        if start.is_none() || wanted.is_some_and(|wanted| items.len() >= wanted) {
            return Ok(items);
        }
    }
}
