//! The whole API in one process, for local use and for the HTTP tests.
//!
//! Each request is turned into the same `lambda_http::Request` API Gateway would hand the
//! function (path parameters from the route template, query string parameters from the URL),
//! passed to the function's own handler, and its response sent back unchanged.
//!
//! - [`routes`]: the route table: every route and its function, held to `template.yaml`.
//! - [`app`]: the axum router built from it.
//! - [`config`]: port, store and development key from the environment.
//! - [`marketing`]: the due marketing emails, sent into `DATA_DIR/outbox/` on a timer.

pub mod config;
pub mod marketing;
pub mod routes;

use std::collections::HashMap;
use std::sync::Arc;

use api::App;
use axum::extract::{Path, Request as AxumRequest, State};
use axum::routing::on;
use axum::Router;
use lambda_http::{Body, RequestExt};

use routes::{Route, ROUTES};

/// Largest request body read: the functions' own limit, so that a longer body gets the same
/// 413 in the route's error shape without being read whole.
pub const MAX_BODY_BYTES: usize = api::http::MAX_BODY_BYTES;

/// The router serving every route with `app`.
pub fn app(app: Arc<App>) -> Router {
    ROUTES
        .iter()
        .fold(Router::new(), |router, route| {
            let filter =
                axum::routing::MethodFilter::try_from(route.method.clone()).unwrap_or(axum::routing::MethodFilter::GET);
            router.route(
                route.path,
                on(
                    filter,
                    move |state: State<Arc<App>>, path: Option<Path<HashMap<String, String>>>, request: AxumRequest| {
                        invoke(route, state, path, request)
                    },
                ),
            )
        })
        .fallback(unknown_route)
        .method_not_allowed_fallback(unknown_method)
        .with_state(app)
}

/// A path no route serves: a 404 in the error shape of the API its prefix belongs to.
async fn unknown_route(uri: axum::http::Uri) -> axum::response::Response {
    into_axum(reject_for(uri.path(), api::ApiError::NotFound("route")))
}

/// A route's path with a method it does not serve: a 405 in its API's error shape (axum adds
/// the `Allow` header).
async fn unknown_method(uri: axum::http::Uri) -> axum::response::Response {
    into_axum(reject_for(uri.path(), api::ApiError::MethodNotAllowed("this route does not serve this method")))
}

/// `error` in the shape of the API `path` belongs to (`/v1/…` is the marketing API).
fn reject_for(path: &str, error: api::ApiError) -> lambda_http::Response<Body> {
    if path.starts_with("/v1/") {
        api::http::marketing::error_response(error)
    } else {
        api::http::promotions::error_response(error)
    }
}

/// The server as the environment describes it ([`config`]): binds the port, prints the
/// address and the development key, and serves until the process ends, writing each request's
/// log line as a deployed function does.
pub async fn run_from_env() -> Result<(), Box<dyn std::error::Error>> {
    let port = config::port_from_env()?;
    let (store, description) = config::store_from_env().await?;
    let (key, dev_store) = config::dev_key_from_env(&store).await?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let address = listener.local_addr()?;
    println!("promotions and marketing API on http://{address} ({description})");
    println!("development key for store {dev_store} (every scope): {key}");
    println!("try: curl -H 'X-Auth-Token: {key}' http://{address}/stores/{dev_store}/v3/promotions/1");
    let app = Arc::new(App::new(store));
    let outbox = run_marketing_due::outbox::Outbox::from_env(&format!("http://{address}"));
    println!("marketing emails go to {} as .eml files", outbox.dir().display());
    let emails = tokio::spawn(marketing::run_due_every(Arc::clone(&app), outbox, marketing::RUN_DUE_EVERY));
    let served = serve(listener, app).await;
    emails.abort();
    served?;
    Ok(())
}

/// Serves `app` on `listener` until the process ends, releasing expired redemption holds every
/// [`HOLD_RELEASE_EVERY`] as the scheduled function does on AWS.
pub async fn serve(listener: tokio::net::TcpListener, app: Arc<App>) -> std::io::Result<()> {
    let releases = tokio::spawn(release_holds_every(Arc::clone(&app), HOLD_RELEASE_EVERY));
    let served = axum::serve(listener, self::app(app)).await;
    releases.abort();
    served
}

/// How often `local-api` releases the holds that ran out (the deployed schedule runs each minute).
pub const HOLD_RELEASE_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Runs the release of expired holds every `period`, forever; a failure is logged and the
/// next round tries again.
pub async fn release_holds_every(app: Arc<App>, period: std::time::Duration) {
    let mut ticks = tokio::time::interval(period);
    loop {
        ticks.tick().await;
        if let Err(error) = release_holds::release(app.store(), domain::clock::now()).await {
            api::http::log_failure(&api::ApiError::from(error));
        }
    }
}

async fn invoke(
    route: &'static Route,
    State(app): State<Arc<App>>,
    path: Option<Path<HashMap<String, String>>>,
    request: AxumRequest,
) -> axum::response::Response {
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => return into_axum(route.reject(api::ApiError::PayloadTooLarge(MAX_BODY_BYTES))),
    };
    let query = parts.uri.query().unwrap_or("").parse::<lambda_http::aws_lambda_events::query_map::QueryMap>();
    let body = if bytes.is_empty() { Body::Empty } else { Body::Binary(bytes.to_vec()) };
    let params = path.map(|Path(params)| params).unwrap_or_default();
    let request = lambda_http::Request::from_parts(parts, body)
        .with_path_parameters(params.clone())
        .with_query_string_parameters(query.unwrap_or_default());
    let line = api::request_log::RequestLine::start(&request);
    let response = line.around(route.call(&app, request)).await;
    if route.function() == "delete-promotion" && response.status() == 204 {
        purge_in_background(&app, &params);
    }
    into_axum(response)
}

/// After a promotion's delete (204), its codes are purged in the background, as the table's
/// stream has `purge-codes` do on AWS. On SQLite the delete removed them already (one indexed
/// DELETE in its transaction), so this purge finds none.
fn purge_in_background(app: &Arc<App>, params: &HashMap<String, String>) {
    let store = params.get("store_hash").and_then(|store| domain::ids::StoreId::parse(store));
    let id = params.get("id").and_then(|id| id.parse().ok()).map(domain::ids::PromotionId);
    let (Some(store), Some(id), app) = (store, id, Arc::clone(app)) else { return };
    tokio::spawn(async move {
        let until = std::time::SystemTime::now() + PURGE_FOR;
        if let Err(error) = purge_codes::purge(app.store(), &store, id, purge_codes::CHUNK, until).await {
            api::http::log_failure(&api::ApiError::from(error));
        }
    });
}

/// How long `local-api` goes on purging one deleted promotion's codes.
const PURGE_FOR: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

fn into_axum(response: lambda_http::Response<Body>) -> axum::response::Response {
    let (parts, body) = response.into_parts();
    let bytes = match body {
        Body::Empty => Vec::new(),
        Body::Text(text) => text.into_bytes(),
        Body::Binary(bytes) => bytes,
        _ => Vec::new(),
    };
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}
