//! Issue 8's benchmark of the decision (`mandat_core::decision::decide`) against two
//! general-purpose engines, `cedar-policy` and `casbin`, on the same grants: a generated
//! population (`data`, written by the `generate-grants` command and read back by the bench),
//! the same questions, and each engine's answer checked against Mandat's.

pub mod casbin_engine;
pub mod cedar;
pub mod data;
pub mod mandat;
