//! Access rights and procurations (P1–P6), for an organization's officers (P2): a user's
//! rights and « Vérifier un accès », the procurations, made within the organization or
//! entrusted to another one, assigned to users, their end changed, withdrawn.

pub mod access;
pub mod add;
pub mod assign;
pub mod check;
pub mod form;
pub mod procurations;
pub mod reading;
pub mod received;

use crate::http::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/administration/droits", access::people)
        .get("/administration/droits/{person}", access::show)
        .post("/administration/droits/{person}", access::submit)
        .post(
            "/administration/droits/{person}/retirer/{procuration}",
            access::withdraw,
        )
        .get("/administration/procurations", procurations::list)
        .get("/administration/procurations/nouvelle", add::kind)
        .get(
            "/administration/procurations/nouvelle/interne",
            add::new_internal,
        )
        .post("/administration/procurations/nouvelle/interne", add::create)
        .get(
            "/administration/procurations/nouvelle/externe",
            add::new_external,
        )
        .post(
            "/administration/procurations/nouvelle/externe",
            add::create_external,
        )
        .get("/administration/procurations/recues/{id}", received::show)
        .post(
            "/administration/procurations/recues/{id}/reponse",
            received::answer,
        )
        .post(
            "/administration/procurations/recues/{id}/renoncer",
            received::renounce,
        )
        .get(
            "/administration/procurations/recues/{id}/nouvelle",
            received::new_within,
        )
        .post(
            "/administration/procurations/recues/{id}/nouvelle",
            received::create_within,
        )
        .get("/administration/procurations/{id}", procurations::show)
        .get("/administration/procurations/{id}/assigner", assign::show)
        .post("/administration/procurations/{id}/assigner", assign::submit)
        .post(
            "/administration/procurations/{id}/fin",
            procurations::change_end,
        )
        .post(
            "/administration/procurations/{id}/retirer",
            procurations::withdraw,
        )
        .post(
            "/administration/procurations/{id}/retirer/{person}",
            procurations::withdraw_holder,
        )
}
