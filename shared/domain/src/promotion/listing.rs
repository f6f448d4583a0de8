//! Listing promotions: the filters, sort and page a listing asks for, how the store answers it
//! ([`ListRequest::plan`]: through an index, from a few named promotions, or from the whole of a
//! small store), and how a list of promotions is filtered, sorted and cut to a page
//! (`api::http::listing` reads the request from a query string).
//!
//! Filters: `id` (comma list), `name` (the name starts with it, without case), `code` (a code of
//! the promotion), `currency_code`, `redemption_type` (`automatic` / `coupon`), `status`,
//! `channels` (comma list; a promotion for all channels always matches) and `query` (the name
//! contains it, without case, or it is one of the promotion's codes). `sort` is `id` (default),
//! `name` (by [`name_order`], then id), `priority` (the id: earlier promotions first) or
//! `start_date`; `direction` `asc` (default) or `desc`.

use super::resource::{Promotion, RedemptionType, Status};
use crate::ids::PromotionId;

/// Largest page.
pub const MAX_LIMIT: u64 = 250;
/// Page size when none is asked for.
pub const DEFAULT_LIMIT: u64 = 50;

/// What `GET /promotions` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRequest {
    pub page: u64,
    pub limit: u64,
    pub sort: Sort,
    pub descending: bool,
    pub filters: Filters,
}

/// The order of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Id,
    Name,
    StartDate,
}

/// The filters of a listing; the default keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub ids: Option<Vec<u64>>,
    pub name: Option<String>,
    pub code: Option<String>,
    pub currency_code: Option<String>,
    pub redemption_type: Option<RedemptionType>,
    pub status: Option<Status>,
    pub channels: Option<Vec<u64>>,
    pub query: Option<String>,
}

/// How a listing is answered, so that a page costs what the page holds at any store size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// The promotions named by `id` (at most 250), filtered and sorted as they are read.
    Ids(Vec<u64>),
    /// The one promotion that owns the `code`, if it matches the other filters.
    Code(String),
    /// Filters no index answers (`currency_code`, `channels`, `query`): the whole store is read,
    /// so only a store of at most [`MAX_UNINDEXED`] promotions is answered.
    Unindexed,
    /// Pages of an index: the promotions of these facets (every one when empty), in `order`,
    /// whose [`name_order`] starts with `name_prefix`.
    Index { order: Sort, facets: Vec<Facet>, name_prefix: Option<String> },
}

/// A status and a redemption type: the promotions of one facet are one partition of the
/// listing's indexes, so a filter on both is one read and a filter on one merges two or three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facet {
    pub status: Status,
    pub redemption_type: RedemptionType,
}

/// The facets there are.
const STATUSES: [Status; 3] = [Status::Enabled, Status::Disabled, Status::Invalid];
const REDEMPTION_TYPES: [RedemptionType; 2] = [RedemptionType::Automatic, RedemptionType::Coupon];

/// The most promotions a store may hold for a listing with an unindexed filter
/// ([`Plan::Unindexed`]); a larger store is refused with the filters that are indexed.
pub const MAX_UNINDEXED: u64 = 1_000;

/// The longest [`name_order`], in bytes: a DynamoDB index's sort key holds at most 1,024
/// bytes, and the key adds a separator and the 20-digit id.
pub const MAX_NAME_ORDER_BYTES: usize = 1_000;

/// What a name sorts and is searched by: lower case, without the two control characters the
/// index keys use as separators (`\0`, `\u{1}`), cut to [`MAX_NAME_ORDER_BYTES`] (names that
/// agree that far are ordered by id). Strings compare byte-wise in Rust, SQLite and DynamoDB
/// alike, so every backend orders names the same way.
pub fn name_order(name: &str) -> String {
    let mut order: String = name.to_lowercase().chars().filter(|c| *c != '\0' && *c != '\u{1}').collect();
    if order.len() > MAX_NAME_ORDER_BYTES {
        let cut = (0..=MAX_NAME_ORDER_BYTES).rev().find(|i| order.is_char_boundary(*i)).unwrap_or(0);
        order.truncate(cut);
    }
    order
}

