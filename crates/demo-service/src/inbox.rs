//! The revocation events the service received from Mandat (issue 21), kept in memory like
//! the sessions, the latest first, for the person's page.

use std::collections::VecDeque;
use std::sync::Mutex;

/// How many events are kept, the latest first.
const KEPT: usize = 20;

/// An event received: what it says, and whom it is about.
#[derive(Clone, Debug)]
pub struct Received {
    pub session_revoked: bool,
    /// Mandat's reason, in French and English.
    pub reason: (String, String),
    pub subject: Option<String>,
    pub organization: Option<String>,
}

#[derive(Default)]
pub struct Inbox {
    received: Mutex<VecDeque<Received>>,
}

impl Inbox {
    pub fn keep(&self, event: Received) {
        if let Ok(mut received) = self.received.lock() {
            received.push_front(event);
            received.truncate(KEPT);
        }
    }

    /// The events about the person `subject`, or about the organization they act for.
    pub fn about(&self, subject: &str, organization: &str) -> Vec<Received> {
        let Ok(received) = self.received.lock() else {
            return Vec::new();
        };
        received
            .iter()
            .filter(|e| {
                e.subject.as_deref() == Some(subject)
                    || (e.subject.is_none() && e.organization.as_deref() == Some(organization))
            })
            .cloned()
            .collect()
    }
}
