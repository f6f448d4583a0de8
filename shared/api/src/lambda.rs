//! The Lambda entry point every function's `main` calls: build the app once per container,
//! then serve API Gateway HTTP API events with the function's handler. The global allocator is
//! the binary's choice (each function's `main.rs`), not this library's.

use std::convert::Infallible;
use std::future::Future;

use lambda_http::{service_fn, Body, Request, Response};
use store::dynamodb::DynamoStore;

use crate::app::App;

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
    let store = DynamoStore::for_lambda()?;
    store.warm_up().await;
    let app: &'static App = Box::leak(Box::new(App::new(std::sync::Arc::new(store))));
    lambda_http::run(service_fn(|request| {
        let response = handler(app, request);
        async move { Ok::<_, Infallible>(response.await) }
    }))
    .await
}
