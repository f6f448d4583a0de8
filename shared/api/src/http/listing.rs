//! `GET /promotions`'s query string as a [`Listing`]: the [`ListRequest`], how it pages (a page
//! number or a cursor) and the scope its cursors are bound to. Every bad parameter is reported
//! at once.
//!
//! A `name` filter lists in name order (it is a prefix of the name index): without a `sort`
//! the listing is sorted by name, and another `sort` is refused. A cursor pages only a listing
//! an index answers ([`Plan::Index`]); a page number at most [`pages::MAX_PAGE_OFFSET`] rows deep.

use domain::ids::StoreId;
use domain::promotion::listing::{name_order, Filters, ListRequest, Plan, Sort, DEFAULT_LIMIT, MAX_LIMIT};
use domain::promotion::resource::{RedemptionType, Status};
use domain::{FieldError, Violation};
use lambda_http::Request;

use super::cursor;
use super::pages::{self, Paging};
use super::query::{invalid, ParamErrors, Query};
use crate::error::ApiError;

/// What the request's query string asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub request: ListRequest,
    /// The cursors as the client sent them.
    pub paging: Paging<String>,
}

/// Reads the listing the request asks for.
pub fn list_request(req: &Request) -> Result<Listing, ApiError> {
    let query = Query::of(req);
    let mut errors = ParamErrors::default();
    let limit = errors.keep(query.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT), DEFAULT_LIMIT);
    let descending = errors.keep(query.choice("direction", &["asc", "desc"], "asc").map(|d| d == "desc"), false);
    let filters = Filters {
        ids: errors.keep(query.id_list("id", 250), None),
        name: query.text("name").map(str::to_owned),
        code: errors.keep(query.code("code"), None).map(|code| code.as_ref().to_owned()),
        currency_code: query.text("currency_code").map(str::to_owned),
        redemption_type: errors.keep(redemption_type(&query), None),
        status: errors.keep(status(&query), None),
        channels: errors.keep(query.id_list("channels", 100), None),
        query: query.text("query").map(str::to_owned),
    };
    let sort = errors.keep(sort(&query, filters.name.is_some()), Sort::Id);
    let paging = errors.keep(paging(&query, limit), Paging::First);
    let page = match paging {
        Paging::Page(n) => n,
        _ => 1,
    };
    let request = ListRequest { page, limit, sort, descending, filters };
    if !matches!(paging, Paging::First | Paging::Page(_)) && !matches!(request.plan(), Plan::Index { .. }) {
        let field = if matches!(paging, Paging::After(_)) { "after" } else { "before" };
        let message = "cursors page listings without `id`, `code`, `currency_code`, `channels` or `query` \
                       (those are answered whole: use page numbers)";
        errors.keep::<()>(Err(invalid(field, message.to_owned())), ());
    }
    errors.finish(Listing { request, paging })
}

impl Listing {
    /// What a cursor of this listing is bound to: the store, the sort, the direction and the
    /// filters an index answers.
    pub fn scope(&self, store: &StoreId) -> String {
        let request = &self.request;
        let filters = &request.filters;
        let name = filters.name.as_deref().map(name_order);
        format!(
            "{store}|{:?}|{}|{:?}|{:?}|{name:?}",
            request.sort, request.descending, filters.status, filters.redemption_type
        )
    }

    /// The position the cursor names, and whether the page ends there (`before`) rather than
    /// starts there; a cursor of another listing is a 422.
    pub fn position(&self, store: &StoreId) -> Result<Option<(String, bool)>, ApiError> {
        let (field, text, before) = match &self.paging {
            Paging::After(text) => ("after", text, false),
            Paging::Before(text) => ("before", text, true),
            Paging::First | Paging::Page(_) => return Ok(None),
        };
        match cursor::decode(&self.scope(store), text) {
            Some(position) => Ok(Some((position, before))),
            None => Err(ApiError::Invalid(vec![invalid(
                field,
                "is not a cursor of this listing (of this store, sort, direction and filters)".to_owned(),
            )])),
        }
    }

