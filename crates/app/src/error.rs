//! Why a change was not made.

use std::fmt;

use mandat_core::enrollment_request::Step;
use mandat_core::validity::Rule;
use mandat_core::{FieldError, Problem};
use mandat_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such record, or one the acting person may not reach (another organization's or
    /// agency's): the door says « not found » and nothing of which.
    #[error("no such record")]
    NotFound,
    /// The rules refuse the change, and nothing of it was written. What a refusal itself
    /// calls for is: a failed sign-in or registration is counted and recorded (M11), and an
    /// identity check by NAS partiel is recorded whatever it finds (M7).
    #[error("refused: {0}")]
    Refused(Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing an email: {0}")]
    Mail(#[from] askama::Error),
    /// What no one can fix: a hashing thread gone, a temporary password too short.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    pub fn fields(errors: Vec<FieldError>) -> Self {
        Error::Refused(Refusal::Fields(errors))
    }

    pub fn rules(rules: Vec<Rule>) -> Self {
        Error::Refused(Refusal::Rules(rules))
    }

    pub fn reason(reason: Reason) -> Self {
        Error::Refused(Refusal::Reason(reason))
    }
}

/// A refusal's reasons, for the door to show in the person's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Fields typed wrong, each with its problem.
    Fields(Vec<FieldError>),
    /// P3: these people's codes end before the procuration would (their names).
    BeyondCodes(Vec<String>),
    /// The rules of a code's change that forbid it (M13–M17, M23), each named.
    Rules(Vec<Rule>),
    /// One reason that stops the action.
    Reason(Reason),
    /// The one choice a form asks, refused for this problem (an agency to enroll with).
    Choice(Problem),
    /// An enrollment request's step still to finish before it is transmitted (E3).
    Step(Step),
}

/// What stops an action on a registration code, a 2490 request (M2, M5–M7), a staff
/// account, a sign-in, a registration (M8) or one's own password (M10, M11), each with a stable id that the doors' messages are keyed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The person has an account already: a code is for someone without one.
    HasAccount,
    /// The NAS partiel typed is not the person's (the check is recorded all the same).
    NasMismatch,
    /// The code is neither expired nor suspended.
    NotExtendable,
    /// M2: the organization's principal officer's code comes first.
    PrincipalFirst,
    /// The person is in the organization already (by NAS partiel).
    PersonKnown,
    /// The request is not in a state this action applies to.
    NotActionable,
    /// The approval came by a link to an address nothing on file vouches for, and central
    /// has not recorded its check of the approver (issue 19, item 2).
    ApproverUnverified,
    /// Nobody approves their own request (Q4).
    OwnRequest,
    /// The request was approved or refused already.
    AlreadyDecided,
    /// Nobody deactivates their own staff account.
    OwnAccount,
    /// M10: one password change a day, unless the password is temporary.
    OnceADay,
    /// E4: a request stands with the agency already.
    StandingRequest,
    /// The user code or the password is wrong, whichever: nobody learns which codes exist.
    InvalidCredentials,
    /// The code is inactive; said only to someone who gave its password.
    Inactive,
    /// A registration code suspended after too many wrong NAS partiels (M7).
    CodeSuspended,
    /// A registration code used already (M8).
    CodeUsed,
    /// A registration code replaced by a newer one (M6).
    CodeReplaced,
    /// A registration code past its last day (M7).
    CodeExpired,
}

impl Reason {
    pub fn id(self) -> &'static str {
        match self {
            Reason::HasAccount => "has-account",
            Reason::NasMismatch => "nas-mismatch",
            Reason::NotExtendable => "not-extendable",
            Reason::PrincipalFirst => "principal-first",
            Reason::PersonKnown => "person-known",
            Reason::NotActionable => "request-not-actionable",
            Reason::ApproverUnverified => "approver-unverified",
            Reason::OwnRequest => "own-request",
            Reason::AlreadyDecided => "already-decided",
            Reason::OwnAccount => "not-self",
            Reason::OnceADay => "once-a-day",
            Reason::StandingRequest => "standing-request",
            Reason::InvalidCredentials => "invalid",
            Reason::Inactive => "inactive",
            Reason::CodeSuspended => "suspended",
            Reason::CodeUsed => "used",
            Reason::CodeReplaced => "replaced",
            Reason::CodeExpired => "expired",
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Fields(errors) => {
                let each: Vec<String> = errors.iter().map(ToString::to_string).collect();
                write!(f, "{}", each.join("; "))
            }
            Refusal::BeyondCodes(names) => {
                write!(f, "codes end before it: {}", names.join(", "))
            }
            Refusal::Rules(rules) => {
                let ids: Vec<&str> = rules.iter().map(|r| r.id()).collect();
                write!(f, "rules: {}", ids.join(", "))
            }
            Refusal::Reason(reason) => write!(f, "{}", reason.id()),
            Refusal::Choice(problem) => write!(f, "choice: {}", problem.id()),
            Refusal::Step(step) => write!(f, "step to finish: {}", step.slug()),
        }
    }
}
