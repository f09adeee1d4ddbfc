//! The agency's queue of enrollment requests (E4, E5): each with the data the officer
//! transmitted and its history; any person of the agency's staff sets any state (built in or
//! the agency's own) with a comment, and the organization's officers are emailed. « Actif »
//! lets the organization's officers grant the agency's services to their people.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use mandat_app::Refusal;
use mandat_core::agency::Agency;
use mandat_core::enrollment::{BuiltInState, CustomState, describe};
use mandat_core::{Field, FieldError};
use mandat_store::EnrollmentRecord;
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::path::path_id;
use crate::http::session::AgencyStaff;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::enrollment_sheet::{EventView, Section, StateView, events, sections};
use crate::kit::form::{FieldOption, FieldView, fields, summary};
use crate::kit::frame::Chrome;
use crate::kit::notice::Notice;
use crate::kit::paging::{self, Pager};
use mandat_core::dates::long_moment;

pub struct QueueRow {
    id: String,
    organization: String,
    neq: String,
    submitted: String,
    state: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "agency_enrollments.html")]
pub struct QueuePage {
    tr: Tr,
    chrome: Chrome,
    agency: String,
    filter: FieldView,
    rows: Vec<QueueRow>,
    pager: Pager,
}

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    #[serde(default)]
    etat: String,
    #[serde(default)]
    page: String,
}

/// Every state the agency may set: the three of E4, then its own.
fn state_options(custom: &[CustomState], lang: mandat_core::Lang) -> Vec<FieldOption> {
    let codes = BuiltInState::ALL
        .iter()
        .map(|b| b.code().to_string())
        .chain(custom.iter().map(|c| c.code.as_str().to_string()));
    codes
        .map(|code| FieldOption {
            label: describe(&code, custom).0.get(lang).to_string(),
            value: code,
            checked: false,
        })
        .collect()
}

/// The agency's requests, the latest first, or those in one state.
pub async fn queue(
    State(state): State<AppState>,
    here: Here,
    staff: AgencyStaff,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    let tr = here.tr();
    let agency = staff.record(&state).await?;
    let custom = state.store.enrollment_states(agency.id).await?;
    let index = paging::index(&q.page);
    let (records, total) = state
        .store
        .agency_queue(agency.id, &q.etat, index, paging::PER_PAGE)
        .await?;
    let pager = Pager::new(&tr, "agency-enrollments-summary", total, index, |n| {
        let n = n.to_string();
        paging::link(
            "/ministere/inscriptions",
            &[("etat", &q.etat), ("page", &n)],
        )
    });
    let rows = records
        .into_iter()
        .map(|r| QueueRow {
            id: r.id.to_string(),
            submitted: long_moment(r.submitted_at, here.lang),
            state: StateView::of(&r.state_code, &custom, here.lang).name,
            organization: r.org_name,
            neq: r.neq,
        })
        .collect();
    let all = FieldOption {
        value: String::new(),
        label: tr.t("agency-enrollments-all"),
        checked: false,
    };
    let options = std::iter::once(all)
        .chain(state_options(&custom, here.lang))
        .collect();
    let filter = FieldView::custom("etat".into(), tr.t("states-name"), String::new(), "select")
        .value(&q.etat)
        .options(options);
    let page = QueuePage {
        chrome: here.chrome(Some(&staff.signed_in.account.name)),
        agency: agency.name.get(here.lang).to_string(),
        filter,
        rows,
        pager,
        tr,
    };
    Ok(page.into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "agency_enrollment.html")]
pub struct RequestPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    id: String,
    notice: String,
    organization: String,
    transmitted: String,
    state: StateView,
    sections: Vec<Section>,
    history: Vec<EventView>,
    fields: Vec<FieldView>,
    errors: Vec<(String, String)>,
    alert: String,
}

#[derive(Deserialize, Default)]
pub struct DecisionTyped {
    csrf: String,
    #[serde(rename = "state-code", default)]
    state: String,
    #[serde(default)]
    comments: String,
}

with_token!(DecisionTyped);

async fn request_page(
    state: &AppState,
    here: &Here,
    staff: &AgencyStaff,
    (agency, r): (&Agency, &EnrollmentRecord),
    typed: &DecisionTyped,
    shown: (String, &[FieldError]),
) -> Result<Response, AppError> {
    let tr = here.tr();
    let custom = state.store.enrollment_states(agency.id).await?;
    let (notice, errors) = shown;
    let chosen = if typed.state.is_empty() {
        r.state_code.as_str()
    } else {
        typed.state.as_str()
    };
    let mut views = fields(
        &tr,
        &[
            (Field::StateCode, "select", chosen),
            (Field::Comments, "textarea", &typed.comments),
        ],
        errors,
    );
    views[0] = views[0].clone().options(state_options(&custom, here.lang));
    views[0].label = tr.t("agency-enrollment-new-state");
    let summary = summary(&views);
    let page = RequestPage {
        chrome: here.chrome(Some(&staff.signed_in.account.name)),
        csrf: here.csrf.clone(),
        id: r.id.to_string(),
        notice,
        organization: format!("{} ({})", r.org_name, r.neq),
        transmitted: tr.t_args(
            "enrollment-transmitted-by",
            &[
                ("who", r.submitted_by.clone().into()),
                ("when", long_moment(r.submitted_at, here.lang).into()),
            ],
        ),
        state: StateView::of(&r.state_code, &custom, here.lang),
        sections: sections(&tr, agency, &r.content, ""),
        history: events(&tr, &state.store.enrollment_events(r.id).await?, &custom),
        fields: views,
        errors: summary,
        alert: String::new(),
        tr,
    };
    Ok((crate::kit::form::status(&page.errors), page).into_response())
}

/// The signed-in staff and their agency's enrollment request that the path's `{id}` names,
/// through the application layer's scoped read: another agency's, or none, is the 404 page.
pub struct Received {
    pub staff: AgencyStaff,
    pub request: EnrollmentRecord,
}

impl FromRequestParts<AppState> for Received {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let staff = AgencyStaff::from_request_parts(parts, state).await?;
        let id = path_id(parts, state, "id").await?;
        match state.app.agency_enrollment(&staff.acting(None), id).await {
            Ok(request) => Ok(Received { staff, request }),
            Err(e) => Err(AppError::from(e).into_response()),
        }
    }
}

pub async fn request(
    State(state): State<AppState>,
    here: Here,
    Received { staff, request: r }: Received,
    Query(q): Query<Notice>,
) -> Result<Response, AppError> {
    let agency = staff.record(&state).await?;
    let notice = match q.fait.as_str() {
        "etat" => here.tr().t("agency-enrollment-state-set"),
        _ => String::new(),
    };
    let typed = DecisionTyped::default();
    request_page(&state, &here, &staff, (&agency, &r), &typed, (notice, &[])).await
}

/// Sets the request's state with a comment; the organization's officers are emailed (E5).
pub async fn decide(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    Received { staff, request: r }: Received,
    Checked(typed): Checked<DecisionTyped>,
) -> Result<Response, AppError> {
    let (id, acting) = (r.id, staff.acting(client));
    let decided = (typed.state.as_str(), typed.comments.as_str());
    let errors = match state.app.set_enrollment_state(&acting, id, decided).await {
        Ok(()) => {
            let to = format!("/ministere/inscriptions/{id}?fait=etat");
            return Ok(Redirect::to(&to).into_response());
        }
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => errors,
        Err(e) => return Err(e.into()),
    };
    let agency = staff.record(&state).await?;
    let shown = (String::new(), errors.as_slice());
    request_page(&state, &here, &staff, (&agency, &r), &typed, shown).await
}
