//! The Lambda entry point every function's `main` calls: build the app once per container,
//! then serve API Gateway HTTP API events with the function's handler. The global allocator is
//! the binary's choice (each function's `main.rs`), not this library's.

use std::convert::Infallible;
use std::future::Future;

use lambda_http::lambda_runtime::LambdaEvent;
use lambda_http::{service_fn, Body, Request, Response};
use store::dynamodb::DynamoStore;
use store::StoreError;

use crate::app::App;
use crate::error::ApiError;
use crate::request_log::RequestLine;

/// Runs `handler` on the Lambda runtime against the DynamoDB table named by `TABLE_NAME`, with
/// the lean client configuration of [`DynamoStore::for_lambda`].
///
/// The DynamoDB connection is opened during init (see [`DynamoStore::warm_up`]). The app lives
/// as long as the container: it is leaked once so that every invocation can
/// borrow it without reference counting.
pub async fn serve<F, Fut>(handler: F) -> Result<(), lambda_http::Error>
where
    F: Fn(&'static App, Request) -> Fut,
    Fut: Future<Output = Response<Body>> + Send,
{
    let app = container_app().await?;
    lambda_http::run(service_fn(|request: Request| {
        let line = RequestLine::start(&request);
        let response = line.around(handler(app, request));
        async move { Ok::<_, Infallible>(response.await) }
    }))
    .await
}

/// Runs `job` on each event of a schedule (EventBridge), against the same table and client
/// configuration as [`serve`]. A failure is logged and fails the invocation, so that the
/// function's error metric and the schedule's retry see it.
pub async fn run_scheduled<F, Fut>(job: F) -> Result<(), lambda_http::Error>
where
    F: Fn(&'static App) -> Fut,
    Fut: Future<Output = Result<serde_json::Value, StoreError>> + Send,
{
    let app = container_app().await?;
    lambda_http::lambda_runtime::run(service_fn(|_event: LambdaEvent<serde_json::Value>| {
        let outcome = job(app);
        async move {
            outcome.await.map_err(|error| {
                let error = ApiError::from(error);
                crate::http::log_failure(&error);
                lambda_http::Error::from(error.to_string())
            })
        }
    }))
    .await
}

/// The app of this container, built once and kept for its life.
async fn container_app() -> Result<&'static App, lambda_http::Error> {
    let store = DynamoStore::for_lambda()?;
    store.warm_up().await;
    Ok(Box::leak(Box::new(App::new(std::sync::Arc::new(store)))))
}
