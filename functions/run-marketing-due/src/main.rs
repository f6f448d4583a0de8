//! The Lambda binary: picks the allocator and runs [`run_marketing_due::run`] on each scheduled
//! event. Placeholder until the `mail` crate's SES mailer is merged: it refuses to start.

/// mimalloc, as every function of the project (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    Err("run-marketing-due needs the mail crate's SES mailer (mail::ses), not merged yet".into())
}
