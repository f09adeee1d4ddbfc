//! « Inscription aux services » (E1–E5), for an organization's security officers: their
//! requests, a new one drafted step by step, abandoned or transmitted to the agency.

pub mod overview;
pub mod steps;

use crate::http::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/inscriptions", overview::list)
        .get("/inscriptions/nouvelle", overview::choose)
        .post("/inscriptions/nouvelle", overview::begin)
        .get("/inscriptions/brouillon/{agency}/{step}", steps::show)
        .post("/inscriptions/brouillon/{agency}/{step}", steps::submit)
        .post("/inscriptions/abandonner/{agency}", overview::abandon)
        .get("/inscriptions/demandes/{id}", overview::request)
}
