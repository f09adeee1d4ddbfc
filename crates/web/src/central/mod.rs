//! Central's back-office: registration codes issued and extended (M6, M7), and the
//! agencies, created and renamed, and every agency's OpenID Connect clients.

pub mod agencies;
pub mod agency_names;
pub mod clients;
pub mod codes;

use crate::http::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/central/ministeres", agencies::list)
        .post("/central/ministeres", agencies::create)
        .get("/central/ministeres/{code}", agency_names::show)
        .post("/central/ministeres/{code}", agency_names::rename)
        .get("/central/clients", clients::list)
        .get("/central/codes", codes::page)
        .post("/central/codes/emettre", codes::issue)
        .post("/central/codes/prolonger", codes::extend)
}
