//! The architecture, enforced: three library crates in layers, `domain` ← `store` ← `api`.
//!
//! - [`dependencies`]: `domain` is pure (no AWS, Lambda, HTTP, async runtime or SQLite crate, nor `store` or
//!   `api`), `store` never reaches up (no Lambda, no `axum`, nothing of `api` or of a function), `api` links no
//!   embedded SQLite, `axum` or function, and no library chooses the global allocator: each binary does.
//! - [`imports`]: within each crate no two files import each other, directly or round a longer loop, so every
//!   file can be read (and moved) after the files it builds on.

mod dependencies;
mod imports;

/// The crates of the architecture, lowest layer first: (directory, package).
const LAYERS: [(&str, &str); 3] = [("shared/domain", "domain"), ("shared/store", "store"), ("shared/api", "api")];
