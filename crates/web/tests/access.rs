//! Who may reach what: every route of the router, for someone not signed in, a member, an
//! officer, a central agent, and an agency's staff and administrator. A route added to the
//! router without a row here fails `every_route_has_a_row`, so that no page escapes this
//! check. Every route is also tried with hostile input (a way off the site, dates past any
//! calendar, malformed forms) by every kind of person.

mod common;

use common::{App, Visitor, app};

/// What a request leads to, as far as access goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    /// Served: a page, a form's answer, or a redirect within what the person may do.
    Allowed,
    /// Sent to « Connexion ».
    SignIn,
    /// Refused with a 403 page.
    Forbidden,
}

use Access::{Allowed, Forbidden, SignIn};

const PUBLIC: [Access; 6] = [Allowed; 6];
const SIGNED_IN: [Access; 6] = [SignIn, Allowed, Allowed, Allowed, Allowed, Allowed];
const ORG_MEMBERS: [Access; 6] = [SignIn, Allowed, Allowed, Forbidden, Forbidden, Forbidden];
const CENTRAL: [Access; 6] = [SignIn, Forbidden, Forbidden, Allowed, Forbidden, Forbidden];
const OFFICERS: [Access; 6] = [SignIn, Forbidden, Allowed, Forbidden, Forbidden, Forbidden];
const AGENCY_STAFF: [Access; 6] = [SignIn, Forbidden, Forbidden, Forbidden, Allowed, Allowed];
const AGENCY_ADMINS: [Access; 6] = [SignIn, Forbidden, Forbidden, Forbidden, Forbidden, Allowed];
/// The second step of sign-in: only a session between the password and the second factor.
const SECOND_STEP: [Access; 6] = [SignIn; 6];

