//! Storage for Mandat on SQLite (embedded, the default) and PostgreSQL, with one SQL text.
//!
//! Queries go through sqlx's `Any` driver, so each is written once, with `$1` placeholders,
//! in a portable subset: ids are UUID text, instants are BIGINT microseconds since the Unix
//! epoch in UTC, dates are `YYYY-MM-DD` text, flags are BOOLEAN. The `Any` driver cannot read
//! a SQLite BOOLEAN back, so a query that returns a flag selects
//! `CAST(CASE WHEN flag THEN 1 ELSE 0 END AS BIGINT)`, an `i64` on both. What truly differs per
//! backend lives in [`Backend`]: the migrations, connection set-up, how a write transaction
//! begins, and row locking.

mod accounts;
mod api_tokens;
mod approver_checks;
mod audit;
mod audit_view;
mod catalog;
mod changes;
mod connect;
mod contracts;
mod decision;
mod directory;
mod endings;
mod enrollment;
mod enrollments;
mod error;
mod evaluation_counts;
mod event_receivers;
mod events;
mod expiry;
mod external;
mod instant;
mod jobs;
mod oidc;
mod oidc_grants;
mod oidc_subjects;
mod outbox;
mod oversight;
mod procurations;
mod rate_limits;
mod reactivations;
mod registration;
mod requests;
mod rows;
mod second_factor;
mod security_file;
mod sessions;

pub use accounts::{Account, AccountKind, NewAccount};
pub use api_tokens::ApiTokenRecord;
pub use approver_checks::ApproverCheck;
pub use audit::{AuditEntry, AuditRecord, AuditVerdict};
pub use audit_view::{AuditQuery, AuditRow};
pub use changes::{Changes, Epoch};
pub use connect::{Backend, SchemaStatus, Store, Tx, redact};
pub use contracts::{AgencyContract, ContractEndStep, ContractInForce};
pub use decision::{CodeValidity, Known};
pub use directory::Member;
pub use enrollments::{DraftSummary, EnrollmentEvent, EnrollmentRecord};
pub use error::StoreError;
pub use evaluation_counts::Counts;
pub use event_receivers::{DeliveryRecord, EventRecord, PushOutcome, Receiver, ReceiverMethod};
pub use events::EVENT_PUSH_JOB;
pub use external::DerivedHolder;
pub use instant::{date_from_text, date_to_text, from_micros, to_micros};
pub use jobs::{Job, JobState};
pub use oidc::{ClientRecord, SealedKey};
pub use oidc_grants::{AuthorizationRecord, AuthorizationRequest, Granted};
pub use outbox::{Delivery, DeliveryOutcome, MAIL_JOB, OutboxEntry};
pub use oversight::OrgOverview;
pub use procurations::{Link, ProcurationRecord};
pub use reactivations::{NewReactivation, OpenReactivation, ReactivationOutcome};
pub use registration::{CodeState, MAX_FAILED_TRIES, NewRegistrationCode, RegistrationCodeRecord};
pub use requests::{Actor, LinkPurpose, NewRequest, QueueFilter, RequestRecord, StepRecord};
pub use second_factor::Authenticator;
pub use security_file::{FileQuery, FileRow, FileState, SortBy};
pub use sessions::{Session, SessionStage};
