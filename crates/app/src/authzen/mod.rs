//! The authorization API's side of the application layer (issue 21, OpenID AuthZEN
//! Authorization API 1.0): an agency's client asks whether a person, as that agency knows
//! them (the pairwise `sub` its clients received), may do a task of one of its services for
//! an organization at a moment; the answer is the decision's (P1–P6), with its reasons in
//! stable codes and in both languages. An evaluation writes nothing.

mod evaluation;
mod lookup;
mod reasons;
mod search;

pub use evaluation::{Ask, Evaluation};
pub use reasons::Reason;
pub use search::{FoundOrganization, PAGE, Page};
