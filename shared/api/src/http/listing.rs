//! `GET /promotions`'s query string as a [`ListRequest`]: every bad parameter is reported at once.

use domain::promotion::listing::{Filters, ListRequest, Sort, DEFAULT_LIMIT, MAX_LIMIT};
use domain::promotion::resource::{RedemptionType, Status};
use domain::FieldError;
use lambda_http::Request;

use super::query::{invalid, ParamErrors, Query};
use crate::error::ApiError;

/// What the request's query string asks for.
pub fn list_request(req: &Request) -> Result<ListRequest, ApiError> {
    let query = Query::of(req);
    let mut errors = ParamErrors::default();
    let page = errors.keep(query.integer("page", 1, u64::MAX / MAX_LIMIT, 1), 1);
    let limit = errors.keep(query.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT), DEFAULT_LIMIT);
    let sort = match errors.keep(query.choice("sort", &["id", "name", "priority", "start_date"], "id").map(Some), None)
    {
        Some("name") => Sort::Name,
        Some("start_date") => Sort::StartDate,
        _ => Sort::Id,
    };
    let descending = errors.keep(query.choice("direction", &["asc", "desc"], "asc").map(|d| d == "desc"), false);
    let filters = Filters {
        ids: errors.keep(query.id_list("id", 250), None),
        name: query.text("name").map(str::to_owned),
        code: query.text("code").map(str::to_owned),
        currency_code: query.text("currency_code").map(str::to_owned),
        redemption_type: errors.keep(redemption_type(&query), None),
        status: errors.keep(status(&query), None),
        channels: errors.keep(query.id_list("channels", 100), None),
        query: query.text("query").map(str::to_owned),
    };
    errors.finish(ListRequest { page, limit, sort, descending, filters })
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
