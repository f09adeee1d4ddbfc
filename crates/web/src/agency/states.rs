//! An agency's states of an enrollment request (E4): « En traitement », « Actif » and
//! « Refusé » for every agency, and the states it adds, each with the meaning shown to the
//! officers who follow their requests.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use mandat_app::Refusal;
use mandat_core::enrollment::{BuiltInState, StateForm};
use mandat_core::{Field, FieldError};
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::AgencyStaff;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{FieldView, fields, summary};
use crate::kit::frame::Chrome;
use crate::kit::notice::{self, Notice};

pub struct StateRow {
    code: String,
    name: String,
    meaning: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "agency_states.html")]
pub struct StatesPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    agency: String,
    notice: String,
    errors: Vec<(String, String)>,
    alert: String,
    built_in: Vec<StateRow>,
    custom: Vec<StateRow>,
    fields: Vec<FieldView>,
}

#[derive(Deserialize, Default)]
pub struct StateTyped {
    csrf: String,
    #[serde(rename = "state-code", default)]
    code: String,
    #[serde(rename = "name-fr", default)]
    name_fr: String,
    #[serde(rename = "name-en", default)]
    name_en: String,
    #[serde(rename = "meaning-fr", default)]
    meaning_fr: String,
    #[serde(rename = "meaning-en", default)]
    meaning_en: String,
}

with_token!(StateTyped);

async fn page(
    state: &AppState,
    here: &Here,
    staff: &AgencyStaff,
    typed: &StateTyped,
    done: &Notice,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let tr = here.tr();
    let lang = here.lang;
    let agency = staff.record(state).await?;
    let built_in = BuiltInState::ALL
        .into_iter()
        .map(|s| StateRow {
            code: s.code().to_string(),
            name: s.name(lang).to_string(),
            meaning: s.meaning(lang).to_string(),
        })
        .collect();
    let stored = state.store.enrollment_states(agency.id).await?;
    // After « Ajouter » (post/redirect/get): the state added, by its code.
    let notice = match done.fait.as_str() {
        "ajoute" => stored
            .iter()
            .find(|s| s.code.as_str() == done.quoi)
            .map(|s| {
                tr.t_args(
                    "states-added",
                    &[("name", s.name.get(lang).to_string().into())],
                )
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    let custom = stored
        .into_iter()
        .map(|s| StateRow {
            code: s.code.as_str().to_string(),
            name: s.name.get(lang).to_string(),
            meaning: s.meaning.get(lang).to_string(),
        })
        .collect();
    let fields = fields(
        &tr,
        &[
            (Field::StateCode, "text", &typed.code),
            (Field::NameFr, "text", &typed.name_fr),
            (Field::NameEn, "text", &typed.name_en),
            (Field::MeaningFr, "textarea", &typed.meaning_fr),
            (Field::MeaningEn, "textarea", &typed.meaning_en),
        ],
        errors,
    );
    let errors = summary(&fields);
    let status = crate::kit::form::status(&errors);
    let page = StatesPage {
        chrome: here.chrome(Some(&staff.signed_in.account.name)),
        csrf: here.csrf.clone(),
        agency: agency.name.get(lang).to_string(),
        notice,
        alert: String::new(),
        built_in,
        custom,
        fields,
        errors,
        tr,
    };
    Ok((status, page).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    here: Here,
    staff: AgencyStaff,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    page(&state, &here, &staff, &StateTyped::default(), &done, &[]).await
}

pub async fn add(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    staff: AgencyStaff,
    Checked(typed): Checked<StateTyped>,
) -> Result<Response, AppError> {
    let form = StateForm {
        code: &typed.code,
        name_fr: &typed.name_fr,
        name_en: &typed.name_en,
        meaning_fr: &typed.meaning_fr,
        meaning_en: &typed.meaning_en,
    };
    let custom = match state
        .app
        .add_enrollment_state(&staff.acting(client), &form)
        .await
    {
        Ok(custom) => custom,
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            return page(&state, &here, &staff, &typed, &Notice::default(), &errors).await;
        }
        Err(e) => return Err(e.into()),
    };
    Ok(notice::done_to(
        "/ministere/etats",
        "ajoute",
        custom.code.as_str(),
    ))
}
