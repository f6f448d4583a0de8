//! The two ways the platform pages a collection, written in `meta` as its clients read them:
//! page numbers (`pagination`: promotions, and coupon codes for older clients) and cursors
//! (`cursor_pagination`: coupon codes). A code listing answers with both blocks unless the
//! request chose one way: a cursor (`after` / `before`) gets only `cursor_pagination`, a `page`
//! only `pagination`. Cursors and their links are left out when the page is empty, and
//! `previous` on the first page, so a client that follows links stops where it should.

use serde::Serialize;

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

/// Where a page of codes starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodePaging {
    /// The first page, with no way chosen.
    First,
    /// The codes after this id (a cursor).
    After(u64),
    /// The codes before this id (a cursor).
    Before(u64),
    /// Page number `n` (1 is the first).
    Page(u64),
}

/// `meta.cursor_pagination`: the cursors are code ids.
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
    fn new(paging: CodePaging, ids: &[u64], limit: u64) -> Self {
        let (start, end) = (ids.first().map(u64::to_string), ids.last().map(u64::to_string));
        let full = ids.len() as u64 == limit;
        let has_previous = match paging {
            CodePaging::After(_) => true,
            CodePaging::Before(_) => full,
            CodePaging::First | CodePaging::Page(_) => false,
        };
        let has_next = full || matches!(paging, CodePaging::Before(_));
        let links = CursorLinks {
            previous: start.as_ref().filter(|_| has_previous).map(|s| format!("?limit={limit}&before={s}")),
            next: end.as_ref().filter(|_| has_next).map(|e| format!("?limit={limit}&after={e}")),
        };
        Self { count: ids.len(), per_page: limit, start_cursor: start, end_cursor: end, links }
    }
}

/// The `meta` of a page of codes.
#[derive(Debug, Serialize)]
pub struct CodesMeta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pagination: Option<Pagination>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cursor_pagination: Option<CursorPagination>,
}

impl CodesMeta {
    /// The meta of the page of codes `ids` (in order) that `paging` asked for, of `limit`
    /// codes at most, out of `total`.
    pub fn new(paging: CodePaging, ids: &[u64], limit: u64, total: u64) -> Self {
        let page = match paging {
            CodePaging::Page(n) => n,
            _ => 1,
        };
        let pagination = Pagination::new(page, limit, ids.len(), total);
        let cursors = CursorPagination::new(paging, ids, limit);
        match paging {
            CodePaging::First => Self { pagination: Some(pagination), cursor_pagination: Some(cursors) },
            CodePaging::Page(_) => Self { pagination: Some(pagination), cursor_pagination: None },
            CodePaging::After(_) | CodePaging::Before(_) => Self { pagination: None, cursor_pagination: Some(cursors) },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_first_page_has_both_blocks_and_no_previous() {
        let meta = serde_json::to_value(CodesMeta::new(CodePaging::First, &[7, 9], 2, 3)).unwrap();
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
        let empty = serde_json::to_value(CodesMeta::new(CodePaging::After(9), &[], 2, 3)).unwrap();
        assert_eq!(empty, json!({"cursor_pagination": {"count": 0, "per_page": 2, "links": {}}}));
        let numbered = serde_json::to_value(CodesMeta::new(CodePaging::Page(2), &[11], 2, 3)).unwrap();
        assert_eq!(
            numbered["pagination"]["links"],
            json!({"previous": "?page=1&limit=2", "current": "?page=2&limit=2"})
        );
        assert!(numbered.get("cursor_pagination").is_none());
    }
}
