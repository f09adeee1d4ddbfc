//! RP-initiated logout: the client's request is confirmed by the person (a POST with the form
//! token), then their Mandat session ends and they go back to the client's registered
//! address, if it named one.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use fluent_templates::fluent_bundle::FluentValue;
use mandat_app::oidc::LogoutParams;
use serde::Deserialize;

use super::authorize::BackPage;
use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::{self, MaybeSignedIn, SignedIn};
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::frame::{Chrome, MessagePage};

#[derive(Deserialize, Default)]
pub struct LogoutQuery {
    id_token_hint: Option<String>,
    client_id: Option<String>,
    post_logout_redirect_uri: Option<String>,
    state: Option<String>,
}

/// `GET /oidc/logout`: asks the person signed in to confirm; sends anyone else on at once.
pub async fn ask(
    State(state): State<AppState>,
    here: Here,
    MaybeSignedIn(signed_in): MaybeSignedIn,
    Query(q): Query<LogoutQuery>,
) -> Result<Response, AppError> {
    let params = LogoutParams {
        id_token_hint: q.id_token_hint,
        client_id: q.client_id,
        post_logout_redirect_uri: q.post_logout_redirect_uri.clone(),
        state: q.state.clone(),
    };
    let (client, back) = state.app.logout_request(&params).await?;
    if signed_in.is_none() {
        return Ok(match back {
            Some(url) => Redirect::to(&url).into_response(),
            None => signed_out(&here).into_response(),
        });
    }
    Ok(ConfirmPage {
        tr: here.tr(),
        chrome: here.chrome(None),
        csrf: here.csrf.clone(),
        asked_by: client.as_ref().map_or_else(String::new, |c| {
            let name = FluentValue::from(c.spec.name.clone());
            here.tr()
                .t_args("oidc-logout-asked-by", &[("client", name)])
        }),
        client_id: client.map(|c| c.id.to_string()).unwrap_or_default(),
        post_logout_redirect_uri: q.post_logout_redirect_uri.unwrap_or_default(),
        state: q.state.unwrap_or_default(),
    }
    .into_response())
}

#[derive(Deserialize)]
pub struct LogoutForm {
    csrf: String,
    client_id: String,
    post_logout_redirect_uri: String,
    state: String,
}

with_token!(LogoutForm);

/// `POST /oidc/logout`: ends the session, then back to the client or Mandat's signed-out page.
pub async fn confirm(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(address): ClientAddress,
    jar: CookieJar,
    signed_in: SignedIn,
    Checked(form): Checked<LogoutForm>,
) -> Result<Response, AppError> {
    let params = LogoutParams {
        id_token_hint: None,
        client_id: Some(form.client_id),
        post_logout_redirect_uri: Some(form.post_logout_redirect_uri),
        state: Some(form.state).filter(|s| !s.is_empty()),
    };
    let (client, back) = state.app.logout_request(&params).await?;
    let (account, session) = (&signed_in.account, &signed_in.session);
    state
        .app
        .sign_out_for_client(account, session, address, client.as_ref())
        .await?;
    let jar = session::without_cookie(jar);
    Ok(match back {
        Some(url) => (jar, BackPage::new(&here, url)).into_response(),
        None => (jar, signed_out(&here)).into_response(),
    })
}

fn signed_out(here: &Here) -> MessagePage {
    MessagePage::new(
        here.lang,
        here.chrome(None),
        "signed-out-title",
        "signed-out-text",
    )
    .then("/connexion", "sign-in-again")
}

/// « Vous déconnecter de Mandat ? », for the client that asked.
#[derive(Template, WebTemplate)]
#[template(path = "oidc_logout.html")]
pub struct ConfirmPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    /// « Le service en ligne … vous demande de vous déconnecter », when it is known.
    asked_by: String,
    client_id: String,
    post_logout_redirect_uri: String,
    state: String,
}
