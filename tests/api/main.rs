//! The integration suite, one binary.
//!
//! - `support`: backends (SQLite in memory, a fresh DynamoDB Local table per test), fixtures.
//! - `store_contract`: the store behaviour every backend must show, run on each.
//! - `fixtures`: every `events/*.json` through its function's handler.
//! - `fuzz`: arbitrary bytes and JSON into every parser and write handler (proptest).
//! - `iam`: each function, and `admin`, is allowed exactly the DynamoDB actions its requests send.
//! - `idempotency`: `Idempotency-Key` on the POST endpoints: replays, 422s, races.
//! - `auth`: every route against every kind of credential.
//! - `code_counts`: codes counted beside their promotion: side-by-side codegen, exact answers and ETags.
//! - `change_events`: the table's stream as change events, on DynamoDB Local's stream.
//! - `admin`: the key commands as an operator runs them, and what they print.
//! - `create_promotion`, `update_promotion`: the rules of the promotion endpoints.
//! - `etags`: `ETag` on every promotion and configuration, `If-Match` writes, 412s.
//! - `faults`: DynamoDB unreachable, throttling, silent or hanging up: 503s, nothing half-written.
//! - `marketing_config`: the marketing configuration endpoints, their default and every rule.
//! - `marketing_runtime`: events in, reminders and follow-ups out, on a test clock, on both backends.
//! - `evaluation`: cart evaluation: merchant scenarios, properties, the endpoint on both backends.
//! - `limits`: body size, every documented maximum, the item size, as 413s and 422s.
//! - `listing`: filters, sorts, pagination edges and codegen at full size.
//! - `listing_index`: listing through the indexes: cursor pages, references, depth and cost.
//! - `local_api`: the API over HTTP, as a user's curl sees it.
//! - `openapi`: `openapi.yaml` has exactly the routes of `template.yaml` and `local-api`.
//! - `operability`: logs, traces, throttling, CORS, alarms and the table's safety in `template.yaml`.
//! - `purge_codes`: a deleted promotion's codes never validate, and are purged after.
//! - `races`: 50 concurrent creates, with one coupon code and without, on both backends.
//! - `round_trips`: DynamoDB calls per request against each endpoint's budget.
//! - `template`: `template.yaml` and `local-api` serve the same routes.

#[macro_use]
mod support;

mod admin;
mod architecture;
mod auth;
mod change_events;
mod code_counts;
mod create_promotion;
mod dynamodb_layout;
mod etags;
mod evaluation;
mod faults;
mod fixtures;
mod fuzz;
mod hostile;
mod iam;
mod idempotency;
mod lambda_config;
mod limits;
mod listing;
mod listing_index;
mod local_api;
mod marketing_config;
mod marketing_runtime;
mod openapi;
mod operability;
mod purge_codes;
mod races;
mod redemptions;
mod request_log;
mod round_trips;
mod store_contract;
mod template;
mod update_promotion;
mod upstream;
