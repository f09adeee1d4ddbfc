//! Form 2490 (M4–M7, M16, M19), from filing to central's decision: a new registration code
//! asked from a public page or a change asked signed in, followed by its requester, approved
//! by a manager or an officer, then central's queue, where a code is issued, a change made,
//! or the request refused.

pub mod approval;
pub mod approver;
pub mod changes;
pub mod filing;
pub mod form;
pub mod issue;
pub mod queue;

use crate::http::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/demande", filing::new_form)
        .post_with_file("/demande", filing::submit_new)
        .get("/demande/modification", filing::change_form)
        .post_with_file("/demande/modification", filing::submit_change)
        .get("/demande/suivi/{key}", filing::follow)
        .post("/demande/suivi/{key}/retirer", filing::withdraw)
        .get("/demande/approbation/{token}", approval::by_link)
        .post("/demande/approbation/{token}", approval::decide_by_link)
        .get("/administration/demandes", approval::list)
        .post("/administration/demandes/{id}", approval::decide_signed_in)
        .get("/central/demandes", queue::queue)
        .get("/central/demandes/{id}", queue::detail)
        .get("/central/demandes/{id}/resolution", queue::resolution)
        .post("/central/demandes/{id}/identite", queue::check_identity)
        .post("/central/demandes/{id}/approbateur", issue::check_approver)
        .post("/central/demandes/{id}/emettre", issue::issue)
        .post("/central/demandes/{id}/refuser", queue::reject)
        .post("/central/demandes/{id}/appliquer", changes::apply)
        .get("/demande/courriel/{token}", changes::confirm_page)
        .post("/demande/courriel/{token}", changes::confirm)
}
