//! The web layer: maps HTTP to the domain and back. Handlers are thin: parse, call, render.

mod access_rights;
mod agency_catalog;
mod agency_contact;
mod agency_contracts;
mod agency_enrollments;
mod agency_form;
mod agency_states;
mod approval;
mod assets;
mod audit_view;
mod authenticator;
mod central;
mod central_agencies;
mod central_agency_names;
mod central_changes;
mod central_issue;
mod central_requests;
mod central_security;
mod client;
mod csrf;
mod deactivation;
mod enrollment;
mod enrollment_steps;
mod enrollment_view;
mod error;
mod form;
mod form_page;
mod hashing;
mod health;
mod here;
mod holding;
pub mod i18n;
mod identity;
mod layers;
mod menu;
mod multipart;
mod new_end;
mod officer;
mod pages;
mod paging;
mod password;
mod person_code;
mod person_file;
mod procuration_assign;
mod procuration_form;
mod procuration_new;
mod procurations;
mod procurations_received;
mod reactivation;
mod recovery;
mod registration;
mod request_form;
mod request_sheet;
mod requests;
mod rights_catalog;
mod rights_check;
mod second_factor;
mod security_file;
mod session;
mod sign_in;
mod staff;
mod throttle;

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};
use mandat_core::calendar::BusinessCalendar;
use mandat_core::person::NasKey;
use mandat_core::sealed::SealKey;
use mandat_store::Store;

pub use error::AppError;

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Whether cookies carry `Secure`: true unless Mandat is served over plain HTTP (dev).
    pub secure_cookies: bool,
    /// Hashes NAS partiels for comparison with the stored digests.
    pub nas_key: NasKey,
    /// Seals the authenticator apps' keys at rest (E2).
    pub seal_key: SealKey,
    /// Business days, for the deadlines of M7.
    pub calendar: BusinessCalendar,
    /// The address people reach Mandat at, for links in emails.
    pub public_url: String,
}

