//! Central's back-office for approved requests (M6, M7, M16): a queue with filters and due
//! dates in business days, and for each request the identity check by NAS partiel, the
//! correction of the identification data, the registration code, or a refusal with reason.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mandat_app::Refusal;
use mandat_core::dates::long_date;
use mandat_core::ids::RequestId;
use mandat_core::request::{RequestKind, RequestState};
use mandat_core::{Field, FieldError, Lang, quebec_time};
use mandat_store::{QueueFilter, RequestRecord};
use serde::Deserialize;
use time::Duration;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::FieldView;
use crate::kit::frame::Chrome;
use crate::kit::notice::{self, Notice};
use crate::kit::request_sheet::{RequestSheet, reference, state_label};
use crate::requests::approver::ApproverView;

/// Business days central takes to act on an approved request (our service level; the seeds
/// give one for reactivations only, M16).
pub const REQUEST_DAYS: u32 = 2;

pub struct QueueRow {
    id: String,
    reference: String,
    kind: String,
    organization: String,
    neq: String,
    requester: String,
    approved_on: String,
    due_on: String,
    overdue: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "central_requests.html")]
pub struct QueuePage {
    tr: Tr,
    chrome: Chrome,
    kind: String,
    organization: String,
    age: String,
    rows: Vec<QueueRow>,
}

#[derive(Deserialize, Default)]
pub struct Filters {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    organization: String,
    /// Approved at least this many days ago.
    #[serde(default)]
    age: String,
}

pub async fn queue(
    State(state): State<AppState>,
    here: Here,
    central: CentralAgent,
    Query(filters): Query<Filters>,
) -> Result<QueuePage, AppError> {
    let Here { lang, uri, csrf } = here;
    let tr = Tr::new(lang);
    let now = state.store.now();
    let today = quebec_time::date_at(now);
    let age: Option<i64> = filters.age.trim().parse().ok().filter(|d| *d > 0);
    let filter = QueueFilter {
        kind: RequestKind::from_code(&filters.kind),
        organization: Some(filters.organization.trim().to_string()).filter(|o| !o.is_empty()),
        approved_before: age.map(|d| now - Duration::days(d)),
    };
    let rows = state
        .store
        .request_queue(&filter)
        .await?
        .iter()
        .map(|r| {
            let approved = quebec_time::date_at(r.approved_at.unwrap_or(r.filed_at));
            let due = state
                .app
                .calendar()
                .add_business_days(approved, REQUEST_DAYS);
            QueueRow {
                id: r.id.to_string(),
                reference: reference(r),
                kind: tr.t(&format!("request-kind-{}", r.kind().code())),
                organization: r.document.organization.name.clone(),
                neq: r.document.organization.neq.clone(),
                requester: r.document.requester_name(),
                approved_on: long_date(approved, lang),
                due_on: long_date(due, lang),
                overdue: today > due,
            }
        })
        .collect();
    Ok(QueuePage {
        chrome: Chrome::new(lang, &uri).signed_in(&central.0.account.name, &csrf),
        tr,
        kind: filter
            .kind
            .map(|k| k.code().to_string())
            .unwrap_or_default(),
        organization: filters.organization,
        age: age.map(|a| a.to_string()).unwrap_or_default(),
        rows,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "central_request.html")]
pub struct RequestPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    id: String,
    sheet: RequestSheet,
    has_resolution: bool,
    actionable: bool,
    is_new_code: bool,
    /// Section 1 is corrected only while the organization does not exist yet.
    org_exists: bool,
    notice: String,
    alert: String,
    errors: Vec<(String, String)>,
    nas: FieldView,
    organization: Vec<FieldView>,
    person: Vec<FieldView>,
    reason: FieldView,
    approver: ApproverView,
}

pub(crate) struct Outcome {
    pub notice: String,
    pub alert: String,
    pub errors: Vec<FieldError>,
}

impl Outcome {
    pub fn none() -> Self {
        Outcome {
            notice: String::new(),
            alert: String::new(),
            errors: Vec::new(),
        }
    }

