//! « Modifier votre mot de passe » (M10): the current password is asked unless it is
//! temporary or expired; at most one change a day; a confirmation by email.

use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use mandat_core::account::may_change_password;
use mandat_core::audit::AuditAction;
use mandat_core::credentials::Password;
use mandat_core::{Field, FieldError, Lang, Problem};
use mandat_mail::messages::{Message, PasswordChangedMail};
use serde::Deserialize;

use crate::account::sign_in::{audit, verify};
use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, CsrfToken, with_token};
use crate::http::session::SignedIn;
use crate::http::{AppError, AppState};
use crate::i18n::{Locale, Tr};
use crate::kit::form::FieldView;
use crate::kit::form_page::FormPage;
use crate::kit::frame::{Chrome, MessagePage};
use mandat_app::hashing::hashing;

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
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    who: SignedIn,
) -> FormPage {
    let forced = who.must_change_password(state.store.now());
    page(lang, &uri, csrf, &who, forced, &[], "")
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
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    ClientAddress(client): ClientAddress,
    who: SignedIn,
    Checked(form): Checked<PasswordForm>,
) -> Result<Response, AppError> {
    let now = state.store.now();
    let forced = who.must_change_password(now);
    let a = &who.account;
    let refuse = |errors: &[FieldError], alert: &str| {
        page(lang, &uri, csrf.clone(), &who, forced, errors, alert).into_response()
    };
    if !may_change_password(a.password_changed_at, a.password_temporary, now) {
        return Ok(refuse(&[], "password-once-a-day"));
    }
    if !forced {
        let current_ok = match Password::candidate(&form.current) {
            Some(p) => verify(a.password_hash.clone(), p).await,
            None => false,
        };
        if !current_ok {
            return Ok(refuse(
                &[FieldError::new(Field::CurrentPassword, Problem::Incorrect)],
                "",
            ));
        }
    }
    let names: Vec<&str> = a.name.split_whitespace().collect();
    let new = match Password::parse(&form.password, Some(a.user_code.as_str()), &names) {
        Ok(p) => p,
        Err(e) => return Ok(refuse(&[e], "")),
    };
    if form.confirmation != form.password {
        return Ok(refuse(
            &[FieldError::new(
                Field::PasswordConfirmation,
                Problem::Mismatch,
            )],
            "",
        ));
    }
    if verify(a.password_hash.clone(), new.clone()).await {
        return Ok(refuse(
            &[FieldError::new(Field::Password, Problem::SameAsBefore)],
            "",
        ));
    }
    let hash = hashing(move || new.hash())
        .await?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut tx = state.store.begin().await?;
    tx.set_password(a.id, &hash, false).await?;
    tx.queue_mail(&PasswordChangedMail.to(&a.email)?).await?;
    tx.audit(&audit(
        a,
        AuditAction::PasswordChanged,
        if forced {
            "temporary or expired".into()
        } else {
            String::new()
        },
        client,
    ))
    .await?;
    tx.commit().await?;
    let chrome = Chrome::new(lang, &uri).signed_in(&a.name, &csrf);
    Ok(
        MessagePage::new(lang, chrome, "saved-title", "saved-confidentiality")
            .then("/menu", "continue")
            .into_response(),
    )
}
