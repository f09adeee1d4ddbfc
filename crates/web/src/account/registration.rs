//! « Inscription – Code d'enregistrement » (M8): the registration code and the NAS partiel,
//! then the identification sheet as central entered it, then the user code and the password,
//! typed twice, then « Enregistrement fait avec succès ».

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use mandat_app::Refusal;
use mandat_app::account::{Choice, Registering};
use mandat_core::person::Person;
use mandat_core::{Field, FieldError, Lang};
use mandat_store::SessionStage;
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session;
use crate::http::throttle::{self, Throttled};
use crate::http::{AppError, AppState};
use crate::i18n::{Locale, Tr};
use crate::kit::form::FieldView;
use crate::kit::form_page::FormPage;
use crate::kit::frame::{Chrome, MessagePage};

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

pub async fn form(Here { lang, uri, csrf }: Here) -> FormPage {
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

pub async fn submit(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    throttle: Throttled<throttle::Registration>,
    Checked(form): Checked<CodeForm>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let typed = (form.code.as_str(), form.nas.as_str());
    let old = jar.get(session::COOKIE).map(|c| c.value().to_string());
    let started = state
        .app
        .start_registration(typed, old.as_deref(), client, &throttle.key);
    let (errors, alert) = match started.await {
        Ok(id) => {
            let jar = session::with_cookie(jar, id, state.secure_cookies);
            return Ok((jar, Redirect::to("/inscription/identification")).into_response());
        }
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => (errors, String::new()),
        Err(mandat_app::Error::Refused(Refusal::Reason(why))) => {
            (Vec::new(), format!("registration-{}", why.id()))
        }
        Err(e) => return Err(e.into()),
    };
    Ok(code_page(lang, &uri, csrf, &form.code, &errors, &alert).into_response())
}

/// The registration under way in this session, with the session's digest, provided its
/// code can still be used.
async fn in_progress(
    state: &AppState,
    jar: &CookieJar,
) -> Result<Option<(String, Registering)>, AppError> {
    let Some(session::Current {
        digest, session, ..
    }) = session::current(state, jar).await?
    else {
        return Ok(None);
    };
    let SessionStage::Registering(id) = session.stage else {
        return Ok(None);
    };
    match state.app.registering(id).await {
        Ok(r) => Ok(Some((digest, r))),
        Err(mandat_app::Error::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
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
    let Some((_, Registering { person, org, .. })) = in_progress(&state, &jar).await? else {
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
    here: Here,
    jar: CookieJar,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let Some((_, Registering { person, .. })) = in_progress(&state, &jar).await? else {
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
    here: Here,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    Checked(form): Checked<ChoiceForm>,
) -> Result<Response, AppError> {
    let Here { lang, uri, csrf } = here;
    let Some((session_digest, r)) = in_progress(&state, &jar).await? else {
        return Ok(Redirect::to("/inscription").into_response());
    };
    let typed = Choice {
        user_code: &form.user_code,
        password: &form.password,
        confirmation: &form.confirmation,
    };
    let finished = state
        .app
        .finish_registration(&r, &typed, &session_digest, client);
    match finished.await {
        Ok(()) => {}
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            let page = choice_page(lang, &uri, csrf, &r.person, &form.user_code, &errors);
            return Ok(page.into_response());
        }
        Err(e) => return Err(e.into()),
    }
    let page = MessagePage::new(
        lang,
        Chrome::new(lang, &uri),
        "saved-title",
        "saved-confidentiality",
    )
    .then("/connexion", "sign-in-title");
    Ok((session::without_cookie(jar), page).into_response())
}
