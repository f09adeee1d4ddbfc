//! The second step of sign-in (E2): a code sent by email on request, the code of the
//! person's authenticator app, or one of their recovery codes. Any one of them completes the
//! sign-in; a wrong one counts as a failed sign-in (M11).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use mandat_core::{Field, Lang};
use mandat_store::{Account, SessionStage};
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::TokenOnly;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session;
use crate::http::throttle::{self, Throttled};
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::FieldView;
use crate::kit::frame::Chrome;

/// The second step's account: a session past the password, not yet past the second factor.
async fn second_factor_account(
    state: &AppState,
    jar: &CookieJar,
) -> Result<Option<Account>, AppError> {
    let Some(current) = session::current(state, jar).await? else {
        return Ok(None);
    };
    let SessionStage::SecondFactor(_) = current.session.stage else {
        return Ok(None);
    };
    Ok(current.account.filter(|a| a.inactive.is_none()))
}

#[derive(Template, WebTemplate)]
#[template(path = "second_factor.html")]
pub struct SecondFactorPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    has_app: bool,
    notice: String,
    alert: String,
    errors: Vec<(String, String)>,
    fields: Vec<FieldView>,
}

fn page(lang: Lang, uri: &Uri, csrf: String, has_app: bool) -> SecondFactorPage {
    let tr = Tr::new(lang);
    let fields =
        vec![FieldView::new(&tr, Field::SecondFactorCode, "text").autocomplete("one-time-code")];
    SecondFactorPage {
        notice: String::new(),
        alert: String::new(),
        errors: Vec::new(),
        has_app,
        tr,
        chrome: Chrome::new(lang, uri),
        csrf,
        fields,
    }
}

impl SecondFactorPage {
    fn notice(mut self, key: &str) -> Self {
        self.notice = self.tr.t(key);
        self
    }

    fn alert(mut self, key: &str) -> Self {
        self.alert = self.tr.t(key);
        self
    }
}

pub async fn form(
    State(state): State<AppState>,
    here: Here,
    jar: CookieJar,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let Some(account) = second_factor_account(&state, &jar).await? else {
        return Ok(Redirect::to("/connexion").into_response());
    };
    let has_app = state.app.active_key(&account).await?.is_some();
    Ok(page(lang, &uri, csrf, has_app).into_response())
}

/// Sends a new code by email; the previous one stops working.
pub async fn send_code(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let Some(account) = second_factor_account(&state, &jar).await? else {
        return Ok(Redirect::to("/connexion").into_response());
    };
    state.app.send_sign_in_code(&account, client).await?;
    let has_app = state.app.active_key(&account).await?.is_some();
    Ok(page(lang, &uri, csrf, has_app)
        .notice("second-factor-code-sent")
        .into_response())
}

#[derive(Deserialize)]
pub struct CodeForm {
    csrf: String,
    #[serde(rename = "second-factor-code")]
    code: String,
}

with_token!(CodeForm);

/// Checks the second factor; the session then gets a new id and reaches the main menu, or
/// the authorization an agency's service started (issue 20).
pub async fn verify(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    throttle: Throttled<throttle::SignIn>,
    Checked(form): Checked<CodeForm>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let Some(account) = second_factor_account(&state, &jar).await? else {
        return Ok(Redirect::to("/connexion").into_response());
    };
    let old = jar.get(session::COOKIE).map(|c| c.value().to_string());
    let by = (client, throttle.key.as_str());
    match state
        .app
        .complete_sign_in(&account, &form.code, old.as_deref(), by)
        .await
    {
        Ok(id) => {
            let to = Redirect::to(session::after_sign_in(&jar));
            Ok((session::with_cookie(jar, id, state.secure_cookies), to).into_response())
        }
        Err(mandat_app::Error::Refused(_)) => {
            let has_app = state.app.active_key(&account).await?.is_some();
            let page = page(lang, &uri, csrf, has_app).alert("second-factor-invalid");
            Ok(page.into_response())
        }
        Err(e) => Err(e.into()),
    }
}
