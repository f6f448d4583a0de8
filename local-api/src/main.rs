//! `cargo run -p local-api`: the API on http://127.0.0.1:$PORT (default 3000).

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port = local_api::config::port_from_env()?;
    let (store, description) = local_api::config::store_from_env().await?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!(
        "promotions and marketing API on http://{} ({description})",
        listener.local_addr()?
    );
    local_api::serve(listener, store).await?;
    Ok(())
}
