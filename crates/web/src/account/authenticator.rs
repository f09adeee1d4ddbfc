//! « Application d'authentification » (E2): a person links an authenticator app by scanning
//! a QR code and confirming one of its codes; the first link also gives them their recovery
//! codes. The key is sealed at rest; each change is audited and confirmed by email.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use mandat_app::{Reason, Refusal};
use mandat_core::{Field, FieldError, Lang};
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Deserialize;

use crate::account::sign_in::locked_out;
use crate::account::{proof, recovery};
use crate::http::client::ClientAddress;
use crate::http::csrf::TokenOnly;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::{self, SignedIn};
use crate::http::throttle::{self, Throttled};
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{self, FieldView, summary};
use crate::kit::form_page::FormPage;
use crate::kit::frame::Chrome;
use crate::kit::notice::{self, Notice};

/// A key shown to be scanned: the QR code as inline SVG, and the key to type by hand.
pub struct Pending {
    pub qr_svg: String,
    pub typed_key: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "authenticator.html")]
pub struct AuthenticatorPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    active: bool,
    pending: Option<Pending>,
    notice: String,
    alert: String,
    errors: Vec<(String, String)>,
    fields: Vec<FieldView>,
}

fn qr_svg(url: &str) -> String {
    // An otpauth URL is a few hundred bytes, well within a QR code's capacity.
    QrCode::new(url.as_bytes())
        .map(|code| {
            code.render::<svg::Color>()
                .min_dimensions(220, 220)
                .quiet_zone(true)
                .build()
        })
        .map(|svg| match svg.find("<svg") {
            Some(start) => svg[start..].to_string(),
            None => svg,
        })
        .unwrap_or_default()
}

async fn render(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    csrf: String,
    who: &SignedIn,
    errors: &[FieldError],
) -> Result<AuthenticatorPage, AppError> {
    let tr = Tr::new(lang);
    let stored = state.store.authenticator(who.account.id).await?;
    let active = stored
        .active_sealed
        .and_then(|s| state.app.open_key(&who.account, &s))
        .is_some();
    let pending = stored
        .pending_sealed
        .and_then(|s| state.app.open_key(&who.account, &s))
        .map(|key| Pending {
            qr_svg: qr_svg(&key.otpauth_url(who.account.user_code.as_str())),
            typed_key: key.for_typing(),
        });
    let mut fields = vec![
        FieldView::new(&tr, Field::AuthenticatorCode, "text")
            .autocomplete("one-time-code")
            .errors(&tr, errors),
    ];
    fields.extend(proof::fields(state, who, &tr, errors));
    Ok(AuthenticatorPage {
        chrome: Chrome::new(lang, uri).signed_in(&who.account.name, &csrf),
        active,
        pending,
        notice: String::new(),
        alert: String::new(),
        errors: summary(&fields),
        fields,
        tr,
        csrf,
    })
}

pub async fn page(
    State(state): State<AppState>,
    here: Here,
    who: SignedIn,
    Query(done): Query<Notice>,
) -> Result<AuthenticatorPage, AppError> {
    let Here { lang, uri, csrf } = here;
    let mut page = render(&state, lang, &uri, csrf, &who, &[]).await?;
    // After « Retirer » (post/redirect/get).
    if done.fait == "retiree" {
        page.notice = page.tr.t("authenticator-removed");
    }
    Ok(page)
}

/// A new key to scan; an app already linked keeps working until the new one is confirmed.
pub async fn start(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    who: SignedIn,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    state.app.start_authenticator(&who.account, client).await?;
    Ok(Redirect::to("/authentification/application").into_response())
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    csrf: String,
    #[serde(rename = "authenticator-code")]
    code: String,
    /// Asked when the session's proof is not recent (item 11).
    #[serde(rename = "current-password", default)]
    password: String,
}

with_token!(ConfirmForm);

/// One code of the new key, and the proof that the person is the account's owner, confirm
/// it: the app now counts, and the person gets ten new recovery codes, shown once.
pub async fn confirm(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    who: SignedIn,
    throttle: Throttled<throttle::SignIn>,
    Checked(form): Checked<ConfirmForm>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let proof = proof::of(&who, &form.password, &throttle);
    let (codes, session) = match state
        .app
        .confirm_authenticator(&who.account, &form.code, &proof, client)
        .await
    {
        Ok(codes) => codes,
        Err(mandat_app::Error::NotFound) => {
            return Ok(Redirect::to("/authentification/application").into_response());
        }
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            let page = render(&state, lang, &uri, csrf, &who, &errors).await?;
            return Ok((form::status(&page.errors), page).into_response());
        }
        Err(mandat_app::Error::Refused(Refusal::Reason(Reason::Inactive))) => {
            return Ok(locked_out(jar, lang, &uri));
        }
        Err(e) => return Err(e.into()),
    };
    // ASVS 3.3.3: the other sessions ended; this one goes on under a new id.
    let jar = session::with_cookie(jar, session, state.secure_cookies);
    let page = recovery::codes_page(lang, &uri, csrf, &who, codes, "authenticator-added");
    Ok((jar, page).into_response())
}

/// « Retirer l'application »: a step of its own, which asks the password when the session's
/// proof is not recent (item 11). Without an app, back to the app's page.
pub async fn removal(
    State(state): State<AppState>,
    here: Here,
    who: SignedIn,
) -> Result<Response, AppError> {
    if state.app.active_key(&who.account).await?.is_none() {
        return Ok(Redirect::to("/authentification/application").into_response());
    }
    Ok(removal_page(&state, here, &who, &[]))
}

fn removal_page(state: &AppState, here: Here, who: &SignedIn, errors: &[FieldError]) -> Response {
    let Here { lang, uri, csrf } = here;
    let tr = Tr::new(lang);
    let lead = tr.t("authenticator-remove-lead");
    let fields = proof::fields(state, who, &tr, errors);
    let chrome = Chrome::new(lang, &uri).signed_in(&who.account.name, &csrf);
    let (title, action) = ("authenticator-remove-title", REMOVAL);
    let page = FormPage::new(tr, chrome, csrf, title, action, "authenticator-remove");
    let page = page.lead(lead).fields(fields);
    (form::status(&page.errors), page).into_response()
}

const REMOVAL: &str = "/authentification/application/retirer";

#[derive(Deserialize)]
pub struct RemovalForm {
    csrf: String,
    #[serde(rename = "current-password", default)]
    password: String,
}

with_token!(RemovalForm);

/// Unlinks the app; codes by email and recovery codes remain. Every other session ends.
pub async fn remove(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    who: SignedIn,
    throttle: Throttled<throttle::SignIn>,
    Checked(form): Checked<RemovalForm>,
) -> Result<Response, AppError> {
    let proof = proof::of(&who, &form.password, &throttle);
    let removed = state.app.remove_authenticator(&who.account, &proof, client);
    let session = match removed.await {
        Ok(session) => session,
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            return Ok(removal_page(&state, here, &who, &errors));
        }
        Err(mandat_app::Error::Refused(Refusal::Reason(Reason::Inactive))) => {
            return Ok(locked_out(jar, here.lang, &here.uri));
        }
        Err(e) => return Err(e.into()),
    };
    let jar = session::with_cookie(jar, session, state.secure_cookies);
    let done = notice::done("/authentification/application", "retiree");
    Ok((jar, done).into_response())
}