/// Every route of Mandat, with its layers.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/", get(pages::home))
        .route("/lang/{tag}", get(pages::switch_language))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/static/{name}", get(assets::serve))
        .route("/connexion", get(sign_in::form).post(sign_in::submit))
        .route(
            "/connexion/deuxieme-facteur",
            get(second_factor::form).post(second_factor::verify),
        )
        .route(
            "/connexion/code-par-courriel",
            post(second_factor::send_code),
        )
        .route("/deconnexion", post(sign_in::sign_out))
        .route("/menu", get(menu::menu))
        .route("/identification", get(identity::page))
        .route(
            "/authentification/application",
            get(authenticator::page).post(authenticator::start),
        )
        .route(
            "/authentification/application/confirmer",
            post(authenticator::confirm),
        )
        .route(
            "/authentification/application/retirer",
            post(authenticator::remove),
        )
        .route(
            "/authentification/codes-de-recuperation",
            get(recovery::page).post(recovery::renew),
        )
        .route("/mot-de-passe", get(password::form).post(password::submit))
        .route(
            "/inscription",
            get(registration::form).post(registration::submit),
        )
        .route(
            "/inscription/identification",
            get(registration::identification),
        )
        .route(
            "/inscription/code",
            get(registration::choice).post(registration::save_choice),
        )
        .route(
            "/desactivation",
            get(deactivation::form).post(deactivation::submit),
        )
        .route("/desactivation/confirmer", post(deactivation::confirm))
        .route(
            "/demande",
            get(requests::new_form)
                .post(requests::submit_new)
                .layer(multipart::body_limit()),
        )
        .route(
            "/demande/modification",
            get(requests::change_form)
                .post(requests::submit_change)
                .layer(multipart::body_limit()),
        )
        .route("/demande/suivi/{key}", get(requests::follow))
        .route("/demande/suivi/{key}/retirer", post(requests::withdraw))
        .route(
            "/demande/approbation/{token}",
            get(approval::by_link).post(approval::decide_by_link),
        )
        .route("/administration/demandes", get(approval::list))
        .route("/administration/journal", get(audit_view::show))
        .route("/administration/journal.csv", get(audit_view::export))
        .route("/administration/journal.jsonl", get(audit_view::export))
        .route("/administration/securite", get(security_file::officer_page))
        .route(
            "/administration/securite.csv",
            get(security_file::officer_csv),
        )
        .route(
            "/administration/securite/{person}",
            get(person_file::officer_show),
        )
        .route(
            "/administration/securite/{person}/{action}",
            post(person_file::officer_act),
        )
        .route(
            "/administration/demandes/{id}",
            post(approval::decide_signed_in),
        )
        .route("/central/demandes", get(central_requests::queue))
        .route("/central/demandes/{id}", get(central_requests::detail))
        .route(
            "/central/demandes/{id}/resolution",
            get(central_requests::resolution),
        )
        .route(
            "/central/demandes/{id}/identite",
            post(central_requests::check_identity),
        )
        .route("/central/demandes/{id}/emettre", post(central_issue::issue))
        .route(
            "/central/demandes/{id}/refuser",
            post(central_requests::reject),
        )
        .route(
            "/central/demandes/{id}/appliquer",
            post(central_changes::apply),
        )
        .route(
            "/demande/courriel/{token}",
            get(central_changes::confirm_page).post(central_changes::confirm),
        )
        .route(
            "/central/ministeres/{code}",
            get(central_agency_names::show).post(central_agency_names::rename),
        )
        .route("/central/agents", get(staff::list).post(staff::create))
        .route("/central/agents/{id}/desactiver", post(staff::deactivate))
        .route("/central/agents/{id}/reactiver", post(staff::reactivate))
        .route(
            "/central/ministeres",
            get(central_agencies::list).post(central_agencies::create),
        )
        .route(
            "/ministere/services",
            get(agency_catalog::services).post(agency_catalog::add_service),
        )
        .route(
            "/ministere/services/{code}",
            get(agency_catalog::service).post(agency_catalog::change_service),
        )
        .route(
            "/ministere/services/{code}/taches",
            post(agency_catalog::add_task),
        )
        .route(
            "/ministere/contrats",
            get(agency_contracts::list).post(agency_contracts::add),
        )
        .route(
            "/ministere/contrats/{id}",
            post(agency_contracts::change_end),
        )
        .route(
            "/ministere/etats",
            get(agency_states::list).post(agency_states::add),
        )
        .route("/administration/droits", get(access_rights::people))
        .route(
            "/administration/droits/{person}",
            get(access_rights::show).post(access_rights::submit),
        )
        .route(
            "/administration/droits/{person}/retirer/{procuration}",
            post(access_rights::withdraw),
        )
        .route("/administration/procurations", get(procurations::list))
        .route(
            "/administration/procurations/nouvelle",
            get(procuration_new::kind),
        )
        .route(
            "/administration/procurations/nouvelle/interne",
            get(procuration_new::new_internal).post(procuration_new::create),
        )
        .route(
            "/administration/procurations/nouvelle/externe",
            get(procuration_new::new_external).post(procuration_new::create_external),
        )
        .route(
            "/administration/procurations/recues/{id}",
            get(procurations_received::show),
        )
        .route(
            "/administration/procurations/recues/{id}/reponse",
            post(procurations_received::answer),
        )
        .route(
            "/administration/procurations/recues/{id}/renoncer",
            post(procurations_received::renounce),
        )
        .route(
            "/administration/procurations/recues/{id}/nouvelle",
            get(procurations_received::new_within).post(procurations_received::create_within),
        )
        .route("/administration/procurations/{id}", get(procurations::show))
        .route(
            "/administration/procurations/{id}/assigner",
            get(procuration_assign::show).post(procuration_assign::submit),
        )
        .route(
            "/administration/procurations/{id}/fin",
            post(procurations::change_end),
        )
        .route(
            "/administration/procurations/{id}/retirer",
            post(procurations::withdraw),
        )
        .route(
            "/administration/procurations/{id}/retirer/{person}",
            post(procurations::withdraw_holder),
        )
        .route("/inscriptions", get(enrollment::list))
        .route(
            "/inscriptions/nouvelle",
            get(enrollment::choose).post(enrollment::begin),
        )
        .route(
            "/inscriptions/brouillon/{agency}/{step}",
            get(enrollment_steps::show).post(enrollment_steps::submit),
        )
        .route(
            "/inscriptions/abandonner/{agency}",
            post(enrollment::abandon),
        )
        .route("/inscriptions/demandes/{id}", get(enrollment::request))
        .route("/ministere/inscriptions", get(agency_enrollments::queue))
        .route(
            "/ministere/inscriptions/{id}",
            get(agency_enrollments::request).post(agency_enrollments::decide),
        )
        .route(
            "/ministere/formulaire",
            get(agency_form::list).post(agency_form::add),
        )
        .route(
            "/ministere/coordonnees",
            get(agency_contact::show).post(agency_contact::change),
        )
        .route("/ministere/personnel", get(staff::list).post(staff::create))
        .route(
            "/ministere/personnel/{id}/desactiver",
            post(staff::deactivate),
        )
        .route(
            "/ministere/personnel/{id}/reactiver",
            post(staff::reactivate),
        )
        .route("/central/organismes", get(central_security::organizations))
        .route(
            "/central/organismes/{org}/securite",
            get(central_security::file),
        )
        .route(
            "/central/organismes/{org}/securite.csv",
            get(central_security::file_csv),
        )
        .route(
            "/central/organismes/{org}/securite/{person}",
            get(central_security::person),
        )
        .route(
            "/central/organismes/{org}/securite/{person}/{action}",
            post(central_security::act),
        )
        .route("/central/reactivations", get(reactivation::queue))
        .route("/ministere/journal", get(audit_view::show))
        .route("/ministere/journal.csv", get(audit_view::export))
        .route("/ministere/journal.jsonl", get(audit_view::export))
        .route("/central/journal", get(audit_view::show))
        .route("/central/journal.csv", get(audit_view::export))
        .route("/central/journal.jsonl", get(audit_view::export))
        .route("/central/codes", get(central::page))
        .route("/central/codes/emettre", post(central::issue))
        .route("/central/codes/prolonger", post(central::extend))
        .fallback(pages::not_found);
    let secure = state.secure_cookies;
    let routes = routes
        .with_state(state)
        .layer(middleware::from_fn(move |request, next| {
            csrf::layer(secure, request, next)
        }));
    layers::around(routes)
}