    pub fn notice(notice: String) -> Self {
        Outcome {
            notice,
            ..Outcome::none()
        }
    }

    pub fn alert(alert: String) -> Self {
        Outcome {
            alert,
            ..Outcome::none()
        }
    }

    pub fn errors(errors: Vec<FieldError>) -> Self {
        Outcome {
            errors,
            ..Outcome::none()
        }
    }
}

async fn request_page(
    state: &AppState,
    lang: Lang,
    chrome: Chrome,
    csrf: String,
    r: &RequestRecord,
    typed: &[(String, String)],
    outcome: Outcome,
) -> Result<RequestPage, AppError> {
    let tr = Tr::new(lang);
    let steps = state.store.request_steps(r.id).await?;
    let c = mandat_app::requests::Corrections(typed);
    let o = r.document.organization_form();
    let p = r.document.requester_form();
    let errors = &outcome.errors;
    let field = |f: Field, filed: &str| {
        FieldView::new(&tr, f, "text")
            .value(c.get(f, filed))
            .errors(&tr, errors)
    };
    let organization = vec![
        field(Field::OrganizationName, o.name),
        field(Field::Address, o.address),
        field(Field::City, o.city),
        field(Field::PostalCode, o.postal_code),
        field(Field::OrganizationPhone, o.phone),
        field(Field::OrganizationPhoneExtension, o.phone_extension),
        field(Field::EducationNumber, o.education_number),
    ];
    let person = vec![
        field(Field::LastName, p.last_name),
        field(Field::FirstName, p.first_name),
        field(Field::Email, p.email),
        field(Field::Phone, p.phone),
        field(Field::PhoneExtension, p.phone_extension),
        field(Field::Fax, p.fax),
    ];
    let mut shown = organization.clone();
    shown.extend(person.iter().cloned());
    let nas = FieldView::new(&tr, Field::NasPartial, "text").errors(&tr, errors);
    let reason = FieldView::new(&tr, Field::RefusalReason, "text").errors(&tr, errors);
    shown.push(nas.clone());
    shown.push(reason.clone());
    let standing = state.app.approver_standing(r).await?;
    let approver = ApproverView::new(&tr, lang, &standing, errors);
    shown.push(approver.field.clone());
    Ok(RequestPage {
        id: r.id.to_string(),
        sheet: RequestSheet::new(&tr, lang, r, &steps),
        has_resolution: state.store.attachment(r.id).await?.is_some(),
        actionable: r.state == RequestState::Approved,
        is_new_code: r.kind() == RequestKind::NewCode,
        org_exists: r.org.is_some(),
        notice: outcome.notice,
        alert: outcome.alert,
        errors: crate::kit::form::summary(&shown),
        nas,
        organization,
        person,
        reason,
        approver,
        tr,
        chrome,
        csrf,
    })
}

/// Draws a request's page again, with the outcome of an action.
pub(crate) async fn draw(
    here: &Here,
    state: &AppState,
    central: &CentralAgent,
    r: &RequestRecord,
    typed: &[(String, String)],
    outcome: Outcome,
) -> Result<Response, AppError> {
    let status = if outcome.errors.is_empty() && outcome.alert.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let chrome = here.chrome(Some(&central.0.account.name));
    let page = request_page(
        state,
        here.lang,
        chrome,
        here.csrf.clone(),
        r,
        typed,
        outcome,
    )
    .await?;
    Ok((status, page).into_response())
}

/// A request in central's queue; after a change, with what was done (post/redirect/get).
pub async fn detail(
    State(state): State<AppState>,
    here: Here,
    central: CentralAgent,
    Path(id): Path<String>,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    let r = state.store.request(id).await?.ok_or(AppError::NotFound)?;
    let outcome = Outcome::notice(done_notice(&state, &here, &r, &done.fait).await?);
    draw(&here, &state, &central, &r, &[], outcome).await
}

