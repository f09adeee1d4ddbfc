//! Central renames an agency: ministries are renamed with each new government, and the
//! names show on every officer's and agency's page. Its code never changes: the agency's
//! systems and the procurations name it by its code.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use mandat_app::Refusal;
use mandat_core::agency::Agency;
use mandat_core::{Field, FieldError};
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{FieldView, fields, summary};
use crate::kit::frame::Chrome;
use crate::kit::notice::Notice;

#[derive(Template, WebTemplate)]
#[template(path = "central_agency.html")]
pub struct NamesPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    code: String,
    name: String,
    lead: String,
    notice: String,
    errors: Vec<(String, String)>,
    alert: String,
    fields: Vec<FieldView>,
}

#[derive(Deserialize, Default)]
pub struct NamesTyped {
    csrf: String,
    #[serde(rename = "name-fr", default)]
    name_fr: String,
    #[serde(rename = "name-en", default)]
    name_en: String,
}

with_token!(NamesTyped);

fn page(
    here: &Here,
    central: &CentralAgent,
    agency: &Agency,
    typed: &NamesTyped,
    notice: String,
    errors: &[FieldError],
) -> Response {
    let tr = here.tr();
    let fields = fields(
        &tr,
        &[
            (Field::NameFr, "text", &typed.name_fr),
            (Field::NameEn, "text", &typed.name_en),
        ],
        errors,
    );
    let errors = summary(&fields);
    let page = NamesPage {
        chrome: here.chrome(Some(&central.0.account.name)),
        csrf: here.csrf.clone(),
        code: agency.code.as_str().to_string(),
        name: agency.name.get(here.lang).to_string(),
        lead: tr.t_args(
            "agency-rename-lead",
            &[("code", agency.code.as_str().to_string().into())],
        ),
        notice,
        alert: String::new(),
        fields,
        errors,
        tr,
    };
    (crate::kit::form::status(&page.errors), page).into_response()
}

fn typed_from(agency: &Agency) -> NamesTyped {
    NamesTyped {
        name_fr: agency.name.fr.clone(),
        name_en: agency.name.en.clone(),
        ..NamesTyped::default()
    }
}

pub async fn show(
    State(state): State<AppState>,
    here: Here,
    central: CentralAgent,
    Path(code): Path<String>,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    let Some(agency) = state.store.agency_named(&code).await? else {
        return Err(AppError::NotFound);
    };
    let notice = match done.fait.as_str() {
        "renomme" => here.tr().t("agency-renamed"),
        _ => String::new(),
    };
    let typed = typed_from(&agency);
    Ok(page(&here, &central, &agency, &typed, notice, &[]))
}

pub async fn rename(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Path(code): Path<String>,
    Checked(typed): Checked<NamesTyped>,
) -> Result<Response, AppError> {
    let Some(agency) = state.store.agency_named(&code).await? else {
        return Err(AppError::NotFound);
    };
    let acting = central.acting(client)?;
    let names = (typed.name_fr.as_str(), typed.name_en.as_str());
    match state.app.rename_agency(&acting, &agency, names).await {
        // Post/redirect/get: reloading the result renames nothing again.
        Ok(_) => {
            let to = format!("/central/ministeres/{}?fait=renomme", agency.code.as_str());
            Ok(Redirect::to(&to).into_response())
        }
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            let nothing = String::new();
            Ok(page(&here, &central, &agency, &typed, nothing, &errors))
        }
        Err(e) => Err(e.into()),
    }
}
