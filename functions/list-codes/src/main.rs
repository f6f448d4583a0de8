//! The Lambda binary: wires the runtime to [`list_codes::handle`].

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::serve(list_codes::handle).await
}
