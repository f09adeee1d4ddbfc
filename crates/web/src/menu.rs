//! The main menu (M9): its sections follow the person's profiles, or their being central's
//! or an agency's. « Gestion de votre authentification » and « Sortir de l'application » are
//! always there.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use mandat_core::ids::OrgId;
use mandat_store::AccountKind;

use crate::csrf::CsrfToken;
use crate::i18n::{Locale, Tr};
use crate::pages::Chrome;
use crate::session::SignedIn;
use crate::{AppError, AppState};

#[derive(Template, WebTemplate)]
#[template(path = "menu.html")]
pub struct MenuPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    is_central: bool,
    is_member: bool,
    is_officer: bool,
    /// An agency's person: the agency's name, and whether they administer its staff.
    agency: Option<(String, bool)>,
    /// M3: what the organization lacks, said on every officer page.
    missing_officers: Vec<String>,
}

pub async fn menu(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    signed_in: SignedIn,
) -> Result<MenuPage, AppError> {
    let tr = Tr::new(lang);
    let (is_officer, missing_officers) = match signed_in.account.kind {
        AccountKind::Member { person, org }
            if state.store.profiles_of(person).await?.is_officer() =>
        {
            (true, missing_officers(&state, &tr, org).await?)
        }
        _ => (false, Vec::new()),
    };
    let agency = match signed_in.account.kind {
        AccountKind::Agency { agency, admin } => state
            .store
            .agency(agency)
            .await?
            .map(|a| (a.name.get(lang).to_string(), admin)),
        _ => None,
    };
    Ok(MenuPage {
        chrome: Chrome::new(lang, &uri).signed_in(&signed_in.account.name, &csrf),
        is_central: signed_in.is_central(),
        is_member: signed_in.is_member(),
        is_officer,
        agency,
        missing_officers,
        tr,
        csrf,
    })
}

/// M3: the warnings for an organization without an active principal or auxiliary officer.
pub async fn missing_officers(
    state: &AppState,
    tr: &Tr,
    org: OrgId,
) -> Result<Vec<String>, AppError> {
    let (principal, auxiliary) = state.store.officers_signing_in(org).await?;
    Ok([
        (principal, "m3-no-principal"),
        (auxiliary, "m3-no-auxiliary"),
    ]
    .into_iter()
    .filter(|(held, _)| !held)
    .map(|(_, key)| tr.t(key))
    .collect())
}