impl ListRequest {
    /// How the store answers this listing.
    pub fn plan(&self) -> Plan {
        let filters = &self.filters;
        if let Some(ids) = &filters.ids {
            return Plan::Ids(ids.clone());
        }
        if let Some(code) = &filters.code {
            return Plan::Code(code.clone());
        }
        if filters.currency_code.is_some() || filters.channels.is_some() || filters.query.is_some() {
            return Plan::Unindexed;
        }
        Plan::Index { order: self.sort, facets: filters.facets(), name_prefix: filters.name.clone() }
    }

    /// How many promotions come before the page.
    pub fn offset(&self) -> u64 {
        (self.page - 1).saturating_mul(self.limit)
    }

    /// Filters, sorts and cuts `promotions` to the page; also returns how many matched.
    /// `code_owners` are the promotions that own the `code` / `query` code, when looked up.
    pub fn apply(&self, mut promotions: Vec<Promotion>, code_owners: &[PromotionId]) -> (Vec<Promotion>, u64) {
        promotions.retain(|p| self.filters.keep(p, code_owners));
        match self.sort {
            Sort::Id => promotions.sort_by_key(|p| p.id),
            Sort::Name => promotions.sort_by_cached_key(|p| (name_order(p.fields.name.as_ref()), p.id)),
            Sort::StartDate => promotions.sort_by_key(|p| (p.fields.start_date, p.id)),
        }
        if self.descending {
            promotions.reverse();
        }
        let total = promotions.len() as u64;
        let page = promotions.into_iter().skip(usize::try_from(self.offset()).unwrap_or(usize::MAX));
        (page.take(usize::try_from(self.limit).unwrap_or(usize::MAX)).collect(), total)
    }
}

impl Filters {
    /// The facets `status` and `redemption_type` keep; empty when neither is given.
    pub fn facets(&self) -> Vec<Facet> {
        if self.status.is_none() && self.redemption_type.is_none() {
            return Vec::new();
        }
        let statuses = STATUSES.into_iter().filter(|s| self.status.is_none_or(|wanted| wanted == *s));
        statuses
            .flat_map(|status| {
                let types = REDEMPTION_TYPES.into_iter().filter(|r| self.redemption_type.is_none_or(|w| w == *r));
                types.map(move |redemption_type| Facet { status, redemption_type })
            })
            .collect()
    }

    /// Whether `p` passes every filter (`code_owners`: the promotions that own the `code` /
    /// `query` code, when looked up).
    pub fn keep(&self, p: &Promotion, code_owners: &[PromotionId]) -> bool {
        let fields = &p.fields;
        let same =
            |wanted: &Option<String>, actual: &str| wanted.as_ref().is_none_or(|w| w.eq_ignore_ascii_case(actual));
        self.ids.as_ref().is_none_or(|ids| ids.contains(&p.id.0))
            && self.name.as_ref().is_none_or(|prefix| name_order(fields.name.as_ref()).starts_with(&name_order(prefix)))
            && same(&self.currency_code, fields.currency_code.as_ref())
            && self.redemption_type.is_none_or(|r| r == fields.redemption_type)
            && self.status.is_none_or(|s| s == fields.status)
            && self.channels.as_ref().is_none_or(|wanted| {
                fields.channels.is_empty() || fields.channels.iter().any(|c| wanted.contains(&c.id))
            })
            && (self.code.is_none() || code_owners.contains(&p.id))
            && self.query.as_ref().is_none_or(|q| {
                fields.name.as_ref().to_lowercase().contains(&q.to_lowercase()) || code_owners.contains(&p.id)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_order_without_case_and_fit_an_index_key() {
        assert_eq!(name_order("Spring SALE"), "spring sale");
        assert_eq!(name_order("a\u{1}b\0c"), "abc");
        let long = "É".repeat(255);
        assert!(name_order(&long).len() <= MAX_NAME_ORDER_BYTES && name_order(&long).starts_with("éé"));
    }

    #[test]
    fn a_filter_on_status_or_type_names_its_facets() {
        let status = Filters { status: Some(Status::Enabled), ..Filters::default() };
        assert_eq!(status.facets().len(), 2);
        let kind = Filters { redemption_type: Some(RedemptionType::Coupon), ..Filters::default() };
        assert_eq!(kind.facets().len(), 3);
        let both = Filters { status: Some(Status::Disabled), redemption_type: Some(RedemptionType::Automatic), ..kind };
        assert_eq!(both.facets(), [Facet { status: Status::Disabled, redemption_type: RedemptionType::Automatic }]);
        assert!(Filters::default().facets().is_empty());
    }
}
