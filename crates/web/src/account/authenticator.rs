//! « Application d'authentification » (E2): a person links an authenticator app by scanning
//! a QR code and confirming one of its codes; the first link also gives them their recovery
//! codes. The key is sealed at rest; each change is audited and confirmed by email.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use mandat_core::audit::AuditAction;
use mandat_core::totp::TotpKey;
use mandat_core::{Field, FieldError, Lang, Problem};
use mandat_mail::messages::SecondFactorChangedMail;
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Deserialize;

use crate::account::recovery;
use crate::account::second_factor::{open_key, record_change};
use crate::http::client::ClientAddress;
use crate::http::csrf::TokenOnly;
use crate::http::csrf::{Checked, CsrfToken, with_token};
use crate::http::session::SignedIn;
use crate::http::{AppError, AppState};
use crate::i18n::{Locale, Tr};
use crate::kit::form::{FieldView, summary};
use crate::kit::frame::Chrome;
use mandat_app::account::own_entry as audit;

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
        .and_then(|s| open_key(state, &who.account, &s))
        .is_some();
    let pending = stored
        .pending_sealed
        .and_then(|s| open_key(state, &who.account, &s))
        .map(|key| Pending {
            qr_svg: qr_svg(&key.otpauth_url(who.account.user_code.as_str())),
            typed_key: key.for_typing(),
        });
    let fields = vec![
        FieldView::new(&tr, Field::AuthenticatorCode, "text")
            .autocomplete("one-time-code")
            .errors(&tr, errors),
    ];
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
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    who: SignedIn,
) -> Result<AuthenticatorPage, AppError> {
    render(&state, lang, &uri, csrf, &who, &[]).await
}

/// A new key to scan; an app already linked keeps working until the new one is confirmed.
pub async fn start(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    who: SignedIn,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let key = TotpKey::generate();
    let sealed = state
        .seal_key
        .seal(key.as_bytes(), &who.account.id.to_string());
    let mut tx = state.store.begin().await?;
    tx.set_pending_authenticator(who.account.id, &sealed)
        .await?;
    tx.audit(&audit(
        &who.account,
        AuditAction::AuthenticatorStarted,
        String::new(),
        client,
    ))
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/authentification/application").into_response())
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    csrf: String,
    #[serde(rename = "authenticator-code")]
    code: String,
}

with_token!(ConfirmForm);

/// One code of the new key confirms it: the app now counts, and the person gets ten new
/// recovery codes, shown once.
pub async fn confirm(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    ClientAddress(client): ClientAddress,
    who: SignedIn,
    Checked(form): Checked<ConfirmForm>,
) -> Result<Response, AppError> {
    let Some(sealed) = state
        .store
        .authenticator(who.account.id)
        .await?
        .pending_sealed
    else {
        return Ok(Redirect::to("/authentification/application").into_response());
    };
    let step = open_key(&state, &who.account, &sealed)
        .and_then(|key| key.step_of(&form.code, state.store.now()));
    let Some(step) = step else {
        let problem = if form.code.trim().is_empty() {
            Problem::Required
        } else {
            Problem::NotCurrentCode
        };
        let errors = [FieldError::new(Field::AuthenticatorCode, problem)];
        return Ok(render(&state, lang, &uri, csrf, &who, &errors)
            .await?
            .into_response());
    };
    let mut tx = state.store.begin().await?;
    if !tx
        .confirm_authenticator(who.account.id, &sealed, step)
        .await?
    {
        return Ok(Redirect::to("/authentification/application").into_response());
    }
    let codes = recovery::renew_in(&mut tx, &who.account).await?;
    let added = SecondFactorChangedMail::app_added();
    record_change(
        &mut tx,
        &who.account,
        added,
        AuditAction::AuthenticatorAdded,
        client,
    )
    .await?;
    tx.commit().await?;
    Ok(recovery::codes_page(lang, &uri, csrf, &who, codes, "authenticator-added").into_response())
}

/// Unlinks the app; codes by email and recovery codes remain.
pub async fn remove(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    ClientAddress(client): ClientAddress,
    who: SignedIn,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let mut tx = state.store.begin().await?;
    tx.remove_authenticator(who.account.id).await?;
    let removed = SecondFactorChangedMail::app_removed();
    record_change(
        &mut tx,
        &who.account,
        removed,
        AuditAction::AuthenticatorRemoved,
        client,
    )
    .await?;
    tx.commit().await?;
    let mut page = render(&state, lang, &uri, csrf, &who, &[]).await?;
    page.notice = page.tr.t("authenticator-removed");
    Ok(page.into_response())
}
