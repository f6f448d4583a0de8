//! The Lambda binary: picks the allocator, builds the SES mailer once, and runs
//! [`run_marketing_due::run`] on each scheduled event.

/// mimalloc, as every function of the project (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let mailer = mail::ses::SesMailer::from_env().await.map_err(|e| e.to_string())?;
    let mailer: &'static dyn mail::Mailer = Box::leak(Box::new(mailer));
    let links =
        run_marketing_due::Links { public_url: std::env::var("PUBLIC_URL").map_err(|_| "PUBLIC_URL is not set")? };
    let links: &'static run_marketing_due::Links = Box::leak(Box::new(links));
    api::lambda::run_scheduled(move |app| async move {
        let report = run_marketing_due::run(app.store(), mailer, links, domain::clock::now()).await?;
        Ok(serde_json::json!(report))
    })
    .await
}
