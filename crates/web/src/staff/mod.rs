//! Staff accounts that are nobody's organization's: central's agents, managed by central,
//! and an agency's staff, managed by its administrators.

pub mod accounts;

use crate::http::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/central/agents", accounts::list)
        .post("/central/agents", accounts::create)
        .post("/central/agents/{id}/desactiver", accounts::deactivate)
        .post("/central/agents/{id}/reactiver", accounts::reactivate)
        .get("/ministere/personnel", accounts::list)
        .post("/ministere/personnel", accounts::create)
        .post("/ministere/personnel/{id}/desactiver", accounts::deactivate)
        .post("/ministere/personnel/{id}/reactiver", accounts::reactivate)
}
