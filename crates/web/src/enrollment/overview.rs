//! « Inscription aux services » (E1–E5), for an organization's security officers only: their
//! requests with each state and its meaning (and whom to call when refused), the drafts being
//! filled in, the choice of an agency to begin one, and each request's content and history.
//! The steps themselves are in `enrollment_steps`.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use mandat_app::Refusal;
use mandat_app::enrollment::standing;
use mandat_core::Problem;
use mandat_core::agency::Agency;
use mandat_core::ids::EnrollmentId;
use serde::Deserialize;

use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::enrollment_sheet::{EventView, Section, StateView, events, sections};
use crate::kit::form::{FieldOption, FieldView, summary};
use crate::kit::frame::Chrome;
use crate::kit::notice::Notice;
use mandat_core::dates::long_moment;

/// Whom to call at the agency (E4).
pub struct ContactView {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub hours: String,
}

impl ContactView {
    pub fn of(agency: &Agency, tr: &Tr) -> Self {
        let c = &agency.contact;
        ContactView {
            name: c.name.clone(),
            phone: c.phone.to_string(),
            email: c.email.to_string(),
            hours: c.hours.get(tr.lang).to_string(),
        }
    }
}

pub struct RequestRow {
    id: String,
    agency: String,
    submitted: String,
    state: StateView,
    contact: Option<ContactView>,
}

pub struct DraftRow {
    agency: String,
    code: String,
    saved: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "enrollments.html")]
pub struct ListPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    notice: String,
    drafts: Vec<DraftRow>,
    requests: Vec<RequestRow>,
}

pub async fn list(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Query(q): Query<Notice>,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let lang = here.lang;
    let mut requests = Vec::new();
    // Each agency's states and contact, read once however many requests it has.
    let mut agencies = HashMap::new();
    for r in state.store.enrollments_of_org(officer.org).await? {
        if let Entry::Vacant(e) = agencies.entry(r.agency_id) {
            let custom = state.store.enrollment_states(r.agency_id).await?;
            e.insert((custom, state.store.agency(r.agency_id).await?));
        }
        let (custom, agency) = &agencies[&r.agency_id];
        let view = StateView::of(&r.state_code, custom, lang);
        let contact = agency
            .as_ref()
            .filter(|_| view.refused)
            .map(|a| ContactView::of(a, &tr));
        requests.push(RequestRow {
            id: r.id.to_string(),
            agency: r.agency.get(lang).to_string(),
            submitted: long_moment(r.submitted_at, lang),
            state: view,
            contact,
        });
    }
    let mut drafts = Vec::new();
    for d in state.store.drafts_of(officer.org).await? {
        if let Some(a) = state.store.agency(d.agency_id).await? {
            drafts.push(DraftRow {
                agency: d.agency.get(lang).to_string(),
                code: a.code.as_str().to_string(),
                saved: long_moment(d.updated_at, lang),
            });
        }
    }
    let notice = match q.fait.as_str() {
        "brouillon" | "abandon" | "transmise" => tr.t(&format!("enrollment-notice-{}", q.fait)),
        _ => String::new(),
    };
    Ok(ListPage {
        chrome: here.chrome(Some(officer.name())),
        csrf: here.csrf.clone(),
        notice,
        drafts,
        requests,
        tr,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "enrollment_choose.html")]
pub struct ChoosePage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    errors: Vec<(String, String)>,
    alert: String,
    field: FieldView,
}

#[derive(Deserialize, Default)]
pub struct ChooseTyped {
    csrf: String,
    #[serde(default)]
    agency: String,
}

with_token!(ChooseTyped);

