//! The authorization API's side of the application layer (issue 21, OpenID AuthZEN
//! Authorization API 1.0): an agency's client asks whether a person, as that agency knows
//! them (the pairwise `sub` its clients received), may do a task of one of its services for
//! an organization at a moment; the answer is the decision's (P1–P6), with its reasons in
//! stable codes and in both languages. An evaluation writes nothing: what it leaves for the
//! journal and the counts is noted in memory and written in batches (`tally`).

mod asked;
mod evaluation;
mod kept;
mod lookup;
mod reasons;
mod search;
mod tally;

pub use asked::{Answered, Ask, Evaluation};
pub use kept::Kept;
pub(crate) use kept::token_key;
pub use reasons::Reason;
pub use search::{FoundOrganization, PAGE, Page};
pub use tally::{DEFAULT_SAMPLE, Tally};
