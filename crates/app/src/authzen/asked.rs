//! What a client asks, and what it is answered: shared by the evaluation, what is kept of
//! it, and what is journaled.

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use time::OffsetDateTime;

use super::reasons::Reason;

/// What a client asks, as the door read it from the request.
#[derive(Clone, Debug)]
pub struct Ask<'a> {
    /// The person, by the pairwise subject the client's agency received.
    pub subject: &'a str,
    /// The code of one of the agency's online services.
    pub service: &'a str,
    /// The organization to act for, by its id or its NEQ.
    pub organization: &'a str,
    /// The code of one of the service's tasks.
    pub task: &'a str,
    /// The moment asked about; now when absent.
    pub at: Option<OffsetDateTime>,
}

/// The answer: allowed or not, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub decision: bool,
    pub reasons: Vec<Reason>,
}

impl Evaluation {
    pub(super) fn denied(reason: Reason) -> Self {
        Evaluation {
            decision: false,
            reasons: vec![reason],
        }
    }
}

/// An evaluation as answered: one value shared by what is kept, the journal and the door,
/// which writes it for the wire once, however many times it is asked again.
#[derive(Debug)]
pub struct Answered {
    pub evaluation: Evaluation,
    written: OnceLock<Bytes>,
}

impl Answered {
    pub(super) fn new(evaluation: Evaluation) -> Arc<Self> {
        Arc::new(Answered {
            evaluation,
            written: OnceLock::new(),
        })
    }

    /// The answer as `write` writes it for the wire: written by the first to ask, then
    /// shared (the same door always writes it the same way).
    pub fn written(&self, write: impl FnOnce(&Evaluation) -> Bytes) -> Bytes {
        self.written.get_or_init(|| write(&self.evaluation)).clone()
    }
}
