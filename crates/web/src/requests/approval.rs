//! Approving or refusing a request (M5, M2): a manager by the single-use link of their
//! email, after confirming that email; an officer signed in, from « Demandes à approuver ».
//! Either way the requester is emailed the outcome, and the step is kept with who and why.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use mandat_app::Refusal;
use mandat_app::requests::Decision;
use mandat_core::ids::RequestId;
use mandat_core::{Field, FieldError, Lang};
use mandat_store::RequestRecord;
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::FieldView;
use crate::kit::frame::link_gone;
use crate::kit::frame::{Chrome, MessagePage};
use crate::kit::notice::{self, Notice};
use crate::kit::request_sheet::RequestSheet;

#[derive(Deserialize)]
pub struct DecisionForm {
    csrf: String,
    decision: String,
    #[serde(rename = "approver-email", default)]
    approver_email: String,
    #[serde(rename = "refusal-reason", default)]
    reason: String,
}

with_token!(DecisionForm);

#[derive(Template, WebTemplate)]
#[template(path = "approval.html")]
pub struct ApprovalPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    sheet: RequestSheet,
    action: String,
    errors: Vec<(String, String)>,
    alert: String,
    email: Option<FieldView>,
    reason: FieldView,
}

#[allow(clippy::too_many_arguments)]
async fn approval_page(
    state: &AppState,
    lang: Lang,
    chrome: Chrome,
    csrf: String,
    r: &RequestRecord,
    action: String,
    with_email: bool,
    errors: &[FieldError],
) -> Result<ApprovalPage, AppError> {
    let tr = Tr::new(lang);
    let steps = state.store.request_steps(r.id).await?;
    let email = with_email.then(|| {
        FieldView::new(&tr, Field::ApproverEmail, "email")
            .autocomplete("email")
            .errors(&tr, errors)
    });
    let reason = FieldView::new(&tr, Field::RefusalReason, "text").errors(&tr, errors);
    let mut shown: Vec<FieldView> = email.iter().cloned().collect();
    shown.push(reason.clone());
    Ok(ApprovalPage {
        sheet: RequestSheet::new(&tr, lang, r, &steps),
        errors: crate::kit::form::summary(&shown),
        alert: String::new(),
        email,
        reason,
        action,
        tr,
        chrome,
        csrf,
    })
}

fn done_page(lang: Lang, chrome: Chrome, decision: &Decision) -> Response {
    let text = match decision {
        Decision::Approve => "approval-approved",
        Decision::Refuse(_) => "approval-refused",
    };
    MessagePage::new(lang, chrome, "approval-done-title", text)
        .then("/", "back-home")
        .into_response()
}

pub async fn by_link(
    State(state): State<AppState>,
    here: Here,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let r = match state.app.linked_request(&token).await {
        Err(mandat_app::Error::NotFound) => return Ok(link_gone(lang, &uri)),
        other => other?,
    };
    let action = format!("/demande/approbation/{token}");
    let chrome = Chrome::new(lang, &uri);
    let page = approval_page(&state, lang, chrome, csrf, &r, action, true, &[]).await?;
    Ok(page.into_response())
}

/// A manager decides by their link, after typing the email it was sent to.
pub async fn decide_by_link(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    Path(token): Path<String>,
    Checked(form): Checked<DecisionForm>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let decided = (form.decision.as_str(), form.reason.as_str());
    let email = &form.approver_email;
    let errors = match state
        .app
        .decide_by_link(&token, email, decided, client)
        .await
    {
        Ok(decision) => return Ok(done_page(lang, Chrome::new(lang, &uri), &decision)),
        Err(mandat_app::Error::NotFound) => return Ok(link_gone(lang, &uri)),
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => errors,
        Err(e) => return Err(e.into()),
    };
    let r = state.app.linked_request(&token).await?;
    let action = format!("/demande/approbation/{token}");
    let chrome = Chrome::new(lang, &uri);
    let page = approval_page(&state, lang, chrome, csrf, &r, action, true, &errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "approvals.html")]
pub struct ApprovalsPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    notice: String,
    alert: String,
    /// M3: what the organization lacks.
    missing: Vec<String>,
    requests: Vec<(String, RequestSheet)>,
}

async fn approvals_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    csrf: String,
    officer: &Officer,
    (notice, alert): (String, String),
) -> Result<Response, AppError> {
    let tr = Tr::new(lang);
    let mut requests = Vec::new();
    for r in state.store.requests_for_officers(officer.org).await? {
        let steps = state.store.request_steps(r.id).await?;
        requests.push((r.id.to_string(), RequestSheet::new(&tr, lang, &r, &steps)));
    }
    let chrome = Chrome::new(lang, uri).signed_in(officer.name(), &csrf);
    let missing =
        notice::missing_officers(&tr, state.store.officers_signing_in(officer.org).await?);
    Ok(ApprovalsPage {
        missing,
        tr,
        chrome,
        csrf,
        notice,
        alert,
        requests,
    }
    .into_response())
}

/// « Demandes à approuver »: the organization's requests waiting for an officer (M5); after a
/// decision, saying whose request was approved or refused (post/redirect/get).
pub async fn list(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let key = match done.fait.as_str() {
        "approuvee" => "approval-approved-for",
        "refusee" => "approval-refused-for",
        _ => "",
    };
    let decided = match (key, done.quoi.parse::<RequestId>()) {
        ("", _) | (_, Err(_)) => None,
        (_, Ok(id)) => state.store.request(id).await?,
    };
    // Only a request of the officer's own organization is named.
    let notice = decided
        .filter(|r| r.org == Some(officer.org))
        .map(|r| Tr::new(lang).t_args(key, &[("name", r.document.requester_name().into())]))
        .unwrap_or_default();
    let said = (notice, String::new());
    approvals_page(&state, lang, &uri, csrf, &officer, said).await
}

/// An officer approves or refuses one request. A request that needs a manager, or one of
/// another organization, or the officer's own, is refused with the reason.
pub async fn decide_signed_in(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Path(id): Path<String>,
    Checked(form): Checked<DecisionForm>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let tr = Tr::new(lang);
    let id = id.parse::<RequestId>().map_err(|_| AppError::NotFound)?;
    let decided = (form.decision.as_str(), form.reason.as_str());
    let outcome = state
        .app
        .decide_as_officer(&officer.acting, id, decided)
        .await;
    let done = |fait| notice::done_to("/administration/demandes", fait, &id.to_string());
    let alert = match outcome {
        Ok(Decision::Approve) => return Ok(done("approuvee")),
        Ok(Decision::Refuse(_)) => return Ok(done("refusee")),
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            let r = state.store.request(id).await?.ok_or(AppError::NotFound)?;
            refused_field(&tr, &r.document.requester_name(), &errors)
        }
        Err(mandat_app::Error::Refused(Refusal::Reason(reason))) => {
            tr.t(&format!("approval-{}", reason.id()))
        }
        Err(e) => return Err(e.into()),
    };
    let said = (String::new(), alert);
    let page = approvals_page(&state, lang, &uri, csrf, &officer, said).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// A field's refusal, in words: who may approve (M5), as is; a missing reason, after the
/// requester's name.
fn refused_field(tr: &Tr, requester: &str, errors: &[FieldError]) -> String {
    let each = errors.iter().map(|e| match e.field {
        Field::RefusalReason => format!("{requester} : {}", tr.field_error(e)),
        _ => tr.field_error(e),
    });
    each.collect::<Vec<_>>().join(" ")
}
