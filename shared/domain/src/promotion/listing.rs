//! Listing promotions: the filters, sort and page a listing asks for, and how a list of
//! promotions is filtered, sorted and cut to that page (`api::http::listing` reads them from a
//! query string).
//!
//! Filters: `id` (comma list), `name` (exact, without case), `code` (a code of the promotion),
//! `currency_code`, `redemption_type` (`automatic` / `coupon`), `status`, `channels` (comma list;
//! a promotion for all channels always matches) and `query` (the name contains it, without
//! case, or it is one of the promotion's codes). `sort` is `id` (default), `name`, `priority`
//! (the id: earlier promotions first) or `start_date`; `direction` `asc` (default) or `desc`.

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

impl ListRequest {
    /// True when the page can be read straight from the store's id order.
    pub fn is_plain_id_page(&self) -> bool {
        self.sort == Sort::Id && self.filters == Filters::default()
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
            Sort::Name => promotions.sort_by_cached_key(|p| (p.fields.name.as_ref().to_lowercase(), p.id)),
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
    fn keep(&self, p: &Promotion, code_owners: &[PromotionId]) -> bool {
        let fields = &p.fields;
        let same =
            |wanted: &Option<String>, actual: &str| wanted.as_ref().is_none_or(|w| w.eq_ignore_ascii_case(actual));
        self.ids.as_ref().is_none_or(|ids| ids.contains(&p.id.0))
            && same(&self.name, fields.name.as_ref())
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
