//! The organization's security file (M21–M23) and what is done from it: the authorized
//! persons, each person's file and the changes to their code (M13–M16, M24), the
//! reactivations asked of central, central's view of every organization's file, and the
//! officers' API tokens (issue 21).

pub mod central;
pub mod file;
pub mod person;
pub mod person_file;
pub mod reactivation;
pub mod tokens;

use crate::http::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/administration/securite", file::officer_page)
        .get("/administration/securite.csv", file::officer_csv)
        .get(
            "/administration/securite/{person}",
            person_file::officer_show,
        )
        .post(
            "/administration/securite/{person}/{action}",
            person_file::officer_act,
        )
        .get("/administration/jetons", tokens::list)
        .post("/administration/jetons", tokens::add)
        .post("/administration/jetons/{id}/revoquer", tokens::revoke)
        .get("/central/organismes", central::organizations)
        .get("/central/organismes/{org}/securite", central::file)
        .get("/central/organismes/{org}/securite.csv", central::file_csv)
        .get(
            "/central/organismes/{org}/securite/{person}",
            central::person,
        )
        .post(
            "/central/organismes/{org}/securite/{person}/{action}",
            central::act,
        )
        .get("/central/reactivations", reactivation::queue)
}
