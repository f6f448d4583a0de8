//! `cargo run -p local-api`: the API on http://127.0.0.1:$PORT (default 3000).

use std::sync::Arc;

use local_api::config;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port = config::port_from_env()?;
    let (store, description) = config::store_from_env().await?;
    let (key, dev_store) = config::dev_key_from_env(&store).await?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let address = listener.local_addr()?;
    println!("promotions and marketing API on http://{address} ({description})");
    println!("development key for store {dev_store} (every scope): {key}");
    println!("try: curl -H 'X-Auth-Token: {key}' http://{address}/stores/{dev_store}/v3/promotions/1");
    local_api::serve(listener, Arc::new(api::App::new(store))).await?;
    Ok(())
}
