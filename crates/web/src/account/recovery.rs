//! « Codes de récupération » (E2): ten single-use codes for when neither the email nor the
//! app is at hand. Shown once when made; only their digests are kept.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use mandat_core::Lang;

use crate::http::client::ClientAddress;
use crate::http::csrf::Checked;
use crate::http::csrf::TokenOnly;
use crate::http::here::Here;
use crate::http::session::SignedIn;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::frame::Chrome;

#[derive(Template, WebTemplate)]
#[template(path = "recovery.html")]
pub struct RecoveryPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    left: String,
}

pub async fn page(
    State(state): State<AppState>,
    here: Here,
    who: SignedIn,
) -> Result<RecoveryPage, AppError> {
    let Here { lang, uri, csrf } = here;
    let tr = Tr::new(lang);
    let count = state.store.recovery_codes_left(who.account.id).await?;
    Ok(RecoveryPage {
        left: tr.t_args("recovery-codes-left", &[("count", count.into())]),
        chrome: Chrome::new(lang, &uri).signed_in(&who.account.name, &csrf),
        tr,
        csrf,
    })
}

pub async fn renew(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    who: SignedIn,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let codes = state.app.renew_recovery_codes(&who.account, client).await?;
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
