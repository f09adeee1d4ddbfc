//! An email to send: written in the same transaction as the change that causes it, delivered
//! later by the worker (the outbox).

use crate::contact::Email;

/// A message, French first then English, in plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: Email,
    pub subject: String,
    pub body: String,
    /// Which template wrote it, for the record: `registration-code`, `lockout-user`…
    pub template: String,
}
