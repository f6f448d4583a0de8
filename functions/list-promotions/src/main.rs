//! The Lambda binary: wires the runtime to [`list_promotions::handle`].

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::serve(list_promotions::handle).await
}
