//! The route table: every route of the API, each naming the function that serves it. It is the
//! one list of functions in the code: local-api's router and dispatch, the fixture tests and the
//! bench all read it, and tests hold it to `template.yaml` and `openapi.yaml`.
//!
//! Adding a route is one [`route!`] line here (and the function's path dependency in
//! `local-api/Cargo.toml`); CONTRIBUTING.md lists the rest (template, OpenAPI, fixture).

use std::future::Future;
use std::pin::Pin;

use api::auth::Api;
use api::http::{marketing, promotions};
use api::{ApiError, App};
use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};

/// A function's response, still to be awaited.
pub type Reply<'a> = Pin<Box<dyn Future<Output = Response<Body>> + Send + 'a>>;

/// A function's `handle`, as its Lambda binary calls it.
pub type Handler = for<'a> fn(&'a App, Request) -> Reply<'a>;

/// A route: method, API Gateway path template, and the function that serves it.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    /// The function's crate name with `_` for `-`: `create_promotion` for `functions/create-promotion`.
    module: &'static str,
    handler: Handler,
}

/// `route!(POST PROMOTIONS => create_promotion)`: the route served by that function crate.
macro_rules! route {
    ($method:ident $path:expr => $function:ident) => {
        Route {
            method: Method::$method,
            path: $path,
            module: stringify!($function),
            handler: |app, request| Box::pin($function::handle(app, request)),
        }
    };
}

const PROMOTIONS: &str = "/stores/{store_hash}/v3/promotions";
const PROMOTION: &str = "/stores/{store_hash}/v3/promotions/{id}";
const STORE_CODES: &str = "/stores/{store_hash}/v3/promotions/codes";
const SETTINGS: &str = "/stores/{store_hash}/v3/promotions/settings";
const CODES: &str = "/stores/{store_hash}/v3/promotions/{id}/codes";
const REDEMPTIONS: &str = "/stores/{store_hash}/v3/promotions/redemptions";
const REDEMPTION: &str = "/stores/{store_hash}/v3/promotions/redemptions/{redemption_id}";
/// Both kinds of marketing configuration: the handlers read `{kind}` and answer an unknown one
/// with a 404 (API Gateway routes one template per method, whatever the segment holds).
const MARKETING_CONFIG: &str = "/v1/stores/{storeId}/marketing/{kind}/configuration";
/// A marketing email's unsubscribe link: followed (`GET`) or posted by a mail client's one-click
/// unsubscribe (`POST`, RFC 8058); one function serves both.
const UNSUBSCRIBE: &str = "/v1/marketing/unsubscribe/{token}";
/// What the marketing runtime did per checkout or order, for both kinds (as the configuration).
const MARKETING_DELIVERIES: &str = "/v1/stores/{storeId}/marketing/{kind}/deliveries";

/// The functions no route calls: a schedule runs them on AWS, and `local-api` on a timer
/// ([`crate::release_holds_every`], [`crate::marketing::run_due_every`]).
pub const SCHEDULED: &[&str] = &["release-holds", "run-marketing-due"];

/// The functions the table's stream feeds on AWS: the change events, which `local-api` does not
/// publish, and the purge of a deleted promotion's codes, which it runs after each delete.
pub const STREAMED: &[&str] = &["publish-changes", "purge-codes"];

/// Every route the API serves.
pub static ROUTES: &[Route] = &[
    route!(POST PROMOTIONS => create_promotion),
    route!(GET PROMOTIONS => list_promotions),
    route!(DELETE PROMOTIONS => delete_promotions),
    route!(GET STORE_CODES => get_store_code),
    route!(DELETE STORE_CODES => delete_store_code),
    route!(GET SETTINGS => get_promotion_settings),
    route!(PUT SETTINGS => put_promotion_settings),
    route!(GET CODES => list_codes),
    route!(POST CODES => create_code),
    route!(DELETE CODES => delete_codes),
    route!(DELETE "/stores/{store_hash}/v3/promotions/{id}/codes/{code_id}" => delete_code),
    route!(POST "/stores/{store_hash}/v3/promotions/{id}/codegen" => generate_codes),
    route!(POST "/stores/{store_hash}/v3/promotions/evaluate" => evaluate_promotions),
    route!(POST REDEMPTIONS => create_redemption),
    route!(GET REDEMPTION => get_redemption),
    route!(POST "/stores/{store_hash}/v3/promotions/redemptions/{redemption_id}/confirm" => confirm_redemption),
    route!(POST "/stores/{store_hash}/v3/promotions/redemptions/{redemption_id}/rollback" => rollback_redemption),
    route!(GET "/stores/{store_hash}/v3/promotions/{id}/redemptions" => list_redemptions),
    route!(GET PROMOTION => get_promotion),
    route!(PUT PROMOTION => update_promotion),
    route!(DELETE PROMOTION => delete_promotion),
    route!(GET MARKETING_CONFIG => get_marketing_config),
    route!(PUT MARKETING_CONFIG => put_marketing_config),
    route!(POST "/v1/stores/{storeId}/marketing/events" => record_marketing_events),
    route!(GET MARKETING_DELIVERIES => list_marketing_deliveries),
    route!(GET UNSUBSCRIBE => unsubscribe_marketing),
    route!(POST UNSUBSCRIBE => unsubscribe_marketing),
];

/// The functions whose routes need no API key: a token in the path is their credential.
pub const PUBLIC: &[&str] = &["unsubscribe-marketing"];

impl Route {
    /// The function's name, as its crate, binary, SAM resource stem and fixtures spell it
    /// (`create-promotion`).
    pub fn function(&self) -> String {
        self.module.replace('_', "-")
    }

    /// The API the route belongs to, which decides its credentials and error shape: the
    /// marketing API's paths start with `/v1/`.
    pub fn api(&self) -> Api {
        if self.path.starts_with("/v1/") {
            Api::Marketing
        } else {
            Api::Promotions
        }
    }

    /// `error` as the function itself would answer it, for requests refused before it runs.
    pub fn reject(&self, error: ApiError) -> Response<Body> {
        match self.api() {
            Api::Promotions => promotions::error_response(error),
            Api::Marketing => marketing::error_response(error),
        }
    }

    /// Calls the function's handler, exactly as its Lambda binary would.
    pub fn call<'a>(&self, app: &'a App, request: Request) -> Reply<'a> {
        (self.handler)(app, request)
    }
}

/// The route of the function named `function` (`create-promotion`), if there is one.
pub fn of_function(function: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|route| route.function() == function)
}
