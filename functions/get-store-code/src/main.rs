//! The Lambda binary: wires the runtime to [`get_store_code::handle`].

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::serve(get_store_code::handle).await
}
