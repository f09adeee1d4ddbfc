//! Central makes the change a member asked for (M19): names, phones, NAS partiel and
//! profiles take effect at once; a new email address first confirms itself by a link sent
//! to it, and only then replaces the old one. The changes are the application layer's.

use crate::http::client::ClientAddress;
use crate::http::csrf::Checked;
use crate::http::csrf::TokenOnly;
use crate::http::here::Here;
use crate::http::session::CentralAgent;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::frame::link_gone;
use crate::kit::frame::{Chrome, MessagePage};
use crate::requests::queue::{done, draw, refused, request_id};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

/// Central applies the change a member asked for (M19).
pub async fn apply(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    central: CentralAgent,
    Path(id): Path<String>,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    let acting = central.acting(client)?;
    let applied = state.app.apply_change(&acting, id).await;
    let outcome = match applied {
        Ok(true) => return Ok(done(id, "courriel")),
        Ok(false) => return Ok(done(id, "applique")),
        Err(e) => refused(&here.tr(), e)?,
    };
    let r = state.store.request(id).await?.ok_or(AppError::NotFound)?;
    draw(&here, &state, &central, &r, &[], outcome).await
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
    let r = match state.app.email_to_confirm(&token).await {
        Err(mandat_app::Error::NotFound) => return Ok(link_gone(here.lang, &here.uri)),
        other => other?,
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

/// « Confirmer »: the new address replaces the old one.
pub async fn confirm(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    Path(token): Path<String>,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    match state.app.confirm_email(&token, client).await {
        Err(mandat_app::Error::NotFound) => return Ok(link_gone(here.lang, &here.uri)),
        other => other?,
    }
    let page = MessagePage::new(
        here.lang,
        here.chrome(None),
        "email-confirmed-title",
        "email-confirmed-text",
    )
    .then("/connexion", "sign-in-title");
    Ok(page.into_response())
}
