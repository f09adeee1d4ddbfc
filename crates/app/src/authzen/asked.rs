//! What a client asks, and what it is answered: shared by the evaluation, what is kept of
//! it, and what is journaled.

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
