//! « Codes de récupération » (E2): ten single-use codes for when neither the email nor the
//! app is at hand. Shown once when made; only their digests are kept.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use mandat_app::{Reason, Refusal};
use mandat_core::{FieldError, Lang};
use serde::Deserialize;

use crate::account::proof;
use crate::account::sign_in::locked_out;
use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::SignedIn;
use crate::http::throttle::{self, Throttled};
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{self, FieldView, summary};
use crate::kit::frame::Chrome;

#[derive(Template, WebTemplate)]
#[template(path = "recovery.html")]
pub struct RecoveryPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    left: String,
    alert: String,
    errors: Vec<(String, String)>,
    /// The password, when the session's proof is not recent (item 11).
    fields: Vec<FieldView>,
}

pub async fn page(
    State(state): State<AppState>,
    here: Here,
    who: SignedIn,
) -> Result<Response, AppError> {
    render(&state, here, &who, &[]).await
}

async fn render(
    state: &AppState,
    here: Here,
    who: &SignedIn,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let tr = Tr::new(lang);
    let count = state.store.recovery_codes_left(who.account.id).await?;
    let fields = proof::fields(state, who, &tr, errors);
    let page = RecoveryPage {
        left: tr.t_args("recovery-codes-left", &[("count", count.into())]),
        chrome: Chrome::new(lang, &uri).signed_in(&who.account.name, &csrf),
        alert: String::new(),
        errors: summary(&fields),
        fields,
        tr,
        csrf,
    };
    Ok((form::status(&page.errors), page).into_response())
}

#[derive(Deserialize)]
pub struct RenewForm {
    csrf: String,
    #[serde(rename = "current-password", default)]
    password: String,
}

with_token!(RenewForm);

pub async fn renew(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    who: SignedIn,
    throttle: Throttled<throttle::SignIn>,
    Checked(form): Checked<RenewForm>,
) -> Result<Response, AppError> {
    let proof = proof::of(&who, &form.password, &throttle);
    let renewed = state.app.renew_recovery_codes(&who.account, &proof, client);
    let codes = match renewed.await {
        Ok(codes) => codes,
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            return render(&state, here, &who, &errors).await;
        }
        Err(mandat_app::Error::Refused(Refusal::Reason(Reason::Inactive))) => {
            return Ok(locked_out(jar, here.lang, &here.uri));
        }
        Err(e) => return Err(e.into()),
    };
    let Here { lang, uri, csrf } = here;
    Ok(codes_page(lang, &uri, csrf, &who, codes, "recovery-codes-made").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "recovery_codes.html")]
pub struct CodesPage {
    tr: Tr,
    chrome: Chrome,
    notice: String,
    codes: Vec<String>,
}

/// The codes, shown this once, under the notice `notice`.
pub fn codes_page(
    lang: Lang,
    uri: &Uri,
    csrf: String,
    who: &SignedIn,
    codes: Vec<String>,
    notice: &str,
) -> CodesPage {
    let tr = Tr::new(lang);
    CodesPage {
        notice: tr.t(notice),
        chrome: Chrome::new(lang, uri).signed_in(&who.account.name, &csrf),
        tr,
        codes,
    }
}
