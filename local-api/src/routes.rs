//! The route table: the same method and path templates as `template.yaml` (a test holds the two
//! together), each naming the function that serves it.

use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};
use shared::App;

/// One function of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    CreatePromotion,
    GetPromotion,
    UpdatePromotion,
    DeletePromotion,
}

/// A route: method, API Gateway path template, function.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub function: Function,
}

const PROMOTION: &str = "/stores/{store_hash}/v3/promotions/{id}";

/// Every route the API serves.
pub fn routes() -> Vec<Route> {
    use Function::*;
    let route = |method, path, function| Route { method, path, function };
    vec![
        route(Method::POST, "/stores/{store_hash}/v3/promotions", CreatePromotion),
        route(Method::GET, PROMOTION, GetPromotion),
        route(Method::PUT, PROMOTION, UpdatePromotion),
        route(Method::DELETE, PROMOTION, DeletePromotion),
    ]
}

impl Function {
    /// Calls the function's handler, exactly as its Lambda binary would.
    pub async fn call(self, app: &App, request: Request) -> Response<Body> {
        match self {
            Function::CreatePromotion => create_promotion::handle(app, request).await,
            Function::GetPromotion => get_promotion::handle(app, request).await,
            Function::UpdatePromotion => update_promotion::handle(app, request).await,
            Function::DeletePromotion => delete_promotion::handle(app, request).await,
        }
    }
}
