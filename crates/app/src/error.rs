//! Why a change was not made.

use std::fmt;

use mandat_core::FieldError;
use mandat_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such record, or one the acting person may not reach (another organization's): the
    /// door says « not found » and nothing of which.
    #[error("no such record")]
    NotFound,
    /// The rules refuse the change; nothing was written.
    #[error("refused: {0}")]
    Refused(Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing an email: {0}")]
    Mail(#[from] askama::Error),
}

impl Error {
    pub fn fields(errors: Vec<FieldError>) -> Self {
        Error::Refused(Refusal::Fields(errors))
    }
}

/// A refusal's reasons, for the door to show in the person's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Fields typed wrong, each with its problem.
    Fields(Vec<FieldError>),
    /// P3: these people's codes end before the procuration would (their names).
    BeyondCodes(Vec<String>),
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
        }
    }
}
