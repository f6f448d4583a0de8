//! `cargo run -p admin -- keys create --store <id> --scopes promotions:write,marketing:read
//! [--expires-in P90D]` and `… keys revoke --store <id> --id <key id>`, against the store the
//! environment names (`TABLE_NAME` for DynamoDB, else the embedded store in `DATA_DIR`, as
//! `local-api` does); `… marketing run-due [--at TIME]` sends the due marketing emails into
//! `DATA_DIR/outbox/`.

use admin::cli::{Cli, Command};
use clap::Parser;
use store::env::store_from_env;

#[tokio::main]
async fn main() -> Result<(), String> {
    let command = Cli::parse().command;
    let (store, description) = store_from_env().await?;
    let printed = match command {
        Command::Keys(command) => admin::keys::run(command, store.as_ref(), &description, domain::clock::now()).await?,
        Command::Marketing(command) => {
            admin::marketing::run_from_env(command, store.as_ref(), domain::clock::now()).await?
        }
    };
    printed.lines.iter().for_each(|line| println!("{line}"));
    printed.note.iter().for_each(|note| eprintln!("{note}"));
    Ok(())
}
