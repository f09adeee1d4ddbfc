//! Approving or refusing a request (M5, M2): a manager by the single-use link of their
//! email, after confirming that email; an officer signed in, from « Demandes à approuver ».
//! Either way the requester is emailed the outcome, and the step is kept with who and why.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use mandat_core::audit::AuditAction;
use mandat_core::contact::Email;
use mandat_core::ids::RequestId;
use mandat_core::request::{RequestState, Step, refusal_reason};
use mandat_core::{Field, FieldError, Lang, Problem, secret};
use mandat_mail::messages::Message;
use mandat_mail::requests::RequestOutcomeMail;
use mandat_store::{Actor, AuditEntry, LinkPurpose, RequestRecord, Tx};
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, CsrfToken, with_token};
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::{Locale, Tr};
use crate::kit::form::FieldView;
use crate::kit::frame::link_gone;
use crate::kit::frame::{Chrome, MessagePage};
use crate::kit::notice;
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

/// What the approver decided, read from the form.
enum Decision {
    Approve,
    Refuse(String),
}

impl DecisionForm {
    /// The decision, or the error of the reason a refusal needs.
    fn decision(&self) -> Result<Decision, FieldError> {
        match self.decision.as_str() {
            "approve" => Ok(Decision::Approve),
            _ => refusal_reason(&self.reason).map(Decision::Refuse),
        }
    }
}

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

/// Records the decision and tells the requester, in the caller's transaction. `false` when
/// the request had moved on already.
async fn decide(
    tx: &mut Tx,
    r: &RequestRecord,
    by: &Actor,
    decision: &Decision,
    client: Option<String>,
) -> Result<bool, AppError> {
    let (step, reason) = match decision {
        Decision::Approve => (Step::Approve, ""),
        Decision::Refuse(reason) => (Step::Refuse, reason.as_str()),
    };
    if !tx
        .step_request(r.id, RequestState::AwaitingApproval, step, by, reason)
        .await?
    {
        return Ok(false);
    }
    let mail = match decision {
        Decision::Approve => RequestOutcomeMail::approved(&by.label),
        Decision::Refuse(reason) => RequestOutcomeMail::refused(&by.label, reason),
    };
    let to = Email::parse(Field::Email, &r.document.requester.email)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    tx.queue_mail(&mail.to(&to)?).await?;
    tx.audit(&AuditEntry {
        actor: by.account,
        org: r.org,
        person: r.person,
        action: match decision {
            Decision::Approve => AuditAction::AccessRequestApproved,
            Decision::Refuse(_) => AuditAction::AccessRequestRefused,
        },
        detail: format!("request {} by {}", r.id, by.label),
        client_address: client,
        agency: None,
    })
    .await?;
    Ok(true)
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

/// The request a manager's link leads to, while the link works and the request waits.
async fn linked(state: &AppState, token: &str) -> Result<Option<RequestRecord>, AppError> {
    let Some(id) = state
        .store
        .request_link(&secret::digest(token), LinkPurpose::Approve)
        .await?
    else {
        return Ok(None);
    };
    Ok(state
        .store
        .request(id)
        .await?
        .filter(|r| r.state == RequestState::AwaitingApproval))
}

pub async fn by_link(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let Some(r) = linked(&state, &token).await? else {
        return Ok(link_gone(lang, &uri));
    };
    let action = format!("/demande/approbation/{token}");
    let chrome = Chrome::new(lang, &uri);
    let page = approval_page(&state, lang, chrome, csrf, &r, action, true, &[]).await?;
    Ok(page.into_response())
}

/// A manager decides by their link, after typing the email it was sent to.
pub async fn decide_by_link(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    ClientAddress(client): ClientAddress,
    Path(token): Path<String>,
    Checked(form): Checked<DecisionForm>,
) -> Result<Response, AppError> {
    let Some(r) = linked(&state, &token).await? else {
        return Ok(link_gone(lang, &uri));
    };
    let mut errors = Vec::new();
    match Email::parse(Field::ApproverEmail, &form.approver_email) {
        Ok(e) if e.as_str().eq_ignore_ascii_case(&r.document.approver.email) => {}
        Ok(_) => errors.push(FieldError::new(Field::ApproverEmail, Problem::Incorrect)),
        Err(e) => errors.push(e),
    }
    let decision = form.decision().map_err(|e| errors.push(e)).ok();
    let Some(decision) = decision.filter(|_| errors.is_empty()) else {
        let action = format!("/demande/approbation/{token}");
        let chrome = Chrome::new(lang, &uri);
        let page = approval_page(&state, lang, chrome, csrf, &r, action, true, &errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let by = Actor {
        account: None,
        label: format!(
            "{} ({})",
            r.document.approver_name(),
            Tr::new(Lang::Fr).t("capacity-manager").to_lowercase()
        ),
    };
    let mut tx = state.store.begin().await?;
    if tx
        .use_request_link(&secret::digest(&token), LinkPurpose::Approve)
        .await?
        .is_none()
        || !decide(&mut tx, &r, &by, &decision, client).await?
    {
        return Ok(link_gone(lang, &uri));
    }
    tx.commit().await?;
    Ok(done_page(lang, Chrome::new(lang, &uri), &decision))
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

/// « Demandes à approuver »: the organization's requests waiting for an officer (M5).
pub async fn list(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    officer: Officer,
) -> Result<Response, AppError> {
    approvals_page(&state, lang, &uri, csrf, &officer, Default::default()).await
}

/// An officer approves or refuses one request. A request that needs a manager, or one of
/// another organization, or the officer's own, is refused with the reason.
pub async fn decide_signed_in(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    officer: Officer,
    Path(id): Path<String>,
    Checked(form): Checked<DecisionForm>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let tr = Tr::new(lang);
    let request = match id.parse::<RequestId>() {
        Ok(id) => state.store.request(id).await?,
        Err(_) => None,
    };
    let Some(r) = request.filter(|r| r.org == Some(officer.org)) else {
        return Err(AppError::NotFound);
    };
    // A request for a manager (M5, M2) is refused to any officer, with the reason.
    let refusal = if let Err(e) = r.approval.check(officer.capacity) {
        Some(tr.field_error(&e))
    } else if crate::requests::filing::own_request(&r, &officer.email) {
        Some(tr.t("approval-own-request"))
    } else if r.state != RequestState::AwaitingApproval {
        Some(tr.t("approval-already-decided"))
    } else {
        None
    };
    if let Some(alert) = refusal {
        let page =
            approvals_page(&state, lang, &uri, csrf, &officer, (String::new(), alert)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let decision = match form.decision() {
        Ok(d) => d,
        Err(e) => {
            let alert = format!("{} : {}", r.document.requester_name(), tr.field_error(&e));
            let page =
                approvals_page(&state, lang, &uri, csrf, &officer, (String::new(), alert)).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let by = Actor {
        account: Some(officer.member.0.account.id),
        label: officer.name().to_string(),
    };
    let mut tx = state.store.begin().await?;
    let moved = decide(&mut tx, &r, &by, &decision, client).await?;
    tx.commit().await?;
    let name = r.document.requester_name();
    let outcome = match (&decision, moved) {
        (_, false) => (String::new(), tr.t("approval-already-decided")),
        (Decision::Approve, true) => (
            tr.t_args("approval-approved-for", &[("name", name.into())]),
            String::new(),
        ),
        (Decision::Refuse(_), true) => (
            tr.t_args("approval-refused-for", &[("name", name.into())]),
            String::new(),
        ),
    };
    approvals_page(&state, lang, &uri, csrf, &officer, outcome).await
}
