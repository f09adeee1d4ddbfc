//! « Inscription – Code d'enregistrement » (M8): the registration code and the NAS partiel,
//! then the identification sheet as central entered it, then the user code and the password,
//! typed twice, then « Enregistrement fait avec succès ».

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use mandat_core::audit::AuditAction;
use mandat_core::credentials::{Password, UserCode};
use mandat_core::ids::AccountId;
use mandat_core::organization::Organization;
use mandat_core::person::{NasPartial, Person};
use mandat_core::secret::RegistrationCode;
use mandat_core::{Field, FieldError, Lang, Problem, quebec_time};
use mandat_store::{
    AccountKind, AuditEntry, CodeState, NewAccount, RegistrationCodeRecord, SessionStage,
    StoreError,
};
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, CsrfToken, with_token};
use crate::http::here::Here;
use crate::http::session;
use crate::http::throttle::{self, Throttled};
use crate::http::{AppError, AppState};
use crate::i18n::{Locale, Tr};
use crate::kit::form::FieldView;
use crate::kit::form_page::FormPage;
use crate::kit::frame::{Chrome, MessagePage};
use mandat_app::hashing::hashing;

fn code_page(
    lang: Lang,
    uri: &Uri,
    csrf: String,
    code: &str,
    errors: &[FieldError],
    alert: &str,
) -> FormPage {
    let tr = Tr::new(lang);
    let fields = vec![
        FieldView::new(&tr, Field::RegistrationCode, "text")
            .value(code)
            .errors(&tr, errors),
        FieldView::new(&tr, Field::NasPartial, "text").errors(&tr, errors),
    ];
    let lead = tr.t("registration-lead");
    let page = FormPage::new(
        tr,
        Chrome::new(lang, uri),
        csrf,
        "registration-title",
        "/inscription",
        "continue",
    )
    .lead(lead)
    .fields(fields);
    if alert.is_empty() {
        page
    } else {
        page.alert(alert)
    }
}

pub async fn form(Locale(lang): Locale, uri: Uri, CsrfToken(csrf): CsrfToken) -> FormPage {
    code_page(lang, &uri, csrf, "", &[], "")
}

#[derive(Deserialize)]
pub struct CodeForm {
    csrf: String,
    #[serde(rename = "registration-code")]
    code: String,
    #[serde(rename = "nas-partial")]
    nas: String,
}

with_token!(CodeForm);

/// Why a code that exists cannot be used, named to its holder, who knows the code.
fn unusable(code: &RegistrationCodeRecord, today: time::Date) -> Option<&'static str> {
    match code.state {
        CodeState::Suspended => Some("registration-suspended"),
        CodeState::Used => Some("registration-used"),
        CodeState::Replaced => Some("registration-replaced"),
        CodeState::Active if code.is_expired(today) => Some("registration-expired"),
        CodeState::Active => None,
    }
}

pub async fn submit(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    throttle: Throttled<throttle::Registration>,
    Checked(form): Checked<CodeForm>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let refuse = |errors: &[FieldError], alert: &str| {
        code_page(lang, &uri, csrf.clone(), &form.code, errors, alert).into_response()
    };
    let nas = NasPartial::parse(&form.nas);
    let code = RegistrationCode::parse(&form.code);
    let mut errors = Vec::new();
    if code.is_none() {
        errors.push(FieldError::new(
            Field::RegistrationCode,
            if form.code.trim().is_empty() {
                Problem::Required
            } else {
                Problem::RegistrationCodeFormat
            },
        ));
    }
    if let Err(e) = &nas {
        errors.push(*e);
    }
    let (Some(code), Ok(nas)) = (code, nas) else {
        return Ok(refuse(&errors, ""));
    };
    let Some(record) = state
        .store
        .registration_code_by_digest(&code.digest())
        .await?
    else {
        let mut tx = state.store.begin().await?;
        tx.count_failure(&throttle.key).await?;
        tx.audit(&AuditEntry {
            action: AuditAction::RegistrationFailed,
            detail: "unknown registration code".into(),
            client_address: client.clone(),
            ..AuditEntry::new(AuditAction::RegistrationFailed)
        })
        .await?;
        tx.commit().await?;
        return Ok(refuse(&[], "registration-invalid"));
    };
    let Some((person, org)) = state.store.person(record.person).await? else {
        return Err(StoreError::Corrupt(format!(
            "registration code without person {}",
            record.person
        ))
        .into());
    };
    let today = quebec_time::date_at(state.store.now());
    if let Some(why) = unusable(&record, today) {
        return Ok(refuse(&[], why));
    }
    let entry = |action, detail: &str| AuditEntry {
        org: Some(org.id),
        person: Some(person.id),
        detail: detail.to_string(),
        client_address: client.clone(),
        ..AuditEntry::new(action)
    };
    if !state.nas_key.matches(&nas, &person.nas_digest) {
        let mut tx = state.store.begin().await?;
        tx.count_failure(&throttle.key).await?;
        let now = tx.record_failed_registration(record.id).await?;
        tx.audit(&entry(
            AuditAction::RegistrationFailed,
            if now == CodeState::Suspended {
                "NAS partiel does not match; code suspended"
            } else {
                "NAS partiel does not match"
            },
        ))
        .await?;
        tx.commit().await?;
        return Ok(refuse(&[], "registration-invalid"));
    }
    let mut tx = state.store.begin().await?;
    let id = session::replace(&mut tx, &jar, SessionStage::Registering(record.id)).await?;
    tx.audit(&entry(AuditAction::RegistrationStarted, ""))
        .await?;
    tx.commit().await?;
    Ok((
        session::with_cookie(jar, id, state.secure_cookies),
        Redirect::to("/inscription/identification"),
    )
        .into_response())
}

