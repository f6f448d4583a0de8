//! The Lambda binary: wires the runtime to [`evaluate_promotions::handle`].

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::serve(evaluate_promotions::handle).await
}