async fn choose_page(
    state: &AppState,
    here: &Here,
    officer: &Officer,
    chosen: &str,
    problem: Option<Problem>,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let requests = state.store.enrollments_of_org(officer.org).await?;
    let mut options = Vec::new();
    for a in state.store.agencies().await? {
        if state.store.services_of(a.id).await?.is_empty() {
            continue;
        }
        let mut label = a.name.get(here.lang).to_string();
        if let Some(r) = standing(&requests, a.id) {
            let custom = state.store.enrollment_states(a.id).await?;
            let s = StateView::of(&r.state_code, &custom, here.lang);
            label = tr.t_args(
                "enrollment-choose-standing",
                &[("agency", label.into()), ("state", s.name.into())],
            );
        }
        options.push(FieldOption {
            value: a.code.as_str().to_string(),
            label,
            checked: false,
        });
    }
    let label = tr.t("enrollment-agency");
    let mut field = FieldView::custom("agency".into(), label.clone(), String::new(), "radio")
        .value(chosen)
        .options(options);
    if let Some(p) = problem {
        field.error = tr.problem(&label, p);
    }
    let errors = summary(std::slice::from_ref(&field));
    let status = crate::kit::form::status(&errors);
    let page = ChoosePage {
        chrome: here.chrome(Some(officer.name())),
        csrf: here.csrf.clone(),
        alert: String::new(),
        errors,
        field,
        tr,
    };
    Ok((status, page).into_response())
}

pub async fn choose(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
) -> Result<Response, AppError> {
    choose_page(&state, &here, &officer, "", None).await
}

/// « Inscrire »: begins a draft with the organization's details, or resumes the one there is.
pub async fn begin(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Checked(typed): Checked<ChooseTyped>,
) -> Result<Response, AppError> {
    let agency = match state
        .app
        .begin_enrollment(&officer.acting, &typed.agency)
        .await
    {
        Ok(agency) => agency,
        Err(mandat_app::Error::Refused(Refusal::Choice(problem))) => {
            return choose_page(&state, &here, &officer, &typed.agency, Some(problem)).await;
        }
        Err(e) => return Err(e.into()),
    };
    let to = format!("/inscriptions/brouillon/{}/ministere", agency.code.as_str());
    Ok(Redirect::to(&to).into_response())
}

#[derive(Deserialize)]
pub struct Token {
    csrf: String,
}

with_token!(Token);

/// Abandons the organization's draft for the agency.
pub async fn abandon(
    State(state): State<AppState>,
    officer: Officer,
    Path(code): Path<String>,
    Checked(_): Checked<Token>,
) -> Result<Response, AppError> {
    state
        .app
        .abandon_enrollment_draft(&officer.acting, &code)
        .await?;
    Ok(Redirect::to("/inscriptions?fait=abandon").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "enrollment_request.html")]
pub struct RequestPage {
    tr: Tr,
    chrome: Chrome,
    notice: String,
    agency: String,
    transmitted: String,
    state: StateView,
    contact: Option<ContactView>,
    sections: Vec<Section>,
    history: Vec<EventView>,
}

/// A request of the organization: its state, its content and its history.
pub async fn request(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Path(id): Path<String>,
    Query(q): Query<Notice>,
) -> Result<Response, AppError> {
    let id = id.parse::<EnrollmentId>().map_err(|_| AppError::NotFound)?;
    let r = state.app.own_enrollment(officer.org, id).await?;
    let Some(agency) = state.store.agency(r.agency_id).await? else {
        return Err(AppError::NotFound);
    };
    let tr = here.tr();
    let custom = state.store.enrollment_states(r.agency_id).await?;
    let view = StateView::of(&r.state_code, &custom, here.lang);
    let mut history = events(&tr, &state.store.enrollment_events(r.id).await?, &custom);
    // The agency's staff are not named to the organization.
    history.iter_mut().for_each(|e| e.actor.clear());
    let page = RequestPage {
        chrome: here.chrome(Some(officer.name())),
        notice: match q.fait.as_str() {
            "transmise" => tr.t("enrollment-notice-transmise"),
            _ => String::new(),
        },
        agency: agency.name.get(here.lang).to_string(),
        transmitted: tr.t_args(
            "enrollment-transmitted-by",
            &[
                ("who", r.submitted_by.clone().into()),
                ("when", long_moment(r.submitted_at, here.lang).into()),
            ],
        ),
        contact: view.refused.then(|| ContactView::of(&agency, &tr)),
        state: view,
        sections: sections(&tr, &agency, &r.content, ""),
        history,
        tr,
    };
    Ok(page.into_response())
}
