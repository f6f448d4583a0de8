//! The mailers, each tested against what receives its mail: the outbox's files read back with a
//! mail-parsing crate, SES through a server that speaks SES v2 (moto's).

mod outbox;
mod ses;
mod support;
