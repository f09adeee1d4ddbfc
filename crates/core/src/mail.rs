//! An email to send: written in the same transaction as the change that causes it, delivered
//! later by the worker (the outbox).

use crate::contact::Email;

/// A message, French first then English, in plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: Email,
    pub subject: String,
    pub body: String,
    /// The body as the outbox keeps it once delivered: its secret parts (codes, passwords,
    /// single-use links) masked (issue 19, item 5; ASVS 4.0 8.3.4).
    pub kept: String,
    /// Which template wrote it, for the record: `registration-code`, `lockout-user`…
    pub template: String,
}

/// What stands in a kept body for a secret part.
pub const MASKED: &str = "[…]";

/// `body` with each of `secrets` masked.
pub fn masked(body: &str, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|s| !s.is_empty())
        .fold(body.to_string(), |kept, secret| {
            kept.replace(secret, MASKED)
        })
}
