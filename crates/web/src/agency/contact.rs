//! Whom to call at an agency (E4): a name, a phone, an email and service hours in both
//! languages, shown wherever the seeds say to call the agency. Central gives the first when
//! it adds the agency; the agency's staff keep it up to date.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use mandat_app::Refusal;
use mandat_core::agency::{AgencyContact, ContactForm};
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

/// The contact's fields, as typed: name, phone, email, hours in French and in English.
pub fn contact_fields(tr: &Tr, typed: [&str; 5], errors: &[FieldError]) -> Vec<FieldView> {
    fields(
        tr,
        &[
            (Field::ContactName, "text", typed[0]),
            (Field::ContactPhone, "tel", typed[1]),
            (Field::ContactEmail, "email", typed[2]),
            (Field::ContactHoursFr, "text", typed[3]),
            (Field::ContactHoursEn, "text", typed[4]),
        ],
        errors,
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "agency_contact.html")]
pub struct ContactPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    lead: String,
    notice: String,
    errors: Vec<(String, String)>,
    alert: String,
    fields: Vec<FieldView>,
}

#[derive(Deserialize, Default)]
pub struct ContactTyped {
    csrf: String,
    #[serde(rename = "contact-name", default)]
    name: String,
    #[serde(rename = "contact-phone", default)]
    phone: String,
    #[serde(rename = "contact-email", default)]
    email: String,
    #[serde(rename = "contact-hours-fr", default)]
    hours_fr: String,
    #[serde(rename = "contact-hours-en", default)]
    hours_en: String,
}

with_token!(ContactTyped);

impl ContactTyped {
    fn of(c: &AgencyContact) -> Self {
        ContactTyped {
            name: c.name.clone(),
            phone: c.phone.as_str().to_string(),
            email: c.email.to_string(),
            hours_fr: c.hours.fr.clone(),
            hours_en: c.hours.en.clone(),
            ..ContactTyped::default()
        }
    }

    fn values(&self) -> [&str; 5] {
        [
            &self.name,
            &self.phone,
            &self.email,
            &self.hours_fr,
            &self.hours_en,
        ]
    }
}

async fn page(
    state: &AppState,
    here: &Here,
    staff: &AgencyStaff,
    typed: Option<&ContactTyped>,
    notice: String,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let tr = here.tr();
    let agency = staff.record(state).await?;
    let stored = ContactTyped::of(&agency.contact);
    let fields = contact_fields(&tr, typed.unwrap_or(&stored).values(), errors);
    let errors = summary(&fields);
    let status = crate::kit::form::status(&errors);
    let page = ContactPage {
        chrome: here.chrome(Some(&staff.signed_in.account.name)),
        csrf: here.csrf.clone(),
        lead: tr.t_args(
            "contact-lead",
            &[("agency", agency.name.get(here.lang).to_string().into())],
        ),
        notice,
        alert: String::new(),
        fields,
        errors,
        tr,
    };
    Ok((status, page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    here: Here,
    staff: AgencyStaff,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    let notice = match done.fait.as_str() {
        "enregistre" => here.tr().t("contact-changed"),
        _ => String::new(),
    };
    page(&state, &here, &staff, None, notice, &[]).await
}

pub async fn change(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    staff: AgencyStaff,
    Checked(typed): Checked<ContactTyped>,
) -> Result<Response, AppError> {
    let form = ContactForm {
        name: &typed.name,
        phone: &typed.phone,
        email: &typed.email,
        hours_fr: &typed.hours_fr,
        hours_en: &typed.hours_en,
    };
    match state
        .app
        .change_agency_contact(&staff.acting(client), &form)
        .await
    {
        Ok(_) => {}
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            return page(&state, &here, &staff, Some(&typed), String::new(), &errors).await;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(notice::done("/ministere/coordonnees", "enregistre"))
}
