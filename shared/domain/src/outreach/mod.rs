//! The marketing runtime's rules: what the shop's events do to each checkout's and order's
//! email, when it is due, which coupon it carries and what it says. Pure values; the store
//! keeps them and the scheduled run sends them (`functions/run-marketing-due`).
//!
//! - [`event`]: the events a shop sends (`POST …/marketing/events`) and their rules.
//! - [`text`]: the caller-given ids, email addresses and URLs, valid by construction.
//! - [`delivery`]: one email's life and every transition of it.
//! - [`reason`]: why a delivery was cancelled or skipped.
//! - [`schedule`]: `trigger_after` on the calendar, and cap windows.
//! - [`coupon`]: the configuration's coupon as a promotion, and fresh single-use codes.
//! - [`email`]: the rendered subject, text and HTML.
//! - [`unsubscribe`]: the random token an unsubscribe link carries.
//! - [`view`]: a delivery as the deliveries listing shows it.

pub mod coupon;
pub mod delivery;
pub mod email;
pub mod event;
pub mod reason;
pub mod schedule;
pub mod text;
pub mod unsubscribe;
pub mod view;

pub use delivery::{Delivery, Status};
pub use event::{Event, EventBatch, Stamp};
pub use reason::Reason;
