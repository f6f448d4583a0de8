//! The route table: the same method and path templates as `template.yaml` (a test holds the two
//! together), each naming the function that serves it.

use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};
use shared::Store;

/// One function of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    CreatePromotion,
    GetPromotion,
    UpdatePromotion,
    DeletePromotion,
    GetMarketingConfig,
    PutMarketingConfig,
}

/// A route: method, API Gateway path template, function.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub function: Function,
}

const PROMOTION: &str = "/stores/{store_hash}/v3/promotions/{id}";
/// Both kinds of marketing configuration: the handlers read `{kind}` and answer an unknown one
/// with a 404 (API Gateway routes one template per method, whatever the segment holds).
const MARKETING_CONFIG: &str = "/v1/stores/{storeId}/marketing/{kind}/configuration";

/// Every route the API serves.
pub fn routes() -> Vec<Route> {
    use Function::*;
    let route = |method, path, function| Route {
        method,
        path,
        function,
    };
    vec![
        route(
            Method::POST,
            "/stores/{store_hash}/v3/promotions",
            CreatePromotion,
        ),
        route(Method::GET, PROMOTION, GetPromotion),
        route(Method::PUT, PROMOTION, UpdatePromotion),
        route(Method::DELETE, PROMOTION, DeletePromotion),
        route(Method::GET, MARKETING_CONFIG, GetMarketingConfig),
        route(Method::PUT, MARKETING_CONFIG, PutMarketingConfig),
    ]
}

impl Function {
    /// Calls the function's handler, exactly as its Lambda binary would.
    pub async fn call(self, store: &dyn Store, request: Request) -> Response<Body> {
        match self {
            Function::CreatePromotion => create_promotion::handle(store, request).await,
            Function::GetPromotion => get_promotion::handle(store, request).await,
            Function::UpdatePromotion => update_promotion::handle(store, request).await,
            Function::DeletePromotion => delete_promotion::handle(store, request).await,
            Function::GetMarketingConfig => get_marketing_config::handle(store, request).await,
            Function::PutMarketingConfig => put_marketing_config::handle(store, request).await,
        }
    }
}