/// What the request's page says after central's change `done`: refused, its code sent (to
/// whom, until when), or the change applied.
async fn done_notice(
    state: &AppState,
    here: &Here,
    r: &RequestRecord,
    done: &str,
) -> Result<String, AppError> {
    let tr = here.tr();
    Ok(match done {
        "refusee" => {
            let args = [("state", state_label(&tr, r.state).into())];
            tr.t_args("central-request-rejected", &args)
        }
        "emis" => {
            let sent = match r.person {
                Some(id) => state.app.code_sent(id).await?,
                None => None,
            };
            let key = "central-code-sent";
            let said = sent.map(|(p, until)| notice::code_sent(&tr, key, &p, until));
            said.unwrap_or_default()
        }
        "applique" => tr.t("central-change-applied"),
        "approbateur" => tr.t("central-approver-check-recorded"),
        "courriel" => tr.t("central-change-awaits-email"),
        _ => String::new(),
    })
}

/// After central's change, the request's page saying what was `done`.
pub(crate) fn done(id: RequestId, done: &str) -> Response {
    notice::done(&format!("/central/demandes/{id}"), done)
}

/// The non-profit's resolution, as filed (M5).
pub async fn resolution(
    State(state): State<AppState>,
    _central: CentralAgent,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let attachment = match id.parse::<RequestId>() {
        Ok(id) => state.store.attachment(id).await?,
        Err(_) => None,
    };
    let Some((sha256, content)) = attachment else {
        return Err(AppError::NotFound);
    };
    let disposition = format!("attachment; filename=\"resolution-{}.pdf\"", &sha256[..12]);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .map_err(|e| AppError::Internal(e.to_string()))?,
            ),
        ],
        content,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct NasForm {
    csrf: String,
    #[serde(rename = "nas-partial")]
    nas: String,
}

with_token!(NasForm);

/// Identity check (M7, M16): central types the six digits; the page says only whether they
/// match what the requester filed. Every check is audited.
pub async fn check_identity(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Path(id): Path<String>,
    Checked(form): Checked<NasForm>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    let acting = central.acting(client)?;
    let checked = state
        .app
        .check_request_identity(&acting, id, &form.nas)
        .await;
    let r = state.store.request(id).await?.ok_or(AppError::NotFound)?;
    let (tr, name) = (here.tr(), r.document.requester_name());
    let outcome = match checked {
        Ok(true) => Outcome::notice(tr.t_args("central-nas-matches", &[("name", name.into())])),
        Ok(false) => Outcome::alert(tr.t_args("central-nas-mismatch", &[("name", name.into())])),
        Err(e) => refused(&tr, e)?,
    };
    draw(&here, &state, &central, &r, &[], outcome).await
}

/// A request's id in a path; anything else is not found.
pub(crate) fn request_id(text: &str) -> Result<RequestId, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

/// What a refusal of the application layer shows on a request's page.
pub(crate) fn refused(tr: &Tr, e: mandat_app::Error) -> Result<Outcome, AppError> {
    match e {
        mandat_app::Error::Refused(Refusal::Fields(errors)) => Ok(Outcome::errors(errors)),
        mandat_app::Error::Refused(Refusal::Reason(reason)) => {
            Ok(Outcome::alert(tr.t(&format!("central-{}", reason.id()))))
        }
        e => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct RejectForm {
    csrf: String,
    #[serde(rename = "refusal-reason", default)]
    reason: String,
}

with_token!(RejectForm);

/// Central refuses an approved request, with the reason the requester is emailed.
pub async fn reject(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Path(id): Path<String>,
    Checked(form): Checked<RejectForm>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    let acting = central.acting(client)?;
    let rejected = state.app.reject_request(&acting, id, &form.reason).await;
    let outcome = match rejected {
        Ok(()) => return Ok(done(id, "refusee")),
        Err(e) => refused(&here.tr(), e)?,
    };
    let r = state.store.request(id).await?.ok_or(AppError::NotFound)?;
    draw(&here, &state, &central, &r, &[], outcome).await
}
