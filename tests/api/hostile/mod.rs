//! Regressions of the second round of hostile input (what an attacker found): each test fails
//! on the code before its fix.
//!
//! - [`codegen`]: codegen replaces every taken code at once, names the options of a full space,
//!   and never draws forever.
//! - [`codes`]: a code never starts or ends with a space, no lookup trims one, and a bulk delete
//!   racing single deletes reports only what they deleted.
//! - [`http`]: the headers of every answer, and unknown routes and methods in the API's shape.
//! - [`keys`]: a flood of bad keys never evicts the valid ones from the key cache.
//! - [`dynamodb`]: a batch read or write that DynamoDB keeps throttling ends, as a 503.
//! - [`updates`]: concurrent partial updates of one promotion all land, on both stores.

mod codegen;
mod codes;
mod dynamodb;
mod http;
mod keys;
mod updates;
