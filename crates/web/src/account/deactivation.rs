//! « Désactiver votre code d'utilisateur » (M13–M15): the password and a reason, a page to
//! confirm, then « Votre code d'utilisateur a été désactivé. », emails to the user and the
//! officers, the session ended, and central alerted when no active officer remains.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use mandat_app::{Reason, Refusal};
use mandat_core::account::DeactivationReason;
use mandat_core::{Field, FieldError, Lang};
use serde::Deserialize;
use time::Duration;

use crate::account::sign_in::locked_out;
use crate::http::client::ClientAddress;
use crate::http::csrf::TokenOnly;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::{self, OrgMember, SignedIn};
use crate::http::throttle::{self, Throttled};
use crate::http::{AppError, AppState};
use crate::i18n::{Locale, Tr};
use crate::kit::form::{FieldView, summary};
use crate::kit::frame::{Chrome, MessagePage};

/// How long the confirmation page waits for its answer.
const CONFIRM_WITHIN: Duration = Duration::minutes(10);

#[derive(Template, WebTemplate)]
#[template(path = "deactivation.html")]
pub struct DeactivationPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    alert: String,
    errors: Vec<(String, String)>,
    fields: Vec<FieldView>,
    reasons: Vec<(&'static str, &'static str)>,
    reason: String,
    reason_error: String,
    other: String,
    other_error: String,
}

fn page(
    lang: Lang,
    uri: &Uri,
    csrf: String,
    who: &SignedIn,
    form: Option<&DeactivationForm>,
    errors: &[FieldError],
) -> DeactivationPage {
    let tr = Tr::new(lang);
    let fields = vec![
        FieldView::new(&tr, Field::Password, "password")
            .autocomplete("current-password")
            .errors(&tr, errors),
    ];
    let error_of = |field: Field| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| tr.field_error(e))
            .unwrap_or_default()
    };
    let mut summary = summary(&fields);
    let (reason_error, other_error) = (error_of(Field::Reason), error_of(Field::OtherReason));
    if !reason_error.is_empty() {
        summary.push(("reason".into(), reason_error.clone()));
    }
    if !other_error.is_empty() {
        summary.push(("other-reason".into(), other_error.clone()));
    }
    DeactivationPage {
        chrome: Chrome::new(lang, uri).signed_in(&who.account.name, &csrf),
        csrf,
        alert: String::new(),
        errors: summary,
        fields,
        reasons: DeactivationReason::ALL
            .iter()
            .map(|r| (r.code(), r.label(lang)))
            .collect(),
        reason: form.map(|f| f.reason.clone()).unwrap_or_default(),
        reason_error,
        other: form.map(|f| f.other.clone()).unwrap_or_default(),
        other_error,
        tr,
    }
}

pub async fn form(here: Here, OrgMember(who): OrgMember) -> DeactivationPage {
    let Here { lang, uri, csrf } = here;
    page(lang, &uri, csrf, &who, None, &[])
}

#[derive(Deserialize)]
pub struct DeactivationForm {
    csrf: String,
    password: String,
    #[serde(default)]
    reason: String,
    #[serde(rename = "other-reason", default)]
    other: String,
}

with_token!(DeactivationForm);

fn reason(form: &DeactivationForm) -> Result<(DeactivationReason, String), FieldError> {
    DeactivationReason::parse(&form.reason, &form.other)
}

/// Checks the password and the reason, then asks to confirm.
pub async fn submit(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    OrgMember(who): OrgMember,
    throttle: Throttled<throttle::SignIn>,
    Checked(form): Checked<DeactivationForm>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let typed = (Field::Password, form.password.as_str());
    let confirmed = state
        .app
        .confirm_password(&who.account, typed, client, &throttle.key)
        .await;
    let mut errors = match confirmed {
        Ok(()) => Vec::new(),
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => errors,
        // The third wrong password locked the code and ended its sessions (M11).
        Err(mandat_app::Error::Refused(Refusal::Reason(Reason::Inactive))) => {
            return Ok(locked_out(jar, lang, &uri));
        }
        Err(e) => return Err(e.into()),
    };
    let chosen = reason(&form).map_err(|e| errors.push(e)).ok();
    let Some((reason, other)) = chosen.filter(|_| errors.is_empty()) else {
        return Ok(page(lang, &uri, csrf, &who, Some(&form), &errors).into_response());
    };
    state
        .store
        .set_pending(
            &who.session,
            &format!("deactivate:{}:{other}", reason.code()),
        )
        .await?;
    let chrome = Chrome::new(lang, &uri).signed_in(&who.account.name, &csrf);
    Ok(ConfirmPage {
        tr: Tr::new(lang),
        chrome,
        csrf,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "deactivation_confirm.html")]
pub struct ConfirmPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
}

/// « Désactiver »: deactivates the code, with its emails and the no-officer alert, in one
/// transaction, and ends the session.
pub async fn confirm(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    OrgMember(who): OrgMember,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let since = state.store.now() - CONFIRM_WITHIN;
    let pending = state
        .store
        .pending(&who.session, since)
        .await?
        .unwrap_or_default();
    let Some((code, other)) = pending
        .strip_prefix("deactivate:")
        .and_then(|p| p.split_once(':'))
    else {
        // No password-checked request to confirm: start over.
        return Ok(Redirect::to("/desactivation").into_response());
    };
    let Some(reason) = DeactivationReason::from_code(code) else {
        return Ok(Redirect::to("/desactivation").into_response());
    };
    let reason = (reason, other);
    state
        .app
        .deactivate_own_code(&who.account, reason, client)
        .await?;
    let page = MessagePage::new(
        lang,
        Chrome::new(lang, &uri),
        "deactivation-title",
        "deactivation-done",
    )
    .then("/", "back-home");
    Ok((session::without_cookie(jar), page).into_response())
}
