//! `GET /stores/{store_hash}/v3/promotions/{id}/codes`: a promotion's codes in creation order,
//! in cursor pages (`after` or `before` a code id, `limit` 1–250, default 50) or, for clients
//! of the deprecated way, numbered pages (`page`, up to [`MAX_PAGE_OFFSET`] codes deep), or the
//! one code named by `code` (exactly as sent: `SAVE10%20` is a 422, never `SAVE10`); `meta` as
//! `api::http::pages` writes it. One GetItem and one Query.

use api::auth::{Api, Scope};
use api::http::pages::{self, CodePaging, CodesMeta};
use api::http::promotions;
use api::http::query::{ParamErrors, Query};
use api::lookup;
use api::{ApiError, App};
use domain::ids::{PromotionId, StoreId};
use domain::promotion::code::CouponCode;
use domain::{FieldError, Violation};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use store::CodePage;

/// Largest page.
pub const MAX_LIMIT: u64 = 250;

/// How many codes a page number may skip: past it, a client pages with the `after` cursor,
/// which costs one page whatever its depth (the same depth as every listing's).
pub use api::http::pages::MAX_PAGE_OFFSET;

/// Handles one request; every failure is answered in the platform's error shape, and so is a
/// request that runs out of time ([`api::http::REQUEST_DEADLINE`]).
pub async fn handle(app: &App, req: Request) -> Response<Body> {
    promotions::reply(list(app, &req)).await
}

async fn list(app: &App, req: &Request) -> Result<Response<Body>, ApiError> {
    let caller = app.authorize(req, Api::Promotions, Scope::PromotionsRead).await?;
    let query = Query::of(req);
    let (paging, limit) = paging(&query)?;
    let wanted = query.code("code")?;
    let promotion = lookup::existing(app.store(), &caller.store, promotions::promotion_id(req)).await?;
    let (codes, total) = match wanted {
        Some(wanted) => {
            let found = app.store().find_code(&caller.store, &wanted).await?;
            let codes: Vec<CouponCode> =
                found.filter(|(owner, _)| *owner == promotion.id()).map(|(_, code)| code).into_iter().collect();
            let total = codes.len() as u64;
            (codes, total)
        }
        None => (read_page(app, &caller.store, promotion.id(), paging, limit).await?, promotion.code_count()),
    };
    let ids: Vec<u64> = codes.iter().map(|code| code.id).collect();
    Ok(promotions::data_with_meta(StatusCode::OK, &codes, &CodesMeta::of_codes(paging, &ids, limit, total)))
}

/// How the query asks to page, and the page size; every bad parameter is reported at once.
fn paging(query: &Query) -> Result<(CodePaging, u64), ApiError> {
    let mut errors = ParamErrors::default();
    let limit = errors.keep(query.integer("limit", 1, MAX_LIMIT, 50), 50);
    let after = errors.keep(query.integer("after", 0, u64::MAX, 0).map(|a| query.text("after").map(|_| a)), None);
    let before = errors.keep(query.integer("before", 1, u64::MAX, 0).map(|b| query.text("before").map(|_| b)), None);
    let page = errors.keep(query.integer("page", 1, u64::MAX, 1).map(|p| query.text("page").map(|_| p)), None);
    let paging = match (after, before, page) {
        (None, None, None) => CodePaging::First,
        (Some(after), None, None) => CodePaging::After(after),
        (None, Some(before), None) => CodePaging::Before(before),
        (None, None, Some(page)) => CodePaging::Page(page),
        (Some(_), _, _) => {
            let other = if before.is_some() { "before" } else { "page" };
            errors.keep::<()>(Err(FieldError::new(other, Violation::ExclusiveWith("after"))), ());
            CodePaging::First
        }
        (None, Some(_), Some(_)) => {
            errors.keep::<()>(Err(FieldError::new("page", Violation::ExclusiveWith("before"))), ());
            CodePaging::First
        }
    };
    if let CodePaging::Page(page) = paging {
        errors.keep(pages::within_page_depth(page, limit, "codes"), ());
    }
    errors.finish((paging, limit))
}

/// The page of the promotion's codes that `paging` names. A page number reads the codes before
/// it too (the table has no offsets), which [`MAX_PAGE_OFFSET`] bounds.
async fn read_page(
    app: &App,
    store: &StoreId,
    promotion: PromotionId,
    paging: CodePaging,
    limit: u64,
) -> Result<Vec<CouponCode>, ApiError> {
    let page = match paging {
        CodePaging::First => CodePage { after: None, before: None, limit },
        CodePaging::After(after) => CodePage { after: Some(after), before: None, limit },
        CodePaging::Before(before) => CodePage { after: None, before: Some(before), limit },
        CodePaging::Page(n) => {
            let skipped = (n - 1) * limit;
            let read = app.store().list_codes(
                store,
                promotion,
                CodePage { after: None, before: None, limit: skipped + limit },
            );
            return Ok(read.await?.into_iter().skip(usize::try_from(skipped).unwrap_or(usize::MAX)).collect());
        }
    };
    Ok(app.store().list_codes(store, promotion, page).await?)
}