/// (method, route as written in the router, a path that reaches it, for: anonymous,
/// member, officer, central, an agency's staff, an agency's administrator). Requests that
/// end a session come last.
const MATRIX: &[(&str, &str, &str, [Access; 6])] = &[
    ("GET", "/", "/", PUBLIC),
    ("GET", "/lang/{tag}", "/lang/en", PUBLIC),
    ("GET", "/healthz", "/healthz", PUBLIC),
    ("GET", "/readyz", "/readyz", PUBLIC),
    ("GET", "/static/{name}", "/static/inconnu.css", PUBLIC),
    ("GET", "/connexion", "/connexion", PUBLIC),
    (
        "GET",
        "/connexion/deuxieme-facteur",
        "/connexion/deuxieme-facteur",
        SECOND_STEP,
    ),
    (
        "POST",
        "/connexion/deuxieme-facteur",
        "/connexion/deuxieme-facteur",
        SECOND_STEP,
    ),
    (
        "POST",
        "/connexion/code-par-courriel",
        "/connexion/code-par-courriel",
        SECOND_STEP,
    ),
    ("GET", "/menu", "/menu", SIGNED_IN),
    ("GET", "/identification", "/identification", SIGNED_IN),
    ("GET", "/mot-de-passe", "/mot-de-passe", SIGNED_IN),
    ("POST", "/mot-de-passe", "/mot-de-passe", SIGNED_IN),
    (
        "GET",
        "/authentification/application",
        "/authentification/application",
        SIGNED_IN,
    ),
    (
        "POST",
        "/authentification/application",
        "/authentification/application",
        SIGNED_IN,
    ),
    (
        "POST",
        "/authentification/application/confirmer",
        "/authentification/application/confirmer",
        SIGNED_IN,
    ),
    (
        "GET",
        "/authentification/application/retirer",
        "/authentification/application/retirer",
        SIGNED_IN,
    ),
    (
        "POST",
        "/authentification/application/retirer",
        "/authentification/application/retirer",
        SIGNED_IN,
    ),
    (
        "GET",
        "/authentification/codes-de-recuperation",
        "/authentification/codes-de-recuperation",
        SIGNED_IN,
    ),
    (
        "POST",
        "/authentification/codes-de-recuperation",
        "/authentification/codes-de-recuperation",
        SIGNED_IN,
    ),
    ("GET", "/inscription", "/inscription", PUBLIC),
    ("POST", "/inscription", "/inscription", PUBLIC),
    (
        "GET",
        "/inscription/identification",
        "/inscription/identification",
        PUBLIC,
    ),
    ("GET", "/inscription/code", "/inscription/code", PUBLIC),
    ("POST", "/inscription/code", "/inscription/code", PUBLIC),
    ("GET", "/desactivation", "/desactivation", ORG_MEMBERS),
    ("POST", "/desactivation", "/desactivation", ORG_MEMBERS),
    (
        "POST",
        "/desactivation/confirmer",
        "/desactivation/confirmer",
        ORG_MEMBERS,
    ),
    ("GET", "/demande", "/demande", PUBLIC),
    ("POST", "/demande", "/demande", PUBLIC),
    (
        "GET",
        "/demande/modification",
        "/demande/modification",
        ORG_MEMBERS,
    ),
    (
        "POST",
        "/demande/modification",
        "/demande/modification",
        ORG_MEMBERS,
    ),
    (
        "GET",
        "/demande/suivi/{key}",
        "/demande/suivi/inconnu",
        PUBLIC,
    ),
    (
        "POST",
        "/demande/suivi/{key}/retirer",
        "/demande/suivi/inconnu/retirer",
        PUBLIC,
    ),
    (
        "GET",
        "/demande/approbation/{token}",
        "/demande/approbation/inconnu",
        PUBLIC,
    ),
    (
        "POST",
        "/demande/approbation/{token}",
        "/demande/approbation/inconnu",
        PUBLIC,
    ),
    (
        "GET",
        "/administration/demandes",
        "/administration/demandes",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/demandes/{id}",
        "/administration/demandes/inconnu",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/journal",
        "/administration/journal",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/journal.csv",
        "/administration/journal.csv",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/journal.jsonl",
        "/administration/journal.jsonl",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/securite",
        "/administration/securite",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/securite.csv",
        "/administration/securite.csv",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/securite/{person}",
        "/administration/securite/inconnu",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/securite/{person}/{action}",
        "/administration/securite/inconnu/desactiver",
        OFFICERS,
    ),
    ("GET", "/central/demandes", "/central/demandes", CENTRAL),
    (
        "GET",
        "/central/demandes/{id}",
        "/central/demandes/inconnu",
        CENTRAL,
    ),
    (
        "GET",
        "/central/demandes/{id}/resolution",
        "/central/demandes/inconnu/resolution",
        CENTRAL,
    ),
    (
        "POST",
        "/central/demandes/{id}/identite",
        "/central/demandes/inconnu/identite",
        CENTRAL,
    ),
    (
        "POST",
        "/central/demandes/{id}/approbateur",
        "/central/demandes/inconnu/approbateur",
        CENTRAL,
    ),
    (
        "POST",
        "/central/demandes/{id}/emettre",
        "/central/demandes/inconnu/emettre",
        CENTRAL,
    ),
    (
        "POST",
        "/central/demandes/{id}/refuser",
        "/central/demandes/inconnu/refuser",
        CENTRAL,
    ),
    (
        "POST",
        "/central/demandes/{id}/appliquer",
        "/central/demandes/inconnu/appliquer",
        CENTRAL,
    ),
    (
        "GET",
        "/demande/courriel/{token}",
        "/demande/courriel/inconnu",
        PUBLIC,
    ),
    (
        "POST",
        "/demande/courriel/{token}",
        "/demande/courriel/inconnu",
        PUBLIC,
    ),
    ("GET", "/central/ministeres", "/central/ministeres", CENTRAL),
    (
        "POST",
        "/central/ministeres",
        "/central/ministeres",
        CENTRAL,
    ),
    (
        "GET",
        "/ministere/services",
        "/ministere/services",
        AGENCY_STAFF,
    ),
    (
        "POST",
        "/ministere/services",
        "/ministere/services",
        AGENCY_STAFF,
    ),
    (
        "GET",
        "/ministere/services/{code}",
        "/ministere/services/INCONNU",
        AGENCY_STAFF,
    ),
    (
        "POST",
        "/ministere/services/{code}",
        "/ministere/services/INCONNU",
        AGENCY_STAFF,
    ),
    (
        "POST",
        "/ministere/services/{code}/taches",
        "/ministere/services/INCONNU/taches",
        AGENCY_STAFF,
    ),
    (
        "GET",
        "/central/ministeres/{code}",
        "/central/ministeres/SAAQ",
        CENTRAL,
    ),
    (
        "POST",
        "/central/ministeres/{code}",
        "/central/ministeres/SAAQ",
        CENTRAL,
    ),
    (
        "GET",
        "/administration/droits",
        "/administration/droits",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/droits/{person}",
        "/administration/droits/inconnu",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/droits/{person}",
        "/administration/droits/inconnu",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/droits/{person}/retirer/{procuration}",
        "/administration/droits/inconnu/retirer/inconnu",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/procurations",
        "/administration/procurations",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/procurations/nouvelle",
        "/administration/procurations/nouvelle",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/procurations/nouvelle/interne",
        "/administration/procurations/nouvelle/interne",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/procurations/nouvelle/interne",
        "/administration/procurations/nouvelle/interne",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/procurations/nouvelle/externe",
        "/administration/procurations/nouvelle/externe",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/procurations/nouvelle/externe",
        "/administration/procurations/nouvelle/externe",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/procurations/recues/{id}",
        "/administration/procurations/recues/inconnu",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/procurations/recues/{id}/reponse",
        "/administration/procurations/recues/inconnu/reponse",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/procurations/recues/{id}/renoncer",
        "/administration/procurations/recues/inconnu/renoncer",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/procurations/recues/{id}/nouvelle",
        "/administration/procurations/recues/inconnu/nouvelle",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/procurations/recues/{id}/nouvelle",
        "/administration/procurations/recues/inconnu/nouvelle",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/procurations/{id}",
        "/administration/procurations/inconnu",
        OFFICERS,
    ),
    (
        "GET",
        "/administration/procurations/{id}/assigner",
        "/administration/procurations/inconnu/assigner",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/procurations/{id}/assigner",
        "/administration/procurations/inconnu/assigner",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/procurations/{id}/fin",
        "/administration/procurations/inconnu/fin",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/procurations/{id}/retirer",
        "/administration/procurations/inconnu/retirer",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/procurations/{id}/retirer/{person}",
        "/administration/procurations/inconnu/retirer/inconnu",
        OFFICERS,
    ),
    ("GET", "/inscriptions", "/inscriptions", OFFICERS),
    (
        "GET",
        "/inscriptions/nouvelle",
        "/inscriptions/nouvelle",
        OFFICERS,
    ),
    (
        "POST",
        "/inscriptions/nouvelle",
        "/inscriptions/nouvelle",
        OFFICERS,
    ),
    (
        "GET",
        "/inscriptions/brouillon/{agency}/{step}",
        "/inscriptions/brouillon/SAAQ/ministere",
        OFFICERS,
    ),
    (
        "POST",
        "/inscriptions/brouillon/{agency}/{step}",
        "/inscriptions/brouillon/SAAQ/ministere",
        OFFICERS,
    ),
    (
        "POST",
        "/inscriptions/abandonner/{agency}",
        "/inscriptions/abandonner/SAAQ",
        OFFICERS,
    ),
    (
        "GET",
        "/inscriptions/demandes/{id}",
        "/inscriptions/demandes/inconnu",
        OFFICERS,
    ),
    (
        "GET",
        "/ministere/inscriptions",
        "/ministere/inscriptions",
        AGENCY_STAFF,
    ),
    (
        "GET",
        "/ministere/inscriptions/{id}",
        "/ministere/inscriptions/inconnu",
        AGENCY_STAFF,
    ),
    (
        "POST",
        "/ministere/inscriptions/{id}",
        "/ministere/inscriptions/inconnu",
        AGENCY_STAFF,
    ),
    (
        "GET",
        "/ministere/formulaire",
        "/ministere/formulaire",
        AGENCY_STAFF,
    ),
    (
        "POST",
        "/ministere/formulaire",
        "/ministere/formulaire",
        AGENCY_STAFF,
    ),
    ("GET", "/ministere/etats", "/ministere/etats", AGENCY_STAFF),
    ("POST", "/ministere/etats", "/ministere/etats", AGENCY_STAFF),
    (
        "GET",
        "/ministere/journal",
        "/ministere/journal",
        AGENCY_STAFF,
    ),
    (
        "GET",
        "/ministere/journal.csv",
        "/ministere/journal.csv",
        AGENCY_STAFF,
    ),
    (
        "GET",
        "/ministere/journal.jsonl",
        "/ministere/journal.jsonl",
        AGENCY_STAFF,
    ),
    (
        "GET",
        "/ministere/contrats",
        "/ministere/contrats",
        AGENCY_STAFF,
    ),
    (
        "POST",
        "/ministere/contrats",
        "/ministere/contrats",
        AGENCY_STAFF,
    ),
    (
        "POST",
        "/ministere/contrats/{id}",
        "/ministere/contrats/inconnu",
        AGENCY_STAFF,
    ),
    (
        "GET",
        "/ministere/coordonnees",
        "/ministere/coordonnees",
        AGENCY_STAFF,
    ),
    (
        "POST",
        "/ministere/coordonnees",
        "/ministere/coordonnees",
        AGENCY_STAFF,
    ),
    (
        "GET",
        "/ministere/personnel",
        "/ministere/personnel",
        AGENCY_ADMINS,
    ),
    (
        "POST",
        "/ministere/personnel",
        "/ministere/personnel",
        AGENCY_ADMINS,
    ),
    (
        "POST",
        "/ministere/personnel/{id}/desactiver",
        "/ministere/personnel/inconnu/desactiver",
        AGENCY_ADMINS,
    ),
    (
        "POST",
        "/ministere/personnel/{id}/reactiver",
        "/ministere/personnel/inconnu/reactiver",
        AGENCY_ADMINS,
    ),
    ("GET", "/central/agents", "/central/agents", CENTRAL),
    ("POST", "/central/agents", "/central/agents", CENTRAL),
    (
        "POST",
        "/central/agents/{id}/desactiver",
        "/central/agents/inconnu/desactiver",
        CENTRAL,
    ),
    (
        "POST",
        "/central/agents/{id}/reactiver",
        "/central/agents/inconnu/reactiver",
        CENTRAL,
    ),
    ("GET", "/central/clients", "/central/clients", CENTRAL),
    ("GET", "/central/codes", "/central/codes", CENTRAL),
    (
        "POST",
        "/central/codes/emettre",
        "/central/codes/emettre",
        CENTRAL,
    ),
    (
        "POST",
        "/central/codes/prolonger",
        "/central/codes/prolonger",
        CENTRAL,
    ),
    ("GET", "/central/journal", "/central/journal", CENTRAL),
    (
        "GET",
        "/central/journal.csv",
        "/central/journal.csv",
        CENTRAL,
    ),
    (
        "GET",
        "/central/journal.jsonl",
        "/central/journal.jsonl",
        CENTRAL,
    ),
    ("GET", "/central/organismes", "/central/organismes", CENTRAL),
    (
        "GET",
        "/central/reactivations",
        "/central/reactivations",
        CENTRAL,
    ),
    (
        "GET",
        "/central/organismes/{org}/securite",
        "/central/organismes/inconnu/securite",
        CENTRAL,
    ),
    (
        "GET",
        "/central/organismes/{org}/securite.csv",
        "/central/organismes/inconnu/securite.csv",
        CENTRAL,
    ),
    (
        "GET",
        "/central/organismes/{org}/securite/{person}",
        "/central/organismes/inconnu/securite/inconnu",
        CENTRAL,
    ),
    (
        "POST",
        "/central/organismes/{org}/securite/{person}/{action}",
        "/central/organismes/inconnu/securite/inconnu/desactiver",
        CENTRAL,
    ),
    (
        "GET",
        "/ministere/services/{code}/clients",
        "/ministere/services/INCONNU/clients",
        AGENCY_STAFF,
    ),
    (
        "POST",
        "/ministere/services/{code}/clients",
        "/ministere/services/INCONNU/clients",
        AGENCY_ADMINS,
    ),
    (
        "POST",
        "/ministere/clients/{id}/desactiver",
        "/ministere/clients/inconnu/desactiver",
        AGENCY_ADMINS,
    ),
    // Where the agency receives its revocation events (issue 21).
    (
        "GET",
        "/ministere/evenements",
        "/ministere/evenements",
        AGENCY_STAFF,
    ),
    (
        "POST",
        "/ministere/evenements",
        "/ministere/evenements",
        AGENCY_ADMINS,
    ),
    (
        "POST",
        "/ministere/evenements/{id}/essai",
        "/ministere/evenements/inconnu/essai",
        AGENCY_ADMINS,
    ),
    (
        "POST",
        "/ministere/evenements/{id}/desactiver",
        "/ministere/evenements/inconnu/desactiver",
        AGENCY_ADMINS,
    ),
    // The OpenID Connect provider (issue 20): agencies' software and anyone's browser reach
    // it; a request without a registered client or a pending sign-in is refused (400, 401).
    (
        "GET",
        "/.well-known/openid-configuration",
        "/.well-known/openid-configuration",
        PUBLIC,
    ),
    ("GET", "/oidc/jwks", "/oidc/jwks", PUBLIC),
    ("GET", "/oidc/authorize", "/oidc/authorize", PUBLIC),
    (
        "GET",
        "/oidc/authorize/continue",
        "/oidc/authorize/continue",
        PUBLIC,
    ),
    (
        "POST",
        "/oidc/authorize/continue",
        "/oidc/authorize/continue",
        SIGNED_IN,
    ),
    ("POST", "/oidc/token", "/oidc/token", PUBLIC),
    ("GET", "/oidc/userinfo", "/oidc/userinfo", PUBLIC),
    ("POST", "/oidc/userinfo", "/oidc/userinfo", PUBLIC),
    ("GET", "/oidc/logout", "/oidc/logout", PUBLIC),
    (
        "GET",
        "/.well-known/authzen-configuration",
        "/.well-known/authzen-configuration",
        PUBLIC,
    ),
    // A bearer token of the client credentials grant, not a session, opens it (issue 21).
    (
        "POST",
        "/access/v1/evaluation",
        "/access/v1/evaluation",
        PUBLIC,
    ),
    (
        "POST",
        "/access/v1/evaluations",
        "/access/v1/evaluations",
        PUBLIC,
    ),
    (
        "POST",
        "/access/v1/search/resource",
        "/access/v1/search/resource",
        PUBLIC,
    ),
    (
        "POST",
        "/access/v1/search/action",
        "/access/v1/search/action",
        PUBLIC,
    ),
    (
        "POST",
        "/access/v1/search/subject",
        "/access/v1/search/subject",
        PUBLIC,
    ),
    // The officers' API (issue 21): its tokens at the security pages, and the API itself,
    // which a token opens, not a session (401 without one).
    (
        "GET",
        "/administration/jetons",
        "/administration/jetons",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/jetons",
        "/administration/jetons",
        OFFICERS,
    ),
    (
        "POST",
        "/administration/jetons/{id}/revoquer",
        "/administration/jetons/inconnu/revoquer",
        OFFICERS,
    ),
    ("GET", "/api/v1/people", "/api/v1/people", PUBLIC),
    (
        "GET",
        "/api/v1/people/{id}",
        "/api/v1/people/inconnu",
        PUBLIC,
    ),
    (
        "GET",
        "/api/v1/procurations",
        "/api/v1/procurations",
        PUBLIC,
    ),
    (
        "POST",
        "/api/v1/procurations",
        "/api/v1/procurations",
        PUBLIC,
    ),
    (
        "POST",
        "/api/v1/procurations/{id}/withdraw",
        "/api/v1/procurations/inconnu/withdraw",
        PUBLIC,
    ),
    (
        "POST",
        "/api/v1/procurations/{id}/holders",
        "/api/v1/procurations/inconnu/holders",
        PUBLIC,
    ),
    (
        "POST",
        "/api/v1/procurations/{id}/holders/{person}/withdraw",
        "/api/v1/procurations/inconnu/holders/inconnu/withdraw",
        PUBLIC,
    ),
    ("GET", "/api/v1/journal", "/api/v1/journal", PUBLIC),
    // The APIs' description, for everyone.
    ("GET", "/api", "/api", PUBLIC),
    ("GET", "/api/openapi.json", "/api/openapi.json", PUBLIC),
    // Revocation events: the transmitter's metadata, and the poll by an API token (issue 21).
    (
        "GET",
        "/.well-known/ssf-configuration",
        "/.well-known/ssf-configuration",
        PUBLIC,
    ),
    ("POST", "/events/v1/poll", "/events/v1/poll", PUBLIC),
    ("POST", "/connexion", "/connexion", PUBLIC),
    ("POST", "/oidc/logout", "/oidc/logout", SIGNED_IN),
    ("POST", "/deconnexion", "/deconnexion", SIGNED_IN),
];

