//! `admin keys …` as an operator runs it: the command line parsed by admin's own parser, run on a
//! store, and what it prints.

use admin::cli::{Cli, Command, KeysCommand};
use chrono::{DateTime, Duration, Utc};
use clap::Parser;
use domain::access::KeyHash;
use store::{KeyStore, Store};

use crate::support::sqlite_store;

/// The keys command of `admin <args>`, or clap's message.
pub fn keys_command(args: &str) -> Result<KeysCommand, String> {
    match Cli::try_parse_from(std::iter::once("admin").chain(args.split_whitespace()))
        .map_err(|e| e.to_string())?
        .command
    {
        Command::Keys(command) => Ok(command),
        Command::Marketing(_) => Err("not a keys command".to_owned()),
    }
}

/// Runs `admin <args>` on `db` at `now`: the lines it prints on stdout.
pub async fn admin(db: &dyn Store, args: &str, now: DateTime<Utc>) -> Vec<String> {
    let command = keys_command(args).unwrap();
    admin::keys::run(command, db, "the test store", now).await.unwrap().lines
}

#[tokio::test]
async fn create_prints_when_the_key_expires_and_stores_that_expiry() {
    let db = sqlite_store();
    let now = "2026-03-01T10:00:00Z".parse().unwrap();
    let lines = admin(&db, "keys create --store a --scopes promotions:read --expires-in P90D", now).await;
    assert!(lines[0].ends_with("expires at 2026-05-30T10:00:00Z (the test store)"), "{lines:?}");
    let stored = db.find_api_key(&KeyHash::of(&lines[1])).await.unwrap().unwrap();
    assert_eq!(stored.expires_at, Some(now + Duration::days(90)));
}

#[tokio::test]
async fn create_without_an_expiry_prints_that_the_key_never_expires() {
    let db = sqlite_store();
    let lines = admin(&db, "keys create --store a --scopes promotions:read", domain::clock::now()).await;
    assert!(lines[0].contains("with scopes promotions:read, never expires"), "{lines:?}");
    assert_eq!(db.find_api_key(&KeyHash::of(&lines[1])).await.unwrap().unwrap().expires_at, None);
}

#[test]
fn an_expiry_that_is_not_a_key_lifetime_is_refused_before_anything_runs() {
    for invalid in ["90d", "P1Y", "PT30S", "P3661D"] {
        let error = keys_command(&format!("keys create --store a --scopes promotions:read --expires-in {invalid}"))
            .err()
            .unwrap_or_else(|| panic!("{invalid} was taken"));
        assert!(error.contains("--expires-in") && error.contains("P3660D"), "{invalid}: {error}");
    }
}
