//! The Lambda binary: picks the allocator and runs [`release_holds::release`] on each scheduled
//! event.

/// mimalloc, as every function of the project (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    api::lambda::run_scheduled(|app| async move {
        let released = release_holds::release(app.store(), domain::clock::now()).await?;
        Ok(serde_json::json!({ "released": released }))
    })
    .await
}
