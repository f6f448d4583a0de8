//! `cargo run -p admin -- keys create --store <id> --scopes promotions:write,marketing:read`
//! and `… keys revoke --store <id> --id <key id>`, against the store the environment names
//! (`TABLE_NAME` for DynamoDB, else the embedded store in `DATA_DIR`, as `local-api` does).

use clap::{Parser, Subcommand};
use domain::access::{ApiKey, Scopes};
use domain::clock;
use domain::ids::StoreId;
use store::env::store_from_env;
use store::{Refusal, WriteError};

#[derive(Parser)]
#[command(about = "Operator commands for the promotions and marketing API")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Manage API keys.
    #[command(subcommand)]
    Keys(KeysCommand),
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Create a key for a store; the key is printed once and never stored.
    Create {
        #[arg(long, value_parser = parse_store)]
        store: StoreId,
        /// Comma-separated: promotions:read, promotions:write, marketing:read, marketing:write,
        /// redemptions:read, redemptions:write (a checkout server needs only redemptions:write).
        #[arg(long, value_parser = Scopes::parse_list)]
        scopes: Scopes,
    },
    /// Revoke one of a store's keys, by its id.
    Revoke {
        #[arg(long, value_parser = parse_store)]
        store: StoreId,
        #[arg(long)]
        id: u64,
    },
}

fn parse_store(raw: &str) -> Result<StoreId, String> {
    StoreId::parse(raw).ok_or_else(|| format!("{raw:?} is not a store id (1-64 of A-Z a-z 0-9 - _)"))
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let Command::Keys(command) = Cli::parse().command;
    let (store, description) = store_from_env().await?;
    match command {
        KeysCommand::Create { store: shop, scopes } => {
            let (key, record) = ApiKey::issue(shop, scopes, clock::now()).map_err(|e| e.to_string())?;
            store.put_api_key(&record).await.map_err(|e| e.to_string())?;
            println!("created key {} for store {} with scopes {} ({description})", record.id, record.store, scopes);
            println!("{key}");
            eprintln!("the key is shown only now: store it in a secret manager");
        }
        KeysCommand::Revoke { store: shop, id } => match store.revoke_api_key(&shop, id, clock::now()).await {
            Ok(()) => println!("revoked key {id} of store {shop} ({description})"),
            Err(WriteError::Refused(Refusal::Missing)) => return Err(format!("store {shop} has no key {id}")),
            Err(other) => return Err(other.to_string()),
        },
    }
    Ok(())
}
