//! Pages of the promotion listing's indexes, the same on every backend: which key range each
//! read covers ([`IndexQuery::bounds`]) and how the reads of several facets become one page
//! ([`IndexQuery::merge`]).
//!
//! A position in a listing is the index key of a promotion (see [`crate::keys`]): its
//! `list_name`, its `list_start`, or its `PROMO#` sort key in id order. Keys are unique and none
//! is the start of another, so "after this key" is exact whatever was inserted or deleted since:
//! a cursor page never repeats or skips a promotion that was there when paging started. Each
//! facet's read takes at most `skip + limit + 2` keys from its range (one more for the cursor's
//! own key, which a range read includes, and one to know whether more follow), so a page costs
//! what it holds and what it skips, whatever the store's size.

use domain::ids::PromotionId;
use domain::promotion::listing::{Facet, Sort};
use domain::promotion::Promotion;

use crate::keys;

/// One page of a listing read through its index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexQuery {
    /// The order: `Sort::Id` (the `PROMO#` sort key), `Sort::Name` or `Sort::StartDate`.
    pub order: Sort,
    pub descending: bool,
    /// The facets to read (every promotion of the store when empty).
    pub facets: Vec<Facet>,
    /// Only names whose [`domain::promotion::listing::name_order`] starts with this (name order only).
    pub name_prefix: Option<String>,
    /// The position after which the page starts, in the listing's direction.
    pub after: Option<String>,
    /// How many promotions to pass over first (page numbers).
    pub skip: u64,
    pub limit: u64,
}

/// A page read through an index: its promotions with their positions, in order, and whether
/// more follow.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexPage {
    pub promotions: Vec<(Promotion, String)>,
    pub more: bool,
}

impl IndexQuery {
    /// The inclusive key range every read of this query covers, `None` when it is empty:
    /// the name prefix's range, cut at the cursor (inclusive: [`Self::merge`] drops the
    /// cursor's own key). An open end is `None` (also a prefix with nothing to compare, such as
    /// a control character: DynamoDB refuses an empty key value); id order is always within the
    /// `PROMO#` keys.
    pub fn bounds(&self) -> Option<(Option<String>, Option<String>)> {
        let (mut low, mut high) = match (&self.name_prefix, self.order) {
            (Some(prefix), Sort::Name) => {
                let (low, high) = keys::listing_name_range(prefix);
                (Some(low), Some(high))
            }
            (_, Sort::Id) => {
                (Some(keys::promotion_sk(PromotionId(0))), Some(keys::promotion_sk(PromotionId(u64::MAX))))
            }
            _ => (None, None),
        };
        if let Some(after) = &self.after {
            let end = if self.descending { &mut high } else { &mut low };
            let tighter = match end.take() {
                Some(current) if self.descending => current.min(after.clone()),
                Some(current) => current.max(after.clone()),
                None => after.clone(),
            };
            *end = Some(tighter);
        }
        let low = low.filter(|low| !low.is_empty());
        match (&low, &high) {
            (Some(low), Some(high)) if low > high => None,
            _ => Some((low, high)),
        }
    }

    /// How many keys each read takes at most.
    pub fn wanted(&self) -> usize {
        let wanted = self.skip.saturating_add(self.limit).saturating_add(2);
        usize::try_from(wanted).unwrap_or(usize::MAX)
    }

    /// The page, from what the reads of every facet returned (each in any order).
    pub fn merge(&self, mut rows: Vec<(Promotion, String)>) -> IndexPage {
        rows.retain(|(_, key)| Some(key) != self.after.as_ref());
        rows.sort_by(|a, b| a.1.cmp(&b.1));
        if self.descending {
            rows.reverse();
        }
        let skip = usize::try_from(self.skip).unwrap_or(usize::MAX);
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        let mut page: Vec<_> = rows.into_iter().skip(skip).take(limit.saturating_add(1)).collect();
        let more = page.len() > limit;
        page.truncate(limit);
        IndexPage { promotions: page, more }
    }

    /// The attribute whose value is a promotion's position in this order.
    pub fn position_attribute(&self) -> &'static str {
        match self.order {
            Sort::Id => keys::SK,
            Sort::Name => keys::LIST_NAME,
            Sort::StartDate => keys::LIST_START,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(order: Sort, descending: bool, prefix: Option<&str>, after: Option<&str>) -> IndexQuery {
        let (name_prefix, after) = (prefix.map(str::to_owned), after.map(str::to_owned));
        IndexQuery { order, descending, facets: Vec::new(), name_prefix, after, skip: 0, limit: 2 }
    }

    #[test]
    fn a_cursor_cuts_the_prefix_range_on_the_side_the_listing_moves_to() {
        let (low, high) = keys::listing_name_range("ab");
        assert_eq!(query(Sort::Name, false, Some("AB"), None).bounds(), Some((Some(low.clone()), Some(high.clone()))));
        assert_eq!(query(Sort::Name, false, Some("ab"), Some("abc")).bounds(), Some((Some("abc".into()), Some(high))));
        assert_eq!(query(Sort::Name, true, Some("ab"), Some("abc")).bounds(), Some((Some(low), Some("abc".into()))));
        assert_eq!(query(Sort::Name, false, Some("ab"), Some("b")).bounds(), None);
        assert_eq!(query(Sort::StartDate, true, None, Some("2")).bounds(), Some((None, Some("2".into()))));
    }
}
