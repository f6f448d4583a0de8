//! The Lambda binary: wires the runtime to [`put_promotion_settings::handle`].

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::serve(put_promotion_settings::handle).await
}
