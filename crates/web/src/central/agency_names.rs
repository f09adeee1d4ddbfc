//! Central renames an agency: ministries are renamed with each new government, and the
//! names show on every officer's and agency's page. Its code never changes: the agency's
//! systems and the procurations name it by its code.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use mandat_core::agency::{Agency, Localized};
use mandat_core::audit::AuditAction;
use mandat_core::{Field, FieldError};
use mandat_store::AuditEntry;
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{FieldView, fields, summary};
use crate::kit::frame::Chrome;

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
) -> Result<Response, AppError> {
    let Some(agency) = state.store.agency_named(&code).await? else {
        return Err(AppError::NotFound);
    };
    let typed = typed_from(&agency);
    Ok(page(&here, &central, &agency, &typed, String::new(), &[]))
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
    let names = (Field::NameFr, Field::NameEn);
    let name = match Localized::parse(names, &typed.name_fr, &typed.name_en, Agency::NAME_MAX) {
        Ok(n) => n,
        Err(errors) => {
            return Ok(page(
                &here,
                &central,
                &agency,
                &typed,
                String::new(),
                &errors,
            ));
        }
    };
    let mut tx = state.store.begin().await?;
    tx.rename_agency(agency.id, &name).await?;
    tx.audit(&AuditEntry {
        actor: Some(central.0.account.id),
        org: None,
        person: None,
        action: AuditAction::AgencyRenamed,
        detail: format!("{} → {}", agency.name.fr, name.fr),
        client_address: client,
        agency: Some(agency.id),
    })
    .await?;
    tx.commit().await?;
    let renamed = Agency { name, ..agency };
    let notice = here.tr().t("agency-renamed");
    let typed = typed_from(&renamed);
    Ok(page(&here, &central, &renamed, &typed, notice, &[]))
}
