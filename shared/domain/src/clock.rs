//! The server's notion of "now": UTC, truncated to whole milliseconds so that what is stored,
//! returned and read back compares equal across both backends.

use chrono::{DateTime, SubsecRound, Utc};

/// The current time, truncated to milliseconds.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(3)
}
