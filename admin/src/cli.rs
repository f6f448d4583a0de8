//! The command line: `keys create --store <id> --scopes <list> [--expires-in <duration>]` and
//! `keys revoke --store <id> --id <key id>`, and `marketing run-due [--at TIME]`. Each value is parsed into its domain type here, so a
//! bad one is refused before any store is opened.

use clap::{Parser, Subcommand};
use domain::access::{KeyLifetime, Scopes};
use domain::ids::StoreId;
use domain::parse::StrValue;

#[derive(Parser)]
#[command(name = "admin", about = "Operator commands for the promotions and marketing API")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Manage API keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Run the marketing runtime by hand.
    #[command(subcommand)]
    Marketing(MarketingCommand),
}

#[derive(Subcommand)]
pub enum MarketingCommand {
    /// Send the marketing emails due by now (or by `--at`) into the local outbox
    /// (`DATA_DIR/outbox/`), as `local-api` does every few seconds.
    RunDue {
        /// The time to run at, RFC 3339 (`2026-12-02T11:00:00Z`): what is due by then goes out.
        #[arg(long, value_name = "TIME", value_parser = parse_time)]
        at: Option<chrono::DateTime<chrono::Utc>>,
    },
}

fn parse_time(raw: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    chrono::DateTime::parse_from_rfc3339(raw)
        .map(|at| at.with_timezone(&chrono::Utc))
        .map_err(|_| format!("{raw:?} is not an RFC 3339 time such as 2026-12-02T11:00:00Z"))
}

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Create a key for a store; the key is printed once and never stored.
    Create {
        #[arg(long, value_parser = parse_store)]
        store: StoreId,
        /// Comma-separated: promotions:read, promotions:write, marketing:read, marketing:write,
        /// redemptions:read, redemptions:write (a checkout server needs only redemptions:write),
        /// marketing:events (a shop's backend sending checkout and order events).
        #[arg(long, value_parser = Scopes::parse_list)]
        scopes: Scopes,
        /// How long the key works, as an ISO 8601 duration from PT1M to P3660D (P90D: 90 days,
        /// PT12H: 12 hours); without it, the key works until it is revoked.
        #[arg(long, value_name = "DURATION", value_parser = KeyLifetime::parse_str)]
        expires_in: Option<KeyLifetime>,
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
