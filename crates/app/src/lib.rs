//! The application layer: every change Mandat makes, one function each, whichever door it
//! comes through (a page, an API, the command line, a daily job). Each takes the acting
//! person, checks the rules (in `mandat-core`) and who may act (on the server, scoped to the
//! person's organization or agency), writes in one transaction with its audit entry and its
//! outbox rows, and returns the outcome, or the refusal with its reasons ([`Error::Refused`]).
//! A door parses its input, calls one function, and shows the result; it writes nothing
//! itself but its own plumbing (a web session's last activity).
//!
//! Reads that only draw a page may still query the store directly. `docs/ARCHITECTURE.md`
//! lists the modules and who acts in each.

pub mod account;
pub mod acting;
pub mod agencies;
pub mod agency;
pub mod api_tokens;
pub mod authzen;
pub mod catalog;
pub mod codes;
pub mod daily;
mod deciding;
pub mod enrollment;
pub mod events;
pub mod exports;
pub mod hashing;
pub mod names;
pub mod notices;
pub mod oidc;
pub mod procurations;
pub mod requests;
pub mod security;
pub mod staff;

mod app;
mod error;

pub use acting::{Central, Officer};
pub use app::App;
pub use error::{Error, Reason, Refusal};
