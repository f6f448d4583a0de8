//! What became of one due delivery, as the run counts it.

/// What became of one due delivery.
pub enum Step {
    Sent,
    Skipped,
    Retrying,
    /// Nothing to do: another run came first, or it is no longer due.
    Nothing,
}
