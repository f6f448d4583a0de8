//! The Lambda binary: wires the runtime to [`create_code::handle`].

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::serve(create_code::handle).await
}
