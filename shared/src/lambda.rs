//! The Lambda entry point every function's `main` calls: build the app once per container,
//! then serve API Gateway HTTP API events with the function's handler.

use std::convert::Infallible;
use std::future::Future;

use lambda_http::{service_fn, Body, Request, Response};

use crate::app::App;

/// mimalloc instead of the system allocator, in the functions and in everything else that links
/// this crate: a request allocates many small strings and maps (JSON, DynamoDB items), and glibc's
/// `malloc` and `free` were a third of the hot path's time (`bench/benches/hot_path.rs`).
///
/// Built without transparent huge pages (the `no_thp` feature): with them, mimalloc asks the
/// kernel for 2 MiB pages, and a function's first allocations made it resident in whole huge
/// pages: 11.6 MiB peak RSS instead of 6.0 for get-promotion (`./scripts/bench`), each page
/// zeroed during init. A function this small gains nothing from fewer TLB misses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use crate::store::dynamodb::DynamoStore;

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
