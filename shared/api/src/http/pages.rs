//! The two ways the platform pages a collection, written in `meta` as its clients read them:
//! page numbers (`pagination`, for BigCommerce clients) and cursors (`cursor_pagination`).
//! Promotions and coupon codes answer with both blocks unless the request chose one way: a
//! cursor (`after` / `before`) gets only `cursor_pagination`, a `page` only `pagination`.
//! Cursors and their links are left out when the page is empty, and `previous` on the first
//! page, so a client that follows links stops where it should. A page number reads the rows
//! before its page too (an index has no offsets), so it reaches [`MAX_PAGE_OFFSET`] rows deep;
//! a cursor costs one page wherever it starts.

use serde::Serialize;

use domain::{FieldError, Violation};

/// How many rows a page number may skip: past it, a client pages with the `after` cursor. A page
/// number therefore reads at most this many rows more than its page, whatever the store holds.
pub const MAX_PAGE_OFFSET: u64 = 1_000;

/// Refuses page `page` of `limit` rows when it starts past [`MAX_PAGE_OFFSET`] `rows` (what
/// the listing holds: `codes`, `promotions`), pointing to the cursor.
pub fn within_page_depth(page: u64, limit: u64, rows: &str) -> Result<(), FieldError> {
    if (page - 1).saturating_mul(limit) <= MAX_PAGE_OFFSET {
        return Ok(());
    }
    let message = format!(
        "page numbers reach the first {MAX_PAGE_OFFSET} {rows}; page further with the `after` cursor \
         (meta.cursor_pagination.links.next)"
    );
    Err(FieldError::new("page", Violation::Malformed(message)))
}

/// `meta.pagination`.
#[derive(Debug, Serialize)]
pub struct Pagination {
    total: u64,
    count: usize,
    per_page: u64,
    current_page: u64,
    total_pages: u64,
    links: PageLinks,
}

#[derive(Debug, Serialize)]
struct PageLinks {
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<String>,
    current: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

impl Pagination {
    /// Page `page` of `limit` items, holding `count` of the `total` that match.
    pub fn new(page: u64, limit: u64, count: usize, total: u64) -> Self {
        let total_pages = total.div_ceil(limit);
        let link = |page: u64| format!("?page={page}&limit={limit}");
        let links = PageLinks {
            previous: (page > 1).then(|| link(page - 1)),
            current: link(page),
            next: (page < total_pages).then(|| link(page + 1)),
        };
        Self { total, count, per_page: limit, current_page: page, total_pages, links }
    }
}

/// Where a page starts: `C` is a cursor (a code id; a promotion listing's opaque text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging<C> {
    /// The first page, with no way chosen.
    First,
    /// The rows after this cursor.
    After(C),
    /// The rows before this cursor.
    Before(C),
    /// Page number `n` (1 is the first).
    Page(u64),
}

/// Where a page of codes starts: the cursors are code ids.
pub type CodePaging = Paging<u64>;

/// `meta.cursor_pagination`.
#[derive(Debug, Serialize)]
pub struct CursorPagination {
    count: usize,
    per_page: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_cursor: Option<String>,
    links: CursorLinks,
}

#[derive(Debug, Serialize)]
struct CursorLinks {
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

impl CursorPagination {
    /// The block of a page of `count` rows (at most `limit`) from `start` to `end`, asked for
    /// by `paging`; `more`: rows follow in the direction the page was read (before its start
    /// for `Before`). `query` is appended to the links (`&sort=name…`, or empty).
    pub fn new<C>(
        paging: &Paging<C>,
        (start, end): (Option<String>, Option<String>),
        (count, limit): (usize, u64),
        more: bool,
        query: &str,
    ) -> Self {
        let has_previous = match paging {
            Paging::After(_) => true,
            Paging::Before(_) => more,
            Paging::First | Paging::Page(_) => false,
        };
        let has_next = more || matches!(paging, Paging::Before(_));
        let links = CursorLinks {
            previous: start.as_ref().filter(|_| has_previous).map(|s| format!("?limit={limit}&before={s}{query}")),
            next: end.as_ref().filter(|_| has_next).map(|e| format!("?limit={limit}&after={e}{query}")),
        };
        Self { count, per_page: limit, start_cursor: start, end_cursor: end, links }
    }
}

/// The `meta` of a page: both blocks on a first page, else the block of the way it was asked.
#[derive(Debug, Serialize)]
pub struct PagesMeta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pagination: Option<Pagination>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cursor_pagination: Option<CursorPagination>,
}

impl PagesMeta {
    pub fn new<C>(paging: &Paging<C>, pagination: Pagination, cursors: CursorPagination) -> Self {
        match paging {
            Paging::First => Self { pagination: Some(pagination), cursor_pagination: Some(cursors) },
            Paging::Page(_) => Self { pagination: Some(pagination), cursor_pagination: None },
            Paging::After(_) | Paging::Before(_) => Self { pagination: None, cursor_pagination: Some(cursors) },
        }
    }
}

/// The `meta` of a page of codes.
pub type CodesMeta = PagesMeta;

impl PagesMeta {
    /// The meta of the page of codes `ids` (in order) that `paging` asked for, of `limit`
    /// codes at most, out of `total` (a full page may have more after it).
    pub fn of_codes(paging: CodePaging, ids: &[u64], limit: u64, total: u64) -> Self {
        let page = match paging {
            CodePaging::Page(n) => n,
            _ => 1,
        };
        let pagination = Pagination::new(page, limit, ids.len(), total);
        let ends = (ids.first().map(u64::to_string), ids.last().map(u64::to_string));
        let full = ids.len() as u64 == limit;
        let cursors = CursorPagination::new(&paging, ends, (ids.len(), limit), full, "");
        Self::new(&paging, pagination, cursors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_first_page_has_both_blocks_and_no_previous() {
        let meta = serde_json::to_value(CodesMeta::of_codes(CodePaging::First, &[7, 9], 2, 3)).unwrap();
        assert_eq!(
            meta,
            json!({"pagination": {"total": 3, "count": 2, "per_page": 2, "current_page": 1, "total_pages": 2,
                                  "links": {"current": "?page=1&limit=2", "next": "?page=2&limit=2"}},
                   "cursor_pagination": {"count": 2, "per_page": 2, "start_cursor": "7", "end_cursor": "9",
                                         "links": {"next": "?limit=2&after=9"}}})
        );
    }

    #[test]
    fn an_empty_page_has_no_cursors_and_a_chosen_way_has_its_block_alone() {
        let empty = serde_json::to_value(CodesMeta::of_codes(CodePaging::After(9), &[], 2, 3)).unwrap();
        assert_eq!(empty, json!({"cursor_pagination": {"count": 0, "per_page": 2, "links": {}}}));
        let numbered = serde_json::to_value(CodesMeta::of_codes(CodePaging::Page(2), &[11], 2, 3)).unwrap();
        assert_eq!(
            numbered["pagination"]["links"],
            json!({"previous": "?page=1&limit=2", "current": "?page=2&limit=2"})
        );
        assert!(numbered.get("cursor_pagination").is_none());
    }
}
