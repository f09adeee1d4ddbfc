//! Sign-in (E2, M9–M12): user code and password, then a second factor, then the main menu.
//! Unknown codes and wrong passwords get the same answer after the same work; the third
//! failure deactivates the code (M11).

use std::sync::LazyLock;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use mandat_core::account::{InactiveCause, MAX_FAILED_SIGN_INS};
use mandat_core::audit::AuditAction;
use mandat_core::credentials::{Password, PasswordHash};
use mandat_core::{Field, quebec_time};
use mandat_mail::messages::{LockoutOfficersMail, LockoutUserMail, Message};
use mandat_store::{Account, AccountKind, AuditEntry, SessionStage};
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, CsrfToken, TokenOnly, with_token};
use crate::http::here::Here;
use crate::http::session::{self, SignedIn};
use crate::http::throttle::{self, Counted, Throttled};
use crate::http::{AppError, AppState};
use crate::i18n::{Locale, Tr};
use crate::kit::form::{FieldView, summary};
use crate::kit::frame::{Chrome, MessagePage};
use mandat_app::account::{own_entry as audit, verify};

/// Checked against when the user code is unknown, so that the answer takes as long.
static DECOY: LazyLock<Option<PasswordHash>> =
    LazyLock::new(|| Password::candidate("decoy password 2026").and_then(|p| p.hash().ok()));

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

pub async fn form(Locale(lang): Locale, uri: Uri, CsrfToken(csrf): CsrfToken) -> SignInPage {
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
    let invalid = || {
        sign_in_page(lang, &uri, csrf.clone(), &form.user_code, "sign-in-invalid").into_response()
    };
    let account = state.store.account_by_user_code(&form.user_code).await?;
    let candidate = Password::candidate(&form.password);
    let Some(account) = account else {
        if let (Some(decoy), Some(p)) = (DECOY.clone(), candidate) {
            verify(decoy, p).await;
        }
        let mut tx = state.store.begin().await?;
        tx.count_failure(&throttle.key).await?;
        tx.audit(&AuditEntry {
            action: AuditAction::SignInFailed,
            detail: "unknown user code".into(),
            client_address: client,
            ..AuditEntry::new(AuditAction::SignInFailed)
        })
        .await?;
        tx.commit().await?;
        return Ok(invalid());
    };
    let matches = match candidate {
        Some(p) => verify(account.password_hash.clone(), p).await,
        None => false,
    };
    if account.inactive.is_some() {
        // Only someone who knows the password learns that the code is inactive.
        return Ok(if matches {
            inactive_page(lang, &uri).into_response()
        } else {
            invalid()
        });
    }
    if !matches {
        fail(&state, &account, "wrong password", client).await?;
        return Ok(invalid());
    }
    let today = quebec_time::date_at(state.store.now());
    // M18: a code is deactivated from the start of its expiry date.
    if account.expires_on.is_some_and(|d| today >= d) {
        let mut tx = state.store.begin().await?;
        tx.deactivate_account(account.id, InactiveCause::Expired, None)
            .await?;
        tx.audit(&audit(
            &account,
            AuditAction::Expired,
            "validity ended".into(),
            client,
        ))
        .await?;
        tx.commit().await?;
        return Ok(inactive_page(lang, &uri).into_response());
    }
    let mut tx = state.store.begin().await?;
    let id = session::replace(&mut tx, &jar, SessionStage::SecondFactor(account.id)).await?;
    tx.audit(&audit(
        &account,
        AuditAction::PasswordVerified,
        String::new(),
        client,
    ))
    .await?;
    tx.commit().await?;
    Ok((
        session::with_cookie(jar, id, state.secure_cookies),
        Redirect::to("/connexion/deuxieme-facteur"),
    )
        .into_response())
}

fn inactive_page(lang: mandat_core::Lang, uri: &Uri) -> MessagePage {
    MessagePage::new(
        lang,
        Chrome::new(lang, uri),
        "sign-in-inactive-title",
        "sign-in-inactive-text",
    )
    .then("/", "back-home")
}

/// A failed sign-in: counted, and at the third the code is deactivated, the user and the
/// officers told (M11), all in one transaction.
pub async fn fail(
    state: &AppState,
    account: &Account,
    why: &str,
    client: Option<String>,
) -> Result<(), AppError> {
    let mut tx = state.store.begin().await?;
    tx.count_failure(&throttle::SignIn::key(&client)).await?;
    let count = tx.record_failed_sign_in(account.id).await?;
    tx.audit(&audit(
        account,
        AuditAction::SignInFailed,
        format!("{why}; failure {count} of {MAX_FAILED_SIGN_INS}"),
        client.clone(),
    ))
    .await?;
    if count >= MAX_FAILED_SIGN_INS {
        tx.deactivate_account(account.id, InactiveCause::Lockout, None)
            .await?;
        tx.end_sessions_of(account.id).await?;
        tx.audit(&audit(
            account,
            AuditAction::Locked,
            format!("{count} failed sign-ins"),
            client,
        ))
        .await?;
        tx.queue_mail(&LockoutUserMail.to(&account.email)?).await?;
        if let AccountKind::Member { org, .. } = account.kind {
            let notice = LockoutOfficersMail::new(&account.user_code);
            for officer in state.store.active_officer_emails(org).await? {
                if officer != account.email {
                    tx.queue_mail(&notice.to(&officer)?).await?;
                }
            }
        }
    }
    tx.commit().await?;
    Ok(())
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
    let mut tx = state.store.begin().await?;
    tx.end_session(&signed_in.session).await?;
    tx.audit(&audit(
        &signed_in.account,
        AuditAction::SignedOut,
        String::new(),
        client,
    ))
    .await?;
    tx.commit().await?;
    let page = MessagePage::new(
        lang,
        Chrome::new(lang, &uri),
        "signed-out-title",
        "signed-out-text",
    )
    .then("/connexion", "sign-in-again");
    Ok((session::without_cookie(jar), page).into_response())
}
