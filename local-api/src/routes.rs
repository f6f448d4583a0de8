//! The route table: the same method and path templates as `template.yaml` (a test holds the two
//! together), each naming the function that serves it.

use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};
use shared::auth::Api;
use shared::http::{marketing, promotions};
use shared::{ApiError, App};

/// One function of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    CreatePromotion,
    GetPromotion,
    UpdatePromotion,
    DeletePromotion,
    ListPromotions,
    DeletePromotions,
    GetStoreCode,
    DeleteStoreCode,
    GetPromotionSettings,
    PutPromotionSettings,
    ListCodes,
    CreateCode,
    DeleteCodes,
    DeleteCode,
    GenerateCodes,
    EvaluatePromotions,
    GetMarketingConfig,
    PutMarketingConfig,
}

/// A route: method, API Gateway path template, function.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub function: Function,
}

const PROMOTIONS: &str = "/stores/{store_hash}/v3/promotions";
const PROMOTION: &str = "/stores/{store_hash}/v3/promotions/{id}";
const STORE_CODES: &str = "/stores/{store_hash}/v3/promotions/codes";
const SETTINGS: &str = "/stores/{store_hash}/v3/promotions/settings";
const CODES: &str = "/stores/{store_hash}/v3/promotions/{id}/codes";
/// Both kinds of marketing configuration: the handlers read `{kind}` and answer an unknown one
/// with a 404 (API Gateway routes one template per method, whatever the segment holds).
const MARKETING_CONFIG: &str = "/v1/stores/{storeId}/marketing/{kind}/configuration";

/// Every route the API serves.
pub fn routes() -> Vec<Route> {
    use Function::*;
    let route = |method, path, function| Route { method, path, function };
    vec![
        route(Method::POST, PROMOTIONS, CreatePromotion),
        route(Method::GET, PROMOTIONS, ListPromotions),
        route(Method::DELETE, PROMOTIONS, DeletePromotions),
        route(Method::GET, STORE_CODES, GetStoreCode),
        route(Method::DELETE, STORE_CODES, DeleteStoreCode),
        route(Method::GET, SETTINGS, GetPromotionSettings),
        route(Method::PUT, SETTINGS, PutPromotionSettings),
        route(Method::GET, CODES, ListCodes),
        route(Method::POST, CODES, CreateCode),
        route(Method::DELETE, CODES, DeleteCodes),
        route(Method::DELETE, "/stores/{store_hash}/v3/promotions/{id}/codes/{code_id}", DeleteCode),
        route(Method::POST, "/stores/{store_hash}/v3/promotions/{id}/codegen", GenerateCodes),
        route(Method::POST, "/stores/{store_hash}/v3/promotions/evaluate", EvaluatePromotions),
        route(Method::GET, PROMOTION, GetPromotion),
        route(Method::PUT, PROMOTION, UpdatePromotion),
        route(Method::DELETE, PROMOTION, DeletePromotion),
        route(Method::GET, MARKETING_CONFIG, GetMarketingConfig),
        route(Method::PUT, MARKETING_CONFIG, PutMarketingConfig),
    ]
}

impl Function {
    /// The API the function belongs to, which decides its error shape.
    pub fn api(self) -> Api {
        match self {
            Function::GetMarketingConfig | Function::PutMarketingConfig => Api::Marketing,
            _ => Api::Promotions,
        }
    }

    /// `error` as the function itself would answer it, for requests refused before it runs.
    pub fn reject(self, error: ApiError) -> Response<Body> {
        match self.api() {
            Api::Promotions => promotions::error_response(error),
            Api::Marketing => marketing::error_response(error),
        }
    }

    /// Calls the function's handler, exactly as its Lambda binary would.
    pub async fn call(self, app: &App, request: Request) -> Response<Body> {
        match self {
            Function::CreatePromotion => create_promotion::handle(app, request).await,
            Function::GetPromotion => get_promotion::handle(app, request).await,
            Function::UpdatePromotion => update_promotion::handle(app, request).await,
            Function::DeletePromotion => delete_promotion::handle(app, request).await,
            Function::ListPromotions => list_promotions::handle(app, request).await,
            Function::DeletePromotions => delete_promotions::handle(app, request).await,
            Function::GetStoreCode => get_store_code::handle(app, request).await,
            Function::DeleteStoreCode => delete_store_code::handle(app, request).await,
            Function::GetPromotionSettings => get_promotion_settings::handle(app, request).await,
            Function::PutPromotionSettings => put_promotion_settings::handle(app, request).await,
            Function::ListCodes => list_codes::handle(app, request).await,
            Function::CreateCode => create_code::handle(app, request).await,
            Function::DeleteCodes => delete_codes::handle(app, request).await,
            Function::DeleteCode => delete_code::handle(app, request).await,
            Function::GenerateCodes => generate_codes::handle(app, request).await,
            Function::EvaluatePromotions => evaluate_promotions::handle(app, request).await,
            Function::GetMarketingConfig => get_marketing_config::handle(app, request).await,
            Function::PutMarketingConfig => put_marketing_config::handle(app, request).await,
        }
    }
}
