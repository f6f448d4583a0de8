//! The Lambda binary: wires the runtime to [`update_promotion::handle`].

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::serve(update_promotion::handle).await
}
