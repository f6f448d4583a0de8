//! The reference: an empty `lambda_http` function built with the same profile, which every
//! figure of the benchmark is also given as a ratio to.

use std::convert::Infallible;

use lambda_http::{service_fn, Body, Request, Response};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    lambda_http::run(service_fn(|_request: Request| async { Ok::<_, Infallible>(Response::new(Body::from("{}"))) }))
        .await
}
