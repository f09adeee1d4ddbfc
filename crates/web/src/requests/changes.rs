//! Central makes the change a member asked for (M19): names, phones, NAS partiel and
//! profiles take effect at once; a new email address first confirms itself by a link sent
//! to it, and only then replaces the old one.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use mandat_core::audit::AuditAction;
use mandat_core::contact::Email;
use mandat_core::person::Person;
use mandat_core::request::{RequestKind, RequestState, Step};
use mandat_core::{Field, secret};
use mandat_mail::messages::Message;
use mandat_mail::requests::{ConfirmEmailMail, EmailChangedMail};
use mandat_store::{Actor, AuditEntry, LinkPurpose};
use time::Duration;

use crate::http::client::ClientAddress;
use crate::http::csrf::Checked;
use crate::http::csrf::TokenOnly;
use crate::http::here::Here;
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::frame::link_gone;
use crate::kit::frame::{Chrome, MessagePage};
use crate::requests::queue::{CENTRAL_LABEL, Outcome, draw, load};

/// How long the new address's confirmation link works.
pub const EMAIL_LINK_DAYS: i64 = 7;

fn invalid(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

pub async fn apply(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Path(id): Path<String>,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let Some(r) = load(&state, &id).await? else {
        return Err(AppError::NotFound);
    };
    let tr = here.tr();
    let not_actionable = || Outcome {
        alert: tr.t("central-request-not-actionable"),
        ..Outcome::none()
    };
    let person = match r.person {
        Some(p) if r.state == RequestState::Approved && r.kind() == RequestKind::Change => {
            state.store.person(p).await?
        }
        _ => None,
    };
    let Some((current, org)) = person else {
        return draw(&here, &state, &central, &r, &[], not_actionable()).await;
    };
    let changed = match Person::parse_hashed(
        current.id,
        org.id,
        &r.document.requester_form(),
        r.document.nas_digest(),
    ) {
        Ok(p) => p,
        Err(errors) => {
            let outcome = Outcome {
                errors,
                ..Outcome::none()
            };
            return draw(&here, &state, &central, &r, &[], outcome).await;
        }
    };
    let new_email = !changed
        .email
        .as_str()
        .eq_ignore_ascii_case(current.email.as_str());
    let by = Actor {
        account: Some(central.0.account.id),
        label: CENTRAL_LABEL.into(),
    };
    let mut tx = state.store.begin().await?;
    tx.update_person(&changed).await?;
    tx.replace_profiles(changed.id, &r.document.profile_set())
        .await?;
    let step = if new_email {
        let token = secret::token();
        let expires = state.store.now() + Duration::days(EMAIL_LINK_DAYS);
        tx.insert_request_link(
            &secret::digest(&token),
            r.id,
            LinkPurpose::ConfirmEmail,
            expires,
        )
        .await?;
        let mail = ConfirmEmailMail {
            url: format!("{}/demande/courriel/{token}", state.public_url),
            days: EMAIL_LINK_DAYS,
        };
        tx.queue_mail(&mail.to(&changed.email)?).await?;
        Step::ApplyAwaitingEmail
    } else {
        Step::Apply
    };
    if !tx
        .step_request(r.id, RequestState::Approved, step, &by, "")
        .await?
    {
        return draw(&here, &state, &central, &r, &[], not_actionable()).await;
    }
    tx.audit(&AuditEntry {
        actor: Some(central.0.account.id),
        org: Some(org.id),
        person: Some(changed.id),
        action: AuditAction::AccessRequestApplied,
        detail: format!(
            "request {}: identity and profiles replaced{}",
            r.id,
            if new_email {
                "; new email awaits confirmation"
            } else {
                ""
            }
        ),
        client_address: client,
        agency: None,
    })
    .await?;
    tx.commit().await?;
    let Some(now) = state.store.request(r.id).await? else {
        return Err(AppError::Internal("an applied request vanished".into()));
    };
    let notice = if new_email {
        "central-change-awaits-email"
    } else {
        "central-change-applied"
    };
    let outcome = Outcome {
        notice: tr.t(notice),
        ..Outcome::none()
    };
    draw(&here, &state, &central, &now, &[], outcome).await
}

#[derive(Template, WebTemplate)]
#[template(path = "confirm_email.html")]
pub struct ConfirmPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    action: String,
    email: String,
}

/// The new address's link: a button confirms, so that a mail scanner opening the link
/// changes nothing.
pub async fn confirm_page(
    State(state): State<AppState>,
    here: Here,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let id = state
        .store
        .request_link(&secret::digest(&token), LinkPurpose::ConfirmEmail)
        .await?;
    let request = match id {
        Some(id) => state.store.request(id).await?,
        None => None,
    };
    let Some(r) = request.filter(|r| r.state == RequestState::AwaitingEmail) else {
        return Ok(link_gone(here.lang, &here.uri));
    };
    Ok(ConfirmPage {
        tr: here.tr(),
        chrome: here.chrome(None),
        csrf: here.csrf.clone(),
        action: format!("/demande/courriel/{token}"),
        email: r.document.requester.email,
    }
    .into_response())
}

pub async fn confirm(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    Path(token): Path<String>,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let mut tx = state.store.begin().await?;
    let Some(id) = tx
        .use_request_link(&secret::digest(&token), LinkPurpose::ConfirmEmail)
        .await?
    else {
        return Ok(link_gone(here.lang, &here.uri));
    };
    let Some(r) = state.store.request(id).await? else {
        return Ok(link_gone(here.lang, &here.uri));
    };
    let (Some(person), Some(org)) = (r.person, r.org) else {
        return Err(AppError::Internal("a change without its person".into()));
    };
    let email = Email::parse(Field::Email, &r.document.requester.email).map_err(invalid)?;
    let by = Actor {
        account: None,
        label: r.document.requester_name(),
    };
    if !tx
        .step_request(
            r.id,
            RequestState::AwaitingEmail,
            Step::ConfirmEmail,
            &by,
            "",
        )
        .await?
    {
        return Ok(link_gone(here.lang, &here.uri));
    }
    tx.update_person_email(person, &email).await?;
    let organization = state
        .store
        .organization(org)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let notice = EmailChangedMail {
        name: r.document.requester_name(),
        organization,
    };
    tx.queue_mail(&notice.to(&email)?).await?;
    for officer in state.store.active_officer_emails(org).await? {
        if officer != email {
            tx.queue_mail(&notice.to(&officer)?).await?;
        }
    }
    tx.audit(&AuditEntry {
        actor: None,
        org: Some(org),
        person: Some(person),
        action: AuditAction::EmailChanged,
        detail: format!("request {}: new address confirmed", r.id),
        client_address: client,
        agency: None,
    })
    .await?;
    tx.commit().await?;
    let page = MessagePage::new(
        here.lang,
        here.chrome(None),
        "email-confirmed-title",
        "email-confirmed-text",
    )
    .then("/connexion", "sign-in-title");
    Ok(page.into_response())
}
