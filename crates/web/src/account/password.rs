//! « Modifier votre mot de passe » (M10): the current password is asked unless it is
//! temporary or expired; at most one change a day; a confirmation by email.

use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use mandat_app::account::PasswordChange;
use mandat_app::{Reason, Refusal};
use mandat_core::{Field, FieldError, Lang};
use serde::Deserialize;

use crate::account::sign_in::locked_out;
use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::{self, SignedIn};
use crate::http::throttle::{self, Throttled};
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::FieldView;
use crate::kit::form_page::FormPage;
use crate::kit::frame::{Chrome, MessagePage};
use crate::kit::notice::{self, Notice};

fn page(
    lang: Lang,
    uri: &Uri,
    csrf: String,
    who: &SignedIn,
    forced: bool,
    errors: &[FieldError],
    alert: &str,
) -> FormPage {
    let tr = Tr::new(lang);
    let mut fields = Vec::new();
    if !forced {
        fields.push(
            FieldView::new(&tr, Field::CurrentPassword, "password")
                .autocomplete("current-password")
                .errors(&tr, errors),
        );
    }
    fields.push(
        FieldView::new(&tr, Field::Password, "password")
            .autocomplete("new-password")
            .errors(&tr, errors),
    );
    fields.push(
        FieldView::new(&tr, Field::PasswordConfirmation, "password")
            .autocomplete("new-password")
            .errors(&tr, errors),
    );
    let chrome = Chrome::new(lang, uri).signed_in(&who.account.name, &csrf);
    let mut page = FormPage::new(tr, chrome, csrf, "password-title", "/mot-de-passe", "save");
    if forced {
        // M10's words, when the password is temporary or expired.
        page = page.alert("password-temporary");
    }
    let rules = page.tr.t("password-rules");
    let page = page.lead(rules).fields(fields);
    if alert.is_empty() {
        page
    } else {
        page.alert(alert)
    }
}

pub async fn form(
    State(state): State<AppState>,
    here: Here,
    who: SignedIn,
    Query(done): Query<Notice>,
) -> Response {
    let Here { lang, uri, csrf } = here;
    // After the change (post/redirect/get): saved, and kept confidential.
    if done.fait == "enregistre" {
        let chrome = Chrome::new(lang, &uri).signed_in(&who.account.name, &csrf);
        let page = MessagePage::new(lang, chrome, "saved-title", "saved-confidentiality");
        return page.then("/menu", "continue").into_response();
    }
    let forced = state.app.must_change_password(&who.account);
    page(lang, &uri, csrf, &who, forced, &[], "").into_response()
}

#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: String,
    #[serde(rename = "current-password", default)]
    current: String,
    password: String,
    #[serde(rename = "password-confirmation")]
    confirmation: String,
}

with_token!(PasswordForm);

pub async fn submit(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    who: SignedIn,
    throttle: Throttled<throttle::SignIn>,
    Checked(form): Checked<PasswordForm>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let forced = state.app.must_change_password(&who.account);
    let typed = PasswordChange {
        current: &form.current,
        new: &form.password,
        confirmation: &form.confirmation,
    };
    let (errors, alert) = match state
        .app
        .change_password(&who.account, &typed, client, &throttle.key)
        .await
    {
        Ok(session) => {
            // ASVS 3.3.3: the other sessions ended; this one goes on under a new id. A sign-in
            // an agency's service started goes on once the password is no longer temporary.
            let next = match session::pending_authorization(&jar) {
                Some(path) if forced => axum::response::Redirect::to(path).into_response(),
                _ => notice::done("/mot-de-passe", "enregistre"),
            };
            let jar = session::with_cookie(jar, session, state.secure_cookies);
            return Ok((jar, next).into_response());
        }
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => (errors, String::new()),
        // The third wrong current password locked the code and ended its sessions (M11).
        Err(mandat_app::Error::Refused(Refusal::Reason(Reason::Inactive))) => {
            return Ok(locked_out(jar, lang, &uri));
        }
        Err(mandat_app::Error::Refused(Refusal::Reason(r))) => {
            (Vec::new(), format!("password-{}", r.id()))
        }
        Err(e) => return Err(e.into()),
    };
    // Refused: 422, as every form Mandat redraws with what stops it.
    let page = page(lang, &uri, csrf, &who, forced, &errors, &alert);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
