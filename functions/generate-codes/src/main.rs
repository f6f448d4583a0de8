//! The Lambda binary: wires the runtime to [`generate_codes::handle`].

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::serve(generate_codes::handle).await
}
