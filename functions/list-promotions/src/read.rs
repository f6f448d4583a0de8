//! How each kind of listing is read ([`Plan`]), so that a page costs what it holds:
//!
//! - **through an index** (no filter, `status`, `redemption_type`, `name`; any sort): one read
//!   per facet of at most `skip + limit + 2` promotions, then their use counters. A page number
//!   skips rows, bounded by `api::http::pages::MAX_PAGE_OFFSET`; a cursor skips none. An
//!   unfiltered page number in id order reads the table between its count items instead, which
//!   gives the exact `total`; an index page's `total` counts the rows up to the page and one more
//!   when a next page exists (counting all of them would read all of them).
//! - **`id`**: the named promotions (at most 250), one read each, side by side.
//! - **`code`**: the code's lookup item, then its promotion.
//! - **`currency_code`, `channels`, `query`** (no index): the whole store, only while it holds
//!   at most [`MAX_UNINDEXED`] promotions; a larger store is refused with a 422.

use api::http::listing::Listing;
use api::ApiError;
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::CodeText;
use domain::promotion::listing::{Facet, Plan, Sort, MAX_UNINDEXED};
use domain::promotion::Promotion;
use domain::{FieldError, Violation};
use store::listing::IndexQuery;
use store::{keys, Store, Window};

/// A page and what its meta needs: the total (as known), the positions of its first and last
/// promotions (for cursors; `None` where a listing has no cursors) and whether more follow.
pub struct Answer {
    pub promotions: Vec<Promotion>,
    pub total: u64,
    pub ends: (Option<String>, Option<String>),
    pub more: bool,
}

/// Reads the page `listing` asks for.
pub async fn page(store: &dyn Store, at: &StoreId, listing: &Listing) -> Result<Answer, ApiError> {
    let request = &listing.request;
    let owners_of = |code: Option<String>| async move {
        let Some(code) = code.as_deref().and_then(CodeText::try_from_str) else { return Ok(Vec::new()) };
        Ok::<_, ApiError>(store.find_code(at, &code).await?.map(|(owner, _)| owner).into_iter().collect())
    };
    let (candidates, owners) = match request.plan() {
        Plan::Index { order, facets, name_prefix } => {
            return index(store, at, listing, order, facets, name_prefix).await
        }
        Plan::Ids(ids) => (named(store, at, ids.into_iter().map(PromotionId)).await?, Vec::new()),
        Plan::Code(code) => {
            let owners = owners_of(Some(code)).await?;
            (named(store, at, owners.iter().copied()).await?, owners)
        }
        Plan::Unindexed => {
            (whole_small_store(store, at, listing).await?, owners_of(request.filters.query.clone()).await?)
        }
    };
    let (promotions, total) = request.apply(candidates, &owners);
    let more = request.offset() + (promotions.len() as u64) < total;
    Ok(Answer { promotions, total, ends: (None, None), more })
}

/// A page of an index: a cursor's page (flipped for `before`), or a numbered one.
async fn index(
    store: &dyn Store,
    at: &StoreId,
    listing: &Listing,
    order: Sort,
    facets: Vec<Facet>,
    name_prefix: Option<String>,
) -> Result<Answer, ApiError> {
    let request = &listing.request;
    let position = listing.position(at)?;
    if position.is_none() && order == Sort::Id && facets.is_empty() {
        return counted_id_page(store, at, listing).await;
    }
    let before = position.as_ref().is_some_and(|(_, before)| *before);
    let skip = if position.is_some() { 0 } else { request.offset() };
    let query = IndexQuery {
        order,
        descending: request.descending != before,
        facets,
        name_prefix,
        after: position.map(|(position, _)| position),
        skip,
        limit: request.limit,
    };
    let mut page = store.list_promotion_index(at, &query).await?;
    if before {
        page.promotions.reverse();
    }
    let ends = (page.promotions.first().map(|p| p.1.clone()), page.promotions.last().map(|p| p.1.clone()));
    let total = skip + page.promotions.len() as u64 + u64::from(page.more);
    Ok(Answer { promotions: page.promotions.into_iter().map(|p| p.0).collect(), total, ends, more: page.more })
}

/// An unfiltered page in id order by number: the table's own order and count.
async fn counted_id_page(store: &dyn Store, at: &StoreId, listing: &Listing) -> Result<Answer, ApiError> {
    let request = &listing.request;
    let window = Window { offset: request.offset(), limit: request.limit };
    let (promotions, total) = store.list_promotions(at, request.descending, Some(window)).await?;
    let position = |p: Option<&Promotion>| p.map(|p| keys::promotion_sk(p.id()));
    let ends = (position(promotions.first()), position(promotions.last()));
    let more = request.offset() + (promotions.len() as u64) < total;
    Ok(Answer { promotions, total, ends, more })
}

/// The promotions with these ids that exist, read side by side.
async fn named(
    store: &dyn Store,
    at: &StoreId,
    ids: impl Iterator<Item = PromotionId>,
) -> Result<Vec<Promotion>, ApiError> {
    let reads = ids.map(|id| store.get_promotion(at, id));
    let found = futures::future::try_join_all(reads).await?;
    Ok(found.into_iter().flatten().map(|versioned| versioned.value).collect())
}

/// Every promotion of a store that holds at most [`MAX_UNINDEXED`]; a 422 for a larger one.
async fn whole_small_store(store: &dyn Store, at: &StoreId, listing: &Listing) -> Result<Vec<Promotion>, ApiError> {
    let window = Window { offset: 0, limit: MAX_UNINDEXED };
    let (promotions, total) = store.list_promotions(at, false, Some(window)).await?;
    if total > MAX_UNINDEXED {
        let message = format!(
            "`currency_code`, `channels` and `query` have no index: they filter stores of at most \
             {MAX_UNINDEXED} promotions, and this one has {total}; filter by `status`, `redemption_type`, \
             `name` (a prefix) or `code` instead"
        );
        let filters = &listing.request.filters;
        let given = [
            ("currency_code", filters.currency_code.is_some()),
            ("channels", filters.channels.is_some()),
            ("query", filters.query.is_some()),
        ];
        let fields = given.into_iter().filter(|(_, given)| *given);
        return Err(ApiError::Invalid(
            fields.map(|(field, _)| FieldError::new(field, Violation::Malformed(message.clone()))).collect(),
        ));
    }
    Ok(promotions)
}
