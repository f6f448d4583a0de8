//! The Lambda binary: wires the runtime to [`delete_code::handle`].

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::serve(delete_code::handle).await
}
