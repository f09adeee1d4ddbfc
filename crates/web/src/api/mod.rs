//! The officers' API (issue 21): plain JSON for an organization's automation, behind the
//! API tokens its officers make (`security::tokens`). Every request passes the `guard`,
//! which lets it act as the token's officer and journals it; what it changes, the
//! application layer changes as the pages would. Errors are problem details (`problem`).
//! The crate's `openapi` describes it, with the authorization API and the poll of revocation
//! events.

mod guard;
pub mod journal;
pub mod people;
pub mod problem;
pub mod procurations;

pub use guard::guard;

use crate::http::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/people", people::list)
        .get("/api/v1/people/{id}", people::one)
        .get("/api/v1/procurations", procurations::list)
        .post("/api/v1/procurations", procurations::create)
        .post("/api/v1/procurations/{id}/withdraw", procurations::withdraw)
        .post("/api/v1/procurations/{id}/holders", procurations::assign)
        .post(
            "/api/v1/procurations/{id}/holders/{person}/withdraw",
            procurations::end_holding,
        )
        .get("/api/v1/journal", journal::list)
}
