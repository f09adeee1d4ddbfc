//! An agency's back-office: its catalog of online services and tasks, its contracts with
//! organizations, the states and the form of its enrollment requests, its queue of
//! requests to decide (E3–E5), whom to call there, the OpenID Connect clients of its
//! services (issue 20), and the receivers of its revocation events (issue 21).

pub mod catalog;
pub mod clients;
pub mod contact;
pub mod contracts;
pub mod enrollments;
pub mod form;
pub mod receivers;
pub mod states;

use crate::http::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/ministere/services", catalog::services)
        .post("/ministere/services", catalog::add_service)
        .get("/ministere/services/{code}", catalog::service)
        .post("/ministere/services/{code}", catalog::change_service)
        .post("/ministere/services/{code}/taches", catalog::add_task)
        .get("/ministere/services/{code}/clients", clients::list)
        .post("/ministere/services/{code}/clients", clients::add)
        .post("/ministere/clients/{id}/desactiver", clients::disable)
        .get("/ministere/contrats", contracts::list)
        .post("/ministere/contrats", contracts::add)
        .post("/ministere/contrats/{id}", contracts::change_end)
        .get("/ministere/etats", states::list)
        .post("/ministere/etats", states::add)
        .get("/ministere/inscriptions", enrollments::queue)
        .get("/ministere/inscriptions/{id}", enrollments::request)
        .post("/ministere/inscriptions/{id}", enrollments::decide)
        .get("/ministere/formulaire", form::list)
        .post("/ministere/formulaire", form::add)
        .get("/ministere/coordonnees", contact::show)
        .post("/ministere/coordonnees", contact::change)
        .get("/ministere/evenements", receivers::list)
        .post("/ministere/evenements", receivers::add)
        .post("/ministere/evenements/{id}/essai", receivers::test)
        .post("/ministere/evenements/{id}/desactiver", receivers::disable)
}
