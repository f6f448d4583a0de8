//! The Lambda binary: wires the runtime to [`put_marketing_config::handle`].

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::serve(put_marketing_config::handle).await
}
