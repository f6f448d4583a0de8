//! The promotion listing on DynamoDB: the index attributes every promotion item carries, and a
//! page read through the indexes (`template.yaml` defines them; [`crate::keys`] their keys).
//!
//! Round trips of a page: one Query per facet read, side by side in the request's task (one without a status or
//! redemption type filter, one with both, two or three with one of them), each of at most
//! `skip + limit + 2` items, then one Query of each promotion's use counters, side by side. A
//! listing in id order without facets reads the table itself (strongly consistent); the
//! indexes are eventually consistent, as every GSI is.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use futures::future::try_join_all;

use super::paged_query::query_until;
use super::promotion_item::read_promotion;
use super::{DynamoStore, Item};
use crate::error::StoreError;
use crate::keys;
use crate::listing::{IndexPage, IndexQuery};
use domain::ids::StoreId;
use domain::promotion::listing::Sort;
use domain::promotion::Promotion;

/// Where one read of a listing goes: the index (`None`: the table), its partition key's
/// attribute and value.
struct Source {
    index: Option<&'static str>,
    partition: (&'static str, String),
}

impl DynamoStore {
    /// The listing's index attributes of `promotion`'s item: its facet, its place in name order
    /// and in start date order. Every promotion item carries them, so each index holds every
    /// promotion and nothing else.
    pub(super) fn listing_attributes(store: &StoreId, promotion: &Promotion) -> [(String, AttributeValue); 3] {
        let fields = promotion.fields();
        let facet =
            domain::promotion::listing::Facet { status: fields.status(), redemption_type: fields.redemption_type() };
        [
            (keys::LIST_FACET.to_owned(), AttributeValue::S(keys::listing_facet(store, facet))),
            (keys::LIST_NAME.to_owned(), AttributeValue::S(keys::listing_name(fields.name().as_ref(), promotion.id()))),
            (keys::LIST_START.to_owned(), AttributeValue::S(keys::listing_start(fields.start_date(), promotion.id()))),
        ]
    }

    /// The reads `query` needs: one per facet, or one of the whole store.
    fn sources(store: &StoreId, query: &IndexQuery) -> Vec<Source> {
        if query.facets.is_empty() {
            let index = match query.order {
                Sort::Id => None,
                Sort::Name => Some("ByName"),
                Sort::StartDate => Some("ByStart"),
            };
            return vec![Source { index, partition: (keys::PK, keys::store_pk(store)) }];
        }
        let index = match query.order {
            Sort::Id => "FacetById",
            Sort::Name => "FacetByName",
            Sort::StartDate => "FacetByStart",
        };
        let facets = query.facets.iter().map(|facet| keys::listing_facet(store, *facet));
        facets.map(|partition| Source { index: Some(index), partition: (keys::LIST_FACET, partition) }).collect()
    }

    /// Up to `query.wanted()` items of one source within `bounds`, in the listing's direction.
    async fn read_source(
        &self,
        source: Source,
        query: &IndexQuery,
        (low, high): (Option<String>, Option<String>),
    ) -> Result<Vec<Item>, StoreError> {
        let condition = match (&low, &high) {
            (Some(_), Some(_)) => "#pk = :pk AND #sk BETWEEN :low AND :high",
            (Some(_), None) => "#pk = :pk AND #sk >= :low",
            (None, Some(_)) => "#pk = :pk AND #sk <= :high",
            (None, None) => "#pk = :pk",
        };
        let mut names = HashMap::from([("#pk".to_owned(), source.partition.0.to_owned())]);
        if low.is_some() || high.is_some() {
            names.insert("#sk".to_owned(), query.position_attribute().to_owned());
        }
        let request = self
            .client
            .query()
            .table_name(&self.table)
            .set_index_name(source.index.map(str::to_owned))
            .key_condition_expression(condition)
            .set_expression_attribute_names(Some(names))
            .expression_attribute_values(":pk", AttributeValue::S(source.partition.1.clone()))
            .set_consistent_read(source.index.is_none().then_some(true))
            .scan_index_forward(!query.descending);
        let request = match low {
            Some(low) => request.expression_attribute_values(":low", AttributeValue::S(low)),
            None => request,
        };
        let request = match high {
            Some(high) => request.expression_attribute_values(":high", AttributeValue::S(high)),
            None => request,
        };
        query_until(request, Some(query.wanted())).await
    }

    /// The page of `query`: every source read side by side, merged, then the page's uses.
    pub(super) async fn index_page(&self, store: &StoreId, query: &IndexQuery) -> Result<IndexPage, StoreError> {
        let Some(bounds) = query.bounds() else { return Ok(IndexPage { promotions: Vec::new(), more: false }) };
        let reads =
            Self::sources(store, query).into_iter().map(|source| self.read_source(source, query, bounds.clone()));
        let mut rows = Vec::new();
        for item in try_join_all(reads).await?.into_iter().flatten() {
            let position = item.get(query.position_attribute()).and_then(|v| v.as_s().ok()).cloned();
            let position = position.ok_or_else(|| StoreError::Backend("an index item has no position".into()))?;
            rows.push((read_promotion(item)?.value, position));
        }
        let mut page = query.merge(rows);
        page.promotions = self.with_uses(store, page.promotions).await?;
        Ok(page)
    }

    /// The promotions with their counted uses: one Query of each one's counters, side by side
    /// (a page in name or date order has ids from anywhere in the store, so one range of
    /// counters would read the store's).
    async fn with_uses(
        &self,
        store: &StoreId,
        rows: Vec<(Promotion, String)>,
    ) -> Result<Vec<(Promotion, String)>, StoreError> {
        let reads =
            rows.iter().map(|(promotion, _)| self.counted_uses(store, keys::promotion_uses_range(promotion.id())));
        let uses = try_join_all(reads).await?;
        let counted = rows.into_iter().zip(uses).map(|((promotion, position), uses)| {
            (uses.get(&promotion.id()).copied().unwrap_or_default().apply(promotion), position)
        });
        Ok(counted.collect())
    }
}
