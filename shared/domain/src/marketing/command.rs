//! The commands a store has run (on its game servers) when a marketing email goes out: PayNow's
//! `commands`, each a command line and whether it waits for the player to be online.
//!
//! A client writes `{command, online_only}`; the server gives each command an `id` and its
//! `store_id` when it is written (a PUT replaces them all, so every PUT gives new ids), and a
//! client that sends back what it read has those two ignored. PayNow documents no limits; these
//! keep a configuration well inside one item and a command line one line.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::flake_id::FlakeId;
use crate::checks::{field, index, Checks, Path};
use crate::error::{RandomnessUnavailable, Violation};

/// Most commands one configuration holds.
pub const MAX_COMMANDS: usize = 25;
/// Longest command line, in characters.
pub const MAX_COMMAND_CHARS: usize = 1000;

/// One command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Command {
    /// The server's id for the command (a client's is ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<FlakeId>,
    /// The store the command belongs to (a client's is ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_id: Option<FlakeId>,
    pub command: String,
    pub online_only: bool,
}

/// Records every broken rule of `commands`, under `path`.
pub fn check(commands: &[Command], path: &Path, checks: &mut Checks) {
    checks.at_most(commands, MAX_COMMANDS, path);
    for (i, command) in commands.iter().enumerate() {
        let item = index(path, i);
        let at = field(&item, "command");
        let text = &command.command;
        let length = text.chars().count();
        let valid = (1..=MAX_COMMAND_CHARS).contains(&length)
            && text.chars().any(|c| c != ' ')
            && !text.chars().any(char::is_control);
        let message = format!("must be 1–{MAX_COMMAND_CHARS} characters, not blank, on one line");
        checks.expect(valid, at, Violation::Malformed(message));
    }
}

/// Gives every command a new id and the store's id.
pub fn identify(commands: &mut [Command], store_id: FlakeId, now: DateTime<Utc>) -> Result<(), RandomnessUnavailable> {
    let ids = crate::ids::flake_ids(now, commands.len())?;
    for (command, id) in commands.iter_mut().zip(ids) {
        command.id = Some(FlakeId::new(id));
        command.store_id = Some(store_id);
    }
    Ok(())
}
