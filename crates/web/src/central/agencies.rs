//! Central's list of agencies (« ministères et organismes »), and the creation of one with
//! its first administrator, who then manages the agency's own staff (issue 7). The
//! administrator's user code is emailed; the temporary password is shown once, to hand over.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use mandat_app::Refusal;
use mandat_app::staff::Created;
use mandat_core::agency::{AgencyForm, ContactForm};
use mandat_core::{Field, FieldError};
use serde::Deserialize;

// Between features: a new agency is made with the contact fields the agency edits later
// (E4), and its first administrator with the fields of every staff account.
use crate::agency::contact::contact_fields;
use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::FieldView;
use crate::kit::frame::Chrome;
use crate::staff::accounts::account_fields;

pub struct AgencyRow {
    code: String,
    name: String,
    contact: String,
    staff: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "central_agencies.html")]
pub struct AgenciesPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    notice: String,
    temporary_password: String,
    errors: Vec<(String, String)>,
    alert: String,
    agencies: Vec<AgencyRow>,
    agency_fields: Vec<FieldView>,
    admin_fields: Vec<FieldView>,
}

#[derive(Deserialize, Default)]
pub struct NewAgencyForm {
    csrf: String,
    #[serde(rename = "agency-code", default)]
    code: String,
    #[serde(rename = "name-fr", default)]
    name_fr: String,
    #[serde(rename = "name-en", default)]
    name_en: String,
    #[serde(rename = "contact-name", default)]
    contact_name: String,
    #[serde(rename = "contact-phone", default)]
    contact_phone: String,
    #[serde(rename = "contact-email", default)]
    contact_email: String,
    #[serde(rename = "contact-hours-fr", default)]
    hours_fr: String,
    #[serde(rename = "contact-hours-en", default)]
    hours_en: String,
    #[serde(rename = "agent-name", default)]
    admin_name: String,
    #[serde(default)]
    email: String,
    #[serde(rename = "user-code", default)]
    user_code: String,
}

with_token!(NewAgencyForm);

impl NewAgencyForm {
    fn agency(&self) -> AgencyForm<'_> {
        AgencyForm {
            code: &self.code,
            name_fr: &self.name_fr,
            name_en: &self.name_en,
            contact: ContactForm {
                name: &self.contact_name,
                phone: &self.contact_phone,
                email: &self.contact_email,
                hours_fr: &self.hours_fr,
                hours_en: &self.hours_en,
            },
        }
    }
}

#[derive(Default)]
struct Outcome<'a> {
    notice: String,
    temporary_password: String,
    errors: &'a [FieldError],
    typed: Option<&'a NewAgencyForm>,
}

async fn page(
    state: &AppState,
    here: &Here,
    central: &CentralAgent,
    o: Outcome<'_>,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let staff = state.store.staff_counts().await?;
    let agencies = state
        .store
        .agencies()
        .await?
        .into_iter()
        .map(|a| AgencyRow {
            staff: staff.get(&a.id).copied().unwrap_or(0),
            code: a.code.as_str().to_string(),
            name: a.name.get(here.lang).to_string(),
            contact: format!("{}, {}", a.contact.name, a.contact.phone.as_str()),
        })
        .collect();
    let blank = NewAgencyForm::default();
    let typed = o.typed.unwrap_or(&blank);
    let mut agency_fields = crate::kit::form::fields(
        &tr,
        &[
            (Field::AgencyCode, "text", &typed.code),
            (Field::NameFr, "text", &typed.name_fr),
            (Field::NameEn, "text", &typed.name_en),
        ],
        o.errors,
    );
    agency_fields.extend(contact_fields(
        &tr,
        [
            &typed.contact_name,
            &typed.contact_phone,
            &typed.contact_email,
            &typed.hours_fr,
            &typed.hours_en,
        ],
        o.errors,
    ));
    let admin_fields = account_fields(
        &tr,
        [&typed.admin_name, &typed.email, &typed.user_code],
        o.errors,
    );
    let mut errors = crate::kit::form::summary(&agency_fields);
    errors.extend(crate::kit::form::summary(&admin_fields));
    let status = crate::kit::form::status(&errors);
    let page = AgenciesPage {
        chrome: here.chrome(Some(&central.0.account.name)),
        csrf: here.csrf.clone(),
        notice: o.notice,
        temporary_password: o.temporary_password,
        errors,
        alert: String::new(),
        agencies,
        agency_fields,
        admin_fields,
        tr,
    };
    Ok((status, page).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    here: Here,
    central: CentralAgent,
) -> Result<Response, AppError> {
    page(&state, &here, &central, Outcome::default()).await
}

/// The form again, as typed, with what is wrong; nothing was written.
async fn refused(
    state: &AppState,
    here: &Here,
    central: &CentralAgent,
    form: &NewAgencyForm,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let o = Outcome {
        errors,
        typed: Some(form),
        ..Outcome::default()
    };
    page(state, here, central, o).await
}

pub async fn create(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Checked(form): Checked<NewAgencyForm>,
) -> Result<Response, AppError> {
    let acting = central.acting(client)?;
    let by = &central.0.account.name;
    let admin = (
        form.admin_name.as_str(),
        form.email.as_str(),
        form.user_code.as_str(),
    );
    let created = state
        .app
        .create_agency(&acting, by, &form.agency(), admin)
        .await;
    let (agency, Created { agent, password }) = match created {
        Ok(created) => created,
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            return refused(&state, &here, &central, &form, &errors).await;
        }
        Err(e) => return Err(e.into()),
    };
    let args = [
        ("agency", agency.name.get(here.lang).to_string().into()),
        ("name", agent.name.into()),
        ("email", agent.email.to_string().into()),
    ];
    let o = Outcome {
        notice: here.tr().t_args("agencies-created", &args),
        temporary_password: password,
        ..Outcome::default()
    };
    page(&state, &here, &central, o).await
}
