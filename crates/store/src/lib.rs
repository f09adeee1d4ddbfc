//! Storage for Mandat on SQLite (embedded, the default) and PostgreSQL, with one SQL text.
//!
//! Queries go through sqlx's `Any` driver, so each is written once, with `$1` placeholders,
//! in a portable subset: ids are UUID text, instants are BIGINT microseconds since the Unix
//! epoch in UTC, dates are `YYYY-MM-DD` text, flags are BOOLEAN. What truly differs per
//! backend lives in [`Backend`]: the migrations, connection set-up, how a write transaction
//! begins, and row locking.

mod catalog;
mod connect;
mod directory;
mod error;
mod instant;
mod jobs;
mod outbox;

pub use connect::{Backend, SchemaStatus, Store, Tx, redact};
pub use directory::Member;
pub use error::StoreError;
pub use instant::{from_micros, to_micros};
pub use jobs::{Job, JobState};
pub use outbox::{Delivery, DeliveryOutcome, MAIL_JOB, OutboxEntry};