/// The registration under way in this session: the code, its person and organization,
/// provided the code can still be used.
async fn in_progress(
    state: &AppState,
    jar: &CookieJar,
) -> Result<Option<(String, RegistrationCodeRecord, Person, Organization)>, AppError> {
    let Some(session::Current {
        digest, session, ..
    }) = session::current(state, jar).await?
    else {
        return Ok(None);
    };
    let SessionStage::Registering(id) = session.stage else {
        return Ok(None);
    };
    let Some(code) = state.store.registration_code(id).await? else {
        return Ok(None);
    };
    if unusable(&code, quebec_time::date_at(state.store.now())).is_some() {
        return Ok(None);
    }
    Ok(state
        .store
        .person(code.person)
        .await?
        .map(|(p, o)| (digest, code, p, o)))
}

#[derive(Template, WebTemplate)]
#[template(path = "identification.html")]
pub struct IdentificationPage {
    tr: Tr,
    chrome: Chrome,
    name: String,
    email: String,
    organization: String,
    neq: String,
}

pub async fn identification(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    jar: CookieJar,
) -> Result<Response, AppError> {
    let Some((_, _, person, org)) = in_progress(&state, &jar).await? else {
        return Ok(Redirect::to("/inscription").into_response());
    };
    Ok(IdentificationPage {
        tr: Tr::new(lang),
        chrome: Chrome::new(lang, &uri),
        name: format!("{} {}", person.first_name, person.last_name),
        email: person.email.to_string(),
        organization: org.name,
        neq: org.neq.to_string(),
    }
    .into_response())
}

fn choice_page(
    lang: Lang,
    uri: &Uri,
    csrf: String,
    person: &Person,
    user_code: &str,
    errors: &[FieldError],
) -> FormPage {
    let tr = Tr::new(lang);
    let fields = vec![
        FieldView::new(&tr, Field::UserCode, "text")
            .value(user_code)
            .autocomplete("username")
            .errors(&tr, errors),
        FieldView::new(&tr, Field::Password, "password")
            .autocomplete("new-password")
            .errors(&tr, errors),
        FieldView::new(&tr, Field::PasswordConfirmation, "password")
            .autocomplete("new-password")
            .errors(&tr, errors),
    ];
    let lead = tr.t_args(
        "registration-choice-lead",
        &[(
            "name",
            format!("{} {}", person.first_name, person.last_name).into(),
        )],
    );
    let rules = tr.t("password-rules");
    FormPage::new(
        tr,
        Chrome::new(lang, uri),
        csrf,
        "registration-choice-title",
        "/inscription/code",
        "save",
    )
    .lead(lead)
    .lead(rules)
    .fields(fields)
}

pub async fn choice(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    jar: CookieJar,
) -> Result<Response, AppError> {
    let Some((_, _, person, _)) = in_progress(&state, &jar).await? else {
        return Ok(Redirect::to("/inscription").into_response());
    };
    Ok(choice_page(lang, &uri, csrf, &person, "", &[]).into_response())
}

#[derive(Deserialize)]
pub struct ChoiceForm {
    csrf: String,
    #[serde(rename = "user-code")]
    user_code: String,
    password: String,
    #[serde(rename = "password-confirmation")]
    confirmation: String,
}

with_token!(ChoiceForm);

pub async fn save_choice(
    State(state): State<AppState>,
    Locale(lang): Locale,
    uri: Uri,
    CsrfToken(csrf): CsrfToken,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    Checked(form): Checked<ChoiceForm>,
) -> Result<Response, AppError> {
    let Some((session_digest, code, person, org)) = in_progress(&state, &jar).await? else {
        return Ok(Redirect::to("/inscription").into_response());
    };
    let refuse = |errors: &[FieldError]| {
        choice_page(lang, &uri, csrf.clone(), &person, &form.user_code, errors).into_response()
    };
    let names = [person.first_name.as_str(), person.last_name.as_str()];
    let mut errors = Vec::new();
    let user_code = UserCode::parse(&form.user_code, &names)
        .map_err(|e| errors.push(e))
        .ok();
    let password = Password::parse(&form.password, Some(form.user_code.trim()), &names)
        .map_err(|e| errors.push(e))
        .ok();
    if password.is_some() && form.confirmation != form.password {
        errors.push(FieldError::new(
            Field::PasswordConfirmation,
            Problem::Mismatch,
        ));
    }
    let (Some(user_code), Some(password), true) = (user_code, password, errors.is_empty()) else {
        return Ok(refuse(&errors));
    };
    let hash = hashing(move || password.hash())
        .await?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut tx = state.store.begin().await?;
    let account = NewAccount {
        id: AccountId::new(),
        kind: AccountKind::Member {
            person: person.id,
            org: org.id,
        },
        identity: None,
        user_code,
        password_hash: hash,
        password_temporary: false,
        expires_on: Some(code.access_expires_on),
    };
    match tx.insert_account(&account).await {
        Err(StoreError::Conflict("user code")) => {
            return Ok(refuse(&[FieldError::new(Field::UserCode, Problem::Taken)]));
        }
        other => other?,
    }
    tx.mark_registration_code_used(code.id).await?;
    tx.end_session(&session_digest).await?;
    tx.audit(&AuditEntry {
        actor: Some(account.id),
        org: Some(org.id),
        person: Some(person.id),
        action: AuditAction::Registered,
        detail: format!("user code valid through {}", code.access_expires_on),
        client_address: client,
        agency: None,
    })
    .await?;
    tx.commit().await?;
    let page = MessagePage::new(
        lang,
        Chrome::new(lang, &uri),
        "saved-title",
        "saved-confidentiality",
    )
    .then("/connexion", "sign-in-title");
    Ok((session::without_cookie(jar), page).into_response())
}
