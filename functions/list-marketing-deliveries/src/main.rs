//! The Lambda binary: picks the allocator and wires the runtime to [`list_marketing_deliveries::handle`].

/// mimalloc: a request allocates many small strings and maps (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    api::lambda::serve(list_marketing_deliveries::handle).await
}
