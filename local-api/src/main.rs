//! `cargo run -p local-api`: the API on http://127.0.0.1:$PORT (default 3000).

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    local_api::run_from_env().await
}