    /// The parameters a cursor link repeats, so that the next page is of the same listing.
    pub fn link_query(&self) -> String {
        let request = &self.request;
        let sort = match request.sort {
            Sort::Id => "id",
            Sort::Name => "name",
            Sort::StartDate => "start_date",
        };
        let mut query = format!("&sort={sort}&direction={}", if request.descending { "desc" } else { "asc" });
        let filters = &request.filters;
        if let Some(status) = filters.status {
            query += &format!("&status={}", serde_json::to_value(status).unwrap_or_default().as_str().unwrap_or(""));
        }
        if let Some(kind) = filters.redemption_type {
            let kind = if kind == RedemptionType::Automatic { "automatic" } else { "coupon" };
            query += &format!("&redemption_type={kind}");
        }
        if let Some(name) = &filters.name {
            query += &format!("&name={}", percent_encoded(name));
        }
        query
    }
}

/// `text` for a query string: every byte but the unreserved ones (RFC 3986) as `%XX`.
fn percent_encoded(text: &str) -> String {
    let keep = |byte: &u8| byte.is_ascii_alphanumeric() || b"-._~".contains(byte);
    text.bytes().map(|byte| if keep(&byte) { (byte as char).to_string() } else { format!("%{byte:02X}") }).collect()
}

/// The order: `sort`, or name order for a `name` filter (which refuses any other).
fn sort(query: &Query, by_name: bool) -> Result<Sort, FieldError> {
    let sort = match query.choice("sort", &["id", "name", "priority", "start_date"], "")? {
        "name" => Some(Sort::Name),
        "start_date" => Some(Sort::StartDate),
        "id" | "priority" => Some(Sort::Id),
        _ => None,
    };
    match (sort, by_name) {
        (None | Some(Sort::Name), true) => Ok(Sort::Name),
        (Some(_), true) => {
            Err(invalid("sort", "a `name` filter lists in name order: sort=name, or no sort".to_owned()))
        }
        (sort, false) => Ok(sort.unwrap_or(Sort::Id)),
    }
}

/// How the query pages: `after`, `before` or `page` (one of them), the page within its depth.
fn paging(query: &Query, limit: u64) -> Result<Paging<String>, FieldError> {
    let (after, before) = (query.text("after"), query.text("before"));
    let page = query.integer("page", 1, u64::MAX / MAX_LIMIT, 1).map(|p| query.text("page").map(|_| p))?;
    match (after, before, page) {
        (None, None, None) => Ok(Paging::First),
        (Some(after), None, None) => Ok(Paging::After(after.to_owned())),
        (None, Some(before), None) => Ok(Paging::Before(before.to_owned())),
        (None, None, Some(page)) => pages::within_page_depth(page, limit, "promotions").map(|()| Paging::Page(page)),
        (Some(_), _, _) => {
            let other = if before.is_some() { "before" } else { "page" };
            Err(FieldError::new(other, Violation::ExclusiveWith("after")))
        }
        (None, Some(_), Some(_)) => Err(FieldError::new("page", Violation::ExclusiveWith("before"))),
    }
}

fn redemption_type(query: &Query) -> Result<Option<RedemptionType>, FieldError> {
    match query.text("redemption_type") {
        None => Ok(None),
        Some("automatic") => Ok(Some(RedemptionType::Automatic)),
        Some("coupon") => Ok(Some(RedemptionType::Coupon)),
        Some(other) => Err(invalid("redemption_type", format!("must be automatic or coupon, not {other:?}"))),
    }
}

fn status(query: &Query) -> Result<Option<Status>, FieldError> {
    match query.text("status").map(str::to_ascii_uppercase).as_deref() {
        None => Ok(None),
        Some("ENABLED") => Ok(Some(Status::Enabled)),
        Some("DISABLED") => Ok(Some(Status::Disabled)),
        Some("INVALID") => Ok(Some(Status::Invalid)),
        Some(other) => Err(invalid("status", format!("must be ENABLED, DISABLED or INVALID, not {other:?}"))),
    }
}
