//! The second step of sign-in (E2): a code sent by email on request, the code of the
//! person's authenticator app, or one of their recovery codes. Any one of them completes the
//! sign-in; a wrong one counts as a failed sign-in (M11).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use mandat_core::audit::AuditAction;
use mandat_core::totp::TotpKey;
use mandat_core::{Field, Lang, secret};
use mandat_mail::messages::{Message, SecondFactorChangedMail, SignInCodeMail};
use mandat_store::{Account, SessionStage, Tx};
use serde::Deserialize;
use time::Duration;

use crate::account::sign_in::fail;
use crate::http::client::ClientAddress;
use crate::http::csrf::TokenOnly;
use crate::http::csrf::{Checked, CsrfToken, with_token};
use crate::http::here::Here;
use crate::http::session;
use crate::http::throttle::{self, Throttled};
use crate::http::{AppError, AppState};
use crate::i18n::{Locale, Tr};
use crate::kit::form::FieldView;
use crate::kit::frame::Chrome;
use mandat_app::account::own_entry as audit;

/// How long an emailed second-factor code lasts (E2).
pub const CODE_LIFETIME: Duration = Duration::minutes(10);

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

/// The account's confirmed authenticator key, opened; `None` without one.
pub async fn active_key(state: &AppState, account: &Account) -> Result<Option<TotpKey>, AppError> {
    let sealed = state.store.authenticator(account.id).await?.active_sealed;
    Ok(sealed.and_then(|s| open_key(state, account, &s)))
}

/// A sealed authenticator key of `account`, opened; `None` if it does not open.
pub fn open_key(state: &AppState, account: &Account, sealed: &str) -> Option<TotpKey> {
    let key = state.seal_key.open(sealed, &account.id.to_string());
    if key.is_none() {
        tracing::error!(account = %account.id, "an authenticator key does not open");
    }
    key.and_then(TotpKey::from_bytes)
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
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    jar: CookieJar,
) -> Result<Response, AppError> {
    let Some(account) = second_factor_account(&state, &jar).await? else {
        return Ok(Redirect::to("/connexion").into_response());
    };
    let has_app = active_key(&state, &account).await?.is_some();
    Ok(page(lang, &uri, csrf, has_app).into_response())
}

/// Sends a new code by email; the previous one stops working.
pub async fn send_code(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let Some(account) = second_factor_account(&state, &jar).await? else {
        return Ok(Redirect::to("/connexion").into_response());
    };
    let code = secret::six_digits();
    let mut tx = state.store.begin().await?;
    let expires = tx.now() + CODE_LIFETIME;
    tx.insert_sign_in_code(account.id, &secret::digest(&code), expires)
        .await?;
    let minutes = u32::try_from(CODE_LIFETIME.whole_minutes()).unwrap_or(10);
    tx.queue_mail(&SignInCodeMail { code, minutes }.to(&account.email)?)
        .await?;
    tx.audit(&audit(
        &account,
        AuditAction::SecondFactorCodeSent,
        String::new(),
        client,
    ))
    .await?;
    tx.commit().await?;
    let has_app = active_key(&state, &account).await?.is_some();
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

/// Which second factor `typed` is, used up in `tx`; `None` if it is none of the account's.
async fn use_second_factor(
    state: &AppState,
    tx: &mut Tx,
    account: &Account,
    typed: &str,
) -> Result<Option<&'static str>, AppError> {
    let compact: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if compact.len() == 6 && compact.bytes().all(|b| b.is_ascii_digit()) {
        if tx
            .use_sign_in_code(account.id, &secret::digest(&compact))
            .await?
        {
            return Ok(Some("email code"));
        }
        if let Some(key) = active_key(state, account).await?
            && let Some(step) = key.step_of(&compact, tx.now())
            && tx.use_authenticator_step(account.id, step).await?
        {
            return Ok(Some("authenticator app"));
        }
        return Ok(None);
    }
    if compact.len() == 10
        && tx
            .use_recovery_code(account.id, &secret::recovery_code_digest(&compact))
            .await?
    {
        return Ok(Some("recovery code"));
    }
    Ok(None)
}

/// Checks the second factor; the session then gets a new id and reaches the main menu.
pub async fn verify(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    _: Throttled<throttle::SignIn>,
    Checked(form): Checked<CodeForm>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let Some(account) = second_factor_account(&state, &jar).await? else {
        return Ok(Redirect::to("/connexion").into_response());
    };
    let mut tx = state.store.begin().await?;
    let Some(method) = use_second_factor(&state, &mut tx, &account, &form.code).await? else {
        drop(tx);
        fail(&state, &account, "wrong second-factor code", client).await?;
        let has_app = active_key(&state, &account).await?.is_some();
        return Ok(page(lang, &uri, csrf, has_app)
            .alert("second-factor-invalid")
            .into_response());
    };
    if method == "recovery code" {
        let left = tx.recovery_codes_left(account.id).await?;
        tx.queue_mail(&SecondFactorChangedMail::recovery_code_used(left).to(&account.email)?)
            .await?;
    }
    let id = session::replace(&mut tx, &jar, SessionStage::SignedIn(account.id)).await?;
    tx.audit(&audit(
        &account,
        AuditAction::SignedIn,
        format!("second factor: {method}"),
        client,
    ))
    .await?;
    tx.commit().await?;
    Ok((
        session::with_cookie(jar, id, state.secure_cookies),
        Redirect::to("/menu"),
    )
        .into_response())
}

/// Tells the person of a change to their second factor, and audits it as `action`, in `tx`:
/// a change they did not make does not go unseen.
pub async fn record_change(
    tx: &mut Tx,
    account: &Account,
    mail: SecondFactorChangedMail,
    action: AuditAction,
    client: Option<String>,
) -> Result<(), AppError> {
    tx.queue_mail(&mail.to(&account.email)?).await?;
    tx.audit(&audit(account, action, String::new(), client))
        .await?;
    Ok(())
}
