//! Sign-in (E2, M9–M12): user code and password, then a second factor, then the main menu.
//! Unknown codes and wrong passwords get the same answer after the same work; the third
//! failure deactivates the code (M11).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use mandat_app::{Reason, Refusal};
use mandat_core::Field;
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, TokenOnly, with_token};
use crate::http::here::Here;
use crate::http::session::{self, SignedIn};
use crate::http::throttle::{self, Throttled};
use crate::http::{AppError, AppState};
use crate::i18n::{Locale, Tr};
use crate::kit::form::{FieldView, summary};
use crate::kit::frame::{Chrome, MessagePage};

/// Checked against when the user code is unknown, so that the answer takes as long.
#[derive(Template, WebTemplate)]
#[template(path = "sign_in.html")]
pub struct SignInPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    alert: String,
    errors: Vec<(String, String)>,
    fields: Vec<FieldView>,
}

fn sign_in_page(
    lang: mandat_core::Lang,
    uri: &Uri,
    csrf: String,
    user_code: &str,
    alert: &str,
) -> SignInPage {
    let tr = Tr::new(lang);
    let fields = vec![
        FieldView::new(&tr, Field::UserCode, "text")
            .value(user_code)
            .autocomplete("username"),
        FieldView::new(&tr, Field::Password, "password").autocomplete("current-password"),
    ];
    SignInPage {
        alert: if alert.is_empty() {
            String::new()
        } else {
            tr.t(alert)
        },
        errors: summary(&fields),
        tr,
        chrome: Chrome::new(lang, uri),
        csrf,
        fields,
    }
}

pub async fn form(Here { lang, uri, csrf }: Here) -> SignInPage {
    sign_in_page(lang, &uri, csrf, "", "")
}

#[derive(Deserialize)]
pub struct SignInForm {
    csrf: String,
    #[serde(rename = "user-code")]
    user_code: String,
    password: String,
}

with_token!(SignInForm);

pub async fn submit(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    throttle: Throttled<throttle::SignIn>,
    Checked(form): Checked<SignInForm>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let typed = (form.user_code.as_str(), form.password.as_str());
    let old = jar.get(session::COOKIE).map(|c| c.value().to_string());
    let counted = &throttle.key;
    match state
        .app
        .sign_in_password(typed, old.as_deref(), client, counted)
        .await
    {
        Ok(id) => Ok((
            session::with_cookie(jar, id, state.secure_cookies),
            Redirect::to("/connexion/deuxieme-facteur"),
        )
            .into_response()),
        Err(mandat_app::Error::Refused(Refusal::Reason(Reason::Inactive))) => {
            Ok(inactive_page(lang, &uri).into_response())
        }
        Err(mandat_app::Error::Refused(_)) => {
            let code = &form.user_code;
            Ok(sign_in_page(lang, &uri, csrf, code, "sign-in-invalid").into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The code is deactivated: said to whoever proved the password, and to a signed-in person
/// whose third wrong password locked it.
pub(crate) fn inactive_page(lang: mandat_core::Lang, uri: &Uri) -> MessagePage {
    MessagePage::new(
        lang,
        Chrome::new(lang, uri),
        "sign-in-inactive-title",
        "sign-in-inactive-text",
    )
    .then("/", "back-home")
}

/// A signed-in person's third wrong password locked the code and ended its sessions (M11):
/// the inactive page, and the session's cookie gone.
pub(crate) fn locked_out(jar: CookieJar, lang: mandat_core::Lang, uri: &Uri) -> Response {
    (session::without_cookie(jar), inactive_page(lang, uri)).into_response()
}

/// « Sortir de l'application »: ends the session at once.
pub async fn sign_out(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    signed_in: SignedIn,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let (account, session) = (&signed_in.account, &signed_in.session);
    state.app.sign_out(account, session, client).await?;
    let page = MessagePage::new(
        lang,
        Chrome::new(lang, &uri),
        "signed-out-title",
        "signed-out-text",
    )
    .then("/connexion", "sign-in-again");
    Ok((session::without_cookie(jar), page).into_response())
}