fn access(status: u16, location: Option<&str>) -> Access {
    match (status, location) {
        (403, _) => Forbidden,
        (300..=399, Some("/connexion")) => SignIn,
        // Past every barrier: a page, a redirect, a missing record (404), a used link (410),
        // a form that needs a file sent as plain fields (415), refused input (422), a
        // protocol's refusal of a request without a client or a token (400, 401).
        (200..=399 | 400 | 401 | 404 | 410 | 415 | 422, _) => Allowed,
        other => panic!("unexpected answer {other:?}"),
    }
}

/// Who tries each route, in the matrix's order: no one signed in, then each kind of person.
const PEOPLE: [Option<&str>; 6] = [
    None,
    Some("membre01"),
    Some("officier01"),
    Some("central01"),
    Some("personnel01"),
    Some("ministere01"),
];

async fn visitor(app: &App, user_code: Option<&str>) -> Visitor {
    let mut v = Visitor::new(app);
    match user_code {
        Some(code) => {
            let (at, _) = v.sign_in(app, code, &common::email_of(code)).await;
            assert_eq!(at, "/menu", "{code} signs in");
        }
        None => {
            v.get("/").await;
        }
    }
    v
}

#[tokio::test]
async fn each_route_answers_each_kind_of_person_as_it_should() {
    let app = app().await;
    let mut people = Vec::new();
    for who in PEOPLE {
        people.push((who.unwrap_or("anonymous"), visitor(&app, who).await));
    }
    let mut wrong = Vec::new();
    for (method, _, path, expected) in MATRIX {
        for ((who, visitor), expected) in people.iter_mut().zip(expected) {
            // A fresh form token from a page the person may see, as a browser would have.
            visitor.get("/connexion").await;
            let (status, location) = visitor.status(*method == "POST", path).await;
            let got = access(status, location.as_deref());
            if got != *expected {
                wrong.push(format!(
                    "{method} {path} as {who}: {got:?}, expected {expected:?} ({status})"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_route_has_a_row() {
    let routes = mandat_web::route_table();
    assert!(routes.len() > 20, "{routes:?}");
    for (method, path) in &routes {
        assert!(
            MATRIX.iter().any(|(m, r, _, _)| m == method && r == path),
            "{method} {path} has no row in the access matrix"
        );
    }
    assert_eq!(
        MATRIX.len(),
        routes.len(),
        "rows for routes that no longer exist"
    );
}

/// What a hostile request may be sent: a way off the site, dates past any calendar, a body
/// that is not a form. Every route, for every kind of person (issue 19, « Tests »).
const HOSTILE_QUERY: &str = "next=%2F%09%2Fevil.example&du=9999-12-31&au=-9999-01-01\
    &page=99999999999999999999&echeance=99999-01-01&fait=%0d%0a";
const DATE_FIELDS: &[&str] = &[
    "access-expires-on",
    "new-expiry",
    "starts-on",
    "ends-on",
    "echeance",
    "check-day",
    "du",
    "au",
];

/// Whether an answer to a hostile request holds: nothing broke (no 5xx), nothing led off the
/// site, and a refused request got the project's own page, not the framework's text (a
/// missing asset, which no one reads, answers a bare 404).
fn holds(res: &reqwest::Response) -> Result<(), String> {
    let status = res.status().as_u16();
    let header = |name| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let location = header("location");
    if status >= 500 {
        return Err(format!("answered {status}"));
    }
    // As a browser reads it: tabs and line breaks dropped, a backslash taken for a slash.
    let read: String = location.chars().filter(|c| !c.is_control()).collect();
    let read = read.replace('\\', "/");
    if (300..400).contains(&status) && (!read.starts_with('/') || read.starts_with("//")) {
        return Err(format!("led to {location:?}"));
    }
    let asset = res.url().path().starts_with("/static/");
    // A page for people, or JSON for software (the OpenID Connect endpoints' errors, the
    // APIs' problem details).
    let ours = ["text/html", "application/json", "application/problem+json"]
        .iter()
        .any(|t| header("content-type").starts_with(t));
    if (400..500).contains(&status) && !asset && !ours {
        return Err(format!("answered {status} as {:?}", header("content-type")));
    }
    Ok(())
}

#[tokio::test]
async fn every_route_withstands_a_way_off_the_site_overflowing_dates_and_malformed_forms() {
    let app = app().await;
    let mut wrong = Vec::new();
    for who in PEOPLE {
        let mut visitor = visitor(&app, who).await;
        for (method, _, path, _) in MATRIX {
            visitor.get("/connexion").await;
            let url = format!("{}{path}", app.url);
            let joiner = if path.contains('?') { '&' } else { '?' };
            let token = visitor.token.clone();
            let mut requests = vec![(
                "query",
                visitor
                    .unfollowed
                    .get(format!("{url}{joiner}{HOSTILE_QUERY}")),
            )];
            if *method == "POST" {
                let mut dates = vec![("csrf", token.as_str()), ("next", "//evil.example")];
                dates.extend(DATE_FIELDS.iter().map(|f| (*f, "99999-12-31")));
                requests = vec![
                    ("dates", visitor.unfollowed.post(&url).form(&dates)),
                    (
                        "malformed",
                        visitor
                            .unfollowed
                            .post(&url)
                            .header("content-type", "application/x-www-form-urlencoded")
                            .body(format!("csrf={token}&%ZZ=%%&=&du=-9999-01-01")),
                    ),
                ];
            }
            for (what, request) in requests {
                let res = request.send().await.expect("request");
                if let Err(e) = holds(&res) {
                    let who = who.unwrap_or("anonymous");
                    wrong.push(format!("{method} {path} ({what}) as {who}: {e}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
