//! The main menu (M9): its sections follow the person's profiles, or their being central's
//! or an agency's. « Gestion de votre authentification » and « Sortir de l'application » are
//! always there.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use mandat_core::contract::ContractKind;
use mandat_core::dates::long_date;
use mandat_core::ids::OrgId;
use mandat_core::profile::ProfileSet;
use mandat_core::quebec_time;
use mandat_store::AccountKind;

use crate::http::here::Here;
use crate::http::session::SignedIn;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::frame::Chrome;
use crate::kit::labels;
use crate::kit::notice;

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
    /// M9: the agencies' sections that the organization's contracts open to this person.
    sections: Vec<ContractSection>,
}

pub async fn menu(
    State(state): State<AppState>,
    here: Here,
    signed_in: SignedIn,
) -> Result<MenuPage, AppError> {
    let Here { lang, uri, csrf } = here;
    let tr = Tr::new(lang);
    let (mut is_officer, mut missing_officers, mut sections) = (false, Vec::new(), Vec::new());
    if let AccountKind::Member { person, org } = signed_in.account.kind {
        let profiles = state.store.profiles_of(person).await?;
        if profiles.is_officer() {
            is_officer = true;
            missing_officers =
                notice::missing_officers(&tr, state.store.officers_signing_in(org).await?);
        }
        sections = contract_sections(&state, &tr, org, &profiles).await?;
    }
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
        sections,
        agency,
        missing_officers,
        tr,
        csrf,
    })
}

/// A section of the menu opened by contracts of one kind: its title and, for each agency,
/// until when.
pub struct ContractSection {
    title: String,
    lines: Vec<String>,
}

/// M9: the sections for the kinds of contract in force today that the person's profiles
/// open (training and SAE/PPE measures to individuals' files users, billing to enterprise
/// files users).
async fn contract_sections(
    state: &AppState,
    tr: &Tr,
    org: OrgId,
    profiles: &ProfileSet,
) -> Result<Vec<ContractSection>, AppError> {
    let today = quebec_time::date_at(state.store.now());
    let in_force = state.store.contracts_in_force(org, today).await?;
    Ok(ContractKind::ALL
        .into_iter()
        .filter(|kind| kind.opens_for(profiles))
        .map(|kind| ContractSection {
            title: labels::contract_kind(tr, kind),
            lines: in_force
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| {
                    tr.t_args(
                        "menu-contract-until",
                        &[
                            ("agency", c.agency.get(tr.lang).to_string().into()),
                            ("date", long_date(c.ends_on, tr.lang).into()),
                        ],
                    )
                })
                .collect(),
        })
        .filter(|s| !s.lines.is_empty())
        .collect())
}
