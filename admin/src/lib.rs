//! The operator's commands (`cargo run -p admin -- keys …`), as a library so that the tests run
//! them exactly as the binary does: on a store they choose, with the DynamoDB calls recorded.
//!
//! # Layout
//! - [`cli`]: the command line (clap) and the parsers of its values.
//! - [`keys`]: creating and revoking API keys on a [`store::Store`], and what each prints.
//! - [`marketing`]: running the marketing runtime's due work by hand, into the local outbox.

pub mod cli;
pub mod keys;
pub mod marketing;
